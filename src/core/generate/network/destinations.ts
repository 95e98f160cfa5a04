/**
 * Where a host name leads, as cluster DNS would resolve it from a pod of the planned namespace:
 * `name`, `name.namespace`, `name.namespace.svc[.cluster-domain]`, a StatefulSet pod's
 * `pod.service[.namespace...]`, a Service's cluster IP, the API server's `kubernetes.default`
 * names, or something outside the cluster.
 */
import { podLabels, selectorMatches, serviceTargets, type ServiceInfo } from '../../classify/service-selection.js';
import type { Workload } from '../../model/workload.js';
import { isIpLiteral, isPrivateAddress } from './endpoints.js';
import { parseProtocol, type NetworkPolicyPort } from './policy-object.js';

export type Destination =
  | { readonly kind: 'service'; readonly service: ServiceInfo }
  | { readonly kind: 'other-namespace'; readonly namespace: string; readonly serviceName: string; readonly service?: ServiceInfo }
  | { readonly kind: 'kubernetes-api' }
  | { readonly kind: 'external'; readonly traffic: 'internet' | 'external-host'; readonly host: string; readonly why?: string };

export interface DestinationContext {
  readonly namespace: string;
  /** Services of the planned namespace, by name. */
  readonly services: ReadonlyMap<string, ServiceInfo>;
  /** Services of other namespaces in the input, by `namespace/name`. */
  readonly otherServices: ReadonlyMap<string, ServiceInfo>;
  /** Namespaces the input knows of (Namespace objects and the namespaces objects name). */
  readonly namespaces: ReadonlySet<string>;
}

/** Suffixes of names that stay inside an organisation's network. */
const PRIVATE_SUFFIXES = ['local', 'internal', 'intranet', 'corp', 'lan', 'home', 'localdomain', 'home.arpa'];

export function isHeadless(service: ServiceInfo): boolean {
  const spec = service.object.spec;
  return typeof spec === 'object' && spec !== null && (spec as Record<string, unknown>).clusterIP === 'None';
}

function clusterIps(service: ServiceInfo): string[] {
  const spec = service.object.spec as Record<string, unknown> | undefined;
  if (!spec) return [];
  const ips = [spec.clusterIP, ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])];
  return ips.filter((ip): ip is string => typeof ip === 'string' && ip !== 'None' && ip !== '');
}

export function externalTraffic(host: string): 'internet' | 'external-host' {
  if (isIpLiteral(host)) return isPrivateAddress(host) ? 'external-host' : 'internet';
  if (!host.includes('.')) return 'external-host';
  return PRIVATE_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)) ? 'external-host' : 'internet';
}

function external(host: string, why?: string): Destination {
  return { kind: 'external', traffic: externalTraffic(host), host, why };
}

function inNamespace(name: string, context: DestinationContext): Destination {
  const service = context.services.get(name);
  if (service) return { kind: 'service', service };
  return { kind: 'external', traffic: 'external-host', host: name, why: `no Service ${name} in namespace ${context.namespace} in the input` };
}

function inOtherNamespace(name: string, namespace: string, context: DestinationContext): Destination {
  if (namespace === context.namespace) return inNamespace(name, context);
  if (name === 'kubernetes' && namespace === 'default') return { kind: 'kubernetes-api' };
  return { kind: 'other-namespace', namespace, serviceName: name, service: context.otherServices.get(`${namespace}/${name}`) };
}

/** A StatefulSet pod's own name through its headless Service: `postgres-0.postgres`. */
function podOfHeadless(podLabel: string, serviceName: string, context: DestinationContext): Destination | undefined {
  const service = context.services.get(serviceName);
  return service && isHeadless(service) && /-[0-9]+$/.test(podLabel) ? { kind: 'service', service } : undefined;
}

export function resolveHost(host: string, context: DestinationContext): Destination {
  if (isIpLiteral(host)) {
    const service = [...context.services.values()].find((candidate) => clusterIps(candidate).includes(host));
    return service ? { kind: 'service', service } : external(host);
  }
  const labels = host.split('.');
  if (labels.length === 1) {
    if (context.services.has(host)) return inNamespace(host, context);
    return host === 'kubernetes' ? { kind: 'kubernetes-api' } : inNamespace(host, context);
  }
  const svc = labels.indexOf('svc');
  if (svc === 2 || svc === 3) {
    const [name, namespace] = [labels[svc - 2] as string, labels[svc - 1] as string];
    if (svc === 3 && namespace === context.namespace) return podOfHeadless(labels[0] as string, name, context) ?? inNamespace(name, context);
    return inOtherNamespace(name, namespace, context);
  }
  const [first, second, third] = labels as [string, string, string | undefined];
  if (labels.length === 2) {
    if (second === context.namespace) return inNamespace(first, context);
    if (first === 'kubernetes' && second === 'default') return { kind: 'kubernetes-api' };
    const pod = podOfHeadless(first, second, context);
    if (pod) return pod;
    if (context.namespaces.has(second)) return inOtherNamespace(first, second, context);
    return external(host);
  }
  if (labels.length === 3 && third === context.namespace) return podOfHeadless(first, second, context) ?? external(host);
  return external(host);
}

export type PortResolution = { readonly ports: NetworkPolicyPort[] } | { readonly problem: string };

/**
 * The pod ports a connection to `service` on `port` (every Service port when unset) reaches on
 * `target`, or, with no target workload in the input, on whatever pods the Service selects. A
 * headless Service has no proxy: clients connect to the pod on the port they name.
 */
export function resolveServicePorts(service: ServiceInfo, port: number | undefined, target: Workload | undefined): PortResolution {
  const servicePort = port === undefined ? undefined : service.ports.find((candidate) => candidate.port === port);
  if (port !== undefined && isHeadless(service)) {
    return { ports: [{ protocol: parseProtocol(servicePort?.protocol) ?? 'TCP', port }] };
  }
  if (port !== undefined && !servicePort) return { problem: `Service ${service.name} has no port ${port}` };
  const wanted = servicePort ? [servicePort] : service.ports;
  if (wanted.length === 0) return { problem: `Service ${service.name} has no ports` };
  const targets = target ? serviceTargets(service, target) : undefined;
  const ports: NetworkPolicyPort[] = [];
  const unresolved: string[] = [];
  for (const entry of wanted) {
    const protocol = parseProtocol(entry.protocol);
    const resolved = targets
      ? targets.find((candidate) => candidate.port === entry.port)?.podPort
      : typeof entry.targetPort === 'number'
        ? entry.targetPort
        : entry.targetPort === undefined
          ? entry.port
          : /^[0-9]+$/.test(entry.targetPort)
            ? Number(entry.targetPort)
            : undefined;
    if (resolved === undefined || !protocol) unresolved.push(String(entry.targetPort ?? entry.port));
    else ports.push({ protocol, port: resolved });
  }
  if (ports.length === 0) {
    const whose = target ? `${target.ref.kind}/${target.ref.name}` : 'the pods it selects';
    return { problem: `Service ${service.name} targets port ${unresolved.join(', ')}, which no container of ${whose} names` };
  }
  return { ports };
}

/** The input's workloads a Service sends traffic to. */
export function workloadsBehind(service: ServiceInfo, workloads: readonly Workload[]): Workload[] {
  return workloads.filter((workload) => selectorMatches(service.selector, podLabels(workload)));
}
