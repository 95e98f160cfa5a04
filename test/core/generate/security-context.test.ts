/**
 * securityContext fixes: tables for the ids, risks, manual-only checks, Windows pods, the low-port
 * companion, parameters and optional hardening; then the audit → fix → audit round trip as
 * properties over generated workloads (not only the demo) at both levels and several policy
 * versions. The property seed is fixed (KUBE_HARDEN_SEED overrides it) and named in every failure.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod, type Violation } from '../../../src/core/pss/evaluate.js';
import { versionOf, type Level } from '../../../src/core/model/policy.js';
import type { Change, FieldPath, ManualItem, Operation } from '../../../src/core/model/change.js';
import type { KubeObject } from '../../../src/core/model/kube.js';
import type { Workload } from '../../../src/core/model/workload.js';
import type { CheckId } from '../../../src/core/pss/types.js';
import { DEFAULT_RUN_AS_USER, generateSecurityContextFixes, type ParamValues } from '../../../src/core/generate/security-context.js';
import { applyChanges, formatFieldPath } from '../../../src/core/plan/apply-changes.js';
import { LINUX_ONLY_FIELDS, assertProperty, deepFreeze, workloadObject } from '../../fixtures/plan/arbitrary-workloads.js';

// ---------------------------------------------------------------------------------------------
// Helpers

type Json = Record<string, unknown>;

interface Fixes {
  readonly workload: Workload;
  readonly violations: readonly Violation[];
  readonly changes: readonly Change[];
  readonly manual: readonly ManualItem[];
}

interface FixOptions {
  readonly level?: Level;
  readonly minor?: number;
  readonly namespace?: string;
  readonly params?: (changeId: string) => ParamValues | undefined;
}

function workloadOf(object: KubeObject): Workload {
  const collected = collectWorkloads([{ object, source: { file: 'test.yaml', document: '1' } }]);
  assert.deepEqual(collected.errors, [], 'the test object must be a valid workload');
  assert.equal(collected.workloads.length, 1);
  return collected.workloads[0]!;
}

function violationsOf(object: KubeObject, level: Level, minor: number): readonly Violation[] {
  return evaluatePod({ level, version: versionOf(minor) }, workloadOf(object).pod).violations;
}

function fixesFor(object: KubeObject, options: FixOptions = {}): Fixes {
  const level = options.level ?? 'restricted';
  const minor = options.minor ?? 37;
  const workload = workloadOf(object);
  const violations = evaluatePod({ level, version: versionOf(minor) }, workload.pod).violations;
  const fixes = generateSecurityContextFixes(workload, violations, {
    level,
    minor,
    namespace: options.namespace ?? 'default',
    ...(options.params ? { params: options.params } : {}),
  });
  return { workload, violations, ...fixes };
}

function fixNames(changes: readonly Change[]): string[] {
  return changes.map((change) => change.id.split('/').slice(3).join('/'));
}

function changeNamed(fixes: Fixes, fix: string): Change {
  const change = fixes.changes.find((candidate) => candidate.id.endsWith(`/${fix}`));
  assert.ok(change, `expected a ${fix} change, got ${fixNames(fixes.changes).join(', ') || 'none'}`);
  return change;
}

function accepted(changes: readonly Change[]): Change[] {
  return changes.filter((change) => change.acceptedByDefault);
}

/** Every key a path touches (object keys and the lists of keyed steps). */
function keysOf(path: FieldPath): string[] {
  return path.map((step) => (typeof step === 'string' ? step : step.list));
}

function allOperations(changes: readonly Change[]): Operation[] {
  return changes.flatMap((change) => change.operations);
}

function deployment(spec: Json, options: { name?: string; namespace?: string; annotations?: Record<string, string> } = {}): KubeObject {
  const name = options.name ?? 'web';
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(options.namespace === undefined ? { namespace: 'shop' } : options.namespace ? { namespace: options.namespace } : {}) },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels, ...(options.annotations ? { annotations: options.annotations } : {}) }, spec },
    },
  };
}

function pod(spec: Json, name = 'p'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec };
}

const container = (name: string, extra: Json = {}): Json => ({ name, image: 'ghcr.io/example/app:1.0', ...extra });

/** A container that passes restricted on its own, so tables isolate one departure. */
const hardenedContainer = (name: string, extra: Json = {}): Json =>
  container(name, {
    ...extra,
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...((extra.securityContext as Json | undefined) ?? {}) },
  });
const HARDENED_POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

// ---------------------------------------------------------------------------------------------
// Ids and targets

