import type { ReadInputs } from '../check/build-report.js';
import type { ExportPorts } from '../export/export-plan.js';

/** What the wizard's tasks need from the outside world; adapters implement it, tests fake it. */
export interface WizardPorts {
  readonly readInputs: (
    paths: readonly string[],
    options: { readonly signal: AbortSignal; readonly onProgress: (progress: { files: number; documents: number }) => void },
  ) => Promise<ReadInputs>;
  readonly pathExists: (path: string) => Promise<boolean>;
  readonly exportPorts: ExportPorts;
}
