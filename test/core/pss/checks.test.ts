/**
 * Every Pod Security check, table-driven: a pod, the policies it is evaluated at, and the exact
 * aggregate text kubectl would print (`reason (detail), ...`) or `allowed`. The cases concentrate on
 * what the upstream fixtures do not cover (conformance README, section 2): ephemeral containers, the
 * AppArmor field, container_engine_t, user namespaces, the Windows exemptions at v1.25–v1.28, the
 * newer volume types, several containers and the order of messages across checks.
 *
 * Pods go through `collectWorkloads`, so the API-server defaults apply exactly as for user input.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod, formatViolations } from '../../../src/core/pss/evaluate.js';
import { ALL_CHECKS } from '../../../src/core/pss/checks/index.js';
import { parseLevel, parseVersion } from '../../../src/core/model/policy.js';
import type { CheckId } from '../../../src/core/pss/types.js';
import type { KubeObject, PodTemplate } from '../../../src/core/model/kube.js';

const ALLOWED = 'allowed';
type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  readonly spec: Json;
  readonly annotations?: Readonly<Record<string, string>>;
  /** A Pod by default; a Deployment's template does not get the hostNetwork hostPort default. */
  readonly kind?: 'Pod' | 'Deployment';
  /** `level:version` → the exact aggregate text, or ALLOWED. */
  readonly expect: Readonly<Record<string, string>>;
  /** `level:version` → the checks that report, where the text alone cannot tell (overrides). */
  readonly checks?: Readonly<Record<string, readonly CheckId[]>>;
}

const IMAGE = 'registry.k8s.io/pause';

function container(name: string, securityContext?: Json, extra: Json = {}): Json {
  return { name, image: IMAGE, ...(securityContext ? { securityContext } : {}), ...extra };
}

/** A container that meets every restricted container rule; `securityContext` fields replace its own. */
function restrictedContainer(name: string, securityContext: Json = {}, extra: Json = {}): Json {
  return container(name, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...securityContext }, extra);
}

/** A pod spec that meets every restricted rule at every version; `spec` fields replace its own. */
function restrictedSpec(spec: Json = {}, podSecurityContext: Json = {}): Json {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...podSecurityContext },
    containers: [restrictedContainer('app')],
    ...spec,
  };
}

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';

function podTemplateOf(testCase: Pick<Case, 'spec' | 'annotations' | 'kind'>): PodTemplate {
  const annotations = testCase.annotations ? { annotations: { ...testCase.annotations } } : {};
  const spec = structuredClone(testCase.spec);
  const object: KubeObject =
    testCase.kind === 'Deployment'
      ? {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, ...annotations }, spec } },
        }
      : { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', ...annotations }, spec };
  const collected = collectWorkloads([{ object, source: { file: 'case.yaml', document: '1' } }]);
  assert.deepEqual(collected.errors, [], 'the case pod must be well-formed');
  assert.equal(collected.workloads.length, 1);
  return collected.workloads[0]!.pod;
}

function evaluateAt(policy: string, pod: PodTemplate): { text: string; checks: CheckId[] } {
  const [levelText, versionText] = policy.split(':') as [string, string];
  const level = parseLevel(levelText);
  const version = parseVersion(versionText);
  assert.ok(level && version, `bad policy in the table: ${policy}`);
  const result = evaluatePod({ level, version }, pod);
  assert.equal(result.allowed, result.violations.length === 0, 'allowed must mean "no violation"');
  return { text: result.allowed ? ALLOWED : formatViolations(result.violations), checks: result.violations.map((v) => v.check) };
}

function runCases(cases: readonly Case[]): void {
  for (const testCase of cases) {
    for (const [policy, expected] of Object.entries(testCase.expect)) {
      test(`${testCase.name} @ ${policy}`, () => {
        const { text, checks } = evaluateAt(policy, podTemplateOf(testCase));
        assert.equal(text, expected);
        const expectedChecks = testCase.checks?.[policy];
        if (expectedChecks) assert.deepEqual(checks, expectedChecks);
      });
    }
  }
}

const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

