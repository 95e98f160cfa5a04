/**
 * Workload → class, with the signals that led to it. Each workload gets the first class that
 * matches, in this order:
 * 1. node agent: DaemonSet, host namespaces, hostPath volumes, privileged (or Windows HostProcess) containers;
 * 2. data store: StatefulSet or PersistentVolumeClaims, data-store images or ports (data-store-signals.ts);
 * 3. public-facing: selected by a LoadBalancer or NodePort Service (or one with externalIPs), or
 *    behind an Ingress backend;
 * 4. batch: Job, CronJob;
 * 5. internal service: selected by a ClusterIP Service;
 * 6. other.
 * The reasons are all the signals of the winning class and only those, so that a DaemonSet with a
 * hostPath volume lists both, and a StatefulSet behind a LoadBalancer does not mention the Service.
 */
import type { Classification, WorkloadClass } from '../model/classes.js';
import type { Container, KubeObject } from '../model/kube.js';
import { refKey, type Workload } from '../model/workload.js';
import { visitContainers } from '../pss/visit-containers.js';
import { dataStoreForImage, dataStoreForPort } from './data-store-signals.js';
import { readIngress, type IngressInfo } from './ingress-backends.js';
import { readService, sameNamespace, servicesSelecting, serviceTargets, type ServiceInfo } from './service-selection.js';
import { isObject } from '../model/json.js';

/** The non-workload objects classification stands on, read once for all workloads. */
export interface ClassifyContext {
  /** Services that can select pods: ExternalName Services are left out (they select nothing). */
  readonly services: readonly ServiceInfo[];
  readonly ingresses: readonly IngressInfo[];
  /** The namespace of objects that set none. */
  readonly defaultNamespace: string;
}

export function buildClassifyContext(objects: readonly KubeObject[], defaultNamespace: string): ClassifyContext {
  const services: ServiceInfo[] = [];
  const ingresses: IngressInfo[] = [];
  for (const object of objects) {
    const service = readService(object);
    if (service && service.type !== 'ExternalName') services.push(service);
    const ingress = readIngress(object);
    if (ingress) ingresses.push(ingress);
  }
  return { services, ingresses, defaultNamespace };
}

/** What every rule may look at: the workload, the context, and the Services selecting it (computed once). */
interface Facts {
  readonly workload: Workload;
  readonly context: ClassifyContext;
  readonly selectingServices: readonly ServiceInfo[];
}

interface ClassRule {
  readonly class: WorkloadClass;
  /** The signals for this class; none means the class does not match. */
  readonly signals: (facts: Facts) => string[];
}

/**
 * `owned by DaemonSet "x"` for a Pod (or Job) whose controller is not in the input, as in a
 * `kubectl get pods -o yaml` dump: its owner's kind still says what it is.
 */
function ownerSignals(workload: Workload, kinds: readonly string[]): string[] {
  const references = isObject(workload.object.metadata) ? workload.object.metadata.ownerReferences : undefined;
  if (!Array.isArray(references)) return [];
  return references.flatMap((reference: unknown) =>
    isObject(reference) && typeof reference.kind === 'string' && kinds.includes(reference.kind) && typeof reference.name === 'string'
      ? [`owned by ${reference.kind} "${reference.name}"`]
      : [],
  );
}

function nodeAgentSignals({ workload }: Facts): string[] {
  const spec = workload.pod.spec;
  const reasons: string[] = [];
  if (workload.kind === 'DaemonSet') reasons.push('DaemonSet');
  reasons.push(...ownerSignals(workload, ['DaemonSet']));
  if (spec.hostNetwork === true) reasons.push('hostNetwork=true');
  if (spec.hostPID === true) reasons.push('hostPID=true');
  if (spec.hostIPC === true) reasons.push('hostIPC=true');
  for (const volume of spec.volumes ?? []) {
    if (volume.hostPath != null) reasons.push(`uses hostPath volume "${volume.name ?? ''}"`);
  }
  if (spec.securityContext?.windowsOptions?.hostProcess === true) reasons.push('Windows HostProcess pod');
  visitContainers(spec, (container) => {
    if (container.securityContext?.privileged === true) reasons.push(`privileged container "${container.name ?? ''}"`);
    if (container.securityContext?.windowsOptions?.hostProcess === true) {
      reasons.push(`Windows HostProcess container "${container.name ?? ''}"`);
    }
  });
  return reasons;
}

function volumeClaimTemplateNames(object: KubeObject): string[] {
  const spec = isObject(object.spec) ? object.spec : {};
  const templates = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
  return templates.flatMap((template: unknown) =>
    isObject(template) && isObject(template.metadata) && typeof template.metadata.name === 'string' ? [template.metadata.name] : [],
  );
}

function claimName(source: unknown): string | undefined {
  return isObject(source) && typeof source.claimName === 'string' && source.claimName ? source.claimName : undefined;
}

/** Only TCP ports are data-store ports: UDP 5432 is not PostgreSQL. */
function isTcp(protocol: string | undefined): boolean {
  return protocol === undefined || protocol === 'TCP';
}

