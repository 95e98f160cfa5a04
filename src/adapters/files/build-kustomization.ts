import { execFile, type ExecFileException } from 'node:child_process';

/** Names kustomize looks for in a folder, in its own order of preference. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export type KustomizeOutcome = { readonly ok: true; readonly output: string } | { readonly ok: false; readonly message: string };

export interface BuildKustomizationOptions {
  /** Command that runs kubectl, looked up on the PATH. */
  readonly kubectl: string;
  /** Folder to build, as a path the process can open. */
  readonly directory: string;
  /** Which kustomization file the folder has, for messages. */
  readonly kustomizationName: string;
  /** Largest output accepted, in bytes. */
  readonly maxBytes: number;
  /** Remote bases can be slow to fetch; a hung build must still end. */
  readonly timeoutMs: number;
}

/** Runs `kubectl kustomize DIR` without a shell. Never throws. */
export function buildKustomization(options: BuildKustomizationOptions): Promise<KustomizeOutcome> {
  const { kubectl, directory, kustomizationName } = options;
  return new Promise((resolve) => {
    execFile(
      kubectl,
      ['kustomize', directory],
      { encoding: 'utf8', maxBuffer: options.maxBytes, timeout: options.timeoutMs, windowsHide: true },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        if (!error) {
          resolve({ ok: true, output: stdout });
          return;
        }
        resolve({ ok: false, message: describeFailure(error, stderr, options) });
      },
    );
  });

  function describeFailure(error: ExecFileException, stderr: string, { maxBytes, timeoutMs }: BuildKustomizationOptions): string {
    if (error.code === 'ENOENT') {
      return (
        `contains a ${kustomizationName}, but ${kubectl} is not on the PATH to build it ` +
        `(install kubectl or pass the output of 'kustomize build' on stdin)`
      );
    }
    if (error.code === 'EACCES') {
      return `contains a ${kustomizationName}, but ${kubectl} could not be run to build it (permission denied)`;
    }
    if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
      return `${kubectl} kustomize printed more than ${Math.round(maxBytes / 1024 / 1024)} MiB; refusing it`;
    }
    if (error.killed) {
      return `${kubectl} kustomize did not finish within ${Math.round(timeoutMs / 1000)} s`;
    }
    const reason = firstStderrLine(stderr);
    return reason
      ? `${kubectl} kustomize failed: ${reason}`
      : `${kubectl} kustomize failed with exit code ${String(error.code ?? error.signal ?? 'unknown')}`;
  }
}

// kubectl logs through klog: `E1124 20:17:12.032913    8704 run.go:72] "command failed" err="..."`.
const KLOG_PREFIX = /^[IWEF]\d{4} [\d:.]+\s+\d+ [^\]]*\] /;
const KLOG_COMMAND_FAILED = /^"command failed" err="(.*)"$/;

/** kubectl's first stderr line, without klog decoration or a leading `error: `. */
export function firstStderrLine(stderr: string): string {
  const line = stderr.split('\n').map((text) => text.trim()).find((text) => text !== '') ?? '';
  let reason = line.replace(KLOG_PREFIX, '');
  const quoted = KLOG_COMMAND_FAILED.exec(reason);
  if (quoted) reason = (quoted[1] ?? '').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return reason.replace(/^error: /i, '');
}
