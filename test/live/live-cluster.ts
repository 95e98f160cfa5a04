/**
 * One real kube-apiserver + etcd per live test FILE (test/apiserver/start.mjs), started in a
 * `before` hook and stopped in `after`, with the helpers the live tests share: kubectl against
 * it, namespaces with their `default` ServiceAccount, a cluster client, and the CLI.
 *
 * When the binaries are not built, every live test is skipped with {@link LIVE_SKIP_MESSAGE},
 * unless `KUBE_HARDEN_LIVE=required` (CI), where the missing server fails the file instead.
 *
 * Call {@link liveCluster} once, at the top level of a test file (`await liveCluster()`), and
 * register tests with its `test`: their names start with `live:`, so a run's output shows how many
 * ran (`.ci/run` counts the `ok N - live:` lines).
 */
import { after, before, test as nodeTest, type TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dump } from 'js-yaml';
import type { TestCluster } from '../apiserver/start.mjs';
import { loadClusterTarget } from '../../src/adapters/cluster/kubeconfig.js';
import { createClusterClient, type ClientOptions, type ClusterClient } from '../../src/adapters/cluster/http-client.js';
import { PROJECT_ROOT, runCli, type CliRun, type RunCliOptions } from '../cli/helpers.js';

export const LIVE_SKIP_MESSAGE = 'live tests skipped: no test API server (run test/apiserver/build.sh)';
/** Name prefix of every test that runs against the server. */
export const LIVE_PREFIX = 'live: ';
/** `KUBE_HARDEN_LIVE=required`: a missing server is a failure, never a skip. */
export const LIVE_REQUIRED = process.env.KUBE_HARDEN_LIVE === 'required';
/** kubectl, as the brief's machines have it; override with KUBE_HARDEN_KUBECTL. */
export const KUBECTL = process.env.KUBE_HARDEN_KUBECTL ?? 'kubectl';

/** Starting takes about 3 s warm; this leaves room for a loaded CI machine. */
const START_TIMEOUT_MS = 180_000;
/** A live test creates objects and runs the CLI a few times. */
const TEST_TIMEOUT_MS = 120_000;

type StartModule = typeof import('../apiserver/start.mjs');

/** The harness, loaded from the source tree (it is plain JavaScript, not compiled into dist/). */
export async function loadHarness(): Promise<StartModule> {
  return (await import(pathToFileURL(path.join(PROJECT_ROOT, 'test', 'apiserver', 'start.mjs')).href)) as StartModule;
}

export interface ProcessRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  /** Written to kubectl's standard input (for `-f -`). */
  readonly input?: string;
  /** @default 'admin' */
  readonly context?: 'admin' | 'narrow';
  /** Resolve instead of throwing on a non-zero exit. */
  readonly allowFailure?: boolean;
}

export interface LiveCluster {
  /** The skip reason to give every live test, or false when the server is there (or required). */
  readonly skip: string | false;
  /** The running cluster; only inside tests (after `before` started it). */
  readonly cluster: TestCluster;
  /** Registers `live: <name>`, skipped with {@link LIVE_SKIP_MESSAGE} when there is no server. */
  test(name: string, body: (t: TestContext) => Promise<void>): void;
  kubectl(args: readonly string[], options?: KubectlOptions): Promise<ProcessRun>;
  /** `kubectl apply --server-side -f` of one multi-document YAML text (one kubectl call). */
  apply(namespace: string, yaml: string): Promise<void>;
  /** Creates a namespace (with labels) and its `default` ServiceAccount, which Pods need here. */
  createNamespace(name: string, labels?: Readonly<Record<string, string>>): Promise<void>;
  /** Fetches one object as JSON. */
  get<T = LiveObject>(namespace: string | undefined, resource: string, name: string): Promise<T>;
  /** A kube-harden cluster client for a context of the cluster's kubeconfig. */
  client(context?: 'admin' | 'narrow', options?: ClientOptions): Promise<ClusterClient>;
  /** Runs the CLI with `--kubeconfig <the cluster's>` appended. */
  cli(args: readonly string[], options?: RunCliOptions): Promise<CliRun>;
  /** Writes a kubeconfig (a JSON text, which is YAML) into a temp folder removed in `after`. */
  writeKubeconfig(name: string, config: unknown): Promise<string>;
}

export interface LiveObject {
  readonly metadata: { readonly name: string; readonly uid: string; readonly labels?: Record<string, string>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Runs a program; resolves with its output, whatever the exit code. */
export function runProcess(command: string, args: readonly string[], input?: string): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {});
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}

/** Why there is no server to test against, or undefined when the binaries are built. */
async function missingServer(): Promise<string | undefined> {
  try {
    const { findBinaries } = await loadHarness();
    return (await findBinaries({ build: false })) ? undefined : 'the kube-apiserver and etcd binaries are not built';
  } catch (error) {
    return `the harness cannot find its binaries: ${String((error as Error).message).split('\n')[0]}`;
  }
}