describe('change ids and targets', () => {
  test('ids are <namespace>/<kind>/<name>/<fix>, PSS fixes first, then optional hardening', () => {
    const fixes = fixesFor(deployment({ containers: [container('app', { ports: [{ containerPort: 8080 }] })] }));
    assert.deepEqual(
      fixes.changes.map((change) => change.id),
      [
        'shop/deployment/web/run-as-non-root',
        'shop/deployment/web/disallow-privilege-escalation',
        'shop/deployment/web/drop-all-capabilities',
        'shop/deployment/web/seccomp-runtime-default',
        'shop/deployment/web/read-only-root-filesystem',
        'shop/deployment/web/no-service-account-token',
        'shop/deployment/web/resource-placeholders',
      ],
    );
    for (const change of fixes.changes) {
      assert.deepEqual(change.target, { kind: 'Deployment', namespace: 'shop', name: 'web' });
      assert.deepEqual(change.templatePath, ['spec', 'template']);
    }
    assert.deepEqual(fixes.manual, []);
  });

  test('a workload that names no namespace takes the context namespace, in its id and its target', () => {
    const cronJob: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly-report' },
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container('report')] } } } } },
    };
    const fixes = fixesFor(cronJob, { namespace: 'store' });
    assert.equal(fixes.changes[0]!.id, 'store/cronjob/nightly-report/run-as-non-root');
    assert.deepEqual(fixes.changes[0]!.target, { kind: 'CronJob', namespace: 'store', name: 'nightly-report' });
    assert.deepEqual(fixes.changes[0]!.templatePath, ['spec', 'jobTemplate', 'spec', 'template']);
  });

  test('a Pod is its own template: operations start at the object root', () => {
    const fixes = fixesFor(pod({ containers: [container('app')] }));
    const change = changeNamed(fixes, 'run-as-non-root');
    assert.equal(change.id, 'shop/pod/p/run-as-non-root');
    assert.deepEqual(change.templatePath, []);
    assert.deepEqual(change.operations[0], { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true });
  });

  test('containers are addressed by name in keyed path steps, init containers included', () => {
    const fixes = fixesFor(deployment({ initContainers: [container('migrate')], containers: [container('app')] }));
    const change = changeNamed(fixes, 'disallow-privilege-escalation');
    assert.deepEqual(
      change.operations.map((operation) => formatFieldPath(operation.path)),
      ['spec.initContainers[name=migrate].securityContext.allowPrivilegeEscalation', 'spec.containers[name=app].securityContext.allowPrivilegeEscalation'],
    );
    assert.equal(change.summary, 'set allowPrivilegeEscalation: false on containers "migrate", "app"');
  });

  test('a hardened workload gets no Pod Security change and no manual item', () => {
    const fixes = fixesFor(deployment({ securityContext: HARDENED_POD_CONTEXT, containers: [hardenedContainer('app')] }));
    assert.deepEqual(fixes.violations, []);
    assert.deepEqual(fixes.changes.filter((change) => change.category === 'pss'), []);
    assert.deepEqual(fixes.manual, []);
  });
});

// ---------------------------------------------------------------------------------------------
// Risks

