/**
 * buildPlan: the level recommendation stands on the after-verdicts of the accepted changes, a
 * workload that cannot meet the target is a blocker with real options (Pod Security has no
 * per-workload exemption), labels are pinned to the cluster's minor, lowering an existing label is
 * said out loud, and the admission configuration's exemptions are honoured.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readInputs } from '../../../src/adapters/files/index.js';
import { collectWorkloads, type CollectedInput } from '../../../src/core/extract/collect-workloads.js';
import { parseAdmissionConfig, type AdmissionConfig } from '../../../src/core/model/admission.js';
import type { KubeObject } from '../../../src/core/model/kube.js';
import type { Plan, PlanSettings } from '../../../src/core/model/plan.js';
import { LATEST, versionOf, type Level } from '../../../src/core/model/policy.js';
import { refKey } from '../../../src/core/model/workload.js';
import { evaluatePod } from '../../../src/core/pss/evaluate.js';
import { DEFAULT_REGISTRY } from '../../../src/core/pss/registry.js';
import { buildPlan } from '../../../src/core/plan/build-plan.js';
import { defaultSettings } from '../../../src/core/plan/plan-file.js';
import { deepFreeze } from '../../fixtures/plan/arbitrary-workloads.js';

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Inputs

function collect(objects: readonly KubeObject[]): CollectedInput {
  const collected = collectWorkloads(objects.map((object, index) => deepFreeze({ object, source: { file: 'inputs.yaml', document: String(index + 1) } })));
  assert.deepEqual(collected.errors, []);
  return collected;
}

function workload(kind: 'Deployment' | 'DaemonSet', name: string, spec: Json, namespace = 'shop'): KubeObject {
  const labels = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
  };
}

/** Fails restricted on securityContext only: every failure has a fix. */
const fixable = (name: string, namespace = 'shop') => workload('Deployment', name, { containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0', ports: [{ containerPort: 8080 }] }] }, namespace);
/** An nfs volume: fine at baseline, restricted only by hand. */
const nfsApp = (name = 'reports') =>
  workload('Deployment', name, {
    volumes: [{ name: 'shared', nfs: { server: 'nfs.example.com', path: '/exports' } }],
    containers: [{ name: 'app', image: 'ghcr.io/example/reports:1.0', volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }],
  });
/** A node agent reading the node's logs: privileged level only. */
const nodeAgent = (name = 'log-agent', extra: Json = {}, namespace = 'shop') =>
  workload(
    'DaemonSet',
    name,
    {
      ...extra,
      volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }],
      containers: [{ name: 'agent', image: 'fluent/fluent-bit:3.1', securityContext: { runAsUser: 0 }, volumeMounts: [{ name: 'varlog', mountPath: '/var/log', readOnly: true }] }],
    },
    namespace,
  );
const namespaceObject = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

interface PlanOptions {
  readonly level?: Level;
  readonly kubeVersion?: number | 'latest';
  readonly admission?: AdmissionConfig;
  readonly changes?: PlanSettings['changes'];
  readonly defaultNamespace?: string;
}

function planFor(objects: readonly KubeObject[] | CollectedInput, options: PlanOptions = {}): Plan {
  const collected = Array.isArray(objects) ? collect(objects as KubeObject[]) : (objects as CollectedInput);
  const settings: PlanSettings = { ...defaultSettings({ files: ['inputs.yaml'] }, options.level ?? 'restricted', options.kubeVersion ?? 37), changes: options.changes ?? [] };
  const result = buildPlan({ collected, settings, defaultNamespace: options.defaultNamespace ?? 'shop', ...(options.admission ? { admission: options.admission } : {}) });
  assert.deepEqual(result.problems, []);
  return result.plan!;
}

function admission(exemptions: Json): AdmissionConfig {
  const { config, problems } = parseAdmissionConfig({ apiVersion: 'pod-security.admission.config.k8s.io/v1', kind: 'PodSecurityConfiguration', exemptions });
  assert.deepEqual(problems, []);
  return config!;
}

const label = (mode: string) => `pod-security.kubernetes.io/${mode}`;

// ---------------------------------------------------------------------------------------------

