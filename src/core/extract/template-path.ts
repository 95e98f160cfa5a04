import type { PodBearingKind } from '../model/workload.js';

/** Where each pod-bearing kind keeps its pod template (a Pod is its own template). */
export function templatePathFor(kind: PodBearingKind): readonly string[] {
  switch (kind) {
    case 'Pod':
      return [];
    case 'PodTemplate':
      return ['template'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return ['spec', 'template'];
  }
}

export function formatPath(path: readonly string[], field?: string): string {
  const parts = [...path];
  if (field) parts.push(field);
  return parts.join('.');
}

/** Reads the value at `path`, or undefined when any step is missing or not an object. */
export function valueAt(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