/** One table per check, keyed by check ID: the type makes a forgotten check a compile error. */
const CHECK_CASES: Readonly<Record<CheckId, readonly Case[]>> = {
  appArmorProfile: [
    {
      name: 'pod-level field Unconfined, at every version',
      spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [container('app')] },
      expect: {
        'baseline:v1.0': 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
        'baseline:v1.29': 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
        'baseline:latest': 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
      },
    },
    {
      name: 'container-level fields in init, regular, ephemeral order (not the order of the spec keys)',
      spec: {
        ephemeralContainers: [container('debug', { appArmorProfile: { type: 'Unconfined' } })],
        containers: [
          container('app', { appArmorProfile: { type: 'Unconfined' } }),
          container('ok', { appArmorProfile: { type: 'RuntimeDefault' } }),
        ],
        initContainers: [container('init', { appArmorProfile: { type: 'Unconfined' } })],
      },
      expect: {
        'baseline:latest': 'forbidden AppArmor profile (containers "init", "app", "debug" must not set AppArmor profile type to "Unconfined")',
      },
    },
    {
      name: 'an empty or missing type is forbidden',
      spec: {
        containers: [container('a', { appArmorProfile: { type: '' } }), container('b', { appArmorProfile: { localhostProfile: 'x' } })],
      },
      expect: { 'baseline:latest': 'forbidden AppArmor profile (containers "a", "b" must not set AppArmor profile type to "")' },
    },
    {
      name: 'Localhost and RuntimeDefault are allowed at pod and container level',
      spec: restrictedSpec(
        {
          containers: [
            restrictedContainer('a', { appArmorProfile: { type: 'RuntimeDefault' } }),
            restrictedContainer('b', { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-nginx' } }),
          ],
        },
        { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-nginx' } },
      ),
      expect: { 'baseline:v1.0': ALLOWED, 'baseline:latest': ALLOWED, 'restricted:latest': ALLOWED },
    },
    {
      name: 'an annotation naming no container is still checked, rendered key="value" and quoted again',
      spec: { containers: [container('app')] },
      annotations: { [`${APPARMOR}c`]: 'unconfined' },
      expect: {
        'baseline:v1.0': `forbidden AppArmor profile (annotation must not set AppArmor profile type to "${APPARMOR}c="unconfined"")`,
        'baseline:latest': `forbidden AppArmor profile (annotation must not set AppArmor profile type to "${APPARMOR}c="unconfined"")`,
      },
    },
    {
      name: 'annotation values runtime/default, localhost/… and empty are allowed; other prefixes are ignored',
      spec: { containers: [container('a'), container('b'), container('c')] },
      annotations: {
        [`${APPARMOR}a`]: 'runtime/default',
        [`${APPARMOR}b`]: 'localhost/k8s-nginx',
        [`${APPARMOR}c`]: '',
        'apparmor.example.com/a': 'unconfined',
      },
      expect: { 'baseline:latest': ALLOWED },
    },
    {
      name: 'fields and annotations mixed: field values sorted first, then sorted annotations; plural reason',
      spec: {
        securityContext: { appArmorProfile: { type: 'Unconfined' } },
        containers: [container('b', { appArmorProfile: { type: 'Unconfined' } }), container('a', { appArmorProfile: { type: 'Bogus' } })],
      },
      annotations: { [`${APPARMOR}b`]: 'unconfined', [`${APPARMOR}a`]: 'foo', [`${APPARMOR}ok`]: 'runtime/default', [`${APPARMOR}c`]: 'Unconfined' },
      expect: {
        'baseline:latest':
          'forbidden AppArmor profiles (pod and containers "b", "a" and annotations must not set AppArmor profile type to ' +
          `"Bogus", "Unconfined", "${APPARMOR}a="foo"", "${APPARMOR}b="unconfined"", "${APPARMOR}c="Unconfined"")`,
      },
    },
    {
      name: 'one field value and one annotation make two items: plural reason',
      spec: { securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [container('app')] },
      annotations: { [`${APPARMOR}app`]: 'unconfined' },
      expect: {
        'baseline:latest': `forbidden AppArmor profiles (pod and annotation must not set AppArmor profile type to "Unconfined", "${APPARMOR}app="unconfined"")`,
      },
    },
  ],

  capabilities_baseline: [
    {
      name: 'one non-default capability',
      spec: { containers: [container('app', { capabilities: { add: ['NET_RAW'] } })] },
      expect: {
        'baseline:v1.0': 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
        'baseline:latest': 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
      },
    },
    {
      name: 'capabilities de-duplicated across containers and sorted; exact, case-sensitive matching; ALL forbidden',
      spec: {
        initContainers: [container('init', { capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] } })],
        containers: [
          container('app', { capabilities: { add: ['NET_RAW', 'CHOWN', 'CAP_CHOWN', 'ALL'] } }),
          container('fine', { capabilities: { add: ['CHOWN'], drop: ['ALL'] } }),
        ],
        ephemeralContainers: [container('debug', { capabilities: { add: ['chown'] } })],
      },
      expect: {
        'baseline:latest':
          'non-default capabilities (containers "init", "app", "debug" must not include "ALL", "CAP_CHOWN", "NET_RAW", "SYS_ADMIN", "chown" in securityContext.capabilities.add)',
      },
    },
    {
      name: 'the 13 default capabilities are allowed and drop is ignored',
      spec: {
        containers: [container('app', { capabilities: { add: BASELINE_CAPABILITIES, drop: ['NET_RAW'] } }), container('bare')],
      },
      expect: { 'baseline:v1.0': ALLOWED, 'baseline:latest': ALLOWED },
    },
    {
      name: 'runs at restricted until v1.21, replaced by capabilities_restricted from v1.22',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] }),
      expect: {
        'restricted:v1.21': 'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
        'restricted:v1.22': 'unrestricted capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
        'baseline:v1.22': 'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
      },
      checks: { 'restricted:v1.21': ['capabilities_baseline'], 'restricted:v1.22': ['capabilities_restricted'] },
    },
  ],

  hostNamespaces: [
    {
      name: 'all three, always in the order hostNetwork, hostPID, hostIPC',
      spec: { hostIPC: true, hostPID: true, hostNetwork: true, containers: [container('app')] },
      expect: {
        'baseline:v1.0': 'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
        'baseline:latest': 'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)',
      },
    },
    {
      name: 'only the ones set',
      spec: { hostIPC: true, hostPID: false, containers: [container('app')] },
      expect: { 'baseline:latest': 'host namespaces (hostIPC=true)' },
    },
    {
      name: 'explicit false is allowed',
      spec: { hostNetwork: false, hostPID: false, hostIPC: false, containers: [container('app')] },
      expect: { 'baseline:latest': ALLOWED },
    },
    {
      name: 'a hostNetwork Pod gets hostPort = containerPort on init and regular containers (API-server default)',
      kind: 'Pod',
      spec: {
        hostNetwork: true,
        initContainers: [container('init', undefined, { ports: [{ containerPort: 9090 }] })],
        containers: [container('app', undefined, { ports: [{ containerPort: 8080 }, { containerPort: 53, hostPort: 0 }] })],
      },
      expect: {
        'baseline:latest': 'host namespaces (hostNetwork=true), hostPort (containers "init", "app" use hostPorts 53, 8080, 9090)',
      },
    },
    {
      name: 'the same template in a Deployment gets no hostPort default',
      kind: 'Deployment',
      spec: {
        hostNetwork: true,
        initContainers: [container('init', undefined, { ports: [{ containerPort: 9090 }] })],
        containers: [container('app', undefined, { ports: [{ containerPort: 8080 }, { containerPort: 53, hostPort: 0 }] })],
      },
      expect: { 'baseline:latest': 'host namespaces (hostNetwork=true)' },
    },
  ],

  hostPathVolumes: [
    {
      name: 'volumes in spec order',
      spec: {
        containers: [container('app')],
        volumes: [
          { name: 'root', hostPath: { path: '/' } },
          { name: 'cfg', configMap: { name: 'cfg' } },
          { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
        ],
      },
      expect: {
        'baseline:v1.0': 'hostPath volumes (volumes "root", "logs")',
        'baseline:latest': 'hostPath volumes (volumes "root", "logs")',
      },
    },
    {
      name: 'one volume; replaced by restrictedVolumes at restricted',
      spec: restrictedSpec({ volumes: [{ name: 'root', hostPath: { path: '/' } }] }),
      expect: {
        'baseline:latest': 'hostPath volumes (volume "root")',
        'restricted:v1.0': 'restricted volume types (volume "root" uses restricted volume type "hostPath")',
        'restricted:latest': 'restricted volume types (volume "root" uses restricted volume type "hostPath")',
      },
      checks: { 'restricted:v1.0': ['restrictedVolumes'], 'restricted:latest': ['restrictedVolumes'] },
    },
  ],

  hostPorts: [
    {
      name: 'one container, one port',
      spec: { containers: [container('app', undefined, { ports: [{ containerPort: 80, hostPort: 80 }] })] },
      expect: { 'baseline:v1.0': 'hostPort (container "app" uses hostPort 80)', 'baseline:latest': 'hostPort (container "app" uses hostPort 80)' },
    },
    {
      name: 'one container, two ports sorted as strings (10000 before 80)',
      spec: {
        containers: [
          container('app', undefined, {
            ports: [
              { containerPort: 80, hostPort: 80 },
              { containerPort: 10000, hostPort: 10000 },
            ],
          }),
        ],
      },
      expect: { 'baseline:latest': 'hostPort (container "app" uses hostPorts 10000, 80)' },
    },
    {
      name: 'two containers, one distinct port: plural verb, singular noun',
      spec: {
        containers: [
          container('a', undefined, { ports: [{ containerPort: 80, hostPort: 80 }] }),
          container('b', undefined, { ports: [{ containerPort: 8080, hostPort: 80 }] }),
        ],
      },
      expect: { 'baseline:latest': 'hostPort (containers "a", "b" use hostPort 80)' },
    },
    {
      name: 'several containers, ports de-duplicated and sorted, hostPort 0 ignored',
      spec: {
        initContainers: [container('init', undefined, { ports: [{ containerPort: 8443, hostPort: 8443 }] })],
        containers: [
          container('app', undefined, {
            ports: [
              { containerPort: 80, hostPort: 80 },
              { containerPort: 10000, hostPort: 10000 },
            ],
          }),
          container('quiet', undefined, { ports: [{ containerPort: 81, hostPort: 0 }] }),
          container('web', undefined, { ports: [{ containerPort: 80, hostPort: 80 }] }),
        ],
      },
      expect: { 'baseline:latest': 'hostPort (containers "init", "app", "web" use hostPorts 10000, 80, 8443)' },
    },
    {
      name: 'hostPort 0 or unset is allowed',
      spec: { containers: [container('app', undefined, { ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] })] },
      expect: { 'baseline:latest': ALLOWED },
    },
  ],

  hostProbesAndHostLifecycle: [
    {
      name: 'container names sorted, hosts de-duplicated and sorted; not run before v1.34',
      spec: {
        initContainers: [
          container('mid', undefined, {
            lifecycle: { postStart: { httpGet: { host: 'b.example', path: '/', port: 80 } }, preStop: { tcpSocket: { host: '127.0.0.1', port: 80 } } },
          }),
        ],
        containers: [
          container('zeta', undefined, { livenessProbe: { httpGet: { host: 'b.example', path: '/healthz', port: 8080 } } }),
          container('alpha', undefined, {
            readinessProbe: { tcpSocket: { host: '::1', port: 8080 } },
            startupProbe: { httpGet: { host: 'b.example', port: 8080 } },
          }),
          container('fine', undefined, {
            livenessProbe: { httpGet: { host: '', path: '/', port: 8080 } },
            readinessProbe: { tcpSocket: { port: 8080 } },
          }),
        ],
      },
      expect: {
        'baseline:v1.33': ALLOWED,
        'baseline:v1.34': 'probe or lifecycle host (containers "alpha", "mid", "zeta" use probe or lifecycle hosts "127.0.0.1", "::1", "b.example")',
        'baseline:latest': 'probe or lifecycle host (containers "alpha", "mid", "zeta" use probe or lifecycle hosts "127.0.0.1", "::1", "b.example")',
      },
    },
    {
      name: 'the same host twice in one container: singular',
      spec: {
        containers: [
          container('app', undefined, {
            livenessProbe: { httpGet: { host: 'localhost', port: 80 } },
            lifecycle: { preStop: { httpGet: { host: 'localhost', port: 80 } } },
          }),
        ],
      },
      expect: { 'baseline:latest': 'probe or lifecycle host (container "app" uses probe or lifecycle host "localhost")' },
    },
    {
      name: 'an ephemeral container counts',
      spec: {
        containers: [container('app')],
        ephemeralContainers: [container('debug', undefined, { readinessProbe: { httpGet: { host: '10.0.0.1', port: 80 } } })],
      },
      expect: { 'baseline:latest': 'probe or lifecycle host (container "debug" uses probe or lifecycle host "10.0.0.1")' },
    },
    {
      name: 'empty host, exec and gRPC probes are allowed',
      spec: {
        containers: [
          container('app', undefined, {
            livenessProbe: { exec: { command: ['true'] } },
            readinessProbe: { grpc: { port: 9000 } },
            startupProbe: { httpGet: { host: '', port: 80 } },
          }),
        ],
      },
      expect: { 'baseline:latest': ALLOWED },
    },
    {
      name: 'runs at restricted from v1.34',
      spec: restrictedSpec({ containers: [restrictedContainer('app', {}, { startupProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } } })] }),
      expect: {
        'restricted:v1.33': ALLOWED,
        'restricted:v1.34': 'probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")',
      },
    },
  ],

  privileged: [
    {
      name: 'one container',
      spec: { containers: [container('app', { privileged: true })] },
      expect: {
        'baseline:v1.0': 'privileged (container "app" must not set securityContext.privileged=true)',
        'baseline:latest': 'privileged (container "app" must not set securityContext.privileged=true)',
      },
    },
    {
      name: 'init and ephemeral containers, explicit false allowed',
      spec: {
        initContainers: [container('init', { privileged: true })],
        containers: [container('app', { privileged: false }), container('bare')],
        ephemeralContainers: [container('debug', { privileged: true })],
      },
      expect: { 'baseline:latest': 'privileged (containers "init", "debug" must not set securityContext.privileged=true)' },
    },
  ],

  procMount: [
    {
      name: 'Unmasked is forbidden; hostUsers unset does not relax it',
      spec: { containers: [container('app', { procMount: 'Unmasked' })] },
      expect: {
        'baseline:v1.0': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.34': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.35': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:latest': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
      },
    },
    {
      name: 'hostUsers: false relaxes it at baseline from v1.35',
      spec: { hostUsers: false, containers: [container('app', { procMount: 'Unmasked' })] },
      expect: {
        'baseline:v1.34': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.35': ALLOWED,
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'hostUsers: true does not relax it',
      spec: { hostUsers: true, containers: [container('app', { procMount: 'Unmasked' })] },
      expect: { 'baseline:v1.35': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")' },
    },
    {
      name: 'Default is allowed',
      spec: { containers: [container('app', { procMount: 'Default' })] },
      expect: { 'baseline:v1.0': ALLOWED, 'baseline:latest': ALLOWED },
    },
    {
      name: 'several containers, types sorted',
      spec: { containers: [container('a', { procMount: 'Weird' }), container('b', { procMount: 'Unmasked' })] },
      expect: { 'baseline:latest': 'procMount (containers "a", "b" must not set securityContext.procMount to "Unmasked", "Weird")' },
    },
  ],

  seLinuxOptions: [
    {
      name: 'pod-level type',
      spec: { securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [container('app')] },
      expect: {
        'baseline:v1.0': 'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t")',
        'baseline:latest': 'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t")',
      },
    },
    {
      name: 'container_engine_t is forbidden at v1.30 and allowed from v1.31',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { seLinuxOptions: { type: 'container_engine_t' } })] }),
      expect: {
        'baseline:v1.30': 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
        'restricted:v1.30': 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
        'baseline:v1.31': ALLOWED,
        'restricted:v1.31': ALLOWED,
        'restricted:latest': ALLOWED,
      },
    },
    {
      name: 'the allowed types, an empty type and any level are allowed',
      spec: {
        securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' } },
        initContainers: [container('init', { seLinuxOptions: { type: 'container_init_t' } })],
        containers: [
          container('app', { seLinuxOptions: { type: 'container_kvm_t' } }),
          container('b', { seLinuxOptions: { type: '' } }),
          container('c', { seLinuxOptions: { level: 's0' } }),
        ],
      },
      expect: { 'baseline:v1.0': ALLOWED, 'baseline:latest': ALLOWED },
    },
    {
      name: 'pod and containers with bad types, user and role: types sorted, parts joined by "; "',
      spec: {
        securityContext: { seLinuxOptions: { user: 'system_u', role: 'system_r', type: 'container_t' } },
        containers: [
          container('a', { seLinuxOptions: { type: 'unconfined_t' } }),
          container('b', { seLinuxOptions: { type: 'spc_t', role: 'r' } }),
          container('ok', { seLinuxOptions: { type: 'container_t' } }),
        ],
      },
      expect: {
        'baseline:latest':
          'seLinuxOptions (pod and containers "a", "b" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set)',
      },
    },
    {
      name: 'user alone',
      spec: { containers: [container('app', { seLinuxOptions: { user: 'system_u' } })] },
      expect: { 'baseline:latest': 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: user may not be set)' },
    },
  ],

  seccompProfile_baseline: [
    {
      name: 'the pod annotation is checked up to v1.18 and ignored from v1.19',
      spec: { containers: [container('app')] },
      annotations: { [SECCOMP_POD]: 'unconfined' },
      expect: {
        'baseline:v1.0': `seccompProfile (forbidden annotation ${SECCOMP_POD}="unconfined")`,
        'baseline:v1.18': `seccompProfile (forbidden annotation ${SECCOMP_POD}="unconfined")`,
        'baseline:v1.19': ALLOWED,
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'container annotations only for containers in the pod; empty value forbidden; sorted',
      spec: { initContainers: [container('init')], containers: [container('app')] },
      annotations: {
        [`${SECCOMP_CONTAINER}init`]: 'unconfined',
        [`${SECCOMP_CONTAINER}app`]: '',
        [`${SECCOMP_CONTAINER}ghost`]: 'unconfined',
        [SECCOMP_POD]: 'runtime/default',
      },
      expect: {
        'baseline:v1.18': `seccompProfile (forbidden annotations ${SECCOMP_CONTAINER}app="", ${SECCOMP_CONTAINER}init="unconfined")`,
      },
    },
    {
      name: 'docker/default, runtime/default and localhost/… annotations are allowed',
      spec: { initContainers: [container('init')], containers: [container('app')] },
      annotations: { [SECCOMP_POD]: 'docker/default', [`${SECCOMP_CONTAINER}app`]: 'localhost/profile.json', [`${SECCOMP_CONTAINER}init`]: 'runtime/default' },
      expect: { 'baseline:v1.0': ALLOWED, 'baseline:v1.18': ALLOWED },
    },
    {
      name: 'the fields are ignored up to v1.18 and checked from v1.19',
      spec: { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [container('app')] },
      expect: {
        'baseline:v1.18': ALLOWED,
        'baseline:v1.19': 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
      },
    },
    {
      name: 'pod and containers set bad types; RuntimeDefault, Localhost and unset are fine at baseline',
      spec: {
        securityContext: { seccompProfile: { type: 'Unconfined' } },
        containers: [
          container('a', { seccompProfile: { type: 'Unconfined' } }),
          container('b', { seccompProfile: { type: 'Bogus' } }),
          container('ok', { seccompProfile: { type: 'RuntimeDefault' } }),
          container('local', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }),
          container('unset'),
        ],
      },
      expect: {
        'baseline:latest': 'seccompProfile (pod and containers "a", "b" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined")',
      },
    },
    {
      name: 'runs at restricted until v1.18 (annotations), replaced by seccompProfile_restricted from v1.19',
      spec: restrictedSpec(),
      annotations: { [SECCOMP_POD]: 'unconfined' },
      expect: {
        'restricted:v1.18': `seccompProfile (forbidden annotation ${SECCOMP_POD}="unconfined")`,
        'restricted:v1.19': ALLOWED,
      },
      checks: { 'restricted:v1.18': ['seccompProfile_baseline'] },
    },
  ],

  sysctls: [
    {
      name: 'the v1.0 list',
      spec: {
        securityContext: {
          sysctls: [
            { name: 'kernel.shm_rmid_forced', value: '0' },
            { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
            { name: 'net.ipv4.tcp_syncookies', value: '1' },
            { name: 'net.ipv4.ping_group_range', value: '0 1' },
            { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
          ],
        },
        containers: [container('app')],
      },
      expect: { 'baseline:v1.0': ALLOWED },
    },
    {
      name: 'v1.27 adds ip_local_reserved_ports',
      spec: { securityContext: { sysctls: [{ name: 'net.ipv4.ip_local_reserved_ports', value: '30000' }] }, containers: [container('app')] },
      expect: { 'baseline:v1.26': 'forbidden sysctls (net.ipv4.ip_local_reserved_ports)', 'baseline:v1.27': ALLOWED },
    },
    {
      name: 'v1.29 adds the TCP keepalive and fin_timeout sysctls',
      spec: {
        securityContext: {
          sysctls: [
            { name: 'net.ipv4.tcp_keepalive_time', value: '1' },
            { name: 'net.ipv4.tcp_fin_timeout', value: '1' },
            { name: 'net.ipv4.tcp_keepalive_intvl', value: '1' },
            { name: 'net.ipv4.tcp_keepalive_probes', value: '1' },
          ],
        },
        containers: [container('app')],
      },
      expect: {
        'baseline:v1.28':
          'forbidden sysctls (net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes)',
        'baseline:v1.29': ALLOWED,
      },
    },
    {
      name: 'v1.32 adds tcp_rmem and tcp_wmem',
      spec: {
        securityContext: { sysctls: [{ name: 'net.ipv4.tcp_rmem', value: '1' }, { name: 'net.ipv4.tcp_wmem', value: '1' }] },
        containers: [container('app')],
      },
      expect: { 'baseline:v1.31': 'forbidden sysctls (net.ipv4.tcp_rmem, net.ipv4.tcp_wmem)', 'baseline:v1.32': ALLOWED },
    },
    {
      name: 'v1.37 adds tcp_slow_start_after_idle and tcp_notsent_lowat',
      spec: {
        securityContext: {
          sysctls: [
            { name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' },
            { name: 'net.ipv4.tcp_notsent_lowat', value: '1' },
          ],
        },
        containers: [container('app')],
      },
      expect: {
        'baseline:v1.36': 'forbidden sysctls (net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat)',
        'baseline:v1.37': ALLOWED,
        'baseline:latest': ALLOWED,
        'baseline:v1.99': ALLOWED,
      },
    },
    {
      name: 'spec order, not de-duplicated',
      spec: {
        securityContext: {
          sysctls: [{ name: 'net.core.somaxconn' }, { name: 'kernel.shm_rmid_forced' }, { name: 'kernel.msgmax' }, { name: 'net.core.somaxconn' }],
        },
        containers: [container('app')],
      },
      expect: { 'baseline:latest': 'forbidden sysctls (net.core.somaxconn, kernel.msgmax, net.core.somaxconn)' },
    },
    {
      name: 'slash-separated names are not normalised',
      spec: { securityContext: { sysctls: [{ name: 'net/ipv4/tcp_syncookies', value: '1' }] }, containers: [container('app')] },
      expect: { 'baseline:latest': 'forbidden sysctls (net/ipv4/tcp_syncookies)' },
    },
  ],

  windowsHostProcess: [
    {
      name: 'pod level',
      spec: { securityContext: { windowsOptions: { hostProcess: true } }, containers: [container('app')] },
      expect: {
        'baseline:v1.0': 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
        'baseline:latest': 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
      },
    },
    {
      name: 'pod and containers, on a Windows pod too',
      spec: {
        os: { name: 'windows' },
        securityContext: { windowsOptions: { hostProcess: true } },
        initContainers: [container('init', { windowsOptions: { hostProcess: true } })],
        containers: [container('app', { windowsOptions: { hostProcess: false } }), container('svc', { windowsOptions: { hostProcess: true } })],
      },
      expect: {
        'baseline:latest': 'hostProcess (pod and containers "init", "svc" must not set securityContext.windowsOptions.hostProcess=true)',
      },
    },
    {
      name: 'false everywhere is allowed',
      spec: {
        securityContext: { windowsOptions: { hostProcess: false, runAsUserName: 'ContainerUser' } },
        containers: [container('app', { windowsOptions: { hostProcess: false } })],
      },
      expect: { 'baseline:latest': ALLOWED },
    },
  ],

  allowPrivilegeEscalation: [
    {
      name: 'not checked before v1.8',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { allowPrivilegeEscalation: true })] }),
      expect: {
        'restricted:v1.7': ALLOWED,
        'restricted:v1.8': 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        'restricted:latest': 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      },
    },
    {
      name: 'true, unset and a missing securityContext all fail, across init, regular and ephemeral containers',
      spec: restrictedSpec({
        initContainers: [container('init', { allowPrivilegeEscalation: true })],
        containers: [restrictedContainer('ok'), container('app', { runAsUser: 1000 })],
        ephemeralContainers: [container('debug')],
      }),
      expect: {
        'restricted:v1.8': 'allowPrivilegeEscalation != false (containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false)',
        'restricted:v1.21': 'allowPrivilegeEscalation != false (containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false)',
        'baseline:latest': ALLOWED,
      },
    },
  ],

  capabilities_restricted: [
    {
      name: 'drop ALL is required from v1.22',
      spec: restrictedSpec({ containers: [container('app', { allowPrivilegeEscalation: false })] }),
      expect: {
        'restricted:v1.21': ALLOWED,
        'restricted:v1.22': 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
        'restricted:latest': 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      },
    },
    {
      name: 'both parts joined by "; ": exact "ALL" in drop, only NET_BIND_SERVICE in add',
      spec: restrictedSpec({
        initContainers: [restrictedContainer('init', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN', 'NET_BIND_SERVICE'] } })],
        containers: [
          restrictedContainer('app', { capabilities: { drop: ['all', 'NET_RAW'], add: ['CHOWN'] } }),
          restrictedContainer('ok', { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }),
        ],
        ephemeralContainers: [container('debug', { allowPrivilegeEscalation: false })],
      }),
      expect: {
        'restricted:latest':
          'unrestricted capabilities (containers "app", "debug" must set securityContext.capabilities.drop=["ALL"]; ' +
          'containers "init", "app" must not include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add)',
      },
    },
    {
      name: 'only the add part',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_ADMIN'] } })] }),
      expect: { 'restricted:latest': 'unrestricted capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)' },
    },
    {
      name: 'empty capabilities miss drop ALL',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { capabilities: {} })] }),
      expect: { 'restricted:latest': 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])' },
    },
  ],

  procMount_restricted: [
    {
      name: 'replaces procMount at restricted from v1.35 and is not relaxed by hostUsers: false',
      spec: restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { procMount: 'Unmasked' })] }),
      expect: {
        'restricted:v1.34': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'restricted:v1.35': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'restricted:latest': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.35': ALLOWED,
      },
      checks: { 'restricted:v1.34': ['procMount'], 'restricted:v1.35': ['procMount_restricted'], 'restricted:latest': ['procMount_restricted'] },
    },
    {
      name: 'Default is allowed',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Default' })] }),
      expect: { 'restricted:latest': ALLOWED },
    },
  ],

  restrictedVolumes: [
    {
      name: 'volumes in spec order, types de-duplicated and sorted',
      spec: restrictedSpec({
        volumes: [
          { name: 'a', nfs: { server: 'nfs.example', path: '/' } },
          { name: 'b', hostPath: { path: '/' } },
          { name: 'c', rbd: { monitors: ['10.0.0.1'], image: 'img' } },
          { name: 'd', nfs: { server: 'nfs.example', path: '/x' } },
          { name: 'ok', secret: { secretName: 's' } },
        ],
      }),
      expect: {
        'restricted:v1.0': 'restricted volume types (volumes "a", "b", "c", "d" use restricted volume types "hostPath", "nfs", "rbd")',
        'restricted:latest': 'restricted volume types (volumes "a", "b", "c", "d" use restricted volume types "hostPath", "nfs", "rbd")',
        'baseline:latest': 'hostPath volumes (volume "b")',
      },
    },
    {
      name: 'photonPersistentDisk is restricted (and allowed at baseline)',
      spec: restrictedSpec({ volumes: [{ name: 'photon', photonPersistentDisk: { pdID: 'disk-1', fsType: 'ext4' } }] }),
      expect: {
        'restricted:latest': 'restricted volume types (volume "photon" uses restricted volume type "photonPersistentDisk")',
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'the nine allowed sources, including image, csi and ephemeral, at every version',
      spec: restrictedSpec({
        volumes: [
          { name: 'cm', configMap: { name: 'cm' } },
          { name: 'csi', csi: { driver: 'secrets-store.csi.k8s.io' } },
          { name: 'down', downwardAPI: { items: [] } },
          { name: 'empty', emptyDir: {} },
          { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
          { name: 'img', image: { reference: 'registry.example/data:1', pullPolicy: 'IfNotPresent' } },
          { name: 'pvc', persistentVolumeClaim: { claimName: 'data' } },
          { name: 'proj', projected: { sources: [] } },
          { name: 'sec', secret: { secretName: 's' } },
        ],
      }),
      expect: { 'restricted:v1.0': ALLOWED, 'restricted:v1.32': ALLOWED, 'restricted:latest': ALLOWED },
    },
    {
      name: 'a volume with no source is defaulted to emptyDir (Pod)',
      spec: restrictedSpec({ volumes: [{ name: 'scratch' }] }),
      expect: { 'restricted:v1.0': ALLOWED, 'restricted:latest': ALLOWED },
    },
    {
      name: 'a volume with no source is defaulted to emptyDir (Deployment template)',
      kind: 'Deployment',
      spec: restrictedSpec({ volumes: [{ name: 'scratch' }] }),
      expect: { 'restricted:latest': ALLOWED },
    },
  ],

  runAsNonRoot: [
    {
      name: 'pod false: "pod" is the setter',
      spec: restrictedSpec({}, { runAsNonRoot: false }),
      expect: {
        'restricted:v1.0': 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
        'restricted:latest': 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'pod true, one container false',
      spec: restrictedSpec({ containers: [restrictedContainer('a'), restrictedContainer('b', { runAsNonRoot: false })] }),
      expect: { 'restricted:latest': 'runAsNonRoot != true (container "b" must not set securityContext.runAsNonRoot=false)' },
    },
    {
      name: 'pod false and a container false',
      spec: restrictedSpec({ containers: [restrictedContainer('a'), restrictedContainer('b', { runAsNonRoot: false })] }, { runAsNonRoot: false }),
      expect: { 'restricted:latest': 'runAsNonRoot != true (pod and container "b" must not set securityContext.runAsNonRoot=false)' },
    },
    {
      name: 'an explicit false and an unset container: only the "must not set …=false" message',
      spec: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        containers: [restrictedContainer('a', { runAsNonRoot: false }), restrictedContainer('b')],
      },
      expect: { 'restricted:latest': 'runAsNonRoot != true (container "a" must not set securityContext.runAsNonRoot=false)' },
    },
    {
      name: 'pod unset and containers unset; a non-zero runAsUser does not count',
      spec: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 1000 },
        initContainers: [restrictedContainer('init')],
        containers: [restrictedContainer('app', { runAsUser: 1000 }), restrictedContainer('ok', { runAsNonRoot: true })],
      },
      expect: {
        'restricted:v1.0': 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
        'restricted:latest': 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
      },
    },
    {
      name: 'pod unset and every container true is allowed',
      spec: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        initContainers: [restrictedContainer('init', { runAsNonRoot: true })],
        containers: [restrictedContainer('app', { runAsNonRoot: true })],
      },
      expect: { 'restricted:v1.0': ALLOWED, 'restricted:latest': ALLOWED },
    },
  ],

  runAsUser: [
    {
      name: 'pod 0 fails from v1.23 even when every container overrides it',
      spec: restrictedSpec({ containers: [restrictedContainer('app', { runAsUser: 1000 })] }, { runAsUser: 0 }),
      expect: {
        'restricted:v1.22': ALLOWED,
        'restricted:v1.23': 'runAsUser=0 (pod must not set runAsUser=0)',
        'restricted:latest': 'runAsUser=0 (pod must not set runAsUser=0)',
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'pod and containers 0',
      spec: restrictedSpec(
        {
          initContainers: [restrictedContainer('init', { runAsUser: 0 })],
          containers: [restrictedContainer('a', { runAsUser: 0 }), restrictedContainer('b', { runAsUser: 1000 })],
        },
        { runAsUser: 0 },
      ),
      expect: { 'restricted:latest': 'runAsUser=0 (pod and containers "init", "a" must not set runAsUser=0)' },
    },
    {
      name: 'unset and non-zero are allowed',
      spec: restrictedSpec({ containers: [restrictedContainer('a', { runAsUser: 1000 }), restrictedContainer('b')] }, { runAsUser: 65534 }),
      expect: { 'restricted:latest': ALLOWED },
    },
  ],

  seccompProfile_restricted: [
    {
      name: 'required from v1.19',
      spec: { securityContext: { runAsNonRoot: true }, containers: [restrictedContainer('app')] },
      expect: {
        'restricted:v1.18': ALLOWED,
        'restricted:v1.19': 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        'restricted:latest': 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'an explicit bad pod value takes precedence over unset containers',
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
        containers: [restrictedContainer('a', { seccompProfile: { type: 'RuntimeDefault' } }), restrictedContainer('b')],
      },
      expect: { 'restricted:latest': 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")' },
    },
    {
      name: 'an explicit bad container value takes precedence over unset containers',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [
          restrictedContainer('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }),
          restrictedContainer('b'),
          restrictedContainer('c', { seccompProfile: { type: 'Unconfined' } }),
        ],
      },
      expect: { 'restricted:latest': 'seccompProfile (container "c" must not set securityContext.seccompProfile.type to "Unconfined")' },
    },
    {
      name: 'pod unset: only the containers without their own profile must set one',
      spec: {
        securityContext: { runAsNonRoot: true },
        containers: [restrictedContainer('a', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }), restrictedContainer('b')],
      },
      expect: { 'restricted:latest': 'seccompProfile (pod or container "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")' },
    },
    {
      name: 'a pod-level profile without a type is a bad value',
      spec: { securityContext: { runAsNonRoot: true, seccompProfile: {} }, containers: [restrictedContainer('app')] },
      expect: { 'restricted:latest': 'seccompProfile (pod must not set securityContext.seccompProfile.type to "")' },
    },
    {
      name: 'a pod-level Localhost covers the containers',
      spec: restrictedSpec({}, { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }),
      expect: { 'restricted:v1.19': ALLOWED, 'restricted:latest': ALLOWED },
    },
  ],
};