describe('risks', () => {
  const cases: { name: string; object: KubeObject; level?: Level; minor?: number; fix: string; risk: 'none' | 'restart' | 'may-break' }[] = [
    { name: 'missing runAsNonRoot, a new runAsUser chosen', object: deployment({ containers: [container('app')] }), fix: 'run-as-non-root', risk: 'may-break' },
    {
      name: 'missing runAsNonRoot, the containers already run as 1000',
      object: deployment({ containers: [container('app', { securityContext: { runAsUser: 1000 } })] }),
      fix: 'run-as-non-root',
      risk: 'restart',
    },
    {
      name: 'missing runAsNonRoot, a container runs as 0',
      object: deployment({ containers: [container('app', { securityContext: { runAsUser: 0 } })] }),
      fix: 'run-as-non-root',
      risk: 'may-break',
    },
    {
      name: 'runAsUser 0 replaced',
      object: deployment({ securityContext: HARDENED_POD_CONTEXT, containers: [hardenedContainer('app', { securityContext: { runAsUser: 0 } })] }),
      fix: 'run-as-user',
      risk: 'may-break',
    },
    {
      name: 'missing allowPrivilegeEscalation',
      object: deployment({ securityContext: HARDENED_POD_CONTEXT, containers: [container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })] }),
      fix: 'disallow-privilege-escalation',
      risk: 'restart',
    },
    {
      name: 'missing drop ALL',
      object: deployment({ securityContext: HARDENED_POD_CONTEXT, containers: [container('app', { securityContext: { allowPrivilegeEscalation: false } })] }),
      fix: 'drop-all-capabilities',
      risk: 'restart',
    },
    {
      name: 'an added capability removed',
      object: deployment({ containers: [container('app', { securityContext: { capabilities: { add: ['NET_ADMIN'] } } })] }),
      level: 'baseline',
      fix: 'remove-added-capabilities',
      risk: 'may-break',
    },
    {
      name: 'missing seccomp profile',
      object: deployment({ securityContext: { runAsNonRoot: true }, containers: [hardenedContainer('app')] }),
      fix: 'seccomp-runtime-default',
      risk: 'restart',
    },
    {
      name: 'explicit Unconfined seccomp on the pod',
      object: deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } }, containers: [hardenedContainer('app')] }),
      fix: 'seccomp-runtime-default',
      risk: 'may-break',
    },
    {
      name: 'explicit Unconfined seccomp on a container, at baseline',
      object: deployment({ containers: [container('app', { securityContext: { seccompProfile: { type: 'Unconfined' } } })] }),
      level: 'baseline',
      fix: 'seccomp-runtime-default',
      risk: 'may-break',
    },
    {
      name: 'explicit unconfined seccomp annotation at v1.18',
      object: deployment({ containers: [container('app')] }, { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }),
      level: 'baseline',
      minor: 18,
      fix: 'seccomp-runtime-default',
      risk: 'may-break',
    },
    {
      name: 'explicit Unconfined AppArmor field',
      object: deployment({ containers: [container('app', { securityContext: { appArmorProfile: { type: 'Unconfined' } } })] }),
      level: 'baseline',
      fix: 'apparmor-runtime-default',
      risk: 'may-break',
    },
    {
      name: 'unconfined AppArmor annotation',
      object: deployment({ containers: [container('app')] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }),
      level: 'baseline',
      fix: 'apparmor-runtime-default',
      risk: 'may-break',
    },
    {
      name: 'custom SELinux type',
      object: deployment({ securityContext: { seLinuxOptions: { type: 'spc_t' } }, containers: [container('app')] }),
      level: 'baseline',
      fix: 'selinux-defaults',
      risk: 'may-break',
    },
    {
      name: 'unsafe sysctls',
      object: deployment({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }, containers: [container('app')] }),
      level: 'baseline',
      fix: 'remove-unsafe-sysctls',
      risk: 'may-break',
    },
    {
      name: 'procMount Unmasked',
      object: deployment({ containers: [container('app', { securityContext: { procMount: 'Unmasked' } })] }),
      level: 'baseline',
      fix: 'default-proc-mount',
      risk: 'may-break',
    },
  ];
  for (const row of cases) {
    test(`${row.name}: ${row.fix} is ${row.risk}`, () => {
      const change = changeNamed(fixesFor(row.object, { level: row.level, minor: row.minor }), row.fix);
      assert.equal(change.risk.level, row.risk);
      assert.ok(change.risk.why.length > 0, 'every risk says why');
      assert.equal(change.category, 'pss');
      assert.equal(change.acceptedByDefault, true);
    });
  }

  test('each PSS fix names the check it resolves, and the fix clears it', () => {
    for (const row of cases) {
      const level = row.level ?? 'restricted';
      const minor = row.minor ?? 37;
      const fixes = fixesFor(row.object, { level, minor });
      const change = changeNamed(fixes, row.fix);
      assert.equal(change.resolves.length, 1, row.name);
      const after = violationsOf(applyChanges(row.object, [change]), level, minor).map((violation) => violation.check);
      assert.ok(!after.includes(change.resolves[0]!), `${row.name}: ${row.fix} claims ${change.resolves[0]} but it still fails`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Exact operations of the fixes that edit existing values

describe('operations', () => {
  test('SELinux: the custom type, user and role are removed, the level kept', () => {
    const object = deployment({ securityContext: { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'system_r', level: 's0:c1' } }, containers: [container('app')] });
    const change = changeNamed(fixesFor(object, { level: 'baseline' }), 'selinux-defaults');
    assert.deepEqual(change.operations, [
      { op: 'remove', path: ['spec', 'securityContext', 'seLinuxOptions', 'type'] },
      { op: 'remove', path: ['spec', 'securityContext', 'seLinuxOptions', 'user'] },
      { op: 'remove', path: ['spec', 'securityContext', 'seLinuxOptions', 'role'] },
    ]);
    const patched = applyChanges(object, [change]) as { spec: { template: { spec: { securityContext: Json } } } };
    assert.deepEqual(patched.spec.template.spec.securityContext, { seLinuxOptions: { level: 's0:c1' } });
  });

  test('sysctls: only the unsafe ones are removed, by name', () => {
    const object = deployment({
      securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel.msgmax', value: '65536' }, { name: 'vm.swappiness', value: '10' }] },
      containers: [container('app')],
    });
    const change = changeNamed(fixesFor(object, { level: 'baseline' }), 'remove-unsafe-sysctls');
    assert.equal(change.summary, 'remove the unsafe sysctls kernel.msgmax, vm.swappiness');
    const patched = applyChanges(object, [change]) as { spec: { template: { spec: { securityContext: Json } } } };
    assert.deepEqual(patched.spec.template.spec.securityContext, { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] });
  });

  test('capabilities at baseline: only the non-baseline ones stop being added', () => {
    const object = deployment({ containers: [container('app', { securityContext: { capabilities: { add: ['CHOWN', 'NET_ADMIN', 'SYS_TIME'] } } })] });
    const change = changeNamed(fixesFor(object, { level: 'baseline' }), 'remove-added-capabilities');
    assert.equal(change.summary, 'stop adding NET_ADMIN, SYS_TIME');
    assert.deepEqual(change.resolves, ['capabilities_baseline']);
    const patched = applyChanges(object, [change]) as { spec: { template: { spec: { containers: Json[] } } } };
    assert.deepEqual(patched.spec.template.spec.containers[0]!.securityContext, { capabilities: { add: ['CHOWN'] } });
  });

  test('capabilities at restricted: everything but NET_BIND_SERVICE stops being added, and ALL is dropped', () => {
    const object = deployment({
      securityContext: HARDENED_POD_CONTEXT,
      containers: [container('app', { securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['CHOWN', 'NET_BIND_SERVICE'] } } })],
    });
    const fixes = fixesFor(object);
    assert.deepEqual(fixNames(fixes.changes.filter((change) => change.category === 'pss')), ['drop-all-capabilities', 'remove-added-capabilities']);
    const patched = applyChanges(object, accepted(fixes.changes)) as { spec: { template: { spec: { containers: Json[] } } } };
    assert.deepEqual(patched.spec.template.spec.containers[0]!.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
    });
  });

  test('runAsNonRoot: false on a container is turned to true there as well as on the pod', () => {
    const object = deployment({ containers: [container('app', { securityContext: { runAsNonRoot: false, runAsUser: 1000 } })] });
    const change = changeNamed(fixesFor(object), 'run-as-non-root');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'securityContext', 'runAsNonRoot'], value: true },
    ]);
    assert.deepEqual(change.params, {});
  });

  test('fsGroup is chosen only for a workload with writable storage', () => {
    const withClaim = fixesFor(deployment({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }], containers: [container('app')] }));
    assert.deepEqual(Object.keys(changeNamed(withClaim, 'run-as-non-root').params), ['runAsUser', 'runAsGroup', 'fsGroup']);
    const without = fixesFor(deployment({ containers: [container('app')] }));
    assert.deepEqual(Object.keys(changeNamed(without, 'run-as-non-root').params), ['runAsUser', 'runAsGroup']);
  });
});

