/**
 * Each workload's egress, as far as its configuration shows it: connections to Services of the
 * namespace become edges to the pods behind them (on the pod port the Service reaches); everything
 * else — the internet, hosts outside the cluster, other namespaces kube-harden cannot resolve, the
 * Kubernetes API — is listed as unseen traffic with an allow the user can opt into.
 */
import type { ServiceInfo } from '../../classify/service-selection.js';
import { formatRef, refKey, type Workload } from '../../model/workload.js';
import { isIpv4 } from './endpoints.js';
import { externalTraffic, resolveHost, resolveServicePorts, workloadsBehind, type DestinationContext } from './destinations.js';
import { kubernetesApiSignals } from './kubernetes-api.js';
import { NAMESPACE_NAME_LABEL, type EgressAllow } from './options.js';
import type { PodSelection } from './pod-selectors.js';
import { labelSelector, normalizePorts, type NetworkPolicyPeer, type NetworkPolicyPort } from './policy-object.js';
import { findWorkloadReferences, type ConfigMapData, type HostReference } from './references.js';
import type { UnseenKind, UnseenTraffic } from './types.js';

export interface EgressEdge {
  readonly from: Workload;
  /** Groups edges into one rule per destination; also their order. */
  readonly peerKey: string;
  /** How summaries name the destination: `postgres`, `pods of Service cache`. */
  readonly peerLabel: string;
  readonly peer: NetworkPolicyPeer;
  /** The namespace's workloads `peer` selects. */
  readonly peerWorkloads: readonly Workload[];
  /** The workload of the namespace that receives the traffic, when there is one. */
  readonly target?: Workload;
  readonly ports: readonly NetworkPolicyPort[];
}

export interface EgressDiscovery {
  readonly edges: readonly EgressEdge[];
  readonly unseen: readonly Omit<UnseenTraffic, 'allowed'>[];
  readonly notes: readonly string[];
}

export interface DiscoveryContext extends DestinationContext {
  /** The planned namespace's workloads, sorted. */
  readonly workloads: readonly Workload[];
  /** Every workload of the input, to resolve named ports of Services in other namespaces. */
  readonly allWorkloads: readonly Workload[];
  readonly selections: ReadonlyMap<string, PodSelection>;
  readonly names: ReadonlyMap<string, string>;
  readonly configMaps: ReadonlyMap<string, ConfigMapData>;
  readonly serviceAccounts: ReadonlyMap<string, boolean>;
}

interface Unseen {
  readonly workload: Workload;
  readonly kind: UnseenKind;
  readonly what: string;
  readonly why?: string;
  readonly where: string[];
  readonly suggestedAllow?: EgressAllow;
}

function suggestCidr(host: string): string {
  if (isIpv4(host)) return `${host}/32`;
  if (host.includes(':')) return `${host}/128`;
  // NetworkPolicy has no host names: the whole internet is the only address kube-harden can offer.
  return '0.0.0.0/0';
}