describe('level recommendation', () => {
  test('every workload fixable: enforce restricted, no blockers', () => {
    const plan = planFor([fixable('web'), fixable('api')]);
    assert.equal(plan.namespaces.length, 1);
    const namespace = plan.namespaces[0]!;
    assert.deepEqual(namespace.recommended, { enforce: 'restricted', audit: 'restricted', warn: 'restricted', version: 'v1.37' });
    assert.deepEqual(namespace.blockers, []);
    for (const workload of plan.workloads) {
      assert.deepEqual(workload.before, { baseline: true, restricted: false });
      assert.deepEqual(workload.after, { baseline: true, restricted: true });
      assert.deepEqual(workload.remaining, []);
      assert.deepEqual(workload.manual, []);
    }
  });

  test('enforce is the strictest level every workload meets after the accepted changes', () => {
    const plan = planFor([fixable('web'), nfsApp()]);
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.recommended.enforce, 'baseline');
    assert.equal(namespace.recommended.warn, 'restricted');
    assert.equal(namespace.recommended.audit, 'restricted');
    assert.deepEqual(
      namespace.blockers.map((blocker) => ({ workload: blocker.workload, meets: blocker.meets })),
      [{ workload: { kind: 'Deployment', namespace: 'shop', name: 'reports' }, meets: 'baseline' }],
    );
  });

  test('a declined change counts: the workload then meets only baseline', () => {
    const plan = planFor([fixable('web')], { changes: [{ id: 'shop/deployment/web/seccomp-runtime-default', accepted: false }] });
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.recommended.enforce, 'baseline');
    assert.equal(namespace.blockers.length, 1);
    assert.match(namespace.blockers[0]!.reasons[0]!, /^seccompProfile/);
  });

  test('enforce never goes above the target level', () => {
    const plan = planFor([fixable('web')], { level: 'baseline' });
    assert.deepEqual(plan.namespaces[0]!.recommended, { enforce: 'baseline', audit: 'baseline', warn: 'baseline', version: 'v1.37' });
    // At baseline nothing needs fixing, so no Pod Security change is proposed.
    assert.deepEqual(plan.changes.filter((change) => change.category === 'pss'), []);
  });

  test('a target of privileged recommends privileged everywhere', () => {
    const plan = planFor([nodeAgent()], { level: 'privileged' });
    assert.deepEqual(plan.namespaces[0]!.recommended, { enforce: 'privileged', audit: 'privileged', warn: 'privileged', version: 'v1.37' });
    assert.deepEqual(plan.namespaces[0]!.blockers, []);
  });
});

describe('blockers', () => {
  test('a node agent with hostPath is a blocker with the real options, never an invented exemption', () => {
    const plan = planFor([fixable('web'), nodeAgent()]);
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.recommended.enforce, 'privileged');
    assert.equal(plan.workloads.find((candidate) => candidate.ref.name === 'log-agent')!.class, 'node-agent');
    assert.deepEqual(namespace.blockers, [
      {
        workload: { kind: 'DaemonSet', namespace: 'shop', name: 'log-agent' },
        meets: 'privileged',
        reasons: ['restricted volume types (volume "varlog" uses restricted volume type "hostPath")'],
        options: [
          "keep the namespace's enforce level at privileged, which it meets (warn and audit stay at restricted, so new violations are still reported)",
          'move DaemonSet/log-agent to its own namespace labelled privileged and enforce restricted here',
          'change the workload by hand (see the manual items: restrictedVolumes) and plan again',
        ],
      },
    ]);
    for (const option of namespace.blockers[0]!.options) assert.doesNotMatch(option, /exempt/i);
  });

  test('a node agent that also shares the host network lists every manual check', () => {
    const plan = planFor([nodeAgent('net-agent', { hostNetwork: true })]);
    const blocker = plan.namespaces[0]!.blockers[0]!;
    assert.equal(blocker.options[2], 'change the workload by hand (see the manual items: hostNamespaces, restrictedVolumes) and plan again');
    assert.match(blocker.reasons[0]!, /^host namespaces \(hostNetwork=true\), restricted volume types/);
  });

  test('the demo: log-shipper is the one blocker; every other workload passes restricted after the changes', async () => {
    const input = await readInputs(['templates/demo']);
    const plan = planFor(collectWorkloads(input.objects));
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.name, 'shop');
    assert.deepEqual(namespace.recommended, { enforce: 'privileged', audit: 'restricted', warn: 'restricted', version: 'v1.37' });
    assert.deepEqual(namespace.blockers.map((blocker) => `${blocker.workload.kind}/${blocker.workload.name}`), ['DaemonSet/log-shipper']);
    for (const workload of plan.workloads) {
      if (workload.ref.name === 'log-shipper') assert.deepEqual(workload.after, { baseline: false, restricted: false });
      else assert.deepEqual(workload.after, { baseline: true, restricted: true }, workload.ref.name);
    }
  });
});

