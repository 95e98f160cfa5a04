/**
 * Reads one namespace from a live cluster: every pod-bearing kind plus the Services,
 * NetworkPolicies, ConfigMaps and Ingresses the plan needs, with paginated lists (limit/continue),
 * never one request per object. Secrets are never read.
 */
import type { KubeObject, OwnerReference } from '../../core/model/kube.js';
import type { SourcedObject, Skipped } from '../../core/model/workload.js';
import type { ReadInputs } from '../../app/check/build-report.js';
import type { ClusterClient } from './http-client.js';
import { ClusterError } from './cluster-error.js';
import { FIELD_MANAGER } from '../../core/apply/rollback-plan.js';

interface Resource {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
}

const r = (group: string, version: string, plural: string, kind: string): Resource => ({ group, version, plural, kind });

/** What a namespace scan lists, in this order. */
export const NAMESPACE_RESOURCES: readonly Resource[] = [
  r('apps', 'v1', 'deployments', 'Deployment'),
  r('apps', 'v1', 'statefulsets', 'StatefulSet'),
  r('apps', 'v1', 'daemonsets', 'DaemonSet'),
  r('batch', 'v1', 'cronjobs', 'CronJob'),
  r('batch', 'v1', 'jobs', 'Job'),
  r('apps', 'v1', 'replicasets', 'ReplicaSet'),
  r('', 'v1', 'replicationcontrollers', 'ReplicationController'),
  r('', 'v1', 'podtemplates', 'PodTemplate'),
  r('', 'v1', 'pods', 'Pod'),
  r('', 'v1', 'services', 'Service'),
  r('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
  r('networking.k8s.io', 'v1', 'ingresses', 'Ingress'),
  r('', 'v1', 'configmaps', 'ConfigMap'),
];

/** Built-in controllers whose pod-bearing children are evaluated through them. */
const BUILT_IN_CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'ReplicaSet', 'ReplicationController']);

