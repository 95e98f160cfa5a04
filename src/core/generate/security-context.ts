/**
 * securityContext fixes: for each failing Pod Security check that can be fixed safely, a Change
 * (data); for the ones that need a person (host namespaces, hostPath, privileged, ...), a manual
 * item with guidance. Pure: a function of the workload, its violations and the parameters.
 */
import type { Change, ChangeParameter, FieldPath, ManualItem, Operation, Risk } from '../model/change.js';
import type { Container, PodSpec } from '../model/kube.js';
import type { Workload } from '../model/workload.js';
import type { Violation } from '../pss/evaluate.js';
import type { CheckId } from '../pss/types.js';
import { BASELINE_CAPABILITIES } from '../pss/checks/capabilities-baseline.js';
import { safeSysctls } from '../pss/checks/sysctls.js';
import { validSeccompType } from '../pss/checks/seccomp-profile-baseline.js';
import type { Level } from '../model/policy.js';

export type ParamValues = Readonly<Record<string, number | string>>;

export interface FixContext {
  /** The level the fixes aim at. */
  readonly level: Level;
  /** The policy minor the fixes aim at (already resolved from `latest`). */
  readonly minor: number;
  /** The namespace of workloads that do not name one. */
  readonly namespace: string;
  /** Parameter values from a plan file, by change id. */
  readonly params?: (changeId: string) => ParamValues | undefined;
}

