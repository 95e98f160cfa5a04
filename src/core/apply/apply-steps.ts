/**
 * What `apply` writes, as data: one step per object, each with its server-side apply configuration
 * (only the fields kube-harden owns, keyed list items with their keys), the fields it changes with
 * their values before and after (what the backup keeps), and what cannot be patched in place.
 * Pure: built from the plan and the live objects it was proved on.
 */
import type { Change, FieldPath } from '../model/change.js';
import type { JsonValue, KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import { formatRef, refKey, type ObjectRef } from '../model/workload.js';
import { cutAtAtomicList, formatPath, patchFromValues, valueAt } from './field-path.js';
import { isObject } from '../model/json.js';
import { IMMUTABLE_TEMPLATE_KINDS, apiVersionOf, resourceForKind } from './resources.js';
import { withOwnedFields } from './owned-fields.js';

export type ApplyPhase = 'prepare' | 'enforce';
export type StepKind = 'labels' | 'workload' | 'network-policy';

/** One field kube-harden changes; `before`/`after` undefined means the field is absent. */
export interface FieldChange {
  readonly path: FieldPath;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

export interface StepTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface WriteStep {
  readonly kind: StepKind;
  readonly target: StepTarget;
  readonly summary: string;
  /** The server-side apply configuration sent with fieldManager=kube-harden. */
  readonly configuration: KubeObject;
  /** Fields the changes remove: server-side apply cannot drop another manager's field, a strategic-merge patch does. */
  readonly removalPatch?: Record<string, unknown>;
  /** For patched objects: what changes, before and after. Created objects have none. */
  readonly fields: readonly FieldChange[];
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** A fix that needs the object recreated (its pod spec is immutable), left to the user. */
export interface RecreateItem {
  readonly target: ObjectRef;
  readonly changes: readonly string[];
  readonly why: string;
}

export interface ApplySteps {
  readonly namespace: string;
  readonly phase: ApplyPhase;
  /** In the order they are written: labels, workloads, NetworkPolicies. */
  readonly steps: readonly WriteStep[];
  readonly recreate: readonly RecreateItem[];
  /** Things left alone, one line each. */
  readonly notes: readonly string[];
}

export interface ApplyStepsInput {
  readonly plan: Plan;
  readonly namespace: string;
  readonly phase: ApplyPhase;
  /** The live workloads the plan was built from, by `refKey`. */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** The namespace's labels as read (empty when the Namespace could not be read). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Existing NetworkPolicies of the namespace, by name. */
  readonly networkPolicies: ReadonlyMap<string, KubeObject>;
  /** What kube-harden already owns (its managedFields fieldsV1), by `refKey`; re-asserted on every apply. */
  readonly owned?: ReadonlyMap<string, unknown>;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** Equal as JSON, whatever the key order (the server reorders keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

/**
 * The path cut at its first step absent from `original`: a field added under a new parent is
 * recorded as the parent, so that putting it back removes the parent too (no `securityContext: {}`
 * left behind where there was none).
 */
function shallowestAbsent(original: KubeObject, path: FieldPath, from: number): FieldPath {
  for (let length = from + 1; length < path.length; length++) {
    if (valueAt(original, path.slice(0, length)) === undefined) return path.slice(0, length);
  }
  return path;
}

/** The fields a set of changes touches in `original`, with their values before and after. */
export function collectFieldChanges(original: KubeObject, patched: KubeObject, changes: readonly Change[]): FieldChange[] {
  const seen = new Set<string>();
  const fields: FieldChange[] = [];
  for (const change of changes) {
    for (const operation of change.operations) {
      const path = shallowestAbsent(original, [...change.templatePath, ...cutAtAtomicList(operation.path)], change.templatePath.length);
      const key = formatPath(path);
      if (seen.has(key)) continue;
      seen.add(key);
      const before = valueAt(original, path);
      const after = valueAt(patched, path);
      if (sameJson(before, after)) continue;
      fields.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
    }
  }
  return fields;
}

/**
 * The server-side apply configuration that sets `fields`: apiVersion, kind, name, namespace, the
 * resourceVersion read (a precondition: the server answers 409 when the object changed since),
 * and only the fields with a value after. Keyed list items carry their key.
 */
export function buildApplyConfiguration(target: StepTarget, fields: readonly FieldChange[], resourceVersion?: string): KubeObject {
  const set = patchFromValues(fields.filter((field) => field.after !== undefined).map((field) => ({ path: field.path, value: field.after })));
  const metadata = { ...(isObject(set.metadata) ? set.metadata : {}), name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}), ...(resourceVersion ? { resourceVersion } : {}) };
  return { ...set, apiVersion: target.apiVersion, kind: target.kind, metadata } as KubeObject;
}

/** A strategic-merge patch removing the fields the changes delete, or undefined when none. */
export function buildRemovalPatch(fields: readonly FieldChange[]): Record<string, unknown> | undefined {
  const removed = fields.filter((field) => field.after === undefined);
  return removed.length > 0 ? patchFromValues(removed.map((field) => ({ path: field.path, value: undefined }))) : undefined;
}

function targetOf(object: KubeObject, ref: ObjectRef, namespace: string): StepTarget {
  const resource = resourceForKind(ref.kind);
  return { apiVersion: object.apiVersion ?? (resource ? apiVersionOf(resource) : 'v1'), kind: ref.kind, namespace: ref.namespace ?? namespace, name: ref.name };
}

/** The step that sets the namespace's labels, or undefined when they are already set. */
export function planLabelStep(
  namespace: string,
  wanted: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
  summary: string,
  ownedFieldsV1?: unknown,
): WriteStep | undefined {
  const fields: FieldChange[] = Object.entries(wanted)
    .filter(([key, value]) => current[key] !== value)
    .map(([key, value]) => ({ path: ['metadata', 'labels', key], ...(current[key] !== undefined ? { before: current[key] } : {}), after: value }));
  if (fields.length === 0) return undefined;
  const target: StepTarget = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
  const configuration = withOwnedFields(buildApplyConfiguration(target, fields), { metadata: { labels: { ...current } } }, ownedFieldsV1);
  return { kind: 'labels', target, summary, configuration, fields };
}

function namespaceOwned(input: ApplyStepsInput): unknown {
  return input.owned?.get(refKey({ kind: 'Namespace', name: input.namespace }));
}

function planWorkloadSteps(input: ApplyStepsInput, notes: string[], recreate: RecreateItem[]): WriteStep[] {
  const { plan, namespace } = input;
  const byTarget = new Map<string, Change[]>();
  for (const change of plan.changes) {
    if (!change.accepted || (change.target.namespace ?? namespace) !== namespace) continue;
    const key = refKey({ ...change.target, namespace: change.target.namespace ?? namespace });
    byTarget.set(key, [...(byTarget.get(key) ?? []), change]);
  }
  const steps: WriteStep[] = [];
  for (const [key, changes] of byTarget) {
    const ref = changes[0]!.target;
    const workload = plan.workloads.find((candidate) => refKey(candidate.ref) === key);
    if (IMMUTABLE_TEMPLATE_KINDS.has(ref.kind)) {
      recreate.push({ target: ref, changes: changes.map((change) => change.id), why: `a ${ref.kind}'s pod spec cannot be changed in place: delete and recreate it with the fix (or fix its owner)` });
      continue;
    }
    if (workload?.managedBy) {
      notes.push(`${formatRef(ref)} left alone: ${workload.managedBy.detail} (${workload.managedBy.tool}) would revert a live patch; change it at its source (kube-harden export)`);
      continue;
    }
    const original = input.objects.get(key);
    const patched = plan.patched.get(key);
    if (!original || !patched || !resourceForKind(ref.kind)) {
      notes.push(`${formatRef(ref)} left alone: not found among the live objects`);
      continue;
    }
    const fields = collectFieldChanges(original, patched, changes);
    if (fields.length === 0) continue;
    const target = targetOf(original, ref, namespace);
    const resourceVersion = original.metadata?.resourceVersion;
    const removalPatch = buildRemovalPatch(fields);
    steps.push({
      kind: 'workload',
      target,
      summary: changes.map((change) => change.summary).join('; '),
      configuration: withOwnedFields(buildApplyConfiguration(target, fields, typeof resourceVersion === 'string' ? resourceVersion : undefined), original, input.owned?.get(key)),
      ...(removalPatch ? { removalPatch } : {}),
      fields,
      ...(typeof original.metadata?.uid === 'string' ? { uid: original.metadata.uid } : {}),
      ...(typeof resourceVersion === 'string' ? { resourceVersion } : {}),
    });
  }
  return steps;
}

function planPolicySteps(input: ApplyStepsInput, notes: string[]): WriteStep[] {
  const steps: WriteStep[] = [];
  for (const policy of input.plan.networkPolicies) {
    if (!policy.accepted || policy.namespace !== input.namespace) continue;
    const name = String(policy.object.metadata?.name ?? '');
    const existing = input.networkPolicies.get(name);
    if (existing) {
      if (!sameJson((existing as { spec?: unknown }).spec, (policy.object as { spec?: unknown }).spec)) notes.push(`NetworkPolicy/${name} left alone: one of that name exists already, with another spec`);
      continue;
    }
    const target: StepTarget = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: input.namespace, name };
    const configuration = { ...policy.object, apiVersion: target.apiVersion, kind: target.kind, metadata: { ...policy.object.metadata, name, namespace: input.namespace } } as KubeObject;
    steps.push({ kind: 'network-policy', target, summary: policy.summary, configuration, fields: [] });
  }
  return steps;
}

/** Prepare: warn/audit labels, workload changes, NetworkPolicies. Enforce: the enforce labels only. */
export function planApplySteps(input: ApplyStepsInput): ApplySteps {
  const notes: string[] = [];
  const recreate: RecreateItem[] = [];
  const namespacePlan = input.plan.namespaces.find((candidate) => candidate.name === input.namespace);
  const steps: WriteStep[] = [];
  if (input.phase === 'enforce') {
    const label = namespacePlan && planLabelStep(input.namespace, namespacePlan.enforceLabels, input.namespaceLabels, `enforce ${namespacePlan.recommended.enforce} (${namespacePlan.recommended.version})`, namespaceOwned(input));
    if (label) steps.push(label);
    return { namespace: input.namespace, phase: input.phase, steps, recreate, notes };
  }
  const label = namespacePlan && planLabelStep(input.namespace, namespacePlan.prepareLabels, input.namespaceLabels, `warn and audit at ${namespacePlan.recommended.warn} (${namespacePlan.recommended.version})`, namespaceOwned(input));
  if (label) steps.push(label);
  steps.push(...planWorkloadSteps(input, notes, recreate));
  steps.push(...planPolicySteps(input, notes));
  return { namespace: input.namespace, phase: input.phase, steps, recreate, notes };
}

export function describeTarget(target: StepTarget): string {
  return `${target.kind}/${target.name}`;
}
