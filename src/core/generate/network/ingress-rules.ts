/**
 * A workload's ingress, from how it is exposed:
 * - a LoadBalancer or NodePort Service, external IPs or a hostPort: from anywhere;
 * - a Service behind an Ingress: from the ingress controller's namespace;
 * - a ClusterIP (or headless) Service: from the pods of the namespace, or, for a data store whose
 *   clients are known, from those clients only.
 * Always on the pod ports the Services reach (named target ports resolved), never on the Service
 * ports, since NetworkPolicy sees traffic after the Service has translated it.
 *
 * "From anywhere" is a rule without `from`, which the API defines as every source. An
 * `ipBlock: 0.0.0.0/0` would leave out IPv6 clients of a dual-stack cluster, and NetworkPolicy
 * leaves it to the plugin whether an ipBlock matches in-cluster sources at all.
 */
import type { IngressInfo } from '../../classify/ingress-backends.js';
import { servicesSelecting, serviceTargets, type ServiceInfo } from '../../classify/service-selection.js';
import type { WorkloadClass } from '../../model/classes.js';
import { formatRef, refKey, type Workload } from '../../model/workload.js';
import type { EgressEdge } from './discover-egress.js';
import { NAMESPACE_NAME_LABEL, type NetworkOptions } from './options.js';
import type { PodSelection } from './pod-selectors.js';
import {
  formatPorts,
  isValidPort,
  labelSelector,
  normalizePorts,
  parseProtocol,
  portKey,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from './policy-object.js';

export interface IngressContext {
  readonly namespace: string;
  readonly services: readonly ServiceInfo[];
  readonly ingresses: readonly IngressInfo[];
  readonly classes: ReadonlyMap<string, WorkloadClass>;
  readonly ingressController: NetworkOptions['ingressController'];
  readonly selections: ReadonlyMap<string, PodSelection>;
  readonly names: ReadonlyMap<string, string>;
  /** Discovered egress, by the `refKey` of the workload that receives it. */
  readonly edgesTo: ReadonlyMap<string, readonly EgressEdge[]>;
}

export interface IngressPlan {
  readonly rules: NetworkPolicyIngressRule[];
  /** The namespace's workloads the rules' pod selectors name. */
  readonly peers: readonly Workload[];
  /** `on TCP 80 from anywhere (LoadBalancer Service web)`, one per rule. */
  readonly phrases: readonly string[];
  readonly notes: readonly string[];
}

type SourceKind = 'anywhere' | 'ingress-controller' | 'namespace' | 'clients';
const SOURCE_ORDER: readonly SourceKind[] = ['anywhere', 'ingress-controller', 'namespace', 'clients'];

interface Source {
  readonly ports: Map<string, NetworkPolicyPort>;
  readonly reasons: string[];
}

function addTo(sources: Map<SourceKind, Source>, kind: SourceKind, ports: readonly NetworkPolicyPort[], reason?: string): void {
  const source: Source = sources.get(kind) ?? { ports: new Map(), reasons: [] };
  for (const port of ports) source.ports.set(portKey(port), port);
  if (reason && !source.reasons.includes(reason)) source.reasons.push(reason);
  sources.set(kind, source);
}

function isExposedOutside(service: ServiceInfo): boolean {
  const spec = service.object.spec as Record<string, unknown> | undefined;
  const externalIps = Array.isArray(spec?.externalIPs) && spec.externalIPs.length > 0;
  return service.type === 'LoadBalancer' || service.type === 'NodePort' || externalIps;
}

function describeSelector(labels: Readonly<Record<string, string>>, what: string): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 1 && keys[0] === NAMESPACE_NAME_LABEL && what === 'namespace') return `namespace ${labels[NAMESPACE_NAME_LABEL]}`;
  if (keys.length === 0) return `every ${what}`;
  return `${what}s with ${keys.map((key) => `${key}=${labels[key]}`).join(', ')}`;
}

function controllerPeer(controller: NetworkOptions['ingressController']): { peer: NetworkPolicyPeer; label: string } {
  const peer: NetworkPolicyPeer = { namespaceSelector: labelSelector(controller.namespaceSelector) };
  let label = describeSelector(controller.namespaceSelector, 'namespace');
  if (controller.podSelector) {
    peer.podSelector = labelSelector(controller.podSelector);
    label = `${describeSelector(controller.podSelector, 'pod')} in ${label}`;
  }
  return { peer, label };
}