export interface WorkloadFixes {
  readonly changes: readonly Change[];
  readonly manual: readonly ManualItem[];
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
type ContainerList = (typeof CONTAINER_LISTS)[number];

/** The default non-root identity: high enough to clash with no distribution's system users. */
export const DEFAULT_RUN_AS_USER = 10001;
export const DEFAULT_RUN_AS_GROUP = 10001;

const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

interface ContainerEntry {
  readonly list: ContainerList;
  readonly container: Container;
  readonly path: FieldPath;
}

function containerEntries(spec: PodSpec): ContainerEntry[] {
  return CONTAINER_LISTS.flatMap((list) =>
    (spec[list] ?? []).map((container) => ({
      list,
      container,
      path: ['spec', { list, key: 'name', value: container.name ?? '' }] as FieldPath,
    })),
  );
}

const POD_SECURITY_CONTEXT: FieldPath = ['spec', 'securityContext'];

function at(base: FieldPath, ...steps: FieldPath): FieldPath {
  return [...base, ...steps];
}

function names(entries: readonly ContainerEntry[]): string {
  const list = entries.map((entry) => `"${entry.container.name ?? ''}"`);
  return `${list.length === 1 ? 'container' : 'containers'} ${list.join(', ')}`;
}

/** Guidance for what kube-harden will not change by itself. */
export const MANUAL_GUIDANCE: Partial<Record<CheckId, string>> = {
  hostNamespaces:
    'Sharing the host network, PID or IPC namespace gives the pod the node\'s view. Remove hostNetwork/hostPID/hostIPC if the workload does not need them; a node agent that does belongs in its own namespace at the baseline... or privileged level.',
  hostPathVolumes:
    'A hostPath volume reads or writes the node\'s file system. Replace it with a PersistentVolumeClaim, emptyDir or configMap; a node agent that must read the node (logs, metrics) belongs in its own namespace with a lower level.',
  restrictedVolumes:
    'Only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes pass restricted. Move the storage behind a PersistentVolumeClaim (a PersistentVolume can use the same backend).',
  privileged:
    'A privileged container has every capability and device of the node. Remove privileged: true and grant only what the workload needs; if it truly needs it (CNI, storage drivers), run it in its own privileged namespace.',
  hostPorts:
    'hostPort binds a port on the node. Expose the workload through a Service (ClusterIP, NodePort or LoadBalancer) instead, and remove hostPort.',
  windowsHostProcess:
    'Windows HostProcess containers run with the node\'s privileges. Run them in a dedicated privileged namespace.',
  hostProbesAndHostLifecycle:
    'A probe or lifecycle handler with a host can reach other addresses from the kubelet. Remove the host field so the kubelet targets the pod\'s own IP.',
};

const LINUX_ONLY_EXEMPT_FROM_V1_25: ReadonlySet<CheckId> = new Set([
  'allowPrivilegeEscalation',
  'capabilities_restricted',
  'seccompProfile_restricted',
]);

interface Draft {
  readonly fix: string;
  readonly summary: string;
  readonly resolves: readonly CheckId[];
  readonly risk: Risk;
  readonly operations: readonly Operation[];
  readonly params?: Readonly<Record<string, ChangeParameter>>;
  readonly category?: Change['category'];
}

function integerParam(value: number, description: string, min: number, max: number): ChangeParameter {
  return { value, type: 'integer', description, min, max };
}

/**
 * Fixes for one workload's violations at the target level. `violations` must come from evaluating
 * `workload.pod` at that level and `context.minor`.
 */
export function generateSecurityContextFixes(workload: Workload, violations: readonly Violation[], context: FixContext): WorkloadFixes {
  const spec = workload.pod.spec;
  const annotations = workload.pod.metadata?.annotations ?? {};
  const windows = spec.os?.name === 'windows';
  const failing = new Set(violations.map((violation) => violation.check));
  const entries = containerEntries(spec);
  const drafts: Draft[] = [];
  const manual: ManualItem[] = [];
  const idBase = `${workload.ref.namespace ?? context.namespace}/${workload.kind.toLowerCase()}/${workload.ref.name}`;
  const paramsFor = (fix: string): ParamValues => context.params?.(`${idBase}/${fix}`) ?? {};
  const addManual = (check: CheckId, guidance: string) => manual.push({ target: workload.ref, check, guidance });

  for (const check of failing) {
    const guidance = MANUAL_GUIDANCE[check];
    if (guidance && check !== 'restrictedVolumes') addManual(check, guidance);
  }
  if (failing.has('restrictedVolumes')) addManual('restrictedVolumes', MANUAL_GUIDANCE.restrictedVolumes!);

  if (windows) {
    // Windows pods never get Linux-only fields. Below v1.25 Pod Security demands them anyway.
    for (const check of LINUX_ONLY_EXEMPT_FROM_V1_25) {
      if (failing.has(check)) {
        addManual(
          check,
          'This Windows pod cannot set Linux-only fields; Pod Security exempts Windows pods from this check from policy version v1.25, so pin the namespace\'s version labels to v1.25 or newer.',
        );
        failing.delete(check);
      }
    }
    // runAsUser is Linux-only too (the API rejects it on Windows pods), so no fix may set it.
    if (failing.has('runAsUser')) {
      addManual('runAsUser', 'This Windows pod sets runAsUser: 0, a Linux-only field the API rejects on Windows pods; remove it (use windowsOptions.runAsUserName instead).');
      failing.delete('runAsUser');
    }
  }

  // Will the containers run as non-root after the plan? Needed for the low-port companion fix.
  let becomesNonRoot = false;

  if (failing.has('runAsNonRoot')) {
    const values = paramsFor('run-as-non-root');
    const operations: Operation[] = [{ op: 'set', path: at(POD_SECURITY_CONTEXT, 'runAsNonRoot'), value: true }];
    for (const entry of entries) {
      if (entry.container.securityContext?.runAsNonRoot === false) {
        operations.push({ op: 'set', path: at(entry.path, 'securityContext', 'runAsNonRoot'), value: true });
      }
    }
    const params: Record<string, ChangeParameter> = {};
    const podContext = spec.securityContext ?? {};
    const needsUser = !windows && podContext.runAsUser === undefined && entries.some((entry) => entry.container.securityContext?.runAsUser === undefined);
    if (needsUser) {
      const runAsUser = Number(values.runAsUser ?? DEFAULT_RUN_AS_USER);
      params.runAsUser = integerParam(runAsUser, 'non-zero user ID the containers run as', 1, 2147483647);
      operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'runAsUser'), value: runAsUser });
      if (podContext.runAsGroup === undefined) {
        const runAsGroup = Number(values.runAsGroup ?? DEFAULT_RUN_AS_GROUP);
        params.runAsGroup = integerParam(runAsGroup, 'primary group ID of the containers\' processes', 1, 2147483647);
        operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'runAsGroup'), value: runAsGroup });
      }
      if (podContext.fsGroup === undefined && usesWritableStorage(workload)) {
        const fsGroup = Number(values.fsGroup ?? values.runAsGroup ?? DEFAULT_RUN_AS_GROUP);
        params.fsGroup = integerParam(fsGroup, 'group that owns mounted volumes, so a non-root user can write them', 1, 2147483647);
        operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'fsGroup'), value: fsGroup });
      }
    }
    becomesNonRoot = true;
    const rootUser = (podContext.runAsUser === 0 && entries.some((entry) => entry.container.securityContext?.runAsUser === undefined)) ||
      entries.some((entry) => entry.container.securityContext?.runAsUser === 0);
    drafts.push({
      fix: 'run-as-non-root',
      summary: needsUser
        ? `run as non-root user ${String(params.runAsUser!.value)} (runAsNonRoot: true)`
        : 'require non-root (runAsNonRoot: true); the containers set their own runAsUser',
      resolves: ['runAsNonRoot'],
      risk: needsUser
        ? { level: 'may-break', why: 'the image may expect to run as root (files owned by root, writes to root-owned paths)' }
        : rootUser
          ? { level: 'may-break', why: 'a container sets runAsUser: 0, so it will not start unless that is changed too (see run-as-user)' }
          : { level: 'restart', why: 'pods restart; they already run as a non-zero user' },
      operations,
      params,
    });
  }

  if (failing.has('runAsUser') && !windows) {
    const runAsUser = Number(paramsFor('run-as-user').runAsUser ?? DEFAULT_RUN_AS_USER);
    const operations: Operation[] = [];
    if (spec.securityContext?.runAsUser === 0) operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'runAsUser'), value: runAsUser });
    const zeros = entries.filter((entry) => entry.container.securityContext?.runAsUser === 0);
    for (const entry of zeros) operations.push({ op: 'set', path: at(entry.path, 'securityContext', 'runAsUser'), value: runAsUser });
    becomesNonRoot = true;
    drafts.push({
      fix: 'run-as-user',
      summary: `replace runAsUser: 0 with ${runAsUser}${zeros.length ? ` on ${names(zeros)}` : ' at pod level'}`,
      resolves: ['runAsUser'],
      risk: { level: 'may-break', why: 'runAsUser: 0 was set on purpose; the process may need root' },
      operations,
      params: { runAsUser: integerParam(runAsUser, 'non-zero user ID replacing root', 1, 2147483647) },
    });
  }

  if (failing.has('allowPrivilegeEscalation')) {
    const bad = entries.filter((entry) => entry.container.securityContext?.allowPrivilegeEscalation !== false);
    // The API rejects allowPrivilegeEscalation=false beside privileged or CAP_SYS_ADMIN.
    const blocked = bad.filter(
      (entry) => entry.container.securityContext?.privileged === true || (entry.container.securityContext?.capabilities?.add ?? []).includes('SYS_ADMIN'),
    );
    const fixable = bad.filter((entry) => !blocked.includes(entry));
    if (fixable.length > 0) {
      drafts.push({
        fix: 'disallow-privilege-escalation',
        summary: `set allowPrivilegeEscalation: false on ${names(fixable)}`,
        resolves: ['allowPrivilegeEscalation'],
        risk: { level: 'restart', why: 'pods restart; set-user-ID programs (sudo, su) stop gaining privileges' },
        operations: fixable.map((entry) => ({ op: 'set', path: at(entry.path, 'securityContext', 'allowPrivilegeEscalation'), value: false })),
      });
    }
    if (blocked.length > 0) {
      addManual(
        'allowPrivilegeEscalation',
        `${names(blocked)} ${blocked.length === 1 ? 'is' : 'are'} privileged or add SYS_ADMIN, which the API does not allow together with allowPrivilegeEscalation: false; remove that first, then plan again.`,
      );
    }
  }

  const restrictedCapabilities = failing.has('capabilities_restricted');
  if (restrictedCapabilities) {
    const missingDrop = entries.filter((entry) => !(entry.container.securityContext?.capabilities?.drop ?? []).includes('ALL'));
    if (missingDrop.length > 0) {
      drafts.push({
        fix: 'drop-all-capabilities',
        summary: `drop all Linux capabilities on ${names(missingDrop)}`,
        resolves: ['capabilities_restricted'],
        risk: { level: 'restart', why: 'pods restart without capabilities; a process still running as root loses root\'s special powers' },
        operations: missingDrop.map((entry) => ({ op: 'include', path: at(entry.path, 'securityContext', 'capabilities', 'drop'), value: 'ALL' })),
      });
    }
    becomesNonRoot ||= missingDrop.length > 0;
  }
  if (restrictedCapabilities || failing.has('capabilities_baseline')) {
    const allowed = (capability: string) => (restrictedCapabilities ? capability === 'NET_BIND_SERVICE' : BASELINE_CAPABILITIES.has(capability));
    const operations: Operation[] = [];
    const removed = new Set<string>();
    for (const entry of entries) {
      for (const capability of entry.container.securityContext?.capabilities?.add ?? []) {
        if (allowed(capability)) continue;
        removed.add(capability);
        operations.push({ op: 'exclude', path: at(entry.path, 'securityContext', 'capabilities', 'add'), value: capability });
      }
    }
    if (operations.length > 0) {
      drafts.push({
        fix: 'remove-added-capabilities',
        summary: `stop adding ${[...removed].sort().join(', ')}`,
        resolves: [restrictedCapabilities ? 'capabilities_restricted' : 'capabilities_baseline'],
        risk: { level: 'may-break', why: 'the workload asked for these capabilities; the feature that needs them stops working' },
        operations,
      });
    }
  }

  if (failing.has('seccompProfile_restricted') || failing.has('seccompProfile_baseline')) {
    const operations: Operation[] = [];
    let explicit = false;
    if (context.minor < 19) {
      // Policy v1.0–v1.18 reads the alpha annotations only.
      for (const [key, value] of Object.entries(annotations)) {
        const relevant = key === 'seccomp.security.alpha.kubernetes.io/pod' || key.startsWith('container.seccomp.security.alpha.kubernetes.io/');
        if (relevant && !(value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'))) {
          operations.push({ op: 'set', path: ['metadata', 'annotations', key], value: 'runtime/default' });
          explicit = true;
        }
      }
    } else if (!windows) {
      const podProfile = spec.securityContext?.seccompProfile;
      if (podProfile !== undefined && !validSeccompType(podProfile.type)) explicit = true;
      const restricted = failing.has('seccompProfile_restricted');
      if ((restricted && (podProfile === undefined || !validSeccompType(podProfile.type))) || explicit) {
        operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'seccompProfile'), value: { type: 'RuntimeDefault' } });
      }
      for (const entry of entries) {
        const profile = entry.container.securityContext?.seccompProfile;
        if (profile !== undefined && !validSeccompType(profile.type)) {
          explicit = true;
          operations.push({ op: 'set', path: at(entry.path, 'securityContext', 'seccompProfile'), value: { type: 'RuntimeDefault' } });
        }
      }
    }
    if (operations.length > 0) {
      drafts.push({
        fix: 'seccomp-runtime-default',
        summary: explicit ? 'replace the Unconfined seccomp profile with RuntimeDefault' : 'use the container runtime\'s default seccomp profile (RuntimeDefault)',
        resolves: [failing.has('seccompProfile_restricted') ? 'seccompProfile_restricted' : 'seccompProfile_baseline'],
        risk: explicit
          ? { level: 'may-break', why: 'Unconfined was set on purpose; system calls outside the default profile will fail' }
          : { level: 'restart', why: 'pods restart; the default profile blocks only rarely used system calls' },
        operations,
      });
    }
  }

  if (failing.has('appArmorProfile')) {
    const operations: Operation[] = [];
    const allowedType = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
    if (spec.securityContext?.appArmorProfile && !allowedType(spec.securityContext.appArmorProfile.type)) {
      operations.push({ op: 'set', path: at(POD_SECURITY_CONTEXT, 'appArmorProfile'), value: { type: 'RuntimeDefault' } });
    }
    for (const entry of entries) {
      const profile = entry.container.securityContext?.appArmorProfile;
      if (profile && !allowedType(profile.type)) {
        operations.push({ op: 'set', path: at(entry.path, 'securityContext', 'appArmorProfile'), value: { type: 'RuntimeDefault' } });
      }
    }
    for (const [key, value] of Object.entries(annotations)) {
      if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(value === '' || value === 'runtime/default' || value.startsWith('localhost/'))) {
        operations.push({ op: 'set', path: ['metadata', 'annotations', key], value: 'runtime/default' });
      }
    }
    drafts.push({
      fix: 'apparmor-runtime-default',
      summary: 'replace the Unconfined AppArmor profile with RuntimeDefault',
      resolves: ['appArmorProfile'],
      risk: { level: 'may-break', why: 'Unconfined was set on purpose; actions outside the default profile will be denied' },
      operations,
    });
  }

  if (failing.has('seLinuxOptions')) {
    const allowedTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', ...(context.minor >= 31 ? ['container_engine_t'] : [])]);
    const operations: Operation[] = [];
    const scrub = (base: FieldPath, options: { type?: string; user?: string; role?: string } | undefined) => {
      if (!options) return;
      if (!allowedTypes.has(options.type ?? '')) operations.push({ op: 'remove', path: at(base, 'seLinuxOptions', 'type') });
      if (options.user) operations.push({ op: 'remove', path: at(base, 'seLinuxOptions', 'user') });
      if (options.role) operations.push({ op: 'remove', path: at(base, 'seLinuxOptions', 'role') });
    };
    scrub(POD_SECURITY_CONTEXT, spec.securityContext?.seLinuxOptions);
    for (const entry of entries) scrub(at(entry.path, 'securityContext'), entry.container.securityContext?.seLinuxOptions);
    drafts.push({
      fix: 'selinux-defaults',
      summary: 'remove the custom SELinux type, user and role (the runtime assigns container_t)',
      resolves: ['seLinuxOptions'],
      risk: { level: 'may-break', why: 'a custom SELinux label was set on purpose; access it granted will be denied' },
      operations,
    });
  }

  if (failing.has('sysctls')) {
    const safe = new Set(safeSysctls(context.minor));
    const unsafe = (spec.securityContext?.sysctls ?? []).map((sysctl) => sysctl.name ?? '').filter((name) => !safe.has(name));
    drafts.push({
      fix: 'remove-unsafe-sysctls',
      summary: `remove the unsafe sysctls ${[...new Set(unsafe)].join(', ')}`,
      resolves: ['sysctls'],
      risk: { level: 'may-break', why: 'the workload tuned these kernel settings; set them on the nodes if it needs them' },
      operations: [...new Set(unsafe)].map((name) => ({ op: 'remove', path: at(POD_SECURITY_CONTEXT, { list: 'sysctls', key: 'name', value: name }) })),
    });
  }

  const procMountCheck: CheckId | undefined = failing.has('procMount_restricted') ? 'procMount_restricted' : failing.has('procMount') ? 'procMount' : undefined;
  if (procMountCheck) {
    const unmasked = entries.filter((entry) => entry.container.securityContext?.procMount !== undefined && entry.container.securityContext.procMount !== 'Default');
    drafts.push({
      fix: 'default-proc-mount',
      summary: `use the default masked /proc on ${names(unmasked)}`,
      resolves: [procMountCheck],
      risk: { level: 'may-break', why: 'an unmasked /proc was asked for (usually for nested containers), which stops working' },
      operations: unmasked.map((entry) => ({ op: 'set', path: at(entry.path, 'securityContext', 'procMount'), value: 'Default' })),
    });
  }

  // A non-root process, or root without capabilities, cannot bind ports below 1024: NET_BIND_SERVICE
  // alone does not help because Kubernetes grants no ambient capabilities.
  const lowPorts = entries.flatMap((entry) => (entry.container.ports ?? []).map((port) => port.containerPort ?? 0)).filter((port) => port > 0 && port < 1024);
  const sysctlAlreadySet = (spec.securityContext?.sysctls ?? []).some((sysctl) => sysctl.name === UNPRIVILEGED_PORT_START);
  if (becomesNonRoot && lowPorts.length > 0 && !windows && spec.hostNetwork !== true && !sysctlAlreadySet) {
    const start = Number(paramsFor('unprivileged-port-start').start ?? Math.min(...lowPorts));
    drafts.push({
      fix: 'unprivileged-port-start',
      summary: `let non-root processes bind ports from ${start} (sysctl ${UNPRIVILEGED_PORT_START}), as the pod listens on ${[...new Set(lowPorts)].sort((a, b) => a - b).join(', ')}`,
      resolves: [],
      risk: { level: 'may-break', why: 'the image must also work as non-root; any process in the pod may bind these ports' },
      operations: [{ op: 'set', path: at(POD_SECURITY_CONTEXT, { list: 'sysctls', key: 'name', value: UNPRIVILEGED_PORT_START }), value: { value: String(start) } }],
      params: { start: integerParam(start, 'lowest port non-root processes may bind', 0, 1024) },
    });
  }

  drafts.push(...optionalHardening(workload, entries, windows, paramsFor));

  const changes = drafts
    .filter((draft) => draft.operations.length > 0)
    .map(
      (draft): Change => ({
        id: `${idBase}/${draft.fix}`,
        target: { kind: workload.ref.kind, namespace: workload.ref.namespace ?? context.namespace, name: workload.ref.name },
        templatePath: workload.templatePath,
        summary: draft.summary,
        resolves: draft.resolves,
        risk: draft.risk,
        category: draft.category ?? 'pss',
        operations: draft.operations,
        params: draft.params ?? {},
        acceptedByDefault: (draft.category ?? 'pss') === 'pss',
      }),
    );
  return { changes, manual };
}

