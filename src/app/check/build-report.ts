import type { AdmissionConfig } from '../../core/model/admission.js';
import type { Exemption } from '../../core/model/admission.js';
import { formatVersion, versionOf, type LevelVersion } from '../../core/model/policy.js';
import type { InputError, Skipped, SourcedObject } from '../../core/model/workload.js';
import { collectWorkloads } from '../../core/extract/collect-workloads.js';
import type { Violation } from '../../core/pss/evaluate.js';
import { evaluateWorkload } from '../../core/pss/evaluate-workload.js';
import { DEFAULT_REGISTRY, type Registry } from '../../core/pss/registry.js';
import { managedBy, type ManagedBy } from '../../core/classify/managed-by.js';

export interface CheckResultRow {
  readonly file: string;
  readonly document: string;
  readonly line?: number;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly allowed: boolean;
  readonly exempt?: Exemption;
  readonly violations: readonly Violation[];
  /** An operator, Helm, Argo CD or Flux manages it: fix it there, a live patch would be undone. */
  readonly managedBy?: ManagedBy;
}

export interface CheckReport {
  readonly level: LevelVersion['level'];
  /** As asked: `latest` or `v1.N` (the label value, never clamped). */
  readonly version: string;
  /** The policy version actually evaluated (`latest` and newer versions clamp to the newest known). */
  readonly resolvedVersion: string;
  readonly results: readonly CheckResultRow[];
  readonly skipped: readonly Skipped[];
  readonly errors: readonly InputError[];
}

export interface ReadInputs {
  readonly objects: readonly SourcedObject[];
  readonly errors: readonly InputError[];
  readonly skipped?: readonly Skipped[];
}

/** Evaluates everything readable; errors never stop the other documents from being evaluated. */
export function buildCheckReport(
  input: ReadInputs,
  policy: LevelVersion,
  options: { admission?: AdmissionConfig; registry?: Registry } = {},
): CheckReport {
  const registry = options.registry ?? DEFAULT_REGISTRY;
  const collected = collectWorkloads(input.objects);
  const results = collected.workloads.map((workload): CheckResultRow => {
    const verdict = evaluateWorkload(workload, policy, { admission: options.admission, registry });
    return {
      file: workload.source.file,
      document: workload.source.document,
      line: workload.source.line,
      kind: workload.ref.kind,
      namespace: workload.ref.namespace,
      name: workload.ref.name,
      allowed: verdict.allowed,
      exempt: verdict.exempt,
      violations: verdict.violations,
      managedBy: managedBy(workload.object),
    };
  });
  return {
    level: policy.level,
    version: formatVersion(policy.version),
    resolvedVersion: formatVersion(versionOf(registry.resolveMinor(policy.version))),
    results,
    skipped: [...(input.skipped ?? []), ...collected.skipped],
    errors: [...input.errors, ...collected.errors],
  };
}

/** 0 all allowed, 1 some violation, 2 any input error (reported after everything else). */
export function checkExitCode(report: CheckReport): 0 | 1 | 2 {
  if (report.errors.length > 0) return 2;
  return report.results.some((row) => !row.allowed) ? 1 : 0;
}
