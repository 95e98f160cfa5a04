/**
 * The plan file: rendering and reading it back gives the same decisions (defaults and edited ones),
 * every bad entry is a problem naming that entry, `status:` is ignored on replay, and a declined
 * change is not applied.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { dump, load } from 'js-yaml';
import { readInputs } from '../../../src/adapters/files/index.js';
import { collectWorkloads, type CollectedInput } from '../../../src/core/extract/collect-workloads.js';
import type { Plan, PlanSettings } from '../../../src/core/model/plan.js';
import { buildPlan, type PlanProblem } from '../../../src/core/plan/build-plan.js';
import { defaultSettings, parsePlanSettings, renderPlanDocument } from '../../../src/core/plan/plan-file.js';
import { evaluatePod } from '../../../src/core/pss/evaluate.js';
import { versionOf } from '../../../src/core/model/policy.js';
import { deepFreeze } from '../../fixtures/plan/arbitrary-workloads.js';

type Json = Record<string, unknown>;

const DEMO = 'templates/demo';
const NAMESPACE = 'shop';
let demo: CollectedInput;

before(async () => {
  const input = await readInputs([DEMO]);
  assert.deepEqual(input.errors, []);
  demo = collectWorkloads(input.objects.map((sourced) => deepFreeze(sourced)));
});

function planWith(settings: PlanSettings): Plan {
  const result = buildPlan({ collected: demo, settings, defaultNamespace: NAMESPACE });
  assert.deepEqual(result.problems, []);
  return result.plan!;
}

function problemsWith(settings: PlanSettings): readonly PlanProblem[] {
  return buildPlan({ collected: demo, settings, defaultNamespace: NAMESPACE }).problems;
}

/** The plan document as a file holds it: rendered, dumped to YAML and loaded again. */
function throughYaml(document: unknown): Json {
  return load(dump(document, { lineWidth: -1, noRefs: true })) as Json;
}

function settingsOf(document: unknown): PlanSettings {
  const { settings, problems } = parsePlanSettings(document);
  assert.deepEqual(problems, []);
  return settings!;
}

/** What a replay must reproduce: every decision, and the labels they lead to. */
function decisions(plan: Plan) {
  return {
    target: plan.settings.target,
    changes: plan.changes.map((change) => ({
      id: change.id,
      accepted: change.accepted,
      params: Object.fromEntries(Object.entries(change.params).map(([name, parameter]) => [name, parameter.value])),
      operations: change.operations,
    })),
    classes: plan.workloads.map((workload) => ({ ref: workload.ref, class: workload.class, override: workload.classOverride })),
    policies: plan.networkPolicies.map((policy) => ({ id: policy.id, accepted: policy.accepted, object: policy.object })),
    namespaces: plan.namespaces.map((namespace) => ({ name: namespace.name, prepare: namespace.prepareLabels, enforce: namespace.enforceLabels })),
    patched: [...plan.patched.entries()],
  };
}

function defaults(): PlanSettings {
  return defaultSettings({ files: [DEMO] }, 'restricted', 37);
}

/** A valid plan document for the demo, to break one entry at a time. */
function demoDocument(): Json {
  return throughYaml(renderPlanDocument(planWith(defaults()), { status: false }));
}

function changeIndex(document: Json, id: string): number {
  const index = (document.changes as { id: string }[]).findIndex((entry) => entry.id === id);
  assert.ok(index >= 0, `${id} is not in the document`);
  return index;
}