// ---------------------------------------------------------------------------------------------
// Manual only

describe('checks kube-harden leaves to a person', () => {
  const manualCases: { name: string; spec: Json; check: CheckId; restrictedCheck?: CheckId; fields: readonly string[] }[] = [
    { name: 'hostNetwork', spec: { hostNetwork: true, containers: [container('app')] }, check: 'hostNamespaces', fields: ['hostNetwork'] },
    { name: 'hostPID', spec: { hostPID: true, containers: [container('app')] }, check: 'hostNamespaces', fields: ['hostPID'] },
    { name: 'hostIPC', spec: { hostIPC: true, containers: [container('app')] }, check: 'hostNamespaces', fields: ['hostIPC'] },
    {
      name: 'hostPath',
      spec: { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }], containers: [container('app', { volumeMounts: [{ name: 'logs', mountPath: '/var/log' }] })] },
      check: 'hostPathVolumes',
      // The restricted volume check overrides the baseline hostPath one at restricted.
      restrictedCheck: 'restrictedVolumes',
      fields: ['hostPath', 'volumes'],
    },
    { name: 'privileged', spec: { containers: [container('app', { securityContext: { privileged: true } })] }, check: 'privileged', fields: ['privileged'] },
    { name: 'hostPort', spec: { containers: [container('app', { ports: [{ containerPort: 8080, hostPort: 8080 }] })] }, check: 'hostPorts', fields: ['ports', 'hostPort'] },
    {
      name: 'hostProcess',
      spec: { os: { name: 'windows' }, hostNetwork: true, containers: [container('app', { securityContext: { windowsOptions: { hostProcess: true } } })] },
      check: 'windowsHostProcess',
      fields: ['windowsOptions', 'hostProcess'],
    },
  ];
  for (const level of ['baseline', 'restricted'] as const) {
    for (const row of manualCases) {
      test(`${row.name} at ${level}: a manual item with guidance, never an operation`, () => {
        const fixes = fixesFor(deployment(row.spec), { level });
        const check = level === 'restricted' ? (row.restrictedCheck ?? row.check) : row.check;
        const item = fixes.manual.find((candidate) => candidate.check === check);
        assert.ok(item, `expected a manual ${check} item, got ${fixes.manual.map((candidate) => candidate.check).join(', ') || 'none'}`);
        assert.deepEqual(item.target, { kind: 'Deployment', namespace: 'shop', name: 'web' });
        assert.ok(item.guidance.length > 40);
        for (const change of fixes.changes) {
          assert.ok(!change.resolves.includes(check), `${change.id} claims to resolve ${check}`);
          for (const operation of change.operations) {
            const touched = keysOf(operation.path).filter((key) => row.fields.includes(key));
            // The read-only-root-filesystem hardening may add its own emptyDir volume; it never edits a hostPath one.
            const addsScratch = operation.path.some((step) => typeof step !== 'string' && step.value === 'kube-harden-tmp');
            assert.ok(touched.length === 0 || addsScratch, `${change.id} touches ${formatFieldPath(operation.path)}`);
          }
        }
      });
    }
  }


  test('a host probe is manual', () => {
    const fixes = fixesFor(deployment({ containers: [container('app', { livenessProbe: { httpGet: { host: 'example.com', port: 8080 } } })] }), { level: 'baseline' });
    assert.deepEqual(fixes.manual.map((item) => item.check), ['hostProbesAndHostLifecycle']);
  });

  test('a privileged container gets no allowPrivilegeEscalation: false (the API forbids it) but a manual item; its sibling gets the fix', () => {
    const object = deployment({
      securityContext: HARDENED_POD_CONTEXT,
      containers: [container('agent', { securityContext: { privileged: true, capabilities: { drop: ['ALL'] } } }), container('app', { securityContext: { capabilities: { drop: ['ALL'] } } })],
    });
    const fixes = fixesFor(object);
    const change = changeNamed(fixes, 'disallow-privilege-escalation');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'securityContext', 'allowPrivilegeEscalation'], value: false },
    ]);
    const item = fixes.manual.find((candidate) => candidate.check === 'allowPrivilegeEscalation');
    assert.ok(item);
    assert.match(item.guidance, /container "agent" is privileged or add SYS_ADMIN/);
    assert.deepEqual(fixes.manual.map((candidate) => candidate.check).sort(), ['allowPrivilegeEscalation', 'privileged']);
  });

  test('a container adding SYS_ADMIN gets no allowPrivilegeEscalation: false either', () => {
    const fixes = fixesFor(deployment({ containers: [container('app', { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })] }));
    assert.ok(!fixes.changes.some((change) => change.id.endsWith('/disallow-privilege-escalation')));
    assert.ok(fixes.manual.some((item) => item.check === 'allowPrivilegeEscalation'));
  });
});