export function discoverEgress(context: DiscoveryContext): EgressDiscovery {
  const edges: EgressEdge[] = [];
  const unseen = new Map<string, Unseen>();
  const notes: string[] = [];

  const addUnseen = (entry: Omit<Unseen, 'where'>, where: string): void => {
    const key = `${refKey(entry.workload.ref)}\u0000${entry.kind}\u0000${entry.what}`;
    const existing = unseen.get(key);
    if (existing) {
      if (!existing.where.includes(where)) existing.where.push(where);
    } else unseen.set(key, { ...entry, where: [where] });
  };

  const edgeToWorkload = (from: Workload, target: Workload, ports: NetworkPolicyPort[], reference: HostReference): void => {
    const selection = context.selections.get(refKey(target.ref));
    const name = context.names.get(refKey(target.ref)) ?? target.ref.name;
    if (target.pod.spec.hostNetwork === true) {
      notes.push(
        `${formatRef(from.ref)} reaches ${formatRef(target.ref)} (${reference.display}), which uses the host network: ` +
          "no pod selector can name it; allow its nodes' addresses with an opt-in egress.",
      );
      return;
    }
    if (!selection) return;
    edges.push({
      from,
      peerKey: `0\u0000${name}`,
      peerLabel: name,
      peer: { podSelector: labelSelector(selection.labels) },
      peerWorkloads: selection.selects,
      target,
      ports,
    });
  };

  const toService = (from: Workload, service: ServiceInfo, reference: HostReference): void => {
    if (service.type === 'ExternalName' || Object.keys(service.selector).length === 0) {
      const externalName = (service.object.spec as Record<string, unknown> | undefined)?.externalName;
      const target = typeof externalName === 'string' ? externalName.toLowerCase().replace(/\.$/, '') : undefined;
      const why = target
        ? `Service ${service.name} is an ExternalName for ${target}`
        : `Service ${service.name} has no selector: its endpoints are set outside the manifests`;
      const kind = target ? externalTraffic(target) : 'external-host';
      const suggestedAllow = suggestedFor(from, target ? suggestCidr(target) : '0.0.0.0/0', reference.port);
      addUnseen({ workload: from, kind, what: reference.display, why, suggestedAllow }, reference.where);
      return;
    }
    const targets = workloadsBehind(service, context.workloads);
    if (targets.length === 0) {
      const resolved = resolveServicePorts(service, reference.port, undefined);
      if ('problem' in resolved) {
        notes.push(unresolvedNote(from, reference, resolved.problem));
        return;
      }
      edges.push({
        from,
        peerKey: `1\u0000${service.name}`,
        peerLabel: `pods of Service ${service.name}`,
        peer: { podSelector: labelSelector(service.selector) },
        peerWorkloads: [],
        ports: resolved.ports,
      });
      notes.push(
        `Service ${service.name} selects no workload of the input: egress from ${formatRef(from.ref)} goes to whatever pods its selector matches.`,
      );
      return;
    }
    for (const target of targets) {
      const resolved = resolveServicePorts(service, reference.port, target);
      if ('problem' in resolved) {
        notes.push(unresolvedNote(from, reference, resolved.problem));
        continue;
      }
      edgeToWorkload(from, target, resolved.ports, reference);
    }
  };

  const toOtherNamespace = (
    from: Workload,
    namespace: string,
    serviceName: string,
    service: ServiceInfo | undefined,
    reference: HostReference,
  ): void => {
    if (service && Object.keys(service.selector).length > 0 && service.type !== 'ExternalName') {
      const targets = workloadsBehind(service, context.allWorkloads.filter((workload) => workload.ref.namespace === namespace));
      const resolutions =
        targets.length > 0
          ? targets.map((target) => resolveServicePorts(service, reference.port, target))
          : [resolveServicePorts(service, reference.port, undefined)];
      const ports = resolutions.flatMap((resolution) => ('ports' in resolution ? resolution.ports : []));
      if (ports.length > 0) {
        edges.push({
          from,
          peerKey: `2\u0000${namespace}\u0000${serviceName}`,
          peerLabel: `Service ${serviceName} in namespace ${namespace}`,
          peer: { namespaceSelector: labelSelector({ [NAMESPACE_NAME_LABEL]: namespace }), podSelector: labelSelector(service.selector) },
          peerWorkloads: [],
          ports: normalizePorts(ports),
        });
        return;
      }
    }
    addUnseen(
      {
        workload: from,
        kind: 'other-namespace',
        what: reference.display,
        why: `Service ${serviceName} in namespace ${namespace}${service ? '' : ', not in the input'}`,
        suggestedAllow: { workload: formatRef(from.ref), namespace },
      },
      reference.where,
    );
  };

  // NetworkPolicy does not apply to pods on the host network: nothing of theirs is blocked or allowed.
  for (const workload of context.workloads.filter((candidate) => candidate.pod.spec.hostNetwork !== true)) {
    const { hosts, kubernetesApiMentions } = findWorkloadReferences(workload, context.configMaps);
    const apiSignals: string[] = [];
    for (const reference of hosts) {
      const destination = resolveHost(reference.host, context);
      switch (destination.kind) {
        case 'service':
          toService(workload, destination.service, reference);
          break;
        case 'other-namespace':
          toOtherNamespace(workload, destination.namespace, destination.serviceName, destination.service, reference);
          break;
        case 'kubernetes-api':
          apiSignals.push(`${reference.display} in ${reference.where}`);
          break;
        case 'external':
          if (reference.bare && !destination.host.includes('.')) break;
          addUnseen(
            {
              workload,
              kind: destination.traffic,
              what: reference.display,
              why: destination.why,
              suggestedAllow: suggestedFor(workload, suggestCidr(destination.host), reference.port),
            },
            reference.where,
          );
          break;
      }
    }
    apiSignals.push(...kubernetesApiMentions.map((where) => `the API server's variables in ${where}`));
    apiSignals.push(...kubernetesApiSignals(workload, context.serviceAccounts));
    if (apiSignals.length > 0) {
      addUnseen({ workload, kind: 'kubernetes-api', what: `may call the Kubernetes API: ${[...new Set(apiSignals)].join('; ')}` }, '');
    }
  }

  return {
    edges,
    unseen: [...unseen.values()].map((entry) => {
      const where = entry.where.filter(Boolean).sort();
      const detail = `${entry.what}${where.length > 0 ? ` in ${where.join(', ')}` : ''}${entry.why ? ` (${entry.why})` : ''}`;
      return {
        workload: formatRef(entry.workload.ref),
        kind: entry.kind,
        detail,
        ...(entry.suggestedAllow ? { suggestedAllow: entry.suggestedAllow } : {}),
      };
    }),
    notes,
  };
}

function unresolvedNote(from: Workload, reference: HostReference, problem: string): string {
  return `${formatRef(from.ref)} refers to ${reference.display} (${reference.where}), but ${problem}: no egress rule for it.`;
}

/** An allow to offer, only when the port is known: "every port to the internet" is no suggestion. */
function suggestedFor(workload: Workload, cidr: string, port: number | undefined): EgressAllow | undefined {
  return port === undefined ? undefined : { workload: formatRef(workload.ref), cidr, port, protocol: 'TCP' };
}

