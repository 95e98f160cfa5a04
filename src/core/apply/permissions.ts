/**
 * Which permissions each apply step needs, asked of the server with SelfSubjectAccessReviews, and
 * who can grant what is missing: namespaced rights a namespace admin can, but labelling a Namespace
 * needs cluster-scoped `patch namespaces`, which only a cluster admin has.
 */
import type { WriteStep } from './apply-steps.js';
import { resourceForKind } from './resources.js';

export interface PermissionNeed {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly why: string;
}

export interface PermissionCheck extends PermissionNeed {
  readonly allowed: boolean;
  readonly reason?: string;
}

export function isClusterScoped(need: PermissionNeed): boolean {
  return need.namespace === undefined;
}

/** The permissions the steps need, one per (verb, resource, namespace, name). */
export function permissionsFor(steps: readonly WriteStep[]): PermissionNeed[] {
  const needs = new Map<string, PermissionNeed>();
  const add = (need: PermissionNeed) => {
    const key = `${need.verb} ${need.group}/${need.resource} ${need.namespace ?? ''} ${need.name ?? ''}`;
    if (!needs.has(key)) needs.set(key, need);
  };
  for (const step of steps) {
    const resource = resourceForKind(step.target.kind);
    if (!resource) continue;
    if (step.kind === 'labels') {
      add({ verb: 'patch', group: '', resource: 'namespaces', name: step.target.name, why: `label namespace ${step.target.name}` });
      continue;
    }
    const namespace = step.target.namespace;
    const what = `${resource.plural} in ${namespace}`;
    // Server-side apply of a new object is a create as far as RBAC is concerned.
    if (step.kind === 'network-policy') add({ verb: 'create', group: resource.group, resource: resource.plural, namespace, why: `create ${what}` });
    add({ verb: 'patch', group: resource.group, resource: resource.plural, namespace, why: `change ${what}` });
  }
  return [...needs.values()];
}

export function describeNeed(need: PermissionNeed): string {
  const resource = need.group ? `${need.resource}.${need.group}` : need.resource;
  return `${need.verb} ${resource}${need.name ? `/${need.name}` : ''}${need.namespace ? ` in namespace ${need.namespace}` : ' (cluster-scoped)'}`;
}

/** Missing permissions split by who can grant them. */
export function splitMissing(checks: readonly PermissionCheck[]): { readonly namespaceAdmin: PermissionCheck[]; readonly clusterAdmin: PermissionCheck[] } {
  const missing = checks.filter((check) => !check.allowed);
  return { namespaceAdmin: missing.filter((check) => !isClusterScoped(check)), clusterAdmin: missing.filter(isClusterScoped) };
}
