/**
 * Which labels select a workload's pods in a NetworkPolicy: the smallest set that matches that
 * workload and no other workload of the namespace. A Service's selector that picks exactly the
 * workload comes first, since it is the set the team already thinks of as "this app"; then the
 * well-known app labels, then any smallest combination. When no set is unique (two workloads share
 * all their labels), all labels are used and the policy says which workloads it really selects.
 */
import type { ServiceInfo } from '../../classify/service-selection.js';
import { podLabels, selectorMatches } from '../../classify/service-selection.js';
import { refKey, type Workload } from '../../model/workload.js';
import type { Labels } from './options.js';

export interface PodSelection {
  readonly labels: Labels;
  /** Every workload of the namespace these labels select, the intended one included, by `refKey`. */
  readonly selects: readonly Workload[];
  readonly unique: boolean;
}

/** Earlier keys are tried first among sets of the same size. */
const PREFERRED_KEYS = ['app.kubernetes.io/name', 'app', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'name', 'component'];

/** Past this many candidate sets the search stops and all labels are used. */
const MAX_CANDIDATES = 4096;

function keyRank(key: string): [number, string] {
  const index = PREFERRED_KEYS.indexOf(key);
  return [index < 0 ? PREFERRED_KEYS.length : index, key];
}

function compareKeys(a: string, b: string): number {
  const [rankA, nameA] = keyRank(a);
  const [rankB, nameB] = keyRank(b);
  return rankA - rankB || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
}

/** The k-element subsets of `items`, in lexicographic order of positions. */
function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const indices = Array.from({ length: k }, (_, index) => index);
  while (true) {
    yield indices.map((index) => items[index] as T);
    let position = k - 1;
    while (position >= 0 && indices[position] === items.length - k + position) position--;
    if (position < 0) return;
    indices[position] = (indices[position] as number) + 1;
    for (let next = position + 1; next < k; next++) indices[next] = (indices[next - 1] as number) + 1;
  }
}

/**
 * The workloads a selector picks, in input order. An index from `key=value` to workloads keeps
 * this to a scan of the shortest posting list, so choosing selectors stays linear in practice
 * (a namespace of 5,000 workloads would otherwise cost 5,000² label comparisons).
 */
function indexByLabel(workloads: readonly Workload[]): (labels: Labels) => Workload[] {
  const postings = new Map<string, Workload[]>();
  for (const workload of workloads) {
    for (const [key, value] of Object.entries(podLabels(workload))) {
      const entry = `${key}\u0000${value}`;
      const list = postings.get(entry);
      if (list) list.push(workload);
      else postings.set(entry, [workload]);
    }
  }
  return (labels) => {
    let shortest: Workload[] | undefined;
    for (const [key, value] of Object.entries(labels)) {
      const list = postings.get(`${key}\u0000${value}`) ?? [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    return shortest ? shortest.filter((workload) => selectorMatches(labels, podLabels(workload))) : [];
  };
}

function selectorText(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

/**
 * Selections for every workload with pod labels, by `refKey`. `workloads` are those of one
 * namespace; `services` those of the same namespace.
 */
export function choosePodSelectors(workloads: readonly Workload[], services: readonly ServiceInfo[]): Map<string, PodSelection> {
  const selections = new Map<string, PodSelection>();
  const selecting = indexByLabel(workloads);
  for (const workload of workloads) {
    const labels = podLabels(workload);
    const keys = Object.keys(labels).sort(compareKeys);
    if (keys.length === 0) continue;
    const isUnique = (candidate: Labels): boolean => selecting(candidate).every((other) => other === workload);
    const fromServices = services
      .map((service) => service.selector)
      .filter((selector) => selectorMatches(selector, labels) && isUnique(selector))
      .sort((a, b) => Object.keys(a).length - Object.keys(b).length || (selectorText(a) < selectorText(b) ? -1 : 1));
    let chosen: Labels | undefined = fromServices[0];
    let tried = 0;
    for (let size = 1; !chosen && size <= keys.length && tried < MAX_CANDIDATES; size++) {
      for (const subset of combinations(keys, size)) {
        if (++tried > MAX_CANDIDATES) break;
        const candidate = Object.fromEntries(subset.map((key) => [key, labels[key] as string]));
        if (isUnique(candidate)) {
          chosen = candidate;
          break;
        }
      }
    }
    const final = chosen ?? labels;
    selections.set(refKey(workload.ref), { labels: final, selects: selecting(final), unique: isUnique(final) });
  }
  return selections;
}
