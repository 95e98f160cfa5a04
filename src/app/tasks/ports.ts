import type { ReadInputs } from '../check/build-report.js';
import type { ExportPorts } from '../export/export-plan.js';

export interface ClusterNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The live cluster, when a kubeconfig is available. */
export interface ClusterPorts {
  /** The current context and its namespaces (with their Pod Security labels). */
  readonly describe: (signal: AbortSignal) => Promise<{ readonly context: string; readonly namespaces: readonly ClusterNamespace[] }>;
  readonly read: (
    namespace: string,
    options: { readonly signal: AbortSignal; readonly onProgress: (progress: { files: number; documents: number }) => void },
  ) => Promise<{ readonly input: ReadInputs; readonly minor?: number }>;
}

/** What the wizard's tasks need from the outside world; adapters implement it, tests fake it. */
export interface WizardPorts {
  readonly cluster?: ClusterPorts;
  readonly readInputs: (
    paths: readonly string[],
    options: { readonly signal: AbortSignal; readonly onProgress: (progress: { files: number; documents: number }) => void },
  ) => Promise<ReadInputs>;
  readonly pathExists: (path: string) => Promise<boolean>;
  readonly exportPorts: ExportPorts;
}
