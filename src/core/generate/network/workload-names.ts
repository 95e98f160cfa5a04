import { refKey, type Workload } from '../../model/workload.js';

/**
 * How plans name a workload: its name, or `kind-name` (lower-case kind) when two workloads of the
 * namespace share a name. Also the stem of its policies' ids (`web-ingress`, `cronjob-web-egress`).
 */
export function workloadNames(workloads: readonly Workload[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const workload of workloads) counts.set(workload.ref.name, (counts.get(workload.ref.name) ?? 0) + 1);
  return new Map(
    workloads.map((workload) => [
      refKey(workload.ref),
      (counts.get(workload.ref.name) ?? 0) > 1 ? `${workload.ref.kind.toLowerCase()}-${workload.ref.name}` : workload.ref.name,
    ]),
  );
}

/** Sorted by name, then kind: the order of every list in a plan. */
export function compareWorkloads(a: Workload, b: Workload): number {
  const byName = a.ref.name < b.ref.name ? -1 : a.ref.name > b.ref.name ? 1 : 0;
  return byName || (a.ref.kind < b.ref.kind ? -1 : a.ref.kind > b.ref.kind ? 1 : 0);
}