const OTHER_CASES: Readonly<Record<string, readonly Case[]>> = {
  'several checks and several containers': [
    {
      name: 'canonical order: seLinuxOptions before seccompProfile_baseline',
      spec: {
        securityContext: { seccompProfile: { type: 'Unconfined' }, seLinuxOptions: { type: 'spc_t' } },
        containers: [container('app')],
      },
      expect: {
        'baseline:latest':
          'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
      },
    },
    {
      name: 'a pod violating nearly everything: baseline checks byte-wise, then restricted checks byte-wise',
      spec: {
        hostPID: true,
        securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
        volumes: [{ name: 'host', hostPath: { path: '/' } }],
        containers: [
          container(
            'app',
            {
              allowPrivilegeEscalation: true,
              privileged: true,
              capabilities: { add: ['NET_RAW'] },
              procMount: 'Unmasked',
              seLinuxOptions: { type: 'spc_t' },
              seccompProfile: { type: 'Unconfined' },
              runAsUser: 0,
              windowsOptions: { hostProcess: true },
            },
            { ports: [{ containerPort: 80, hostPort: 80 }], livenessProbe: { httpGet: { host: 'localhost', port: 80 } } },
          ),
        ],
      },
      annotations: { [`${APPARMOR}app`]: 'unconfined' },
      expect: {
        'baseline:latest': [
          `forbidden AppArmor profile (annotation must not set AppArmor profile type to "${APPARMOR}app="unconfined"")`,
          'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
          'host namespaces (hostPID=true)',
          'hostPath volumes (volume "host")',
          'hostPort (container "app" uses hostPort 80)',
          'probe or lifecycle host (container "app" uses probe or lifecycle host "localhost")',
          'privileged (container "app" must not set securityContext.privileged=true)',
          'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
          'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
          'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
          'forbidden sysctls (kernel.msgmax)',
          'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
        ].join(', '),
        'restricted:latest': [
          `forbidden AppArmor profile (annotation must not set AppArmor profile type to "${APPARMOR}app="unconfined"")`,
          'host namespaces (hostPID=true)',
          'hostPort (container "app" uses hostPort 80)',
          'probe or lifecycle host (container "app" uses probe or lifecycle host "localhost")',
          'privileged (container "app" must not set securityContext.privileged=true)',
          'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
          'forbidden sysctls (kernel.msgmax)',
          'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
          'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
          'restricted volume types (volume "host" uses restricted volume type "hostPath")',
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
          'runAsUser=0 (container "app" must not set runAsUser=0)',
          'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
        ].join(', '),
        'privileged:latest': ALLOWED,
        'privileged:v1.0': ALLOWED,
        'privileged:v1.99': ALLOWED,
      },
      checks: {
        'restricted:latest': [
          'appArmorProfile',
          'hostNamespaces',
          'hostPorts',
          'hostProbesAndHostLifecycle',
          'privileged',
          'seLinuxOptions',
          'sysctls',
          'windowsHostProcess',
          'allowPrivilegeEscalation',
          'capabilities_restricted',
          'procMount_restricted',
          'restrictedVolumes',
          'runAsNonRoot',
          'runAsUser',
          'seccompProfile_restricted',
        ],
      },
    },
    {
      name: 'four bare containers of every kind: names in init, regular, ephemeral order in every message',
      spec: {
        ephemeralContainers: [container('debug')],
        containers: [container('app'), container('sidecar')],
        initContainers: [container('init')],
      },
      expect: {
        'restricted:latest': [
          'allowPrivilegeEscalation != false (containers "init", "app", "sidecar", "debug" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (containers "init", "app", "sidecar", "debug" must set securityContext.capabilities.drop=["ALL"])',
          'runAsNonRoot != true (pod or containers "init", "app", "sidecar", "debug" must set securityContext.runAsNonRoot=true)',
          'seccompProfile (pod or containers "init", "app", "sidecar", "debug" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ].join(', '),
        'baseline:latest': ALLOWED,
      },
    },
    {
      name: 'the plain nginx pod of README section 5, verbatim',
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      expect: {
        'restricted:latest':
          'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        'baseline:latest': ALLOWED,
      },
    },
  ],

  'Windows exemptions (v1.25+)': [
    {
      name: 'os.name windows exempts allowPrivilegeEscalation, capabilities_restricted and seccompProfile_restricted from v1.25',
      spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [container('app')] },
      expect: {
        'restricted:v1.24': [
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
          'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ].join(', '),
        'restricted:v1.25': ALLOWED,
        'restricted:v1.28': ALLOWED,
        'restricted:latest': ALLOWED,
      },
    },
    {
      name: 'runAsNonRoot still applies to Windows pods',
      spec: { os: { name: 'windows' }, containers: [container('app')] },
      expect: {
        'restricted:v1.25': 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
        'restricted:v1.28': 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
      },
    },
    {
      name: 'runAsUser and hostPorts still apply to Windows pods',
      spec: {
        os: { name: 'windows' },
        securityContext: { runAsNonRoot: true, runAsUser: 0 },
        containers: [container('app', undefined, { ports: [{ containerPort: 80, hostPort: 80 }] })],
      },
      expect: { 'restricted:v1.28': 'hostPort (container "app" uses hostPort 80), runAsUser=0 (pod must not set runAsUser=0)' },
    },
    {
      name: 'only the exact value "windows" counts',
      spec: { os: { name: 'Windows' }, securityContext: { runAsNonRoot: true }, containers: [container('app')] },
      expect: {
        'restricted:v1.25': [
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
          'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ].join(', '),
      },
    },
    {
      // Upstream's v1.25 variants skip Windows pods wholesale ("API validation would have failed if
      // capabilities had been set") and still override the baseline checks, so restricted admits
      // what baseline rejects. The API server rejects such a pod before PSA; a static tool does not.
      name: 'a Windows pod that sets Linux-only fields: baseline rejects it, restricted (overrides skipped) does not',
      spec: {
        os: { name: 'windows' },
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } },
        containers: [container('app', { capabilities: { add: ['SYS_ADMIN'] } })],
      },
      expect: {
        'baseline:v1.25':
          'non-default capabilities (container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add), seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
        'restricted:v1.24': [
          'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
          'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
        ].join(', '),
        'restricted:v1.25': ALLOWED,
      },
    },
  ],

  'user namespaces (hostUsers: false, v1.35+)': [
    {
      name: 'lifts runAsNonRoot, runAsUser and baseline procMount at v1.35, not at v1.34; never procMount_restricted',
      spec: {
        hostUsers: false,
        securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [restrictedContainer('app', { procMount: 'Unmasked', runAsUser: 0 })],
      },
      expect: {
        'restricted:v1.34': [
          'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
          'runAsUser=0 (pod and container "app" must not set runAsUser=0)',
        ].join(', '),
        'restricted:v1.35': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'restricted:latest': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.34': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
        'baseline:v1.35': ALLOWED,
      },
    },
    {
      name: 'hostUsers unset does not count',
      spec: {
        securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [restrictedContainer('app', { procMount: 'Unmasked', runAsUser: 0 })],
      },
      expect: {
        'restricted:v1.35': [
          'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
          'runAsUser=0 (pod and container "app" must not set runAsUser=0)',
        ].join(', '),
        'baseline:v1.35': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")',
      },
    },
    {
      name: 'hostUsers: null is unset and does not count',
      spec: { hostUsers: null, containers: [container('app', { procMount: 'Unmasked' })] },
      expect: { 'baseline:latest': 'procMount (container "app" must not set securityContext.procMount to "Unmasked")' },
    },
    {
      name: 'hostUsers: true does not count',
      spec: {
        hostUsers: true,
        securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [restrictedContainer('app')],
      },
      expect: {
        'restricted:latest':
          'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), runAsUser=0 (pod must not set runAsUser=0)',
      },
    },
    {
      name: 'an explicit runAsNonRoot: false is lifted too',
      spec: restrictedSpec({ hostUsers: false }, { runAsNonRoot: false }),
      expect: {
        'restricted:v1.34': 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)',
        'restricted:v1.35': ALLOWED,
      },
    },
  ],
};

