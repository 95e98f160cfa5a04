import type { Container, PodSpec } from '../model/kube.js';

/**
 * Visits init containers, then containers, then ephemeral containers, in spec order, as upstream's
 * `visitContainers` does, so that no check forgets a kind of container.
 */
export function visitContainers(spec: PodSpec, visit: (container: Container) => void): void {
  if (spec.initContainers) for (const container of spec.initContainers) visit(container);
  if (spec.containers) for (const container of spec.containers) visit(container);
  if (spec.ephemeralContainers) for (const container of spec.ephemeralContainers) visit(container);
}

/** Container names that `test` selects, in visiting order. */
export function containersWhere(spec: PodSpec, test: (container: Container) => boolean): string[] {
  const names: string[] = [];
  visitContainers(spec, (container) => {
    if (test(container)) names.push(container.name ?? '');
  });
  return names;
}

/** Windows pods are exempt from some restricted checks from v1.25: only an exact `windows` counts. */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}

/** A user-namespaced pod: `hostUsers` explicitly false (unset does not count). */
export function isUserNamespacePod(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}
