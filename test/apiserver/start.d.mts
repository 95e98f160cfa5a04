// Types for start.mjs (plain JavaScript), so TypeScript tests can use it.

export interface Binaries {
  kubeApiserver: string;
  etcd: string;
}

export interface BinaryOptions {
  /** Run build.sh when the binaries are not cached (default true; a cold build takes minutes). */
  build?: boolean;
  /** Explicit binaries (or env KUBE_HARDEN_APISERVER_BIN / KUBE_HARDEN_ETCD_BIN). */
  apiserverBin?: string;
  etcdBin?: string;
}

export interface StartOptions extends BinaryOptions {
  /** How long to wait for /readyz (default 120000). */
  readyTimeoutMs?: number;
  /** Extra kube-apiserver flags, appended last. */
  apiserverArgs?: string[];
  /** Keep the temp dir (certs, logs, etcd data) after stop() (or env KUBE_HARDEN_APISERVER_KEEP=1). */
  keepDir?: boolean;
}

export interface TestCluster {
  /** kubeconfig with contexts "admin" (current) and "narrow". */
  kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** gitVersion from /version, e.g. "v1.37.2". */
  version: string;
  /** Temp dir holding certs, tokens, logs and etcd data. */
  dir: string;
  /** PEM CA that signed the serving certificate. */
  caFile: string;
  /** Bearer tokens: admin is in system:masters; narrow is "narrow-user" with no bindings. */
  tokens: { admin: string; narrow: string };
  contexts: { admin: 'admin'; narrow: 'narrow' };
  logs: { etcd: string; apiserver: string };
  pids: { etcd: number; apiserver: number };
  /** Time startTestCluster took, in ms. */
  startupMs: number;
  /** Kills both processes and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export function findBinaries(options?: BinaryOptions): Promise<Binaries | null>;
export function startTestCluster(options?: StartOptions): Promise<TestCluster>;
