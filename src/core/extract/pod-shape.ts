import { any, boolean, integer, list, map, object, string } from './shape.js';

/** The fields of a pod template that Pod Security checks and kube-harden's generators read. */
const seccompProfile = object({ type: string, localhostProfile: string });
const appArmorProfile = object({ type: string, localhostProfile: string });
const seLinuxOptions = object({ user: string, role: string, type: string, level: string });
const windowsOptions = object({
  hostProcess: boolean,
  runAsUserName: string,
  gmsaCredentialSpecName: string,
  gmsaCredentialSpec: string,
});
const handler = object({ httpGet: object({ host: string, path: string }), tcpSocket: object({ host: string }) });

const containerSecurityContext = object({
  privileged: boolean,
  allowPrivilegeEscalation: boolean,
  runAsNonRoot: boolean,
  runAsUser: integer,
  runAsGroup: integer,
  readOnlyRootFilesystem: boolean,
  procMount: string,
  capabilities: object({ add: list(string), drop: list(string) }),
  seccompProfile,
  appArmorProfile,
  seLinuxOptions,
  windowsOptions,
});

const container = object(
  {
    name: string,
    image: string,
    command: list(string),
    args: list(string),
    env: list(object({ name: string, value: string, valueFrom: any })),
    ports: list(object({ name: string, containerPort: integer, hostPort: integer, protocol: string, hostIP: string })),
    securityContext: containerSecurityContext,
    livenessProbe: handler,
    readinessProbe: handler,
    startupProbe: handler,
    lifecycle: object({ postStart: handler, preStop: handler }),
    volumeMounts: list(object({ name: string, mountPath: string, readOnly: boolean })),
  },
  ['name'],
);

const podSecurityContext = object({
  runAsNonRoot: boolean,
  runAsUser: integer,
  runAsGroup: integer,
  fsGroup: integer,
  supplementalGroups: list(integer),
  seccompProfile,
  appArmorProfile,
  seLinuxOptions,
  windowsOptions,
  sysctls: list(object({ name: string, value: string })),
});

export const podSpecShape = object(
  {
    containers: list(container),
    initContainers: list(container),
    ephemeralContainers: list(container),
    volumes: list(object({ name: string, hostPath: object({ path: string, type: string }) }, ['name'])),
    securityContext: podSecurityContext,
    hostNetwork: boolean,
    hostPID: boolean,
    hostIPC: boolean,
    hostUsers: boolean,
    os: object({ name: string }),
    runtimeClassName: string,
    serviceAccountName: string,
    automountServiceAccountToken: boolean,
  },
  ['containers'],
);

export const podMetadataShape = object({
  name: string,
  generateName: string,
  namespace: string,
  labels: map(string),
  annotations: map(string),
});
