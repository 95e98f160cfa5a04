/**
 * Minimal strategic-merge patches for the accepted changes of one workload: only the fields the
 * changes touch, containers and volumes addressed by their merge keys, atomic lists written whole,
 * removed fields as `null`, and the other items of a touched keyed list as `{key}` stubs so that
 * kustomize keeps the list's order. `kubectl kustomize` and `kubectl patch --type strategic` read them.
 */
import type { Change, PathStep } from '../model/change.js';
import type { KubeObject } from '../model/kube.js';
import { MERGE_KEYS } from '../model/merge-keys.js';
import { isObject } from '../model/json.js';


type Tree = Record<string, unknown>;

function lookup(source: unknown, step: PathStep): unknown {
  if (!isObject(source)) return undefined;
  if (typeof step === 'string') return source[step];
  const list = source[step.list];
  return Array.isArray(list) ? list.find((item) => isObject(item) && item[step.key] === step.value) : undefined;
}

/** The path of one operation, cut where it enters an atomic list (which is then written whole). */
function patchPath(path: readonly PathStep[]): readonly PathStep[] {
  const cut = path.findIndex((step) => typeof step !== 'string' && MERGE_KEYS[step.list] !== step.key);
  return cut < 0 ? path : [...path.slice(0, cut), (path[cut] as { list: string }).list];
}

/**
 * Lists every item of each merge-keyed list the patch touches, in the patched object's order,
 * untouched items as `{key: value}` stubs. kustomize moves the items a patch names to the front of
 * the merged list, in the patch's order: patching only the second init container would make it run
 * first. Items the patch deletes (`$patch: delete`) stay at the end.
 */
function keepListOrder(node: unknown, object: unknown): void {
  if (!isObject(node) || !isObject(object)) return;
  for (const [name, value] of Object.entries(node)) {
    const counterpart = object[name];
    const mergeKey = MERGE_KEYS[name];
    if (!Array.isArray(value)) {
      keepListOrder(value, counterpart);
      continue;
    }
    if (!mergeKey || !Array.isArray(counterpart)) continue;
    const items = value as Tree[];
    const ordered: Tree[] = [];
    for (const item of counterpart) {
      if (!isObject(item)) continue;
      const existing = items.find((candidate) => candidate[mergeKey] === item[mergeKey] && candidate.$patch === undefined);
      if (existing) keepListOrder(existing, item);
      ordered.push(existing ?? { [mergeKey]: item[mergeKey] });
    }
    ordered.push(...items.filter((item) => !ordered.includes(item)));
    node[name] = ordered;
  }
}

export function strategicMergePatch(original: KubeObject, patched: KubeObject, changes: readonly Change[]): KubeObject {
  const patch: Tree = {
    apiVersion: original.apiVersion,
    kind: original.kind,
    metadata: { name: original.metadata?.name, ...(original.metadata?.namespace ? { namespace: original.metadata.namespace } : {}) },
  };
  for (const change of changes) {
    const templatePath = change.templatePath;
    for (const operation of change.operations) {
      const path = patchPath(operation.path);
      // Walk the patch tree, the patched object and the original side by side.
      let node: Tree = patch;
      let after: unknown = patched;
      for (const key of templatePath) {
        node = (isObject(node[key]) ? node[key] : (node[key] = {})) as Tree;
        after = lookup(after, key);
      }
      for (let index = 0; index < path.length; index++) {
        const step = path[index]!;
        const last = index === path.length - 1;
        const value = lookup(after, step);
        if (typeof step === 'string') {
          if (last) {
            node[step] = value === undefined ? null : structuredClone(value);
          } else {
            node = (isObject(node[step]) ? node[step] : (node[step] = {})) as Tree;
            after = value;
          }
          continue;
        }
        const list = (Array.isArray(node[step.list]) ? node[step.list] : (node[step.list] = [])) as Tree[];
        let item = list.find((candidate) => candidate[step.key] === step.value);
        if (last) {
          if (value === undefined) {
            // Strategic merge deletes a keyed item with the `$patch: delete` directive.
            list.push({ [step.key]: step.value, $patch: 'delete' });
          } else {
            const replacement = structuredClone(value) as Tree;
            if (item) Object.assign(item, replacement);
            else list.push(replacement);
          }
          continue;
        }
        if (!item) {
          item = { [step.key]: step.value };
          list.push(item);
        }
        node = item;
        after = value;
      }
    }
  }
  keepListOrder(patch, patched);
  return patch as KubeObject;
}
