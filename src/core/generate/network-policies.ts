/**
 * The NetworkPolicy plan for one namespace: default deny both ways, DNS for every pod, and for
 * each workload the ingress its exposure calls for and the egress its configuration shows. What
 * the manifests cannot show is listed as unseen traffic with an allow the user can opt into.
 *
 * Every policy selects pods by the smallest label set that picks its workload and no other (see
 * network/pod-selectors.ts); `appliesTo` and `peers` say which workloads each selector really
 * matches, so a plan never claims more precision than the labels allow.
 */
import { readIngress } from '../classify/ingress-backends.js';
import { readService, sameNamespace, type ServiceInfo } from '../classify/service-selection.js';
import type { WorkloadClass } from '../model/classes.js';
import type { KubeObject } from '../model/kube.js';
import { formatRef, refKey, type Workload } from '../model/workload.js';
import { discoverEgress, type EgressEdge } from './network/discover-egress.js';
import { isAllowed, parseEgressAllows } from './network/egress-allows.js';
import { planEgress } from './network/egress-rules.js';
import { readExistingPolicies, type ExistingPolicy, type ReadPolicy } from './network/existing-policies.js';
import { planIngress } from './network/ingress-rules.js';
import { readServiceAccountAutomount } from './network/kubernetes-api.js';
import type { NetworkOptions } from './network/options.js';
import { choosePodSelectors } from './network/pod-selectors.js';
import { buildPolicy, canonicalJson, labelSelector, type NetworkPolicySpec } from './network/policy-object.js';
import { readConfigMap } from './network/references.js';
import type { NetworkPlan, ProposedPolicy, UnseenTraffic } from './network/types.js';
import { compareWorkloads, workloadNames } from './network/workload-names.js';

export type { EgressAllow, Labels, NetworkOptions } from './network/options.js';
export { DEFAULT_DNS, DEFAULT_INGRESS_CONTROLLER, networkOptions } from './network/options.js';
export type { NetworkPolicy } from './network/policy-object.js';
export type { ExistingPolicy } from './network/existing-policies.js';
export type { NetworkPlan, ProposedPolicy, UnseenKind, UnseenTraffic } from './network/types.js';

export const CNI_NOTE =
  'NetworkPolicies take effect only where the cluster network plugin enforces them (Calico, Cilium, Antrea and others do; ' +
  'flannel on its own does not): check yours before relying on this plan.';

interface Draft {
  readonly id: string;
  readonly spec: NetworkPolicySpec;
  readonly summary: string;
  readonly appliesTo: readonly Workload[];
  readonly peers: readonly Workload[];
}

function refs(workloads: readonly Workload[]): string[] {
  return [...new Set(workloads.map((workload) => formatRef(workload.ref)))].sort();
}

