/**
 * Server-side apply removes any field a manager owned and no longer sends. kube-harden re-plans
 * from the live objects, where its earlier fixes already pass and so produce no change: sent
 * alone, the new changes would drop them (and the enforce phase would drop the warn/audit labels
 * the prepare phase set). So every apply re-asserts what kube-harden owns, read from the object's
 * managedFields (fieldsV1) with the live values.
 */
import type { KubeObject } from '../model/kube.js';
import { isObject } from '../model/json.js';

type Tree = Record<string, unknown>;

function matches(item: unknown, key: Tree): boolean {
  return isObject(item) && Object.entries(key).every(([name, value]) => JSON.stringify(item[name]) === JSON.stringify(value));
}

/** The part of `live` that `fields` (a fieldsV1 tree) covers, with live values. */
export function extractOwned(fields: unknown, live: unknown): unknown {
  if (!isObject(fields)) return undefined;
  const children = Object.keys(fields).filter((key) => key !== '.');
  if (children.length === 0) return live;
  if (Array.isArray(live)) {
    const items: unknown[] = [];
    for (const key of children) {
      if (key.startsWith('k:')) {
        const itemKey = JSON.parse(key.slice(2)) as Tree;
        const item = live.find((candidate) => matches(candidate, itemKey));
        if (item === undefined) continue;
        const owned = extractOwned(fields[key], item);
        items.push(isObject(owned) ? { ...owned, ...itemKey } : itemKey);
      } else if (key.startsWith('v:')) {
        items.push(JSON.parse(key.slice(2)));
      }
    }
    return items;
  }
  if (!isObject(live)) return live;
  const result: Tree = {};
  for (const key of children) {
    if (!key.startsWith('f:')) continue;
    const name = key.slice(2);
    if (live[name] === undefined) continue;
    const owned = extractOwned(fields[key], live[name]);
    if (owned !== undefined) result[name] = owned;
  }
  return result;
}

/** Keys that identify items of the lists kube-harden writes (containers, volumes, mounts, sysctls, env). */
const ITEM_KEYS = ['name', 'mountPath', 'containerPort'];

function itemKeyOf(item: unknown): string | undefined {
  if (!isObject(item)) return undefined;
  const key = ITEM_KEYS.find((name) => item[name] !== undefined);
  return key ? `${key}=${JSON.stringify(item[key])}` : undefined;
}

/** Deep merge where `next` wins; lists of keyed items merge by key, other lists are replaced. */
export function mergeConfigurations(base: unknown, next: unknown): unknown {
  if (isObject(base) && isObject(next)) {
    const merged: Tree = { ...base };
    for (const [key, value] of Object.entries(next)) merged[key] = key in base ? mergeConfigurations(base[key], value) : value;
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(next) && [...base, ...next].every((item) => itemKeyOf(item) !== undefined)) {
    const merged = [...base];
    for (const item of next) {
      const index = merged.findIndex((candidate) => itemKeyOf(candidate) === itemKeyOf(item));
      if (index >= 0) merged[index] = mergeConfigurations(merged[index], item);
      else merged.push(item);
    }
    return merged;
  }
  return next;
}

/** The apply configuration plus everything kube-harden already owns on the live object. */
export function withOwnedFields(configuration: KubeObject, live: KubeObject | undefined, ownedFieldsV1: unknown): KubeObject {
  if (!live || ownedFieldsV1 === undefined) return configuration;
  const owned = extractOwned(ownedFieldsV1, live);
  return isObject(owned) ? (mergeConfigurations(owned, configuration) as KubeObject) : configuration;
}