function dataStoreSignals({ workload, selectingServices }: Facts): string[] {
  const spec = workload.pod.spec;
  const reasons: string[] = [];
  if (workload.kind === 'StatefulSet') {
    reasons.push('StatefulSet');
    for (const name of volumeClaimTemplateNames(workload.object)) reasons.push(`volume claim template "${name}"`);
  }
  reasons.push(...ownerSignals(workload, ['StatefulSet']));
  // Generic ephemeral volumes (`ephemeral.volumeClaimTemplate`) are claims that die with the pod:
  // scratch space, not data, so they do not count.
  for (const volume of spec.volumes ?? []) {
    if (volume.persistentVolumeClaim == null) continue;
    reasons.push(`mounts PersistentVolumeClaim "${claimName(volume.persistentVolumeClaim) ?? volume.name ?? ''}"`);
  }
  // Long-running containers only: an init container running `postgres` or `redis` is usually a
  // client waiting for the real store (`pg_isready`, `redis-cli ping`), and ephemeral ones are
  // debuggers. Native sidecars (init containers with `restartPolicy: Always`) do run for the pod's life.
  const containers: readonly Container[] = [
    ...(spec.initContainers ?? []).filter((container) => container.restartPolicy === 'Always'),
    ...(spec.containers ?? []),
  ];
  for (const container of containers) {
    const product = typeof container.image === 'string' ? dataStoreForImage(container.image) : undefined;
    if (product) reasons.push(`image ${container.image} looks like ${product.product}`);
  }
  const reportedPorts = new Set<number>();
  for (const container of containers) {
    for (const port of container.ports ?? []) {
      if (typeof port.containerPort !== 'number' || !isTcp(port.protocol) || reportedPorts.has(port.containerPort)) continue;
      const product = dataStoreForPort(port.containerPort);
      if (!product) continue;
      reportedPorts.add(port.containerPort);
      reasons.push(`port ${port.containerPort} (${product.product})`);
    }
  }
  // Container ports are informational and often left out; the pod port a Service reaches is not.
  for (const service of selectingServices) {
    for (const target of serviceTargets(service, workload)) {
      if (target.podPort === undefined || !isTcp(target.protocol) || reportedPorts.has(target.podPort)) continue;
      const product = dataStoreForPort(target.podPort);
      if (!product) continue;
      reportedPorts.add(target.podPort);
      reasons.push(`Service "${service.name}" targets port ${target.podPort} (${product.product})`);
    }
  }
  return reasons;
}

function hasExternalIps(service: ServiceInfo): boolean {
  const spec = isObject(service.object.spec) ? service.object.spec : {};
  return Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
}

function isExposedType(type: string): boolean {
  return type === 'LoadBalancer' || type === 'NodePort';
}

function publicFacingSignals({ context, selectingServices }: Facts): string[] {
  const reasons: string[] = [];
  for (const service of selectingServices) {
    if (isExposedType(service.type)) reasons.push(`selected by ${service.type} Service "${service.name}"`);
    else if (hasExternalIps(service)) reasons.push(`selected by Service "${service.name}" with externalIPs`);
  }
  for (const ingress of context.ingresses) {
    const isBackend = ingress.serviceNames.some((serviceName) =>
      selectingServices.some(
        (service) => service.name === serviceName && sameNamespace(service.namespace, ingress.namespace, context.defaultNamespace),
      ),
    );
    if (isBackend) reasons.push(`backend of Ingress "${ingress.name}"`);
  }
  return reasons;
}

function batchSignals({ workload }: Facts): string[] {
  const reasons: string[] = [];
  if (workload.kind === 'Job' || workload.kind === 'CronJob') reasons.push(workload.kind);
  reasons.push(...ownerSignals(workload, ['Job', 'CronJob']));
  return reasons;
}

function isHeadless(service: ServiceInfo): boolean {
  return isObject(service.object.spec) && service.object.spec.clusterIP === 'None';
}

function internalServiceSignals({ selectingServices }: Facts): string[] {
  return selectingServices.map((service) =>
    isHeadless(service) ? `selected by headless Service "${service.name}"` : `selected by ${service.type} Service "${service.name}"`,
  );
}

/** The classes in order of precedence; the first with any signal wins. */
const CLASS_RULES: readonly ClassRule[] = [
  { class: 'node-agent', signals: nodeAgentSignals },
  { class: 'data-store', signals: dataStoreSignals },
  { class: 'public-facing', signals: publicFacingSignals },
  { class: 'batch', signals: batchSignals },
  { class: 'internal-service', signals: internalServiceSignals },
];

function unique(reasons: readonly string[]): string[] {
  return [...new Set(reasons)];
}

export function classifyWorkload(workload: Workload, context: ClassifyContext): Classification {
  const facts: Facts = { workload, context, selectingServices: servicesSelecting(workload, context.services, context.defaultNamespace) };
  for (const rule of CLASS_RULES) {
    const reasons = rule.signals(facts);
    if (reasons.length > 0) return { class: rule.class, reasons: unique(reasons) };
  }
  return { class: 'other', reasons: ['no Service selects it'] };
}

/**
 * Classifies every workload against the other input objects (Services, Ingresses; anything else is
 * ignored). Keys are `refKey(workload.ref)`.
 */
export function classifyWorkloads(
  workloads: readonly Workload[],
  contextObjects: readonly KubeObject[],
  defaultNamespace: string,
): Map<string, Classification> {
  const context = buildClassifyContext(contextObjects, defaultNamespace);
  return new Map(workloads.map((workload) => [refKey(workload.ref), classifyWorkload(workload, context)]));
}