/**
 * The calling test file's cluster: registers the `before` hook that starts it (and the `after`
 * hook that stops it and prints how many live tests ran), and returns a handle whose `cluster` is
 * the started cluster inside tests. Without binaries, nothing starts and every test registered
 * through the handle is skipped with {@link LIVE_SKIP_MESSAGE}; with `KUBE_HARDEN_LIVE=required`
 * the `before` hook fails instead, and every test of the file with it.
 * Call once per file, at its top level: `const live = await liveCluster();`.
 */
export async function liveCluster(): Promise<LiveCluster> {
  const missing = await missingServer();
  if (missing && LIVE_REQUIRED) {
    // Not a skip: CI must fail loudly. The hook fails, and with it every test of the file.
    before(() => {
      throw new Error(`KUBE_HARDEN_LIVE=required, but ${missing}: run test/apiserver/build.sh`);
    });
  }
  const skip: string | false = missing && !LIVE_REQUIRED ? LIVE_SKIP_MESSAGE : false;
  if (skip) console.log(`${skip}: ${missing}`);

  let cluster: TestCluster | undefined;
  let scratch: string | undefined;
  let registered = 0;
  let ran = 0;

  if (!missing) {
    before(async () => {
      const { startTestCluster } = await loadHarness();
      cluster = await startTestCluster({ build: false });
      scratch = await mkdtemp(path.join(tmpdir(), 'kube-harden-live-'));
    }, { timeout: START_TIMEOUT_MS });
    after(async () => {
      const version = cluster?.version ?? 'v?';
      await cluster?.stop();
      if (scratch) await rm(scratch, { recursive: true, force: true });
      console.log(`live tests against kube-apiserver ${version} in ${path.basename(process.argv[1] ?? '')}: ${ran} of ${registered} ran`);
    });
  }

  const running = (): TestCluster => {
    if (!cluster) throw new Error('the live cluster is not running (liveCluster() must be awaited at the top level, and used inside tests)');
    return cluster;
  };
  const folder = (): string => {
    if (!scratch) throw new Error('the live cluster is not running');
    return scratch;
  };

  const kubectl = async (args: readonly string[], options: KubectlOptions = {}): Promise<ProcessRun> => {
    const current = running();
    // The discovery cache stays in the cluster's temp dir, not in ~/.kube/cache.
    const full = ['--kubeconfig', current.kubeconfigPath, '--context', options.context ?? 'admin', '--cache-dir', path.join(current.dir, 'kubectl-cache'), ...args];
    const result = await runProcess(KUBECTL, full, options.input);
    if (result.code !== 0 && !options.allowFailure) {
      throw new Error(`kubectl ${args.join(' ')} exited ${result.code}:\n${result.stderr.trim()}`);
    }
    return result;
  };

  let documents = 0;
  const live: LiveCluster = {
    skip,
    get cluster() {
      return running();
    },
    test(name, body) {
      registered++;
      nodeTest(`${LIVE_PREFIX}${name}`, { skip, timeout: TEST_TIMEOUT_MS }, async (t) => {
        ran++;
        await body(t);
      });
    },
    kubectl,
    async apply(namespace, yaml) {
      const file = path.join(folder(), `apply-${++documents}.yaml`);
      await writeFile(file, yaml);
      await kubectl(['apply', '--server-side', '--field-manager=kube-harden-live-test', '-n', namespace, '-f', file]);
    },
    async createNamespace(name, labels = {}) {
      const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
      const serviceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } };
      await kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [namespace] }) });
      await kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [serviceAccount] }) });
    },
    async get<T>(namespace: string | undefined, resource: string, name: string): Promise<T> {
      const result = await kubectl([...(namespace ? ['-n', namespace] : []), 'get', resource, name, '-o', 'json']);
      return JSON.parse(result.stdout) as T;
    },
    async client(context = 'admin', options = {}) {
      const target = await loadClusterTarget({ kubeconfig: running().kubeconfigPath, context });
      return createClusterClient(target, options);
    },
    cli(args, options = {}) {
      return runCli([...args, '--kubeconfig', running().kubeconfigPath], { timeoutMs: 60_000, ...options });
    },
    async writeKubeconfig(name, config) {
      const file = path.join(folder(), `${name}.kubeconfig`);
      await writeFile(file, JSON.stringify(config, null, 2));
      return file;
    },
  };
  return live;
}

/** Objects as one multi-document YAML text. */
export function multiDocument(objects: readonly unknown[]): string {
  return objects.map((object) => dump(object, { lineWidth: -1 })).join('---\n');
}
