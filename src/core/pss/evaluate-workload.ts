import { DEFAULT_ADMISSION, exemptionFor, type AdmissionConfig, type Exemption } from '../model/admission.js';
import type { LevelVersion } from '../model/policy.js';
import type { Workload } from '../model/workload.js';
import { evaluatePod, type Evaluation } from './evaluate.js';
import { DEFAULT_REGISTRY, type Registry } from './registry.js';

export interface WorkloadVerdict extends Evaluation {
  /** Set when the cluster's admission configuration exempts the workload: allowed, unchecked. */
  readonly exempt?: Exemption;
}

/**
 * A workload's verdict at a level and version, honouring the admission configuration's namespace
 * and runtime-class exemptions (user-name exemptions depend on who sends the request and cannot
 * be known from manifests).
 */
export function evaluateWorkload(
  workload: Workload,
  policy: LevelVersion,
  options: { admission?: AdmissionConfig; namespace?: string; registry?: Registry } = {},
): WorkloadVerdict {
  const admission = options.admission ?? DEFAULT_ADMISSION;
  const exempt = exemptionFor(admission.exemptions, workload.ref.namespace ?? options.namespace, workload.pod.spec.runtimeClassName);
  if (exempt) return { allowed: true, violations: [], exempt };
  return evaluatePod(policy, workload.pod, options.registry ?? DEFAULT_REGISTRY);
}
