/**
 * The NetworkPolicies already in the namespace. They stay as they are: policies add up, so
 * kube-harden only adds what is missing and never proposes a second copy of one that exists.
 *
 * A default deny, as the Kubernetes documentation writes it, selects every pod (`podSelector: {}`)
 * and lists a policy type with no rules for it. `policyTypes`, when unset, is `Ingress` plus
 * `Egress` if the policy has egress rules (the API server's default).
 */
import type { KubeObject } from '../../model/kube.js';
import { sameNamespace } from '../../classify/service-selection.js';
import { canonicalJson, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './policy-object.js';
import { isObject } from '../../model/json.js';

export interface ExistingPolicy {
  readonly name: string;
  readonly coversDefaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  /** Ids of the policies kube-harden would otherwise propose that this one already is. */
  readonly covers: readonly string[];
  /** Carries `app.kubernetes.io/managed-by: kube-harden`: written by an earlier plan. */
  readonly managedByKubeHarden: boolean;
}

export interface ReadPolicy {
  readonly name: string;
  readonly coversDefaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  readonly managedByKubeHarden: boolean;
  /** `canonicalJson` of the spec, to recognise a proposal that already exists under any name. */
  readonly specKey: string;
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function selectsEveryPod(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isObject(selector)) return false;
  const labels = selector.matchLabels;
  const noLabels = labels === undefined || labels === null || (isObject(labels) && Object.keys(labels).length === 0);
  return noLabels && isEmptyList(selector.matchExpressions);
}

/** The policies of `namespace`, sorted by name. */
export function readExistingPolicies(objects: readonly KubeObject[], namespace: string): ReadPolicy[] {
  const policies: ReadPolicy[] = [];
  for (const object of objects) {
    if (object.kind !== 'NetworkPolicy' || !isObject(object.metadata) || typeof object.metadata.name !== 'string') continue;
    const objectNamespace = typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined;
    if (!sameNamespace(objectNamespace, namespace, namespace)) continue;
    const spec = isObject(object.spec) ? object.spec : {};
    const types = Array.isArray(spec.policyTypes)
      ? spec.policyTypes.filter((type): type is string => typeof type === 'string')
      : ['Ingress', ...(spec.egress !== undefined && spec.egress !== null ? ['Egress'] : [])];
    const everyPod = selectsEveryPod(spec.podSelector);
    const labels = isObject(object.metadata.labels) ? object.metadata.labels : {};
    policies.push({
      name: object.metadata.name,
      coversDefaultDeny: {
        ingress: everyPod && types.includes('Ingress') && isEmptyList(spec.ingress),
        egress: everyPod && types.includes('Egress') && isEmptyList(spec.egress),
      },
      managedByKubeHarden: labels[MANAGED_BY_LABEL] === MANAGED_BY_VALUE,
      specKey: canonicalJson(spec),
    });
  }
  return policies.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
