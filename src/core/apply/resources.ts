/**
 * The API resources kube-harden writes to, by kind: where their REST paths live and whether their
 * pod template can be patched in place (a Pod's spec and a Job's template are immutable).
 */
export interface ApiResource {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const resource = (group: string, version: string, plural: string, kind: string, namespaced = true): ApiResource => ({ group, version, plural, kind, namespaced });

const RESOURCES: readonly ApiResource[] = [
  resource('apps', 'v1', 'deployments', 'Deployment'),
  resource('apps', 'v1', 'statefulsets', 'StatefulSet'),
  resource('apps', 'v1', 'daemonsets', 'DaemonSet'),
  resource('apps', 'v1', 'replicasets', 'ReplicaSet'),
  resource('batch', 'v1', 'cronjobs', 'CronJob'),
  resource('batch', 'v1', 'jobs', 'Job'),
  resource('', 'v1', 'replicationcontrollers', 'ReplicationController'),
  resource('', 'v1', 'podtemplates', 'PodTemplate'),
  resource('', 'v1', 'pods', 'Pod'),
  resource('', 'v1', 'namespaces', 'Namespace', false),
  resource('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
];

/** Kinds whose pod spec the API server refuses to change: fixed by recreating them. */
export const IMMUTABLE_TEMPLATE_KINDS: ReadonlySet<string> = new Set(['Pod', 'Job']);

/** Namespaces kube-harden refuses to change unless explicitly forced. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

export function resourceForKind(kind: string): ApiResource | undefined {
  return RESOURCES.find((candidate) => candidate.kind === kind);
}

export function apiVersionOf(resource: ApiResource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

/** The REST path of one object (or of the collection when `name` is omitted). */
export function objectPath(resource: ApiResource, namespace: string | undefined, name?: string): string {
  const prefix = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  const scope = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${scope}/${resource.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