describe('every check has a table', () => {
  test('the tables name exactly the 19 registered checks', () => {
    assert.deepEqual(Object.keys(CHECK_CASES).sort(), ALL_CHECKS.map((check) => check.id).sort());
    assert.equal(ALL_CHECKS.length, 19);
    for (const [id, cases] of Object.entries(CHECK_CASES)) assert.ok(cases.length >= 2, `${id} needs at least two cases`);
  });
});

for (const [id, cases] of Object.entries(CHECK_CASES)) describe(id, () => runCases(cases));
for (const [group, cases] of Object.entries(OTHER_CASES)) describe(group, () => runCases(cases));

const ALL_MINORS = Array.from({ length: 38 }, (_, minor) => minor);

describe('minimal pods', () => {
  test('a bare pod is allowed at baseline at every version', () => {
    const pod = podTemplateOf({ spec: { initContainers: [container('init')], containers: [container('app')] } });
    for (const minor of ALL_MINORS) assert.equal(evaluateAt(`baseline:v1.${minor}`, pod).text, ALLOWED, `v1.${minor}`);
  });

  test('the restricted minimal pod is allowed at restricted at every version', () => {
    const pod = podTemplateOf({ spec: restrictedSpec({ initContainers: [restrictedContainer('init')] }) });
    for (const minor of ALL_MINORS) assert.equal(evaluateAt(`restricted:v1.${minor}`, pod).text, ALLOWED, `v1.${minor}`);
    assert.equal(evaluateAt('restricted:latest', pod).text, ALLOWED);
  });
});

