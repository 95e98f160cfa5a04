import type { KubeObject, PodSpec, PodTemplate } from '../model/kube.js';
import {
  formatSource,
  isPodBearingKind,
  refKey,
  type InputError,
  type ObjectRef,
  type Skipped,
  type SourcedObject,
  type Workload,
} from '../model/workload.js';
import { applyApiServerDefaults } from './defaults.js';
import { podMetadataShape, podSpecShape } from './pod-shape.js';
import { conform, type ShapeError } from './shape.js';
import { isObject } from '../model/json.js';
import { formatPath, templatePathFor, valueAt } from './template-path.js';

export interface CollectedInput {
  /** Pod-bearing objects to evaluate, in input order. */
  readonly workloads: readonly Workload[];
  /** Every other object (Services, NetworkPolicies, Namespaces, ConfigMaps, ...), kept for later steps. */
  readonly context: readonly SourcedObject[];
  readonly skipped: readonly Skipped[];
  readonly errors: readonly InputError[];
}

function nameOf(object: KubeObject): string {
  const metadata = object.metadata;
  if (!isObject(metadata)) return '';
  const name = metadata.name ?? metadata.generateName;
  return typeof name === 'string' ? name : '';
}

function refOf(object: KubeObject): ObjectRef {
  const namespace = isObject(object.metadata) && typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined;
  return { kind: String(object.kind ?? ''), namespace, name: nameOf(object) };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/**
 * Finds the owner in the same input, if any: by uid when the reference has one that an input
 * object carries, else by kind and name in the same namespace (a `kubectl get -o yaml` dump has
 * uids; hand-written manifests rarely do).
 */
function ownerInInput(object: KubeObject, byUid: Map<string, KubeObject>, byKey: Map<string, KubeObject>): KubeObject | undefined {
  const references = isObject(object.metadata) ? object.metadata.ownerReferences : undefined;
  if (!Array.isArray(references)) return undefined;
  const namespace = refOf(object).namespace;
  for (const reference of references) {
    if (!isObject(reference)) continue;
    if (typeof reference.uid === 'string' && byUid.has(reference.uid)) return byUid.get(reference.uid);
    if (typeof reference.kind === 'string' && typeof reference.name === 'string') {
      const owner = byKey.get(refKey({ kind: reference.kind, namespace, name: reference.name }));
      if (owner) return owner;
    }
  }
  return undefined;
}

/**
 * Turns read objects into workloads ready for evaluation. Pure: every problem is a value, and one
 * bad document never hides the others.
 */
export function collectWorkloads(objects: readonly SourcedObject[]): CollectedInput {
  const workloads: Workload[] = [];
  const context: SourcedObject[] = [];
  const skipped: Skipped[] = [];
  const errors: InputError[] = [];

  const byUid = new Map<string, KubeObject>();
  const byKey = new Map<string, KubeObject>();
  const firstSeen = new Map<string, SourcedObject>();
  const unique: SourcedObject[] = [];
  for (const sourced of objects) {
    const { object, source } = sourced;
    const ref = refOf(object);
    const key = refKey(ref);
    // Objects named only by generateName are distinct objects even when they share the prefix.
    const named = isObject(object.metadata) && typeof object.metadata.name === 'string' && object.metadata.name !== '';
    const earlier = named ? firstSeen.get(key) : undefined;
    if (earlier) {
      if (canonicalJson(earlier.object) === canonicalJson(object)) {
        skipped.push({ ...sourceFields(sourced), kind: ref.kind, name: ref.name, why: `identical to ${formatSource(earlier.source)}` });
      } else {
        errors.push({
          file: source.file,
          document: source.document,
          line: source.line,
          message: `${ref.kind}/${ref.name} is defined twice with different content: here and in ${formatSource(earlier.source)}`,
        });
      }
      continue;
    }
    if (named) firstSeen.set(key, sourced);
    unique.push(sourced);
    byKey.set(key, object);
    const uid = isObject(object.metadata) ? object.metadata.uid : undefined;
    if (typeof uid === 'string' && uid) byUid.set(uid, object);
  }

  for (const sourced of unique) {
    const { object, source } = sourced;
    const kind = object.kind;
    if (!isPodBearingKind(kind)) {
      context.push(sourced);
      skipped.push({ ...sourceFields(sourced), kind: String(kind ?? ''), name: nameOf(object), why: 'not a pod-bearing kind' });
      continue;
    }
    const owner = ownerInInput(object, byUid, byKey);
    if (owner) {
      skipped.push({
        ...sourceFields(sourced),
        kind,
        name: nameOf(object),
        why: `owned by ${owner.kind}/${nameOf(owner)} in the same input, evaluated through it`,
      });
      continue;
    }
    const shapeErrors: ShapeError[] = [];
    const workload = toWorkload(sourced, kind, shapeErrors);
    if (workload && shapeErrors.length === 0) workloads.push(workload);
    else if (!workload && shapeErrors.length === 0) {
      skipped.push({ ...sourceFields(sourced), kind, name: nameOf(object), why: 'no pod template: Pod Security has nothing to check' });
    }
    for (const error of shapeErrors) {
      errors.push({ file: source.file, document: source.document, line: source.line, field: error.field, message: error.message });
    }
  }
  return { workloads, context, skipped, errors };
}

function sourceFields({ source }: SourcedObject): { file: string; document: string } {
  return { file: source.file, document: source.document };
}

function toWorkload(sourced: SourcedObject, kind: Workload['kind'], errors: ShapeError[]): Workload | undefined {
  const { object, source } = sourced;
  if (object.metadata !== undefined && !isObject(object.metadata)) {
    errors.push({ field: 'metadata', message: 'expected an object' });
    return undefined;
  }
  if (!nameOf(object)) {
    errors.push({ field: 'metadata.name', message: 'required field is missing' });
    return undefined;
  }
  const templatePath = templatePathFor(kind);
  const template = templatePath.length === 0 ? object : valueAt(object, templatePath);
  if (template == null && kind === 'ReplicationController') {
    // Its template is optional in the API, and Pod Security skips a ReplicationController without one.
    return undefined;
  }
  if (!isObject(template)) {
    const what = template == null ? 'missing' : 'expected an object';
    errors.push({ field: formatPath(templatePath) || 'spec', message: `${what}: a ${kind} needs a pod template to be evaluated` });
    return undefined;
  }
  const specPath = formatPath(templatePath, 'spec');
  if (!isObject(template.spec)) {
    errors.push({ field: specPath, message: template.spec == null ? `missing: a ${kind} needs a pod spec` : 'expected an object' });
    return undefined;
  }
  const metadata = conform(template.metadata, podMetadataShape, formatPath(templatePath, 'metadata'), errors);
  // conform() shares unchanged subtrees with the input; the defaults only reassign top-level spec
  // fields, so this shallow copy keeps the input untouched.
  const spec = { ...(conform(template.spec, podSpecShape, specPath, errors) as PodSpec) };
  if (errors.length > 0) return undefined;
  const pod: PodTemplate = applyApiServerDefaults({ metadata: metadata as PodTemplate['metadata'], spec }, kind === 'Pod');
  return { ref: refOf(object), kind, source, object, templatePath, pod };
}
