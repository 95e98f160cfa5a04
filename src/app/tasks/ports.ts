import type { ReadInputs } from '../check/build-report.js';
import type { ExportPorts } from '../export/export-plan.js';
import type { ApplyOutcome } from '../apply/apply-plan.js';
import type { Observed } from '../apply/check-target.js';
import type { ApplyPhase } from '../../core/apply/apply-steps.js';
import type { AdmissionConfig } from '../../core/model/admission.js';
import type { PlanSettings } from '../../core/model/plan.js';

export interface ClusterNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The wizard's plan, as the apply use case needs it: its decisions and what it was made from. */
export interface ApplyRequest {
  /** Their source names the context and namespace to write to. */
  readonly settings: PlanSettings;
  readonly admission?: AdmissionConfig;
  /** The objects the plan patched, as scanned: apply refuses when they changed since. */
  readonly observed: readonly Observed[];
}

export interface ClusterApplyOptions {
  readonly phase: ApplyPhase;
  readonly dryRun: boolean;
  /** The typed confirmation was given. */
  readonly confirmed: boolean;
  readonly forceConflicts: boolean;
  readonly onProgress: (done: number, total: number) => void;
  readonly signal: AbortSignal;
}

/** The live cluster, when a kubeconfig is available. */
export interface ClusterPorts {
  /** The current context and its namespaces (with their Pod Security labels). */
  readonly describe: (signal: AbortSignal) => Promise<{ readonly context: string; readonly namespaces: readonly ClusterNamespace[] }>;
  readonly read: (
    namespace: string,
    options: { readonly signal: AbortSignal; readonly onProgress: (progress: { files: number; documents: number }) => void },
  ) => Promise<{ readonly input: ReadInputs; readonly minor?: number }>;
  /** Reads the namespace again and runs the `apply` command's use case; refusals come back as outcome lines. */
  readonly apply: (plan: ApplyRequest, options: ClusterApplyOptions) => Promise<ApplyOutcome>;
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