describe('labels', () => {
  test('pinned to the cluster minor: v1.30 for kubeVersion 30, and evaluated there', () => {
    const plan = planFor([fixable('web')], { kubeVersion: 30 });
    const namespace = plan.namespaces[0]!;
    assert.equal(plan.minor, 30);
    assert.deepEqual(namespace.prepareLabels, {
      [label('warn')]: 'restricted',
      [label('warn-version')]: 'v1.30',
      [label('audit')]: 'restricted',
      [label('audit-version')]: 'v1.30',
    });
    assert.deepEqual(namespace.enforceLabels, { [label('enforce')]: 'restricted', [label('enforce-version')]: 'v1.30' });
  });

  test('the default pins v1.37, never latest', () => {
    const plan = planFor([fixable('web')]);
    const labels = { ...plan.namespaces[0]!.prepareLabels, ...plan.namespaces[0]!.enforceLabels };
    for (const [key, value] of Object.entries(labels)) if (key.endsWith('-version')) assert.equal(value, 'v1.37');
  });

  test('latest only when asked', () => {
    const plan = planFor([fixable('web')], { kubeVersion: 'latest' });
    assert.equal(plan.namespaces[0]!.enforceLabels[label('enforce-version')], 'latest');
    assert.equal(plan.minor, DEFAULT_REGISTRY.resolveMinor(LATEST));
  });

  test('an older minor plans for that version\'s checks (no runAsUser check before v1.23)', () => {
    const runsAsRoot = workload('Deployment', 'root', {
      securityContext: { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'ghcr.io/example/app:1.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    });
    assert.deepEqual(planFor([runsAsRoot], { kubeVersion: 22 }).changes.filter((change) => change.category === 'pss'), []);
    assert.deepEqual(
      planFor([runsAsRoot], { kubeVersion: 23 }).changes.filter((change) => change.category === 'pss').map((change) => change.id),
      ['shop/deployment/root/run-as-user'],
    );
  });
});

describe('existing namespace labels', () => {
  test('an existing stricter enforce label: the plan says it lowers it, and why', () => {
    const plan = planFor([
      namespaceObject('shop', { [label('enforce')]: 'restricted', [label('warn')]: 'restricted', 'app.kubernetes.io/part-of': 'shop' }),
      fixable('web'),
      nodeAgent(),
    ]);
    const namespace = plan.namespaces[0]!;
    assert.deepEqual(namespace.existingLabels, { [label('enforce')]: 'restricted', [label('warn')]: 'restricted' });
    assert.deepEqual(namespace.notes, ['lowers pod-security.kubernetes.io/enforce from restricted to privileged: the workloads, after the accepted changes, do not all meet it']);
  });

  test('an existing stricter warn label with a baseline target', () => {
    const plan = planFor([namespaceObject('shop', { [label('warn')]: 'restricted', [label('audit')]: 'baseline' }), fixable('web')], { level: 'baseline' });
    assert.deepEqual(plan.namespaces[0]!.notes, ['lowers pod-security.kubernetes.io/warn from restricted to baseline: the target level is baseline']);
  });

  test('raising or keeping a level needs no note', () => {
    const plan = planFor([namespaceObject('shop', { [label('enforce')]: 'baseline', [label('warn')]: 'restricted' }), fixable('web')]);
    assert.deepEqual(plan.namespaces[0]!.notes, []);
  });
});

describe('admission configuration exemptions', () => {
  test('a workload on an exempt runtime class does not block, gets no Pod Security fixes, and is noted', () => {
    const sandboxed = nodeAgent('sandboxed', { runtimeClassName: 'kata' });
    const plan = planFor([fixable('web'), sandboxed], { admission: admission({ runtimeClasses: ['kata'] }) });
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.recommended.enforce, 'restricted');
    assert.deepEqual(namespace.blockers, []);
    assert.deepEqual(namespace.notes, ['DaemonSet/sandboxed uses an exempt runtime class: Pod Security does not check it']);
    const exempt = plan.workloads.find((candidate) => candidate.ref.name === 'sandboxed')!;
    assert.equal(exempt.exempt, 'runtimeClass');
    assert.deepEqual(exempt.after, { baseline: true, restricted: true });
    assert.deepEqual(exempt.manual, []);
    // Optional hardening may still be offered; Pod Security fixes are not.
    assert.deepEqual(plan.changes.filter((change) => change.target.name === 'sandboxed' && change.category === 'pss'), []);
  });

  test('the same workload without the exemption blocks', () => {
    const plan = planFor([fixable('web'), nodeAgent('sandboxed', { runtimeClassName: 'kata' })], { admission: admission({ runtimeClasses: ['gvisor'] }) });
    assert.equal(plan.namespaces[0]!.recommended.enforce, 'privileged');
  });

  test('an exempt namespace: nothing blocks, and the labels will be ignored', () => {
    const plan = planFor([nodeAgent('agent', {}, 'kube-system')], { admission: admission({ namespaces: ['kube-system'] }), defaultNamespace: 'default' });
    const namespace = plan.namespaces[0]!;
    assert.equal(namespace.name, 'kube-system');
    assert.equal(namespace.recommended.enforce, 'restricted');
    assert.deepEqual(namespace.blockers, []);
    assert.deepEqual(namespace.notes, ['namespace kube-system is exempt from Pod Security in the admission configuration: its labels will be ignored']);
    assert.equal(plan.workloads[0]!.exempt, 'namespace');
  });

  test('usernames exemptions change nothing (who sends the request is unknown from manifests)', () => {
    const plan = planFor([nodeAgent()], { admission: admission({ usernames: ['system:serviceaccount:kube-system:daemon-set-controller'] }) });
    assert.equal(plan.namespaces[0]!.recommended.enforce, 'privileged');
  });
});

describe('proof on copies', () => {
  test('after-verdicts are those of the patched copies, evaluated afresh; inputs stay untouched', async () => {
    const input = await readInputs(['templates/demo']);
    const collected = collectWorkloads(input.objects.map((sourced) => deepFreeze(sourced)));
    const plan = planFor(collected);
    for (const workloadPlan of plan.workloads) {
      const original = collected.workloads.find((candidate) => refKey(candidate.ref) === refKey(workloadPlan.ref))!;
      const object = plan.patched.get(refKey(workloadPlan.ref)) ?? original.object;
      const again = collectWorkloads([{ object, source: original.source }]).workloads[0]!;
      for (const level of ['baseline', 'restricted'] as const) {
        assert.equal(evaluatePod({ level, version: versionOf(37) }, again.pod).allowed, workloadPlan.after[level], `${workloadPlan.ref.name} at ${level}`);
      }
    }
  });

  test('deterministic: the same inputs and settings give the same plan', async () => {
    const input = await readInputs(['templates/demo']);
    const first = planFor(collectWorkloads(input.objects));
    const second = planFor(collectWorkloads(input.objects));
    assert.deepEqual(second, first);
  });

  test('several namespaces: one plan each, in name order, with namespace-qualified policy ids', () => {
    const plan = planFor([fixable('web', 'shop'), fixable('ledger', 'payments')]);
    assert.deepEqual(plan.namespaces.map((namespace) => namespace.name), ['payments', 'shop']);
    assert.ok(plan.networkPolicies.length > 0);
    for (const policy of plan.networkPolicies) assert.ok(policy.id.startsWith(`${policy.namespace}/`), policy.id);
    const ledger = plan.changes.filter((change) => change.target.name === 'ledger');
    assert.ok(ledger.length > 0);
    for (const change of ledger) {
      assert.ok(change.id.startsWith('payments/deployment/ledger/'), change.id);
      assert.deepEqual(change.target, { kind: 'Deployment', namespace: 'payments', name: 'ledger' });
    }
  });
});