function usesWritableStorage(workload: Workload): boolean {
  const claims = (workload.pod.spec.volumes ?? []).some((volume) => volume.persistentVolumeClaim != null || volume.ephemeral != null);
  const spec = workload.object.spec as { volumeClaimTemplates?: unknown[] } | undefined;
  return claims || (workload.kind === 'StatefulSet' && Array.isArray(spec?.volumeClaimTemplates) && spec.volumeClaimTemplates.length > 0);
}

const API_CLIENT_HINT = /(operator|controller|kube-|kubectl|argocd|flux|cert-manager|external-dns|prometheus|autoscaler|provisioner)/i;

function showsApiUse(workload: Workload, entries: readonly ContainerEntry[]): boolean {
  const spec = workload.pod.spec;
  if (spec.serviceAccountName && spec.serviceAccountName !== 'default') return true;
  return entries.some(
    ({ container }) =>
      API_CLIENT_HINT.test(container.image ?? '') ||
      (container.env ?? []).some((env) => (env.name ?? '').startsWith('KUBERNETES_') || (env.value ?? '').includes('KUBERNETES_SERVICE')),
  );
}

function optionalHardening(
  workload: Workload,
  entries: readonly ContainerEntry[],
  windows: boolean,
  paramsFor: (fix: string) => ParamValues,
): Draft[] {
  const drafts: Draft[] = [];
  const spec = workload.pod.spec;
  const regular = entries.filter((entry) => entry.list !== 'ephemeralContainers');

  if (!windows) {
    const writable = regular.filter((entry) => entry.container.securityContext?.readOnlyRootFilesystem !== true);
    if (writable.length > 0) {
      const operations: Operation[] = [];
      let needsVolume = false;
      for (const entry of writable) {
        operations.push({ op: 'set', path: at(entry.path, 'securityContext', 'readOnlyRootFilesystem'), value: true });
        if (!(entry.container.volumeMounts ?? []).some((mount) => mount.mountPath === '/tmp')) {
          needsVolume = true;
          operations.push({ op: 'set', path: at(entry.path, { list: 'volumeMounts', key: 'mountPath', value: '/tmp' }), value: { name: 'kube-harden-tmp' } });
        }
      }
      if (needsVolume) operations.push({ op: 'set', path: ['spec', { list: 'volumes', key: 'name', value: 'kube-harden-tmp' }], value: { emptyDir: {} } });
      drafts.push({
        fix: 'read-only-root-filesystem',
        summary: `make the root file system read-only on ${names(writable)}, with a writable emptyDir at /tmp`,
        resolves: [],
        risk: { level: 'may-break', why: 'writes outside /tmp and mounted volumes fail; check the image\'s cache and pid paths' },
        operations,
        category: 'optional',
      });
    }
  }

  if (spec.automountServiceAccountToken !== false && !showsApiUse(workload, regular)) {
    drafts.push({
      fix: 'no-service-account-token',
      summary: 'do not mount a Kubernetes API token (the workload shows no sign of using the API)',
      resolves: [],
      risk: { level: 'may-break', why: 'a client that does call the Kubernetes API will fail to authenticate' },
      operations: [{ op: 'set', path: ['spec', 'automountServiceAccountToken'], value: false }],
      category: 'optional',
    });
  }

  const unbounded = regular.filter((entry) => !entry.container.resources?.requests || !entry.container.resources?.limits);
  if (unbounded.length > 0) {
    const values = paramsFor('resource-placeholders');
    const cpu = String(values.cpuRequest ?? '100m');
    const memory = String(values.memoryRequest ?? '128Mi');
    const memoryLimit = String(values.memoryLimit ?? '256Mi');
    const operations: Operation[] = [];
    for (const entry of unbounded) {
      if (!entry.container.resources?.requests) {
        operations.push({ op: 'set', path: at(entry.path, 'resources', 'requests'), value: { cpu, memory } });
      }
      if (!entry.container.resources?.limits) operations.push({ op: 'set', path: at(entry.path, 'resources', 'limits'), value: { memory: memoryLimit } });
    }
    drafts.push({
      fix: 'resource-placeholders',
      summary: `PLACEHOLDER resources on ${names(unbounded)}: set real requests and limits before applying`,
      resolves: [],
      risk: { level: 'restart', why: 'pods restart; a memory limit that is too low gets the container killed' },
      operations,
      params: {
        cpuRequest: { value: cpu, type: 'string', description: 'CPU request (placeholder)' },
        memoryRequest: { value: memory, type: 'string', description: 'memory request (placeholder)' },
        memoryLimit: { value: memoryLimit, type: 'string', description: 'memory limit (placeholder)' },
      },
      category: 'optional',
    });
  }
  return drafts;
}
