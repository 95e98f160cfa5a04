import type { ObjectMeta, PodSpec } from '../model/kube.js';

/** Check IDs exactly as Kubernetes spells them. */
export type CheckId =
  | 'appArmorProfile'
  | 'capabilities_baseline'
  | 'hostNamespaces'
  | 'hostPathVolumes'
  | 'hostPorts'
  | 'hostProbesAndHostLifecycle'
  | 'privileged'
  | 'procMount'
  | 'seLinuxOptions'
  | 'seccompProfile_baseline'
  | 'sysctls'
  | 'windowsHostProcess'
  | 'allowPrivilegeEscalation'
  | 'capabilities_restricted'
  | 'procMount_restricted'
  | 'restrictedVolumes'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'seccompProfile_restricted';

/**
 * The outcome of one check. `reason` is the short phrase ("host namespaces"), `detail` says who
 * and what ("hostNetwork=true"); kubectl prints them as `reason (detail)`.
 */
export type CheckResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly detail: string };

export const ALLOWED: CheckResult = Object.freeze({ allowed: true });

export function forbidden(reason: string, detail: string): CheckResult {
  return { allowed: false, reason, detail };
}

/** A pure function of the pod's metadata and spec (already defaulted and shape-checked). */
export type CheckPod = (metadata: ObjectMeta, spec: PodSpec) => CheckResult;

export interface VersionedCheck {
  /** The first policy version (Kubernetes minor, major is always 1) this variant applies to. */
  readonly minimumVersion: number;
  readonly checkPod: CheckPod;
  /** Baseline checks this restricted variant replaces from its minimum version on. */
  readonly overrides?: readonly CheckId[];
}

export interface Check {
  readonly id: CheckId;
  readonly level: 'baseline' | 'restricted';
  /** Strictly increasing minimum versions; at version V the newest variant with minimum ≤ V runs. */
  readonly versions: readonly VersionedCheck[];
}