function namespaceOf(object: KubeObject): string | undefined {
  const namespace = object.metadata?.namespace;
  return typeof namespace === 'string' ? namespace : undefined;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Plans the NetworkPolicies of `options.namespace`. Pure and deterministic: the same workloads,
 * classes and objects, in any order, give the same plan.
 *
 * @param classes workload class by `refKey(ref)`; a data store with known clients accepts only them.
 * @param contextObjects the input's other objects: Services, Ingresses, ConfigMaps,
 *   NetworkPolicies, ServiceAccounts, Namespaces. Secrets are never read.
 */
export function planNetworkPolicies(
  workloads: readonly Workload[],
  classes: ReadonlyMap<string, WorkloadClass>,
  contextObjects: readonly KubeObject[],
  options: NetworkOptions,
): NetworkPlan {
  const namespace = options.namespace;
  const inNamespace = (objectNamespace: string | undefined): boolean => sameNamespace(objectNamespace, namespace, namespace);
  const members = workloads.filter((workload) => inNamespace(workload.ref.namespace)).sort(compareWorkloads);
  const local = contextObjects.filter((object) => inNamespace(namespaceOf(object)));
  const allServices = contextObjects.map(readService).filter((service): service is ServiceInfo => service !== undefined);
  const services = allServices.filter((service) => inNamespace(service.namespace)).sort(byName);
  const notes: string[] = [CNI_NOTE];

  const selections = choosePodSelectors(members, services);
  const names = workloadNames(members);
  const nameOf = (workload: Workload): string => names.get(refKey(workload.ref)) ?? workload.ref.name;

  const discovery = discoverEgress({
    namespace,
    services: new Map(services.map((service) => [service.name, service])),
    otherServices: new Map(
      allServices.filter((service) => !inNamespace(service.namespace)).map((service) => [`${service.namespace}/${service.name}`, service]),
    ),
    namespaces: new Set([
      ...contextObjects.flatMap((object) => {
        const name = object.kind === 'Namespace' ? object.metadata?.name : undefined;
        return typeof name === 'string' ? [name] : [];
      }),
      ...contextObjects.flatMap((object) => namespaceOf(object) ?? []),
      ...workloads.flatMap((workload) => workload.ref.namespace ?? []),
    ]),
    workloads: members,
    allWorkloads: workloads,
    selections,
    names,
    configMaps: new Map(local.flatMap((object) => readConfigMap(object) ?? []).map((configMap) => [configMap.name, configMap])),
    serviceAccounts: readServiceAccountAutomount(local),
  });

  const allows = parseEgressAllows(options.egressAllows, members, notes);
  const unseen: UnseenTraffic[] = discovery.unseen
    .map((entry) => {
      const workload = members.find((member) => formatRef(member.ref) === entry.workload);
      return { ...entry, allowed: isAllowed(entry, (workload && allows.get(refKey(workload.ref))) ?? []) };
    })
    .sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0));

  const edgesFrom = new Map<string, EgressEdge[]>();
  const edgesTo = new Map<string, EgressEdge[]>();
  for (const edge of discovery.edges) {
    const from = refKey(edge.from.ref);
    edgesFrom.set(from, [...(edgesFrom.get(from) ?? []), edge]);
    if (edge.target) {
      const to = refKey(edge.target.ref);
      edgesTo.set(to, [...(edgesTo.get(to) ?? []), edge]);
    }
  }

  const existingRead = readExistingPolicies(contextObjects, namespace);
  const denyCovered = {
    ingress: existingRead.some((policy) => policy.coversDefaultDeny.ingress),
    egress: existingRead.some((policy) => policy.coversDefaultDeny.egress),
  };

  const drafts: Draft[] = [];
  // Two policies, not one: denying egress is what breaks unseen traffic, so the user may want to
  // accept the ingress half first.
  for (const [type, covered] of [['Ingress', denyCovered.ingress], ['Egress', denyCovered.egress]] as const) {
    if (covered) continue;
    drafts.push({
      id: `default-deny-${type.toLowerCase()}`,
      spec: { podSelector: {}, policyTypes: [type] },
      summary: `every pod: no ${type.toLowerCase()} unless another policy allows it`,
      appliesTo: members,
      peers: [],
    });
  }
  drafts.push({
    id: 'allow-dns',
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [{ namespaceSelector: labelSelector(options.dns.namespaceSelector), podSelector: labelSelector(options.dns.podSelector) }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    },
    summary: `every pod: egress to the cluster DNS (${describeLabels(options.dns.podSelector)} in ${describeLabels(
      options.dns.namespaceSelector,
    )}) on UDP and TCP 53`,
    appliesTo: members,
    peers: [],
  });

  const ingressContext = {
    namespace,
    services,
    ingresses: local.flatMap((object) => readIngress(object) ?? []),
    classes,
    ingressController: options.ingressController,
    selections,
    names,
    edgesTo,
  };
  for (const workload of members) {
    const key = refKey(workload.ref);
    const ref = formatRef(workload.ref);
    const selection = selections.get(key);
    const workloadAllows = allows.get(key) ?? [];
    if (workload.pod.spec.hostNetwork === true) {
      notes.push(`${ref} uses the host network: NetworkPolicies do not apply to its pods, and its traffic to other pods comes from node addresses.`);
      continue;
    }
    if (!selection) {
      notes.push(`${ref} has no pod labels, so no policy can select it alone: default deny leaves it DNS only. Label its pods and plan again.`);
      if (workloadAllows.length > 0) notes.push(`Opt-in egress for ${ref} cannot be applied until its pods have labels.`);
      continue;
    }
    if (!selection.unique) {
      const others = refs(selection.selects.filter((other) => other !== workload));
      const one = others.length === 1;
      notes.push(
        `${ref} has no pod labels that ${others.join(', ')} ${one ? 'does' : 'do'} not also have: ` +
          `its policies select ${one ? 'it' : 'them'} too. Give it a label of its own.`,
      );
    }
    const podSelector = labelSelector(selection.labels);
    const ingress = planIngress(workload, ingressContext);
    notes.push(...ingress.notes);
    if (ingress.rules.length > 0) {
      drafts.push({
        id: `${nameOf(workload)}-ingress`,
        spec: { podSelector, policyTypes: ['Ingress'], ingress: ingress.rules },
        summary: `${nameOf(workload)}: ingress ${ingress.phrases.join('; ')}`,
        appliesTo: selection.selects,
        peers: ingress.peers,
      });
    }
    const egress = planEgress(edgesFrom.get(key) ?? [], workloadAllows);
    if (egress.rules.length > 0) {
      drafts.push({
        id: `${nameOf(workload)}-egress`,
        spec: { podSelector, policyTypes: ['Egress'], egress: egress.rules },
        summary: `${nameOf(workload)}: egress ${egress.phrases.join('; ')}`,
        appliesTo: selection.selects,
        peers: egress.peers,
      });
    }
    const replicas = (workload.object.spec as Record<string, unknown> | undefined)?.replicas;
    const clientsOnly = classes.get(key) === 'data-store' && (edgesTo.get(key) ?? []).length > 0;
    if (clientsOnly && typeof replicas === 'number' && replicas > 1) {
      notes.push(`${ref} runs ${replicas} replicas that accept traffic only from their clients: if they replicate to each other, allow that too.`);
    }
  }
  notes.push(...discovery.notes);
  if (!denyCovered.egress && unseen.some((entry) => !entry.allowed)) {
    notes.push('Default deny egress blocks the unseen traffic listed for each workload until you allow it.');
  }
  if (unseen.some((entry) => entry.kind === 'kubernetes-api' && !entry.allowed)) {
    notes.push(
      'The Kubernetes API server address is not in the manifests: find it with ' +
        '`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes` and allow that address and port.',
    );
  }

  const { policies, existing } = settleAgainstExisting(drafts, existingRead, namespace);
  if (existing.length === 1) {
    notes.push(`One NetworkPolicy already exists in namespace ${namespace} and stays: policies add up, so whatever it allows stays allowed.`);
  } else if (existing.length > 1) {
    notes.push(
      `${existing.length} NetworkPolicies already exist in namespace ${namespace} and stay: policies add up, so whatever they allow stays allowed.`,
    );
  }
  return { policies, existing, unseen, notes: [...new Set(notes)] };
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 1 && keys[0] === 'kubernetes.io/metadata.name') return `namespace ${labels[keys[0]]}`;
  return keys.length === 0 ? 'anything' : keys.map((key) => `${key}=${labels[key]}`).join(', ');
}