// ---------------------------------------------------------------------------------------------
// Windows

describe('Windows pods', () => {
  const windowsSpecs: { name: string; spec: Json }[] = [
    { name: 'no securityContext, port 80', spec: { os: { name: 'windows' }, containers: [container('iis', { ports: [{ containerPort: 80 }] })] } },
    {
      name: 'runAsNonRoot false, init container',
      spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: false }, initContainers: [container('setup')], containers: [container('iis', { securityContext: { runAsNonRoot: false } })] },
    },
    { name: 'runAsUser 0 (rejected by the API, still planned safely)', spec: { os: { name: 'windows' }, containers: [container('iis', { securityContext: { runAsUser: 0 } })] } },
  ];
  for (const minor of [37, 30, 24, 18]) {
    for (const level of ['baseline', 'restricted'] as const) {
      for (const row of windowsSpecs) {
        test(`${row.name}, ${level} v1.${minor}: no operation sets a Linux-only field`, () => {
          const fixes = fixesFor(deployment(row.spec), { level, minor });
          for (const operation of allOperations(fixes.changes)) {
            const linux = keysOf(operation.path).filter((key) => (LINUX_ONLY_FIELDS as readonly string[]).includes(key));
            assert.deepEqual(linux, [], `an operation touches ${formatFieldPath(operation.path)}`);
          }
          assert.ok(!fixes.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
        });
      }
    }
  }

  test('below v1.25 the Linux-only restricted checks become manual items that point at the version labels', () => {
    const fixes = fixesFor(deployment(windowsSpecs[0]!.spec), { minor: 24 });
    assert.deepEqual(fixes.manual.map((item) => item.check).sort(), ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
    for (const item of fixes.manual) assert.match(item.guidance, /v1\.25/);
    assert.deepEqual(fixNames(accepted(fixes.changes)), ['run-as-non-root']);
  });

  test('from v1.25 only runAsNonRoot is planned, with no runAsUser', () => {
    const fixes = fixesFor(deployment(windowsSpecs[0]!.spec), { minor: 30 });
    assert.deepEqual(fixes.manual, []);
    const change = changeNamed(fixes, 'run-as-non-root');
    assert.deepEqual(change.operations, [{ op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true }]);
    assert.deepEqual(change.params, {});
  });

  test('runAsUser 0 on a Windows pod is a manual item (the fix would need a Linux-only field)', () => {
    const fixes = fixesFor(deployment(windowsSpecs[2]!.spec));
    assert.ok(fixes.violations.some((violation) => violation.check === 'runAsUser'));
    assert.deepEqual(fixes.manual.map((item) => item.check), ['runAsUser']);
  });

  test('Windows pods get no read-only root file system hardening', () => {
    const fixes = fixesFor(deployment(windowsSpecs[0]!.spec));
    assert.ok(!fixes.changes.some((change) => change.id.endsWith('/read-only-root-filesystem')));
  });
});

// ---------------------------------------------------------------------------------------------
// Low ports

describe('ports below 1024', () => {
  const low = (extra: Json = {}, securityContext: Json = { runAsUser: 1000 }) =>
    deployment({ ...extra, containers: [container('nginx', { ports: [{ name: 'http', containerPort: 80 }, { containerPort: 8443 }], securityContext })] });

  test('a non-root container listening on 80 gets the unprivileged-port-start sysctl, marked may-break', () => {
    const change = changeNamed(fixesFor(low()), 'unprivileged-port-start');
    assert.equal(change.id, 'shop/deployment/web/unprivileged-port-start');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', 'securityContext', { list: 'sysctls', key: 'name', value: 'net.ipv4.ip_unprivileged_port_start' }], value: { value: '80' } },
    ]);
    assert.equal(change.risk.level, 'may-break');
    assert.equal(change.category, 'pss');
    assert.equal(change.acceptedByDefault, true);
    assert.deepEqual(change.resolves, []);
    assert.equal(change.params.start?.value, 80);
  });

  test('a root container made non-root by the plan gets it too', () => {
    const fixes = fixesFor(low({}, {}));
    assert.ok(fixes.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
  });

  test('the sysctl keeps the pod within baseline, at every version', () => {
    for (const minor of [37, 30, 24, 18]) {
      const fixes = fixesFor(low(), { minor });
      const patched = applyChanges(low(), accepted(fixes.changes));
      assert.deepEqual(violationsOf(patched, 'restricted', minor), [], `v1.${minor}`);
    }
  });

  test('not with hostNetwork (the sysctl is not namespaced there)', () => {
    const fixes = fixesFor(low({ hostNetwork: true }));
    assert.ok(!fixes.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
  });

  test('not when the pod already sets it, nor for ports from 1024, nor when nothing becomes non-root', () => {
    const already = fixesFor(low({ securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] } }));
    assert.ok(!already.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
    const high = fixesFor(deployment({ containers: [container('app', { ports: [{ containerPort: 8080 }] })] }));
    assert.ok(!high.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
    const baseline = fixesFor(low(), { level: 'baseline' });
    assert.ok(!baseline.changes.some((change) => change.id.endsWith('/unprivileged-port-start')));
  });
});

