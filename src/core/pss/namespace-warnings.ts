/**
 * The warnings the API server returns when a Namespace's enforce label changes: Pod Security
 * Admission dry-runs the namespace's existing pods against the new enforce level and reports them
 * as `Warning` headers (a `kubectl label --dry-run=server` or a dry-run PATCH shows them without
 * changing anything). The change itself is never rejected for it.
 *
 * Mirrors `ValidateNamespace`, `EvaluatePodsInNamespace`, `prioritizePods` and
 * `decoratePodWarnings` in k8s.io/pod-security-admission/admission/admission.go.
 */
import { formatLevelVersion, levelRank, type LevelVersion, type PolicyVersion } from '../model/policy.js';
import type { Violation } from './evaluate.js';
import { goQuote } from './messages.js';

/** `defaultNamespaceMaxPodsToCheck` upstream. */
export const NAMESPACE_MAX_PODS_TO_CHECK = 3000;

/** `policy.UnknownForbiddenReason`: what upstream prints for a failed check that gave no reason. */
const UNKNOWN_FORBIDDEN_REASON = 'unknown forbidden reason';

/** One existing pod of the namespace, already evaluated at the new enforce level. */
export interface ExistingPod {
  readonly name: string;
  /** The violations at the new enforce level, in the order the engine reports them; none if allowed. */
  readonly violations: readonly Violation[];
  /** Its `spec.runtimeClassName` is in the admission configuration's exempt runtime classes. */
  readonly exempt?: boolean;
  /**
   * The uid of the pod's controller (the first owner reference with `controller: true`; `''` if
   * that reference has no uid), or undefined when it has none. See {@link controllerUidOf}.
   * Upstream checks one pod per controller before the other replicas, so this decides which pods
   * fall inside the limit in a namespace of more than {@link NAMESPACE_MAX_PODS_TO_CHECK} pods.
   */
  readonly controllerUid?: string;
}

export interface EnforceWarningOptions {
  /**
   * How many pods the server evaluates at most.
   * @default NAMESPACE_MAX_PODS_TO_CHECK (3000)
   */
  readonly maxPodsToCheck?: number;
}

/**
 * `metav1.GetControllerOf(pod).UID` from a pod's metadata: the uid of its first owner reference
 * with `controller: true`. Pure; undefined for anything that is not such a reference.
 */
export function controllerUidOf(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const references = (metadata as { ownerReferences?: unknown }).ownerReferences;
  if (!Array.isArray(references)) return undefined;
  for (const reference of references) {
    if (typeof reference !== 'object' || reference === null) continue;
    const { controller, uid } = reference as { controller?: unknown; uid?: unknown };
    if (controller === true) return typeof uid === 'string' ? uid : '';
  }
  return undefined;
}

function sameVersion(a: PolicyVersion, b: PolicyVersion): boolean {
  return a.latest ? b.latest : !b.latest && a.minor === b.minor;
}

/**
 * Whether the API server dry-runs the existing pods when a Namespace's effective enforce policy
 * goes from `oldPolicy` to `newPolicy` (both after the cluster defaults fill missing labels).
 * Upstream skips the dry run:
 * - when the enforce level and version are unchanged;
 * - when the new level is privileged (nothing can violate it);
 * - when the version is unchanged and the level did not get stricter (`latest` and `v1.N` are
 *   different versions here, even when `latest` means v1.N);
 * - for a namespace exempt in the admission configuration.
 * It also never dry-runs on CREATE, for subresources (`namespaces/status`), or when the update is
 * rejected because the new labels are invalid.
 */
export function serverWillEvaluatePods(oldPolicy: LevelVersion, newPolicy: LevelVersion, namespaceExempt: boolean): boolean {
  const versionUnchanged = sameVersion(newPolicy.version, oldPolicy.version);
  if (versionUnchanged && newPolicy.level === oldPolicy.level) return false;
  if (newPolicy.level === 'privileged') return false;
  if (versionUnchanged && levelRank(newPolicy.level) <= levelRank(oldPolicy.level)) return false;
  return !namespaceExempt;
}

/**
 * Go's `sort.Strings` and `<` compare UTF-8 bytes, which is code point order; JavaScript's `<`
 * compares UTF-16 units, which differs above U+FFFF. Names and reasons are ASCII in practice.
 */
