/**
 * Who owns an object's live state: a tool that will put its own copy back at the next sync or
 * reconcile, so a fix patched into the cluster would not last.
 *
 * Signals, by the tools' own conventions:
 * - Helm: label `app.kubernetes.io/managed-by: Helm` (`{{ .Release.Service }}`), annotations
 *   `meta.helm.sh/release-name` / `meta.helm.sh/release-namespace` (Helm 3 adoption markers),
 *   label `helm.sh/chart`.
 * - Argo CD: label `argocd.argoproj.io/instance` (a custom tracking label); annotation
 *   `argocd.argoproj.io/tracking-id` (`<app>:<group>/<kind>:<namespace>/<name>`, annotation tracking);
 *   label `app.kubernetes.io/instance` only together with that annotation, because Helm charts set
 *   the same label to the release name.
 * - Flux: labels `kustomize.toolkit.fluxcd.io/name` + `/namespace` (kustomize-controller),
 *   `helm.toolkit.fluxcd.io/name` + `/namespace` (helm-controller).
 * - Any other `app.kubernetes.io/managed-by` value: that tool (usually an operator).
 * - A controller owner reference whose kind is not a built-in workload controller: an operator.
 *
 * Precedence, most specific source of truth first:
 * 1. an operator that owns the object: it rewrites what it owns, whatever put its custom
 *    resource there, and operators often copy their resource's labels (Helm's, Argo CD's) onto
 *    what they create;
 * 2. Argo CD and Flux before Helm: both render Helm charts, so their objects carry Helm's labels
 *    too, and the change belongs in the Application / HelmRelease values, not in a `helm upgrade`;
 * 3. Helm;
 * 4. any other `app.kubernetes.io/managed-by` value.
 */
import type { KubeObject } from '../model/kube.js';
import { isObject } from '../model/json.js';

export interface ManagedBy {
  /** `Helm`, `Argo CD`, `Flux`, `operator`, `kubelet`, or the `app.kubernetes.io/managed-by` value. */
  readonly tool: 'Helm' | 'Argo CD' | 'Flux' | 'operator' | (string & {});
  /** A short phrase for humans: `Helm release shop (namespace shop)`, `owned by Kafka/events`. */
  readonly detail: string;
}

/** Shown next to a change to a managed object. */
export const LIVE_PATCH_WARNING =
  'A live patch would be reverted at the next sync or reconcile: export the change and apply it at its source (chart values, Git) instead.';

/** How a report names it: an operator's objects are fixed in their owner, the rest at their source. */
export function describeManagedBy(manager: ManagedBy): string {
  return manager.tool === 'operator' ? `fix in its owner (${manager.detail})` : `managed by ${manager.detail}`;
}

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const HELM_CHART_LABEL = 'helm.sh/chart';
export const HELM_RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const HELM_RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';
export const ARGOCD_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
export const ARGOCD_TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const FLUX_KUSTOMIZATION_NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
export const FLUX_KUSTOMIZATION_NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';
export const FLUX_HELM_RELEASE_NAME_LABEL = 'helm.toolkit.fluxcd.io/name';
export const FLUX_HELM_RELEASE_NAMESPACE_LABEL = 'helm.toolkit.fluxcd.io/namespace';

/**
 * The built-in controllers, by kind and the API groups that served them. A controller owner of
 * one of these is part of an ordinary workload chain (Deployment → ReplicaSet → Pod), not a tool.
 */
const BUILT_IN_CONTROLLER_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  ReplicationController: [''],
};

type StringMap = Readonly<Record<string, string>>;

/** Only the string entries: a label map read from hand-written YAML may hold numbers or nulls. */
function stringEntries(value: unknown): StringMap {
  if (!isObject(value)) return {};
  const entries: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') entries[key] = item;
  return entries;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** `apps/v1` → `apps`, `v1` → `` (the core group). */
function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || apiVersion === '') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function isBuiltInController(kind: string, apiVersion: unknown): boolean {
  const groups = BUILT_IN_CONTROLLER_GROUPS[kind];
  if (!groups) return false;
  const group = groupOf(apiVersion);
  // A reference without apiVersion is taken at its word: the kind is the built-in one.
  return group === undefined || groups.includes(group);
}

function byController(metadata: Record<string, unknown>): ManagedBy | undefined {
  const references = metadata.ownerReferences;
  if (!Array.isArray(references)) return undefined;
  // Kubernetes allows at most one controller reference; the first is the one it honours.
  const controller = references.find((reference): reference is Record<string, unknown> => isObject(reference) && reference.controller === true);
  if (!controller || typeof controller.kind !== 'string' || controller.kind === '') return undefined;
  const kind = controller.kind;
  if (isBuiltInController(kind, controller.apiVersion)) return undefined;
  const name = typeof controller.name === 'string' ? controller.name : '';
  // A mirror pod of a static pod (owned by its core/v1 Node): the kubelet recreates it from a
  // manifest file on the node, and the API server refuses most changes to it anyway.
  if (kind === 'Node' && !groupOf(controller.apiVersion)) return { tool: 'kubelet', detail: name ? `static pod on node ${name}` : 'static pod' };
  return operator(kind, name);
}

function operator(kind: string, name: string): ManagedBy {
  return { tool: 'operator', detail: name ? `owned by ${kind}/${name}` : `owned by a ${kind}` };
}