describe('round trip', () => {
  test('default decisions: render → YAML → parse → buildPlan gives the same decisions', () => {
    const first = planWith(defaults());
    const document = throughYaml(renderPlanDocument(first, { status: false }));
    const second = planWith(settingsOf(document));
    assert.deepEqual(decisions(second), decisions(first));
    // And the document is a fixed point.
    assert.deepEqual(throughYaml(renderPlanDocument(second, { status: false })), document);
  });

  test('edited decisions survive: a declined change, a parameter, a class override, a rejected policy, an egress allow, DNS', () => {
    const first = planWith(defaults());
    const rejectedPolicy = first.networkPolicies[0]!.id;
    const edited: PlanSettings = {
      ...defaults(),
      target: { level: 'restricted', kubeVersion: 30 },
      workloads: [{ ref: { kind: 'Deployment', namespace: NAMESPACE, name: 'redis' }, classOverride: 'internal-service' }],
      changes: [
        { id: 'shop/deployment/web/unprivileged-port-start', accepted: false },
        { id: 'shop/statefulset/postgres/run-as-non-root', accepted: true, params: { runAsUser: 999, runAsGroup: 999 } },
        { id: 'shop/deployment/api/read-only-root-filesystem', accepted: true },
      ],
      network: {
        dns: { namespaceSelector: { 'kubernetes.io/metadata.name': 'kube-system' }, podSelector: { 'k8s-app': 'kube-dns' } },
        policies: [{ id: rejectedPolicy, accepted: false }],
        egressAllows: [{ workload: 'Deployment/api', cidr: '203.0.113.0/24', port: 443 }],
      },
    };
    const plan = planWith(edited);
    const document = throughYaml(renderPlanDocument(plan, { status: false }));
    const replayed = planWith(settingsOf(document));
    assert.deepEqual(decisions(replayed), decisions(plan));

    // The edits took effect, and still do after the replay.
    for (const subject of [plan, replayed]) {
      const byId = new Map(subject.changes.map((change) => [change.id, change]));
      assert.equal(byId.get('shop/deployment/web/unprivileged-port-start')?.accepted, false);
      assert.equal(byId.get('shop/deployment/api/read-only-root-filesystem')?.accepted, true);
      assert.deepEqual(byId.get('shop/statefulset/postgres/run-as-non-root')?.operations, [
        { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
        { op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 999 },
        { op: 'set', path: ['spec', 'securityContext', 'runAsGroup'], value: 999 },
      ]);
      assert.equal(subject.workloads.find((workload) => workload.ref.name === 'redis')?.class, 'internal-service');
      assert.equal(subject.networkPolicies.find((policy) => policy.id === rejectedPolicy)?.accepted, false);
      assert.deepEqual(subject.settings.network.egressAllows, [{ workload: 'Deployment/api', cidr: '203.0.113.0/24', port: 443 }]);
      assert.deepEqual(subject.namespaces[0]!.enforceLabels['pod-security.kubernetes.io/enforce-version'], 'v1.30');
    }
    assert.deepEqual(document.target, { level: 'restricted', kubeVersion: 'v1.30' });
  });

  test('the document spells out every decision, with the suggested class beside an override', () => {
    const plan = planWith({ ...defaults(), workloads: [{ ref: { kind: 'Deployment', namespace: NAMESPACE, name: 'redis' }, classOverride: 'internal-service' }] });
    const document = renderPlanDocument(plan, { status: false });
    assert.deepEqual(Object.keys(document), ['apiVersion', 'kind', 'source', 'target', 'workloads', 'changes', 'network']);
    assert.equal(document.apiVersion, 'kube-harden.dev/v1alpha1');
    assert.equal(document.kind, 'HardeningPlan');
    assert.deepEqual(document.source, { files: [DEMO] });
    const redis = (document.workloads as Json[]).find((entry) => (entry.ref as Json).name === 'redis');
    assert.deepEqual(redis, { ref: { kind: 'Deployment', namespace: 'shop', name: 'redis' }, class: 'data-store', classOverride: 'internal-service' });
    assert.equal((document.changes as unknown[]).length, plan.changes.length);
    assert.equal(((document.network as Json).policies as unknown[]).length, plan.networkPolicies.length);
  });

  test('the namespace given with -n is part of the source and round-trips (change ids depend on it)', () => {
    const plan = planWith({ ...defaults(), source: { files: [DEMO], namespace: 'shop' } });
    const document = throughYaml(renderPlanDocument(plan, { status: false }));
    assert.deepEqual(document.source, { files: [DEMO], namespace: 'shop' });
    assert.deepEqual(settingsOf(document).source, { files: [DEMO], namespace: 'shop' });
    const { problems } = parsePlanSettings({ ...document, source: { files: [DEMO], namespace: '' } });
    assert.deepEqual(problems.map((problem) => problem.entry), ['source.namespace']);
  });

  test('kubeVersion latest round-trips as latest', () => {
    const plan = planWith({ ...defaults(), target: { level: 'baseline', kubeVersion: 'latest' } });
    const settings = settingsOf(throughYaml(renderPlanDocument(plan, { status: false })));
    assert.deepEqual(settings.target, { level: 'baseline', kubeVersion: 'latest' });
  });
});

describe('status is ignored on replay', () => {
  test('a document with status reads as the same settings as one without', () => {
    const plan = planWith(defaults());
    const withStatus = throughYaml(renderPlanDocument(plan, { status: true }));
    assert.ok(withStatus.status);
    assert.deepEqual(settingsOf(withStatus), settingsOf(throughYaml(renderPlanDocument(plan, { status: false }))));
  });

  test('an edited or stale status changes nothing', () => {
    const document = demoDocument();
    document.status = { namespaces: [{ name: 'elsewhere', recommended: { enforce: 'privileged' } }], anything: [1, 2, 3] };
    const replayed = planWith(settingsOf(document));
    assert.deepEqual(decisions(replayed), decisions(planWith(defaults())));
  });

  test('status masks secret-looking values of the patched workloads', () => {
    const plan = planWith(defaults());
    const text = dump(renderPlanDocument(plan, { status: true }));
    assert.doesNotMatch(text, /demo-password-change-me/);
    assert.doesNotMatch(text, /kind: Secret/);
  });
});

describe('declined changes', () => {
  test('a declined change is not applied, and the after-verdict reflects it', () => {
    const declined = 'shop/deployment/web/run-as-non-root';
    const plan = planWith({ ...defaults(), changes: [{ id: declined, accepted: false }] });
    const change = plan.changes.find((candidate) => candidate.id === declined)!;
    assert.equal(change.accepted, false);
    const web = plan.workloads.find((workload) => workload.ref.name === 'web')!;
    assert.deepEqual(web.after, { baseline: true, restricted: false });
    assert.deepEqual(web.remaining.map((violation) => violation.check), ['runAsNonRoot']);
    const patched = plan.patched.get('Deployment/shop/web')!;
    const podSecurityContext = ((patched.spec as Json).template as { spec: Json }).spec.securityContext as Json;
    assert.equal(podSecurityContext.runAsNonRoot, undefined);
    // The other accepted changes still apply, and the after-verdict matches a fresh evaluation of the patched copy.
    assert.deepEqual(podSecurityContext.seccompProfile, { type: 'RuntimeDefault' });
    const again = collectWorkloads([{ object: patched, source: { file: 'patched', document: '1' } }]).workloads[0]!;
    assert.deepEqual(evaluatePod({ level: 'restricted', version: versionOf(37) }, again.pod).violations.map((violation) => violation.check), ['runAsNonRoot']);
  });

  test('declining every change of a workload leaves it unpatched', () => {
    const ids = planWith(defaults()).changes.filter((change) => change.target.name === 'redis').map((change) => change.id);
    const plan = planWith({ ...defaults(), changes: ids.map((id) => ({ id, accepted: false })) });
    assert.equal(plan.patched.has('Deployment/shop/redis'), false);
    assert.deepEqual(plan.workloads.find((workload) => workload.ref.name === 'redis')!.after, { baseline: true, restricted: false });
  });
});

describe('problems name the entry', () => {
  function parseProblems(document: unknown): PlanProblem[] {
    const { settings, problems } = parsePlanSettings(document);
    assert.equal(settings, undefined);
    return problems;
  }

  test('wrong apiVersion', () => {
    const document = { ...demoDocument(), apiVersion: 'kube-harden.dev/v1' };
    assert.deepEqual(parseProblems(document), [{ entry: 'apiVersion', message: 'expected apiVersion kube-harden.dev/v1alpha1 and kind HardeningPlan' }]);
  });

  test('wrong kind', () => {
    assert.deepEqual(parseProblems({ ...demoDocument(), kind: 'Plan' }).map((problem) => problem.entry), ['apiVersion']);
  });

  test('not an object at all', () => {
    assert.deepEqual(parseProblems(['a list']).map((problem) => problem.entry), ['']);
  });

  test('an unknown top-level field (a typo must not become a default)', () => {
    const problems = parseProblems({ ...demoDocument(), chnages: [] });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.entry, 'chnages');
    assert.match(problems[0]!.message, /unknown field \(expected one of: apiVersion, kind, source, target, workloads, changes, network, status\)/);
  });

  test('an unknown field inside an entry', () => {
    const document = demoDocument();
    (document.changes as Json[])[1]!.acepted = true;
    assert.deepEqual(parseProblems(document).map((problem) => problem.entry), ['changes[1].acepted']);
  });

  test('an unknown class in classOverride', () => {
    const document = demoDocument();
    (document.workloads as Json[])[2]!.classOverride = 'frontend';
    assert.deepEqual(parseProblems(document), [{ entry: 'workloads[2].classOverride', message: 'unknown class "frontend"' }]);
  });

  test('a bad target level and version', () => {
    const document = { ...demoDocument(), target: { level: 'strict', kubeVersion: '1.30' } };
    assert.deepEqual(parseProblems(document).map((problem) => problem.entry), ['target.level', 'target.kubeVersion']);
  });

  test('accepted must be a boolean; a change listed twice', () => {
    const document = demoDocument();
    const changes = document.changes as Json[];
    changes[0]!.accepted = 'yes';
    changes.push({ ...changes[1]! });
    assert.deepEqual(parseProblems(document).map((problem) => problem.entry), ['changes[0].accepted', `changes[${changes.length - 1}].id`]);
  });

  test('every problem is reported, not only the first', () => {
    const document = demoDocument();
    document.bogus = 1;
    (document.workloads as Json[])[0]!.classOverride = 'nope';
    ((document.network as Json).egressAllows as Json[]).push({ workload: 'Deployment/api', protocol: 'ICMP', port: 70000 });
    assert.deepEqual(parseProblems(document).map((problem) => problem.entry), [
      'bogus',
      'workloads[0].classOverride',
      'network.egressAllows[0].protocol',
      'network.egressAllows[0].port',
    ]);
  });

  test('a change id not in the inputs', () => {
    const document = demoDocument();
    const changes = document.changes as Json[];
    changes.push({ id: 'shop/deployment/ghost/run-as-non-root', accepted: true });
    const problems = problemsWith(settingsOf(document));
    assert.deepEqual(
      problems.map(({ entry, message }) => ({ entry, message })),
      [{ entry: `changes[${changes.length - 1}]`, message: 'change shop/deployment/ghost/run-as-non-root no longer matches the inputs (nothing to fix there, or the workload is gone)' }],
    );
  });

  test('an unknown parameter name', () => {
    const document = demoDocument();
    const index = changeIndex(document, 'shop/deployment/redis/run-as-non-root');
    const entry = (document.changes as Json[])[index]!;
    entry.params = { ...(entry.params as Json), runAsUsr: 1000 };
    const problems = problemsWith(settingsOf(document));
    assert.deepEqual(
      problems.map(({ entry: name, message }) => ({ entry: name, message })),
      [{ entry: `changes[${index}].params.runAsUsr`, message: 'change shop/deployment/redis/run-as-non-root has no parameter runAsUsr' }],
    );
  });

  test('runAsUser 0 is out of range', () => {
    const document = demoDocument();
    const index = changeIndex(document, 'shop/daemonset/log-shipper/run-as-user');
    (document.changes as Json[])[index]!.params = { runAsUser: 0 };
    const problems = problemsWith(settingsOf(document));
    assert.deepEqual(
      problems.map(({ entry, message }) => ({ entry, message })),
      [{ entry: `changes[${index}].params.runAsUser`, message: 'must be an integer from 1 to 2147483647' }],
    );
  });

  test('a non-integer or string runAsUser, an empty string parameter', () => {
    const document = demoDocument();
    const user = changeIndex(document, 'shop/deployment/redis/run-as-non-root');
    const resources = changeIndex(document, 'shop/deployment/redis/resource-placeholders');
    (document.changes as Json[])[user]!.params = { runAsUser: 1000.5, runAsGroup: '1000' };
    (document.changes as Json[])[resources]!.params = { cpuRequest: '' };
    assert.deepEqual(problemsWith(settingsOf(document)).map((problem) => problem.entry), [
      `changes[${user}].params.runAsUser`,
      `changes[${user}].params.runAsGroup`,
      `changes[${resources}].params.cpuRequest`,
    ]);
  });

  test('an egress allow for an unknown workload', () => {
    const document = demoDocument();
    (document.network as Json).egressAllows = [{ workload: 'Deployment/ghost', cidr: '203.0.113.0/24' }];
    assert.deepEqual(
      problemsWith(settingsOf(document)).map(({ entry, message }) => ({ entry, message })),
      [{ entry: 'network.egressAllows[0]', message: 'workload Deployment/ghost is not in the inputs' }],
    );
  });

  test('a network policy id that is not proposed', () => {
    const document = demoDocument();
    const policies = (document.network as Json).policies as Json[];
    policies.push({ id: 'allow-everything', accepted: true });
    assert.deepEqual(
      problemsWith(settingsOf(document)).map(({ entry, message }) => ({ entry, message })),
      [{ entry: `network.policies[${policies.length - 1}]`, message: 'NetworkPolicy allow-everything is not proposed for these inputs' }],
    );
  });

  test('a workload that is not in the inputs', () => {
    const document = demoDocument();
    (document.workloads as Json[]).push({ ref: { kind: 'Deployment', namespace: 'shop', name: 'ghost' }, classOverride: 'batch' });
    const index = (document.workloads as unknown[]).length - 1;
    assert.deepEqual(
      problemsWith(settingsOf(document)).map(({ entry, message }) => ({ entry, message })),
      [{ entry: `workloads[${index}]`, message: 'Deployment/ghost is not in the inputs' }],
    );
  });
});
