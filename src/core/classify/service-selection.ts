/**
 * Which Services select which workloads, and which pod ports they reach — the facts both the
 * classifier and the NetworkPolicy generator stand on. Pure functions of parsed objects.
 */
import type { KubeObject, PodSpec } from '../model/kube.js';
import type { Workload } from '../model/workload.js';
import { isObject } from '../model/json.js';

export interface ServicePortTarget {
  /** The Service's own port. */
  readonly port: number;
  readonly protocol: string;
  /** The pod port it reaches, with named target ports resolved against the pod template. */
  readonly podPort?: number;
  /** The name of the pod port, when the Service targets it by name. */
  readonly podPortName?: string;
  readonly nodePort?: number;
}

export interface ServiceInfo {
  readonly name: string;
  readonly namespace?: string;
  readonly type: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly { port: number; targetPort?: number | string; protocol: string; nodePort?: number; name?: string }[];
  readonly object: KubeObject;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Reads a Service object leniently: fields of the wrong type are ignored, never thrown on. */
export function readService(object: KubeObject): ServiceInfo | undefined {
  if (object.kind !== 'Service' || !isObject(object.metadata) || typeof object.metadata.name !== 'string') return undefined;
  const spec = isObject(object.spec) ? object.spec : {};
  const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isObject).flatMap((port) => {
    if (typeof port.port !== 'number') return [];
    return [
      {
        port: port.port,
        targetPort: typeof port.targetPort === 'number' || typeof port.targetPort === 'string' ? port.targetPort : undefined,
        protocol: typeof port.protocol === 'string' ? port.protocol : 'TCP',
        nodePort: typeof port.nodePort === 'number' ? port.nodePort : undefined,
        name: typeof port.name === 'string' ? port.name : undefined,
      },
    ];
  });
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  return {
    name: object.metadata.name,
    namespace: typeof object.metadata.namespace === 'string' ? object.metadata.namespace : undefined,
    type,
    // An ExternalName Service is a DNS alias: the API ignores its selector, so it selects no pods.
    selector: type === 'ExternalName' ? {} : stringMap(spec.selector),
    ports,
    object,
  };
}

/** A Service with no selector selects no pods (its endpoints are managed by hand). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}

export function podLabels(workload: Workload): Readonly<Record<string, string>> {
  return workload.pod.metadata?.labels ?? {};
}

/** Same namespace, with an unset namespace meaning "the namespace being planned". */
export function sameNamespace(a: string | undefined, b: string | undefined, defaultNamespace: string): boolean {
  return (a ?? defaultNamespace) === (b ?? defaultNamespace);
}

export function servicesSelecting(workload: Workload, services: readonly ServiceInfo[], defaultNamespace: string): ServiceInfo[] {
  return services.filter(
    (service) =>
      sameNamespace(service.namespace, workload.ref.namespace, defaultNamespace) && selectorMatches(service.selector, podLabels(workload)),
  );
}

function namedPort(spec: PodSpec, name: string): { port: number; protocol?: string } | undefined {
  for (const container of spec.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === name && typeof port.containerPort === 'number') return { port: port.containerPort, protocol: port.protocol };
    }
  }
  return undefined;
}

/** The pod ports a Service reaches on a workload: numeric targetPort as is, named ones resolved, unset = port. */
export function serviceTargets(service: ServiceInfo, workload: Workload): ServicePortTarget[] {
  return service.ports.map((port) => {
    const base = { port: port.port, protocol: port.protocol, nodePort: port.nodePort };
    if (typeof port.targetPort === 'string') {
      if (/^[0-9]+$/.test(port.targetPort)) return { ...base, podPort: Number(port.targetPort) };
      const resolved = namedPort(workload.pod.spec, port.targetPort);
      return { ...base, podPort: resolved?.port, podPortName: port.targetPort };
    }
    return { ...base, podPort: port.targetPort ?? port.port };
  });
}