describe('latest and versions beyond the newest check', () => {
  const pods: Record<string, Json> = {
    'v1.37 sysctls': { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat' }, { name: 'kernel.msgmax' }] }, containers: [container('app')] },
    'user namespace': { hostUsers: false, hostIPC: true, containers: [container('app', { procMount: 'Unmasked', runAsUser: 0 })] },
    'probe host': { containers: [container('app', undefined, { livenessProbe: { httpGet: { host: 'localhost', port: 80 } } })] },
  };
  for (const [name, spec] of Object.entries(pods)) {
    test(`${name}: latest and v1.99 evaluate exactly like v1.37`, () => {
      const pod = podTemplateOf({ spec });
      for (const level of ['baseline', 'restricted']) {
        const at37 = evaluateAt(`${level}:v1.37`, pod);
        assert.deepEqual(evaluateAt(`${level}:latest`, pod), at37, `${level}:latest`);
        assert.deepEqual(evaluateAt(`${level}:v1.99`, pod), at37, `${level}:v1.99`);
        assert.notEqual(at37.text, ALLOWED);
      }
    });
  }

  test('v1.36 differs from latest for the v1.37 sysctls', () => {
    const pod = podTemplateOf({ spec: pods['v1.37 sysctls']! });
    assert.equal(evaluateAt('baseline:latest', pod).text, 'forbidden sysctls (kernel.msgmax)');
    assert.equal(evaluateAt('baseline:v1.36', pod).text, 'forbidden sysctls (net.ipv4.tcp_notsent_lowat, kernel.msgmax)');
  });
});