// ---------------------------------------------------------------------------------------------
// Parameters

describe('parameters from a plan file', () => {
  test('runAsUser, runAsGroup and fsGroup come from the params callback, by change id', () => {
    const object = deployment({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }], containers: [container('app', { ports: [{ containerPort: 80 }] })] });
    const asked: string[] = [];
    const fixes = fixesFor(object, {
      params: (id): ParamValues | undefined => {
        asked.push(id);
        if (id === 'shop/deployment/web/run-as-non-root') return { runAsUser: 2000, runAsGroup: 3000 };
        if (id === 'shop/deployment/web/unprivileged-port-start') return { start: 0 };
        return undefined;
      },
    });
    assert.ok(asked.includes('shop/deployment/web/run-as-non-root'));
    const change = changeNamed(fixes, 'run-as-non-root');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
      { op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 2000 },
      { op: 'set', path: ['spec', 'securityContext', 'runAsGroup'], value: 3000 },
      // fsGroup follows the group unless given itself.
      { op: 'set', path: ['spec', 'securityContext', 'fsGroup'], value: 3000 },
    ]);
    assert.equal(change.params.runAsUser?.value, 2000);
    assert.equal(change.params.runAsUser?.min, 1);
    assert.equal(change.summary, 'run as non-root user 2000 (runAsNonRoot: true)');
    const ports = changeNamed(fixes, 'unprivileged-port-start');
    assert.deepEqual(ports.operations[0]!.op === 'set' && ports.operations[0]!.value, { value: '0' });
  });

  test('the replacement for runAsUser 0 comes from the params callback', () => {
    const object = deployment({ securityContext: { ...HARDENED_POD_CONTEXT, runAsUser: 0 }, containers: [hardenedContainer('app', { securityContext: { runAsUser: 0 } })] });
    const defaults = changeNamed(fixesFor(object), 'run-as-user');
    assert.deepEqual(defaults.params.runAsUser?.value, DEFAULT_RUN_AS_USER);
    const change = changeNamed(fixesFor(object, { params: (id) => (id.endsWith('/run-as-user') ? { runAsUser: 4242 } : undefined) }), 'run-as-user');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 4242 },
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'securityContext', 'runAsUser'], value: 4242 },
    ]);
    assert.equal(change.summary, 'replace runAsUser: 0 with 4242 on container "app"');
  });

  test('resource placeholders take their values from the params callback', () => {
    const change = changeNamed(
      fixesFor(deployment({ containers: [container('app')] }), { params: (id) => (id.endsWith('/resource-placeholders') ? { cpuRequest: '1', memoryRequest: '1Gi', memoryLimit: '2Gi' } : undefined) }),
      'resource-placeholders',
    );
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'resources', 'requests'], value: { cpu: '1', memory: '1Gi' } },
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'resources', 'limits'], value: { memory: '2Gi' } },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Optional hardening