interface TrackingId {
  readonly application: string;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `<app>:<group>/<kind>:<namespace>/<name>`; the group and namespace may be empty. */
function parseTrackingId(value: string): TrackingId | undefined {
  const match = /^([^:]+):([^/:]*)\/([^:]+):([^/]*)\/(.+)$/.exec(value);
  if (!match) return undefined;
  const [, application = '', group = '', kind = '', namespace = '', name = ''] = match;
  return { application, group, kind, namespace, name };
}

/**
 * Argo CD ignores a tracking id that names a different object (one copied from a parent by an
 * operator or a `kubectl get -o yaml | kubectl apply`), so we do too. Only fields the object
 * states are compared: a file may leave out the namespace.
 */
function trackingIdNamesObject(id: TrackingId, object: KubeObject, metadata: Record<string, unknown>): boolean {
  if (typeof object.kind === 'string' && object.kind !== '' && object.kind !== id.kind) return false;
  if (typeof metadata.name === 'string' && metadata.name !== '' && metadata.name !== id.name) return false;
  const group = groupOf(object.apiVersion);
  if (group !== undefined && group !== id.group) return false;
  if (typeof metadata.namespace === 'string' && metadata.namespace !== '' && id.namespace !== '' && metadata.namespace !== id.namespace) return false;
  return true;
}

/** With applications in any namespace, Argo CD writes the application as `<namespace>_<name>`. */
function formatApplication(application: string): string {
  const underscore = application.indexOf('_');
  return underscore < 0 ? application : `${application.slice(0, underscore)}/${application.slice(underscore + 1)}`;
}

function byArgoCd(object: KubeObject, metadata: Record<string, unknown>, labels: StringMap, annotations: StringMap): ManagedBy | undefined {
  const trackingText = nonEmpty(annotations[ARGOCD_TRACKING_ID_ANNOTATION]);
  const trackingId = trackingText ? parseTrackingId(trackingText) : undefined;
  // An unparseable tracking id still says Argo CD put it there; a parsed one must name this object.
  const tracked = trackingText !== undefined && (trackingId === undefined || trackingIdNamesObject(trackingId, object, metadata));
  const application =
    nonEmpty(labels[ARGOCD_INSTANCE_LABEL]) ??
    (tracked ? (trackingId ? formatApplication(trackingId.application) : nonEmpty(labels[INSTANCE_LABEL])) : undefined);
  if (application) return { tool: 'Argo CD', detail: `Argo CD application ${application}` };
  return tracked ? { tool: 'Argo CD', detail: 'Argo CD application' } : undefined;
}

function qualified(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

function byFlux(labels: StringMap): ManagedBy | undefined {
  const helmRelease = nonEmpty(labels[FLUX_HELM_RELEASE_NAME_LABEL]);
  if (helmRelease) {
    return { tool: 'Flux', detail: `Flux HelmRelease ${qualified(nonEmpty(labels[FLUX_HELM_RELEASE_NAMESPACE_LABEL]), helmRelease)}` };
  }
  const kustomization = nonEmpty(labels[FLUX_KUSTOMIZATION_NAME_LABEL]);
  if (kustomization) {
    return { tool: 'Flux', detail: `Flux Kustomization ${qualified(nonEmpty(labels[FLUX_KUSTOMIZATION_NAMESPACE_LABEL]), kustomization)}` };
  }
  return undefined;
}

function isHelmValue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'helm';
}

function byHelm(labels: StringMap, annotations: StringMap): ManagedBy | undefined {
  const release = nonEmpty(annotations[HELM_RELEASE_NAME_ANNOTATION]);
  const releaseNamespace = nonEmpty(annotations[HELM_RELEASE_NAMESPACE_ANNOTATION]);
  const chart = nonEmpty(labels[HELM_CHART_LABEL]);
  const managedByHelm = isHelmValue(labels[MANAGED_BY_LABEL]);
  if (!release && !releaseNamespace && !chart && !managedByHelm) return undefined;
  if (release) return { tool: 'Helm', detail: releaseNamespace ? `Helm release ${release} (namespace ${releaseNamespace})` : `Helm release ${release}` };
  // Charts made with `helm create` set the instance label to the release name.
  const instance = nonEmpty(labels[INSTANCE_LABEL]);
  if (instance) return { tool: 'Helm', detail: `Helm release ${instance}` };
  if (chart) return { tool: 'Helm', detail: `Helm chart ${chart}` };
  return { tool: 'Helm', detail: 'Helm release' };
}

function byManagedByLabel(labels: StringMap): ManagedBy | undefined {
  const value = nonEmpty(labels[MANAGED_BY_LABEL]);
  return value ? { tool: value, detail: `managed by ${value}` } : undefined;
}

/** The tool that owns this object's live state, if any. Pure; never throws on malformed input. */
export function managedBy(object: KubeObject): ManagedBy | undefined {
  if (!isObject(object)) return undefined;
  const metadata = object.metadata;
  if (!isObject(metadata)) return undefined;
  const labels = stringEntries(metadata.labels);
  const annotations = stringEntries(metadata.annotations);
  return (
    byController(metadata) ??
    byArgoCd(object, metadata, labels, annotations) ??
    byFlux(labels) ??
    byHelm(labels, annotations) ??
    byManagedByLabel(labels)
  );
}
