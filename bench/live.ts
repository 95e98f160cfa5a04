/**
 * Reading a big namespace from a real kube-apiserver (test/apiserver): 2,000 pod-bearing objects,
 * read with the default page size. Prints the in-process scan time and request count, and the
 * wall time and peak memory of a whole `kube-harden check -n NS -o json` process. Creating the
 * objects is not part of the figures. Skips, with one printed line, when the API server binaries
 * are not built (test/apiserver/build.sh).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClusterTarget } from '../src/adapters/cluster/kubeconfig.js';
import { createClusterClient } from '../src/adapters/cluster/http-client.js';
import { scanNamespace, serverMinor } from '../src/adapters/cluster/read-namespace.js';
import { generateWorkloads, toMultiDocumentYaml } from './generate.js';
import { fmt, median } from './measure.js';

const HARNESS = new URL('../../test/apiserver/start.mjs', import.meta.url);
const CLI = fileURLToPath(new URL('../bundle/cli.js', import.meta.url));
const NAMESPACE = 'bench';
const OBJECTS = 2_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Harness {
  findBinaries(options: { build: boolean }): Promise<unknown>;
  startTestCluster(options: { build: boolean }): Promise<{ kubeconfigPath: string; version: string; dir: string; stop(): Promise<void> }>;
}

type Json = Record<string, unknown>;

/**
 * The benchmark generator's varied workloads (Deployments, StatefulSets, DaemonSets, CronJobs,
 * Jobs, Pods), made valid for a real API server: Jobs get a restart policy, containers distinct
 * ports (host ports equal to them, as host networking requires), Localhost seccomp a profile, and
 * a privileged container no `allowPrivilegeEscalation: false`.
 */
export function liveWorkloads(count: number): Json[] {
  return (generateWorkloads(count) as Json[]).map((object) => {
    const { namespace: _namespace, ...metadata } = object.metadata as Json;
    const spec = object.spec as Json;
    const template = (object.kind === 'Pod' ? undefined : object.kind === 'CronJob' ? ((spec.jobTemplate as Json).spec as Json).template : spec.template) as Json | undefined;
    const podSpec = (template ? template.spec : spec) as Json;
    if (object.kind === 'Job' || object.kind === 'CronJob') podSpec.restartPolicy = 'Never';
    (podSpec.containers as Json[]).forEach((container, index) => {
      const hostPort = (container.ports as Json[]).some((port) => port.hostPort !== undefined) || podSpec.hostNetwork === true;
      container.ports = [{ containerPort: 8080 + index, ...(hostPort ? { hostPort: 8080 + index } : {}) }];
      const securityContext = container.securityContext as Json | undefined;
      if (securityContext?.privileged === true && securityContext.allowPrivilegeEscalation === false) delete securityContext.allowPrivilegeEscalation;
      const seccomp = securityContext?.seccompProfile as Json | undefined;
      if (seccomp?.type === 'Localhost') seccomp.localhostProfile = 'profiles/audit.json';
    });
    return { ...object, metadata };
  });
}

function kubectl(kubeconfig: string, cacheDir: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/** Wall time (s) and peak RSS (KiB) of one process, from GNU time. */
function timeWithPeak(args: readonly string[]): { seconds: number; maxRssKiB: number; status: number | null } {
  const result = spawnSync('/usr/bin/time', ['-f', 'KUBE_HARDEN_TIME %e %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const match = /KUBE_HARDEN_TIME (\S+) (\d+)/.exec(result.stderr ?? '');
  if (!match) throw new Error(`/usr/bin/time gave no figures (exit ${result.status}): ${result.stderr}`);
  return { seconds: Number(match[1]), maxRssKiB: Number(match[2]), status: result.status };
}

export async function benchLiveScan(): Promise<void> {
  console.log(`Live namespace scan, ${OBJECTS.toLocaleString('en')} pod-bearing objects on a real kube-apiserver (default page size)`);
  const harness = (await import(HARNESS.href)) as Harness;
  let binaries: unknown;
  try {
    binaries = await harness.findBinaries({ build: false });
  } catch {
    binaries = null;
  }
  if (!binaries) {
    console.log('  skipped: no test API server (run test/apiserver/build.sh)');
    return;
  }
  const cluster = await harness.startTestCluster({ build: false });
  const dir = mkdtempSync(join(tmpdir(), 'kube-harden-bench-live-'));
  try {
    const cacheDir = join(cluster.dir, 'kubectl-cache');
    const setupStart = performance.now();
    await kubectl(cluster.kubeconfigPath, cacheDir, ['create', 'namespace', NAMESPACE]);
    await kubectl(cluster.kubeconfigPath, cacheDir, ['-n', NAMESPACE, 'create', 'serviceaccount', 'default']);
    const objects = liveWorkloads(OBJECTS);
    const chunks = 4;
    const size = Math.ceil(objects.length / chunks);
    await Promise.all(
      Array.from({ length: chunks }, (_, index) => {
        const file = join(dir, `objects-${index}.yaml`);
        writeFileSync(file, toMultiDocumentYaml(objects.slice(index * size, (index + 1) * size)));
        return kubectl(cluster.kubeconfigPath, cacheDir, ['-n', NAMESPACE, 'create', '-f', file]);
      }),
    );
    const kinds = new Map<string, number>();
    for (const object of objects) kinds.set(String(object.kind), (kinds.get(String(object.kind)) ?? 0) + 1);
    console.log(`  objects:               ${[...kinds].map(([kind, count]) => `${count} ${kind}s`).join(', ')} (created in ${fmt(performance.now() - setupStart)}, not counted)`);

    // In process: what `check -n` does before the engine (server minor, then the scan).
    const target = await loadClusterTarget({ kubeconfig: cluster.kubeconfigPath, namespace: NAMESPACE });
    const times: number[] = [];
    let requests = 0;
    let listed = 0;
    let peakRss = process.memoryUsage().rss;
    const baseRss = peakRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
    for (let run = 0; run < RUNS; run++) {
      const client = createClusterClient(target);
      const start = performance.now();
      await serverMinor(client);
      const scan = await scanNamespace(client, NAMESPACE);
      times.push(performance.now() - start);
      requests = client.requests();
      listed = scan.objects.length + (scan.skipped?.length ?? 0);
    }
    clearInterval(sampler);
    console.log(`  scan (in process):     ${fmt(median(times))} median of ${RUNS}; ${requests} requests (version, namespace, ${requests - 2} list pages of up to 500 for 13 resources); ${listed.toLocaleString('en')} objects read`);
    console.log(`  in-process RSS:        peak ${(peakRss / 2 ** 20).toFixed(0)} MiB (from ${(baseRss / 2 ** 20).toFixed(0)} MiB before the scans)`);

    // A whole process, as a user runs it.
    const samples = Array.from({ length: RUNS }, () => timeWithPeak([CLI, 'check', '-n', NAMESPACE, '-o', 'json', '--kubeconfig', cluster.kubeconfigPath]));
    const bad = samples.find((sample) => sample.status !== 0 && sample.status !== 1);
    if (bad) throw new Error(`kube-harden check exited ${bad.status}`);
    console.log(`  kube-harden check -n:  ${fmt(median(samples.map((sample) => sample.seconds * 1000)))} wall, peak RSS ${(median(samples.map((sample) => sample.maxRssKiB)) / 1024).toFixed(0)} MiB (medians of ${RUNS} processes, /usr/bin/time)`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchLiveScan();