export function apiPath(resource: Resource, namespace?: string, name?: string): string {
  const prefix = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  return `${prefix}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${resource.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

interface ListBody {
  readonly items?: KubeObject[];
  readonly metadata?: { readonly continue?: string };
}

/** Lists every object of a resource, page by page. */
export async function listAll(client: ClusterClient, resource: Resource, options: { namespace?: string; limit?: number; signal?: AbortSignal; labelSelector?: string }): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const response = await client.send<ListBody>({
      method: 'GET',
      path: apiPath(resource, options.namespace),
      query: { limit: options.limit ?? 500, continue: token, labelSelector: options.labelSelector },
      verb: 'list',
      resource: resource.plural,
      namespace: options.namespace,
      signal: options.signal,
    });
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    // List items come without kind and apiVersion; the engine and the export need them.
    for (const item of response.body.items ?? []) items.push({ apiVersion, kind: resource.kind, ...item });
    token = response.body.metadata?.continue || undefined;
  } while (token);
  return items;
}

function controllerOf(object: KubeObject): OwnerReference | undefined {
  const references = object.metadata?.ownerReferences ?? [];
  return references.find((reference) => reference.controller) ?? references[0];
}

/** Server-set fields that say nothing about the workload and only bloat previews and exports. */
/** kube-harden's own server-side-apply ownership of an object, before managedFields are dropped. */
function ownedByKubeHarden(object: KubeObject): unknown {
  const entries = (object.metadata as { managedFields?: { manager?: string; operation?: string; fieldsV1?: unknown }[] } | undefined)?.managedFields;
  return entries?.find((entry) => entry.manager === FIELD_MANAGER && entry.operation === 'Apply')?.fieldsV1;
}

function withoutNoise(object: KubeObject): KubeObject {
  const { managedFields: _managedFields, ...metadata } = object.metadata ?? {};
  const { status: _status, ...rest } = object as KubeObject & { status?: unknown };
  return { ...rest, metadata };
}

export interface NamespaceScan extends ReadInputs {
  /** The Namespace object itself (labels included), when it exists. */
  readonly namespaceObject?: KubeObject;
  /** Every Pod of the namespace, owned or not: what the server evaluates when enforce changes. */
  readonly pods: readonly KubeObject[];
  /** What field manager kube-harden owns on each object (its fieldsV1), by `refKey`. */
  readonly ownedFields: ReadonlyMap<string, unknown>;
  readonly requests: number;
}

/**
 * Scans a namespace. Evaluated: Deployments, StatefulSets, DaemonSets, CronJobs, Jobs not owned by
 * a CronJob, ReplicaSets and ReplicationControllers not owned by another object, PodTemplates, and
 * Pods not owned by a built-in controller. Pods and ReplicaSets a custom controller owns are
 * evaluated too and marked "fix in its owner".
 */
export async function scanNamespace(
  client: ClusterClient,
  namespace: string,
  options: { limit?: number; signal?: AbortSignal; onProgress?: (progress: { files: number; documents: number }) => void } = {},
): Promise<NamespaceScan> {
  const source = `cluster:${client.target.context}`;
  const objects: SourcedObject[] = [];
  const skipped: Skipped[] = [];
  const ownedFields = new Map<string, unknown>();
  const remember = (kind: string, object: KubeObject, objectNamespace?: string) => {
    const owned = ownedByKubeHarden(object);
    if (owned !== undefined) ownedFields.set(`${kind}/${objectNamespace ?? ''}/${object.metadata?.name ?? ''}`, owned);
  };
  let namespaceObject: KubeObject | undefined;
  try {
    const response = await client.send<KubeObject>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`, verb: 'get', resource: 'namespaces', signal: options.signal });
    remember('Namespace', response.body);
    namespaceObject = { apiVersion: 'v1', kind: 'Namespace', ...withoutNoise(response.body) };
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') {
      throw new ClusterError('not-found', `namespace ${namespace} does not exist on ${client.target.server}`, { ...error.details, hint: 'list them with kube-harden namespaces' });
    }
    // A namespace admin may not be allowed to get the Namespace itself; the scan goes on without its labels.
    if (!(error instanceof ClusterError && error.kind === 'forbidden')) throw error;
  }
  if (namespaceObject) objects.push({ object: namespaceObject, source: { file: source, document: `Namespace/${namespace}` } });

  let listed = 0;
  const pods: KubeObject[] = [];
  for (const resource of NAMESPACE_RESOURCES) {
    const items = await listAll(client, resource, { namespace, limit: options.limit, signal: options.signal });
    for (const item of items) {
      remember(resource.kind, item, namespace);
      const object = withoutNoise(item);
      if (resource.kind === 'Pod') pods.push(object);
      const name = object.metadata?.name ?? '';
      const document = `${resource.kind}/${name}`;
      const owner = controllerOf(object);
      if (owner && (resource.kind === 'Pod' || resource.kind === 'ReplicaSet' || resource.kind === 'Job' || resource.kind === 'ReplicationController')) {
        if (owner.kind && BUILT_IN_CONTROLLERS.has(owner.kind)) {
          skipped.push({ file: source, document, kind: resource.kind, name, why: `owned by ${owner.kind}/${owner.name}, evaluated through it` });
          continue;
        }
        // Owned by a custom controller (an operator): evaluated, and marked by the core's managedBy
        // ("fix in its owner"), since a patch here would be undone.
        objects.push({ object, source: { file: source, document } });
        continue;
      }
      objects.push({ object, source: { file: source, document } });
    }
    listed++;
    options.onProgress?.({ files: listed, documents: objects.length + skipped.length });
  }
  return { objects, errors: [], skipped, namespaceObject, pods, ownedFields, requests: client.requests() };
}

export interface NamespaceSummary {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function listNamespaces(client: ClusterClient, options: { limit?: number; signal?: AbortSignal } = {}): Promise<NamespaceSummary[]> {
  const items = await listAll(client, r('', 'v1', 'namespaces', 'Namespace'), options);
  return items.map((item) => ({ name: item.metadata?.name ?? '', labels: item.metadata?.labels ?? {} }));
}

/** The server's Kubernetes minor (`v1.37.2` → 37; `1.30+` → 30). */
export async function serverMinor(client: ClusterClient): Promise<number | undefined> {
  const response = await client.send<{ major?: string; minor?: string; gitVersion?: string }>({ method: 'GET', path: '/version', verb: 'get', resource: 'version' });
  const minor = Number.parseInt(response.body.minor ?? '', 10);
  if (Number.isInteger(minor)) return minor;
  const match = /^v1\.(\d+)/.exec(response.body.gitVersion ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Asks the server what it would say to new Pod Security labels on the namespace: a dry-run patch
 * (dryRun=All) persists nothing and returns the admission warnings for the existing pods.
 */
export async function dryRunNamespaceLabels(client: ClusterClient, namespace: string, labels: Readonly<Record<string, string>>): Promise<readonly string[]> {
  const response = await client.send({
    method: 'PATCH',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    query: { dryRun: 'All' },
    body: { metadata: { labels } },
    contentType: 'application/merge-patch+json',
    verb: 'patch',
    resource: 'namespaces',
  });
  return response.warnings;
}
