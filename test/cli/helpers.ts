/**
 * Runs the compiled CLI as a user would: a separate Node process, its stdout, stderr and exit code
 * captured, with a time limit so that a hang fails the test instead of the whole run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this module (`dist/test/cli/helpers.js`), whatever the cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The bundle that package.json's bin points at: tests run what users run. */
export const CLI_PATH = path.join(PROJECT_ROOT, 'dist', 'bundle', 'cli.js');

/** Long enough for a slow CI machine, short enough that a hang is caught. */
export const DEFAULT_TIMEOUT_MS = 20_000;

export interface RunCliOptions {
  /**
   * Written to the CLI's standard input, which is then closed.
   * @default '' (an empty, closed standard input, so a read of `-` never waits)
   */
  readonly stdin?: string | Buffer;
  /**
   * Variables added to (or, when `undefined`, removed from) the test process's environment.
   * @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Working directory of the CLI process.
   * @default the test process's cwd (the project root under `npm test`)
   */
  readonly cwd?: string;
  /**
   * The process is killed (SIGKILL) after this many milliseconds.
   * @default 20000
   */
  readonly timeoutMs?: number;
}

export interface CliRun {
  /** Exit code, or `null` when the process was killed by a signal (`signal` says which). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
  /** True when the process was killed for running past `timeoutMs`. */
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** Runs `node dist/bundle/cli.js ...args`; resolves when the process has exited, never rejects on a non-zero code. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The CLI may exit without reading its stdin (a usage error); that is not the test's failure.
    child.stdin.on('error', () => {});
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: performance.now() - started,
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** The lines of some output, without the final newline's empty line. */
export function linesOf(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\n$/, '').split('\n');
}

/** What a user must never see on stderr without --debug: stack frames or a raw `Error:` dump. */
export const STACK_TRACE_SIGNS: readonly RegExp[] = [/^\s+at /m, /\bError:/, /node:internal/, /Node\.js v\d+/];

/** The signs of a stack trace found in `text`, for an assertion message that shows them. */
export function stackTraceSignsIn(text: string): string[] {
  return STACK_TRACE_SIGNS.filter((sign) => sign.test(text)).map(String);
}

/** Runs `body` with a fresh temporary folder, removed afterwards whatever happens. */
export async function withTemporaryFolder<T>(body: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(tmpdir(), 'kube-harden-cli-'));
  try {
    return await body(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