export function planIngress(workload: Workload, context: IngressContext): IngressPlan {
  const key = refKey(workload.ref);
  const notes: string[] = [];
  const sources = new Map<SourceKind, Source>();
  const edges = (context.edgesTo.get(key) ?? []).filter((edge) => context.selections.has(refKey(edge.from.ref)));
  const clientMode = context.classes.get(key) === 'data-store' && edges.length > 0;

  for (const service of servicesSelecting(workload, context.services, context.namespace)) {
    const ports: NetworkPolicyPort[] = [];
    for (const target of serviceTargets(service, workload)) {
      const protocol = parseProtocol(target.protocol);
      if (target.podPort === undefined || !isValidPort(target.podPort) || !protocol) {
        const port = target.podPortName ?? target.port;
        notes.push(`Service ${service.name} targets port ${port}, which no container of ${formatRef(workload.ref)} names: no ingress rule for it.`);
        continue;
      }
      ports.push({ protocol, port: target.podPort });
    }
    if (ports.length === 0) continue;
    if (isExposedOutside(service)) {
      addTo(sources, 'anywhere', ports, `${service.type === 'ClusterIP' ? 'external IPs of' : service.type} Service ${service.name}`);
    }
    else if (clientMode) addTo(sources, 'clients', ports, `data store, Service ${service.name}`);
    else addTo(sources, 'namespace', ports, `Service ${service.name}`);
    for (const ingress of context.ingresses.filter((candidate) => candidate.serviceNames.includes(service.name))) {
      addTo(sources, 'ingress-controller', ports, `Ingress ${ingress.name}`);
    }
  }
  for (const container of [...(workload.pod.spec.initContainers ?? []), ...(workload.pod.spec.containers ?? [])]) {
    for (const port of container.ports ?? []) {
      const protocol = parseProtocol(port.protocol);
      if (port.hostPort && isValidPort(port.containerPort) && protocol) {
        addTo(sources, 'anywhere', [{ protocol, port: port.containerPort }], `hostPort ${port.hostPort}`);
      }
    }
  }
  // Whatever the clients were found to use must be let in, even a port no Service lists (a headless
  // Service's clients name the pod port themselves).
  for (const edge of edges) {
    if (clientMode) addTo(sources, 'clients', edge.ports);
    else {
      const open = [sources.get('anywhere')?.ports, sources.get('namespace')?.ports];
      const missing = edge.ports.filter((port) => !open.some((ports) => ports?.has(portKey(port))));
      if (missing.length > 0) addTo(sources, 'namespace', missing, `used by ${context.names.get(refKey(edge.from.ref)) ?? edge.from.ref.name}`);
    }
  }

  const anywhere = sources.get('anywhere')?.ports ?? new Map<string, NetworkPolicyPort>();
  const clients = [...new Map(edges.map((edge) => [refKey(edge.from.ref), edge.from])).values()].sort((a, b) =>
    (context.names.get(refKey(a.ref)) ?? '') < (context.names.get(refKey(b.ref)) ?? '') ? -1 : 1,
  );
  const rules: NetworkPolicyIngressRule[] = [];
  const phrases: string[] = [];
  const peers: Workload[] = [];
  for (const kind of SOURCE_ORDER) {
    const source = sources.get(kind);
    if (!source) continue;
    const ports = normalizePorts([...source.ports.values()].filter((port) => kind === 'anywhere' || !anywhere.has(portKey(port))));
    if (ports.length === 0) continue;
    const because = source.reasons.length > 0 ? ` (${source.reasons.join(', ')})` : '';
    switch (kind) {
      case 'anywhere':
        rules.push({ ports });
        phrases.push(`on ${formatPorts(ports)} from anywhere${because}`);
        break;
      case 'ingress-controller': {
        const { peer, label } = controllerPeer(context.ingressController);
        rules.push({ from: [peer], ports });
        phrases.push(`on ${formatPorts(ports)} from the ingress controller in ${label}${because}`);
        break;
      }
      case 'namespace':
        rules.push({ from: [{ podSelector: {} }], ports });
        phrases.push(`on ${formatPorts(ports)} from pods of namespace ${context.namespace}${because}`);
        break;
      case 'clients': {
        const from = new Map<string, NetworkPolicyPeer>();
        for (const client of clients) {
          const selection = context.selections.get(refKey(client.ref)) as PodSelection;
          peers.push(...selection.selects);
          const podSelector = labelSelector(selection.labels);
          from.set(JSON.stringify(podSelector), { podSelector });
        }
        rules.push({ from: [...from.values()], ports });
        const names = clients.map((client) => context.names.get(refKey(client.ref)) ?? client.ref.name);
        phrases.push(`on ${formatPorts(ports)} from ${names.join(', ')} only${because}`);
        break;
      }
    }
  }
  return { rules, peers, phrases, notes };
}
