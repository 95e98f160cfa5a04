/**
 * Applies Changes to copies of their target objects. Never mutates its inputs: the preview, the
 * export and the re-check all work from the objects this returns.
 */
import type { JsonValue, KubeObject } from '../model/kube.js';
import type { Change, FieldPath, Operation, PathStep } from '../model/change.js';
import { isObject } from '../model/json.js';

type Container = Record<string, unknown>;

function equalJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Finds (or, when `create`, makes) the child at `step`. Returns undefined when it cannot. */
function child(parent: Container, step: PathStep, create: boolean): Container | undefined {
  if (typeof step === 'string') {
    const value = parent[step];
    if (isObject(value)) return value;
    // An explicit null is "unset" for Kubernetes (Helm renders `securityContext: null`): fill it in.
    if (!create || (value !== undefined && value !== null)) return undefined;
    const made: Container = {};
    parent[step] = made;
    return made;
  }
  let list = parent[step.list];
  if (!Array.isArray(list)) {
    if (!create || (list !== undefined && list !== null)) return undefined;
    list = [];
    parent[step.list] = list;
  }
  const items = list as unknown[];
  const found = items.find((item) => isObject(item) && item[step.key] === step.value);
  if (isObject(found)) return found;
  if (!create) return undefined;
  const made: Container = { [step.key]: step.value };
  items.push(made);
  return made;
}

function applyOperation(template: Container, operation: Operation): void {
  const path = operation.path;
  const last = path[path.length - 1];
  if (last === undefined) return;
  const create = operation.op === 'set' || operation.op === 'include';
  let parent: Container | undefined = template;
  for (const step of path.slice(0, -1)) {
    parent = child(parent, step, create);
    if (!parent) return;
  }
  if (typeof last !== 'string') {
    // A keyed list item as the last step: `set` merges into it, `remove` deletes it.
    if (operation.op === 'remove') {
      const list = parent[last.list];
      if (!Array.isArray(list)) return;
      const kept = list.filter((item) => !(isObject(item) && item[last.key] === last.value));
      if (kept.length > 0) parent[last.list] = kept;
      else delete parent[last.list];
      return;
    }
    if (operation.op === 'set' && isObject(operation.value)) {
      const item = child(parent, last, true)!;
      Object.assign(item, structuredClone(operation.value));
    }
    return;
  }
  switch (operation.op) {
    case 'set':
      parent[last] = structuredClone(operation.value) as JsonValue;
      return;
    case 'remove':
      delete parent[last];
      return;
    case 'include': {
      const list = Array.isArray(parent[last]) ? (parent[last] as unknown[]) : [];
      if (!list.some((item) => equalJson(item, operation.value))) parent[last] = [...list, structuredClone(operation.value)];
      return;
    }
    case 'exclude': {
      const list = parent[last];
      if (!Array.isArray(list)) return;
      const kept = list.filter((item) => !equalJson(item, operation.value));
      if (kept.length > 0) parent[last] = kept;
      else delete parent[last];
      return;
    }
  }
}

function templateOf(object: Container, templatePath: readonly string[]): Container | undefined {
  let current: Container | undefined = object;
  for (const key of templatePath) {
    const next: unknown = current?.[key];
    current = isObject(next) ? next : undefined;
  }
  return current;
}

/** A copy of `object` with the changes' operations applied to its pod template, in order. */
export function applyChanges(object: KubeObject, changes: readonly Change[]): KubeObject {
  const copy = structuredClone(object) as Container;
  for (const change of changes) {
    const template = templateOf(copy, change.templatePath);
    if (!template) continue;
    for (const operation of change.operations) applyOperation(template, operation);
  }
  return copy as KubeObject;
}

/** Dotted display form of a field path: `spec.containers[name=web].securityContext`. */
export function formatFieldPath(path: FieldPath): string {
  return path.map((step) => (typeof step === 'string' ? step : `${step.list}[${step.key}=${step.value}]`)).join('.').replaceAll('.[', '[');
}