function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}

/**
 * `prioritizePods`: drops exempt pods (so they neither use up the limit nor count in the total),
 * then puts the first pod of each controller, and pods without a controller, in list order ahead
 * of the other replicas, so the limit covers as many different pod templates as it can.
 */
function prioritizePods(pods: readonly ExistingPod[]): ExistingPod[] {
  const prioritized: ExistingPod[] = [];
  const duplicateReplicas: ExistingPod[] = [];
  const evaluatedControllers = new Set<string>();
  for (const pod of pods) {
    if (pod.exempt) continue;
    if (pod.controllerUid === undefined) {
      prioritized.push(pod);
    } else if (evaluatedControllers.has(pod.controllerUid)) {
      duplicateReplicas.push(pod);
    } else {
      prioritized.push(pod);
      evaluatedControllers.add(pod.controllerUid);
    }
  }
  return prioritized.concat(duplicateReplicas);
}

/** `AggregateCheckResult.ForbiddenReason()`: the reasons only, in check order, not de-duplicated. */
function forbiddenReason(violations: readonly Violation[]): string {
  return violations.map(({ reason }) => reason || UNKNOWN_FORBIDDEN_REASON).join(', ');
}

function decorate(reasons: string, count: number, podName: string): string {
  if (count === 1) return `${podName}: ${reasons}`;
  if (count === 2) return `${podName} (and 1 other pod): ${reasons}`;
  return `${podName} (and ${count - 1} other pods): ${reasons}`;
}

/**
 * The exact warnings the API server returns for the enforce label change to `policy`, given the
 * namespace's existing pods in the order the server lists them. Call only when
 * {@link serverWillEvaluatePods} says the server dry-runs at all.
 *
 * Upstream's order, which differs from the usual reading of the docs in two ways:
 * 1. the `only checked against the first N of M existing pods` line, when the limit cut the list,
 *    comes FIRST, and it is returned even when none of the checked pods violates the policy;
 * 2. then `existing pods in namespace "<ns>" violate the new PodSecurity enforce level "<l>:<v>"`,
 *    then one `<pod>[ (and N other pods)]: <reasons>` line per distinct reason list, sorted.
 * M counts only the pods that are not exempt.
 *
 * What a static prediction cannot reproduce:
 * - the time limit: the server stops after about 1 s (or half the request's remaining deadline)
 *   and then reports the pods checked so far as N; that depends on the server's speed and load;
 * - the list order: the server lists pods from its informer cache, whose order is not defined,
 *   so with more than the limit the pods actually checked (and so the lines) may differ. We take
 *   `pods` in the order given, after upstream's per-controller prioritisation.
 */
export function predictEnforceWarnings(
  namespace: string,
  policy: LevelVersion,
  pods: readonly ExistingPod[],
  options: EnforceWarningOptions = {},
): string[] {
  const maxPodsToCheck = options.maxPodsToCheck ?? NAMESPACE_MAX_PODS_TO_CHECK;
  const prioritized = prioritizePods(pods);
  const totalPods = prioritized.length;
  const checked = prioritized.length > maxPodsToCheck ? prioritized.slice(0, maxPodsToCheck) : prioritized;

  const groups = new Map<string, { podName: string; count: number }>();
  for (const pod of checked) {
    if (pod.violations.length === 0) continue;
    const reasons = forbiddenReason(pod.violations);
    const group = groups.get(reasons);
    if (!group) groups.set(reasons, { podName: pod.name, count: 1 });
    else {
      group.count += 1;
      if (compareCodePoints(pod.name, group.podName) < 0) group.podName = pod.name;
    }
  }

  const warnings: string[] = [];
  if (checked.length < totalPods) {
    warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${totalPods} existing pods`);
  }
  if (groups.size > 0) {
    warnings.push(`existing pods in namespace ${goQuote(namespace)} violate the new PodSecurity enforce level ${goQuote(formatLevelVersion(policy))}`);
  }
  const podWarnings = [...groups].map(([reasons, { podName, count }]) => decorate(reasons, count, podName));
  return warnings.concat(podWarnings.sort(compareCodePoints));
}
