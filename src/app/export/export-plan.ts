/**
 * The export use case, shared by `kube-harden export` and the wizard's Finish step so that both
 * write the same bytes for the same decisions.
 */
import type { Plan } from '../../core/model/plan.js';
import type { SourcedObject } from '../../core/model/workload.js';
import { renderExport } from './render-export.js';

export interface ExportPorts {
  /** Input folders that are kustomizations themselves, among the given paths. */
  readonly kustomizationFolders: (paths: readonly string[]) => readonly string[];
  /** How `DIR/base` reaches `folder` (a relative path). */
  readonly relativeFromBase: (out: string, folder: string) => string;
  readonly writeTree: (out: string, files: ReadonlyMap<string, string>, options: { force?: boolean }) => Promise<void>;
}

export function exportFiles(plan: Plan, objects: readonly SourcedObject[], out: string, ports: Pick<ExportPorts, 'kustomizationFolders' | 'relativeFromBase'>): Map<string, string> {
  const source = plan.settings.source;
  const folders = 'files' in source ? ports.kustomizationFolders(source.files) : [];
  return renderExport({
    plan,
    objects,
    kustomizations: folders,
    kustomizationRefs: new Map(folders.map((folder) => [folder, ports.relativeFromBase(out, folder)])),
  });
}

export async function exportPlan(plan: Plan, objects: readonly SourcedObject[], out: string, ports: ExportPorts, options: { force?: boolean } = {}): Promise<number> {
  const files = exportFiles(plan, objects, out, ports);
  await ports.writeTree(out, files, options);
  return files.size;
}
