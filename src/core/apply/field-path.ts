/**
 * Field paths over whole objects (the pod template's path prefixed), as the backup records them:
 * reading the value at a path, and turning paths with their values into a strategic-merge patch.
 */
import type { FieldPath, PathStep } from '../model/change.js';
import type { JsonValue } from '../model/kube.js';
import { MERGE_KEYS } from '../model/merge-keys.js';
import { isObject } from '../model/json.js';

type Tree = Record<string, unknown>;

/** Lists merged by key in strategic-merge patches and server-side apply; every other list is atomic. */

export function stepInto(source: unknown, step: PathStep): unknown {
  if (!isObject(source)) return undefined;
  if (typeof step === 'string') return source[step];
  const list = source[step.list];
  return Array.isArray(list) ? list.find((item) => isObject(item) && item[step.key] === step.value) : undefined;
}

/** The value at `path`, or undefined when any step is missing. */
export function valueAt(object: unknown, path: FieldPath): JsonValue | undefined {
  let current: unknown = object;
  for (const step of path) current = stepInto(current, step);
  return current === undefined ? undefined : (current as JsonValue);
}

/** The path cut where it enters an atomic list, which is then owned and written whole. */
export function cutAtAtomicList(path: FieldPath): FieldPath {
  const cut = path.findIndex((step) => typeof step !== 'string' && MERGE_KEYS[step.list] !== step.key);
  return cut < 0 ? path : [...path.slice(0, cut), (path[cut] as { list: string }).list];
}

export function formatPath(path: FieldPath): string {
  return path.map((step) => (typeof step === 'string' ? `.${step}` : `.${step.list}[${step.key}=${step.value}]`)).join('');
}

/**
 * A strategic-merge patch that sets each path to its value: an absent value (undefined) deletes the
 * field (`null`) or the keyed item (`$patch: delete`).
 */
export function patchFromValues(entries: readonly { readonly path: FieldPath; readonly value: JsonValue | undefined }[]): Tree {
  const patch: Tree = {};
  for (const { path, value } of entries) {
    let node = patch;
    path.forEach((step, index) => {
      const last = index === path.length - 1;
      if (typeof step === 'string') {
        if (last) node[step] = value === undefined ? null : structuredClone(value);
        else node = (isObject(node[step]) ? node[step] : (node[step] = {})) as Tree;
        return;
      }
      const list = (Array.isArray(node[step.list]) ? node[step.list] : (node[step.list] = [])) as Tree[];
      let item = list.find((candidate) => candidate[step.key] === step.value);
      if (!item) list.push((item = { [step.key]: step.value }));
      if (last) {
        if (value === undefined) item.$patch = 'delete';
        else Object.assign(item, structuredClone(value));
      }
      node = item;
    });
  }
  return patch;
}