/** Drops drafts an existing policy already is (same spec, any name); marks those that replace one of the same name. */
function settleAgainstExisting(
  drafts: readonly Draft[],
  existingRead: readonly ReadPolicy[],
  namespace: string,
): { policies: ProposedPolicy[]; existing: ExistingPolicy[] } {
  const covers = new Map<string, string[]>(existingRead.map((policy) => [policy.name, []]));
  for (const policy of existingRead) {
    if (policy.coversDefaultDeny.ingress) covers.get(policy.name)?.push('default-deny-ingress');
    if (policy.coversDefaultDeny.egress) covers.get(policy.name)?.push('default-deny-egress');
  }
  const policies: ProposedPolicy[] = [];
  for (const draft of drafts) {
    const object = buildPolicy(draft.id, namespace, draft.spec);
    const same = existingRead.find((policy) => policy.specKey === canonicalJson(object.spec));
    if (same) {
      covers.get(same.name)?.push(draft.id);
      continue;
    }
    policies.push({
      id: draft.id,
      object,
      summary: draft.summary,
      appliesTo: refs(draft.appliesTo),
      peers: refs(draft.peers),
      replacesExisting: existingRead.some((policy) => policy.name === object.metadata.name),
    });
  }
  const existing = existingRead.map((policy) => ({
    name: policy.name,
    coversDefaultDeny: policy.coversDefaultDeny,
    covers: [...new Set(covers.get(policy.name) ?? [])],
    managedByKubeHarden: policy.managedByKubeHarden,
  }));
  return { policies, existing };
}
