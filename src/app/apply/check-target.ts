/**
 * What `apply --plan` checks before it touches anything: that the plan was made for this context
 * and namespace, that the namespace is not a system one, that the objects it planned on have not
 * changed since, and (enforce phase) that no live workload or Pod would be rejected.
 */
import type { AdmissionConfig } from '../../core/model/admission.js';
import type { KubeObject } from '../../core/model/kube.js';
import type { Plan, PlanSource } from '../../core/model/plan.js';
import { formatRef } from '../../core/model/workload.js';
import { SYSTEM_NAMESPACES } from '../../core/apply/resources.js';
import { previewEnforce } from '../plan/server-preview.js';

/** Why the plan cannot be applied to this target, or undefined. */
export function refuseTarget(source: PlanSource, target: { context: string; namespace: string }, options: { allowSystemNamespace: boolean }): string | undefined {
  if (!('context' in source)) return 'the plan was made from files, not from a cluster: apply needs a plan made with kube-harden plan --context/-n (or export it and apply that with kubectl)';
  if (source.context !== target.context) return `the plan was made for context ${source.context}, not ${target.context}`;
  if (source.namespace !== target.namespace) return `the plan was made for namespace ${source.namespace}, not ${target.namespace}`;
  if (SYSTEM_NAMESPACES.includes(target.namespace) && !options.allowSystemNamespace) return `${target.namespace} is a system namespace; pass --allow-system-namespace if you really mean it`;
  return undefined;
}

export interface Observed {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** The kind, name, uid and resourceVersion of each object (skipping any without a kind or name). */
export function observedObjects(objects: readonly KubeObject[]): Observed[] {
  return objects.flatMap((object) => {
    const metadata = object?.metadata;
    if (typeof object?.kind !== 'string' || typeof metadata?.name !== 'string') return [];
    return [{ kind: object.kind, name: metadata.name, ...(typeof metadata.uid === 'string' ? { uid: metadata.uid } : {}), ...(typeof metadata.resourceVersion === 'string' ? { resourceVersion: metadata.resourceVersion } : {}) }];
  });
}

/** The uid and resourceVersion of the objects the plan changed, as `plan -o yaml` recorded them in `status.patched`. */
export function observedAtPlanning(document: unknown): Observed[] {
  const patched = (document as { status?: { patched?: unknown } } | undefined)?.status?.patched;
  return Array.isArray(patched) ? observedObjects(patched as KubeObject[]) : [];
}

/** One line per object that is gone, was recreated (uid) or was changed (resourceVersion) since planning. */
export function changedSincePlanning(observed: readonly Observed[], live: readonly KubeObject[]): string[] {
  return observed.flatMap((before) => {
    const now = live.find((object) => object.kind === before.kind && object.metadata?.name === before.name);
    const name = `${before.kind}/${before.name}`;
    if (!now) return [`${name}: deleted since planning`];
    if (before.uid && now.metadata?.uid !== before.uid) return [`${name}: deleted and created again since planning (uid ${before.uid} → ${now.metadata?.uid})`];
    if (before.resourceVersion && now.metadata?.resourceVersion !== before.resourceVersion) return [`${name}: changed since planning (resourceVersion ${before.resourceVersion} → ${now.metadata?.resourceVersion})`];
    return [];
  });
}

/** What the enforce label would reject now: workloads below the level, and the Pods the server would warn about. */
export function enforceBlockers(plan: Plan, namespace: string, pods: readonly KubeObject[], admission: AdmissionConfig): string[] {
  const namespacePlan = plan.namespaces.find((candidate) => candidate.name === namespace);
  if (!namespacePlan) return [];
  const level = namespacePlan.recommended.enforce;
  if (level === 'privileged') return [];
  const workloads = plan.workloads
    .filter((workload) => workload.ref.namespace === namespace && !workload.exempt && !workload.before[level])
    .map((workload) => `${formatRef(workload.ref)} does not meet ${level} as it runs now`);
  const preview = previewEnforce(namespacePlan, pods, admission);
  return [...workloads, ...preview.predicted];
}
