/**
 * The subset of Kubernetes object shapes kube-harden reads. Field names are Kubernetes' own.
 * Objects arrive as parsed JSON; `extract/validate-pod.ts` proves a pod spec has these shapes
 * before the engine sees it, so checks can rely on them.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/** Any Kubernetes object as read from input. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export interface SeccompProfile {
  type?: string;
  localhostProfile?: string;
}

export interface AppArmorProfile {
  type?: string;
  localhostProfile?: string;
}

export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}

export interface WindowsSecurityContextOptions {
  hostProcess?: boolean;
  runAsUserName?: string;
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
}

export interface Capabilities {
  add?: string[];
  drop?: string[];
}

export interface Sysctl {
  name?: string;
  value?: string;
}

export interface PodSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  supplementalGroups?: number[];
  seccompProfile?: SeccompProfile;
  appArmorProfile?: AppArmorProfile;
  seLinuxOptions?: SELinuxOptions;
  windowsOptions?: WindowsSecurityContextOptions;
  sysctls?: Sysctl[];
  [key: string]: unknown;
}

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  readOnlyRootFilesystem?: boolean;
  procMount?: string;
  capabilities?: Capabilities;
  seccompProfile?: SeccompProfile;
  appArmorProfile?: AppArmorProfile;
  seLinuxOptions?: SELinuxOptions;
  windowsOptions?: WindowsSecurityContextOptions;
  [key: string]: unknown;
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  hostIP?: string;
}

export interface HostHandler {
  httpGet?: { host?: string; port?: number | string; path?: string; [key: string]: unknown };
  tcpSocket?: { host?: string; port?: number | string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Lifecycle {
  postStart?: HostHandler;
  preStop?: HostHandler;
}

export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: unknown;
}

export interface VolumeMount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
  [key: string]: unknown;
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: ContainerPort[];
  securityContext?: SecurityContext;
  livenessProbe?: HostHandler;
  readinessProbe?: HostHandler;
  startupProbe?: HostHandler;
  lifecycle?: Lifecycle;
  volumeMounts?: VolumeMount[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface Volume {
  name?: string;
  [source: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  securityContext?: PodSecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  os?: { name?: string };
  runtimeClassName?: string;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  [key: string]: unknown;
}

/** What Pod Security Admission evaluates: the pod's (or template's) metadata and spec. */
export interface PodTemplate {
  metadata?: ObjectMeta;
  spec: PodSpec;
}