describe('optional hardening', () => {
  test('read-only root file system with a writable /tmp emptyDir: optional, off by default, may-break', () => {
    const fixes = fixesFor(deployment({ containers: [container('app')] }));
    const change = changeNamed(fixes, 'read-only-root-filesystem');
    assert.equal(change.category, 'optional');
    assert.equal(change.acceptedByDefault, false);
    assert.equal(change.risk.level, 'may-break');
    assert.deepEqual(change.operations, [
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'securityContext', 'readOnlyRootFilesystem'], value: true },
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, { list: 'volumeMounts', key: 'mountPath', value: '/tmp' }], value: { name: 'kube-harden-tmp' } },
      { op: 'set', path: ['spec', { list: 'volumes', key: 'name', value: 'kube-harden-tmp' }], value: { emptyDir: {} } },
    ]);
  });

  test('a container that already mounts /tmp gets no second volume; a read-only one gets nothing', () => {
    const mounted = fixesFor(deployment({ volumes: [{ name: 'scratch', emptyDir: {} }], containers: [container('app', { volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }] })] }));
    assert.deepEqual(changeNamed(mounted, 'read-only-root-filesystem').operations, [
      { op: 'set', path: ['spec', { list: 'containers', key: 'name', value: 'app' }, 'securityContext', 'readOnlyRootFilesystem'], value: true },
    ]);
    const readOnly = fixesFor(deployment({ containers: [container('app', { securityContext: { readOnlyRootFilesystem: true } })] }));
    assert.ok(!readOnly.changes.some((change) => change.id.endsWith('/read-only-root-filesystem')));
  });

  test('automountServiceAccountToken: false only without signs of API use', () => {
    const plain = changeNamed(fixesFor(deployment({ containers: [container('app')] })), 'no-service-account-token');
    assert.deepEqual(plain.operations, [{ op: 'set', path: ['spec', 'automountServiceAccountToken'], value: false }]);
    assert.equal(plain.category, 'optional');
    assert.equal(plain.acceptedByDefault, false);
    const signs: { name: string; spec: Json }[] = [
      { name: 'own service account', spec: { serviceAccountName: 'shop-reader', containers: [container('app')] } },
      { name: 'operator image', spec: { containers: [container('app', { image: 'ghcr.io/example/shop-operator:1.0' })] } },
      { name: 'kubectl image', spec: { containers: [container('app', { image: 'bitnami/kubectl:1.30' })] } },
      { name: 'KUBERNETES_ env', spec: { containers: [container('app', { env: [{ name: 'KUBERNETES_NAMESPACE', value: 'shop' }] })] } },
      { name: 'already off', spec: { automountServiceAccountToken: false, containers: [container('app')] } },
    ];
    for (const row of signs) {
      const fixes = fixesFor(deployment(row.spec));
      assert.ok(!fixes.changes.some((change) => change.id.endsWith('/no-service-account-token')), row.name);
    }
  });

  test('resource placeholders: optional, off by default, only for containers missing requests or limits', () => {
    const fixes = fixesFor(
      deployment({ containers: [container('app'), container('sized', { resources: { requests: { cpu: '1' }, limits: { memory: '1Gi' } } }), container('half', { resources: { limits: { memory: '1Gi' } } })] }),
    );
    const change = changeNamed(fixes, 'resource-placeholders');
    assert.equal(change.category, 'optional');
    assert.equal(change.acceptedByDefault, false);
    assert.match(change.summary, /^PLACEHOLDER resources on containers "app", "half"/);
    assert.deepEqual(
      change.operations.map((operation) => formatFieldPath(operation.path)),
      ['spec.containers[name=app].resources.requests', 'spec.containers[name=app].resources.limits', 'spec.containers[name=half].resources.requests'],
    );
  });

  test('optional changes resolve no Pod Security check', () => {
    const fixes = fixesFor(deployment({ containers: [container('app')] }));
    for (const change of fixes.changes.filter((candidate) => candidate.category === 'optional')) assert.deepEqual(change.resolves, [], change.id);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated workloads

const PROPERTY_POLICIES: readonly { level: Level; minor: number }[] = [37, 30, 24, 18].flatMap((minor) =>
  (['restricted', 'baseline'] as const).map((level) => ({ level, minor })),
);

/** Deletes the field (or keyed list item) at `path` inside `root`, when present. */
function deleteAt(root: unknown, path: FieldPath): void {
  let node: unknown = root;
  for (let index = 0; index < path.length; index++) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const tree = node as Json;
    const step = path[index]!;
    const last = index === path.length - 1;
    if (typeof step === 'string') {
      if (last) delete tree[step];
      else node = tree[step];
      continue;
    }
    const list = tree[step.list];
    if (!Array.isArray(list)) return;
    const matches = (item: unknown) => typeof item === 'object' && item !== null && (item as Json)[step.key] === step.value;
    if (last) tree[step.list] = list.filter((item) => !matches(item));
    else node = list.find(matches);
  }
}

/** Drops nulls, empty objects and empty lists, bottom up: all mean "unset" to Kubernetes. */
function pruneUnset(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneUnset).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, pruneUnset(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

/** The object with every field the changes' operations address taken out. */
function outsideChanges(object: KubeObject, changes: readonly Change[]): unknown {
  const copy = structuredClone(object) as Json;
  for (const change of changes) {
    let template: unknown = copy;
    for (const key of change.templatePath) template = (template as Json | undefined)?.[key];
    for (const operation of change.operations) deleteAt(template, operation.path);
  }
  return pruneUnset(copy);
}

interface RoundTrip {
  readonly object: KubeObject;
  readonly level: Level;
  readonly minor: number;
  readonly fixes: Fixes;
  readonly accepted: readonly Change[];
  readonly patched: KubeObject;
  readonly after: readonly Violation[];
}

function roundTrip(object: KubeObject, level: Level, minor: number): RoundTrip {
  const fixes = fixesFor(object, { level, minor, namespace: 'default' });
  const chosen = accepted(fixes.changes);
  const patched = applyChanges(object, chosen);
  const recollected = collectWorkloads([{ object: patched, source: { file: 'patched.yaml', document: '1' } }]);
  assert.deepEqual(recollected.errors, [], 'the patched object must still be a valid workload');
  const after = evaluatePod({ level, version: versionOf(minor) }, recollected.workloads[0]!.pod).violations;
  return { object, level, minor, fixes, accepted: chosen, patched, after };
}

function describeRun(run: RoundTrip): string {
  return `${run.level} v1.${run.minor}: before ${run.fixes.violations.map((violation) => violation.check).join(', ') || 'none'}; manual ${
    run.fixes.manual.map((item) => item.check).join(', ') || 'none'
  }; after ${run.after.map((violation) => `${violation.check} (${violation.detail})`).join(', ') || 'none'}`;
}

describe('properties of the fixes over generated workloads', () => {
  test('every workload whose failures were all fixable passes the target level after the accepted changes', () => {
    let fullyFixed = 0;
    let withManual = 0;
    assertProperty(
      fc.property(workloadObject, (generated) => {
        const object = deepFreeze(generated);
        for (const { level, minor } of PROPERTY_POLICIES) {
          const run = roundTrip(object, level, minor);
          if (run.fixes.violations.length === 0) continue;
          if (run.fixes.manual.length > 0) {
            withManual++;
            continue;
          }
          fullyFixed++;
          assert.deepEqual(run.after, [], describeRun(run));
        }
      }),
      300,
    );
    // The generator must exercise both outcomes, or the property says little.
    assert.ok(fullyFixed > 200, `only ${fullyFixed} fully fixable runs`);
    assert.ok(withManual > 200, `only ${withManual} runs with manual items`);
  });

  test('a check an accepted change claims to resolve no longer fails, unless a manual item names it too', () => {
    assertProperty(
      fc.property(workloadObject, (generated) => {
        const object = deepFreeze(generated);
        for (const { level, minor } of PROPERTY_POLICIES) {
          const run = roundTrip(object, level, minor);
          const manualChecks = new Set(run.fixes.manual.map((item) => item.check));
          const failing = new Set(run.after.map((violation) => violation.check));
          for (const change of run.accepted) {
            for (const check of change.resolves) {
              assert.ok(!failing.has(check) || manualChecks.has(check), `${change.id} claims ${check}; ${describeRun(run)}`);
            }
          }
        }
      }),
      300,
    );
  });

  test('planning again after the accepted changes proposes no further Pod Security change', () => {
    assertProperty(
      fc.property(workloadObject, (generated) => {
        for (const { level, minor } of PROPERTY_POLICIES) {
          const run = roundTrip(deepFreeze(generated), level, minor);
          if (run.fixes.manual.length > 0) continue;
          const again = fixesFor(run.patched, { level, minor, namespace: 'default' });
          assert.deepEqual(fixNames(accepted(again.changes)), [], describeRun(run));
        }
      }),
      200,
    );
  });

  test('applying the changes twice equals applying them once (all changes, optional ones included)', () => {
    assertProperty(
      fc.property(workloadObject, fc.constantFrom(...PROPERTY_POLICIES), (generated, { level, minor }) => {
        const object = deepFreeze(generated);
        const { changes } = fixesFor(object, { level, minor });
        const once = applyChanges(object, changes);
        assert.deepEqual(applyChanges(deepFreeze(once), changes), once);
        const acceptedOnce = applyChanges(object, accepted(changes));
        assert.deepEqual(applyChanges(acceptedOnce, accepted(changes)), acceptedOnce);
      }),
      400,
    );
  });

  test('fields the changes do not address are untouched, and the input is never mutated', () => {
    assertProperty(
      fc.property(workloadObject, fc.constantFrom(...PROPERTY_POLICIES), (generated, { level, minor }) => {
        const snapshot = structuredClone(generated);
        // Frozen: any write to the input inside collect, generate or apply throws.
        const object = deepFreeze(generated);
        const { changes } = fixesFor(object, { level, minor });
        for (const subset of [changes, accepted(changes)]) {
          const patched = applyChanges(object, subset);
          assert.deepEqual(outsideChanges(patched, subset), outsideChanges(object, subset));
        }
        assert.deepEqual(object, snapshot);
      }),
      400,
    );
  });

  test('Windows workloads never get a Linux-only field in any operation', () => {
    let windows = 0;
    assertProperty(
      fc.property(workloadObject, (generated) => {
        const object = deepFreeze(generated);
        if (workloadOf(object).pod.spec.os?.name !== 'windows') return;
        windows++;
        for (const { level, minor } of PROPERTY_POLICIES) {
          for (const operation of allOperations(fixesFor(object, { level, minor }).changes)) {
            const linux = keysOf(operation.path).filter((key) => (LINUX_ONLY_FIELDS as readonly string[]).includes(key));
            assert.deepEqual(linux, [], `${level} v1.${minor}: ${formatFieldPath(operation.path)}`);
          }
        }
      }),
      400,
    );
    assert.ok(windows > 30, `only ${windows} Windows workloads generated`);
  });

  test('every failing check gets a change or a manual item', () => {
    assertProperty(
      fc.property(workloadObject, (generated) => {
        for (const { level, minor } of PROPERTY_POLICIES) {
          const fixes = fixesFor(deepFreeze(generated), { level, minor });
          const covered = new Set<string>([...fixes.manual.map((item) => item.check), ...accepted(fixes.changes).flatMap((change) => change.resolves)]);
          for (const violation of fixes.violations) {
            assert.ok(covered.has(violation.check), `${level} v1.${minor}: ${violation.check} has neither a change nor a manual item`);
          }
        }
      }),
      300,
    );
  });
});
