/** The wizard's state machine, driven without a terminal. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readInputs } from '../../src/adapters/files/index.js';
import { canAdvance, initialState, reduce, STEPS, type WizardAction, type WizardState } from '../../src/app/session/wizard-state.js';
import type { ReadInputs } from '../../src/app/check/build-report.js';
import { preparePlan } from '../../src/app/plan/prepare-plan.js';
import { renderPlanDocument } from '../../src/core/plan/plan-file.js';

const DEMO = 'templates/demo';
let demo: ReadInputs;

before(async () => {
  demo = await readInputs([DEMO]);
  assert.deepEqual(demo.errors, []);
});

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(reduce, state);
}

function scanned(): WizardState {
  return run(initialState({ source: { kind: 'demo', paths: [DEMO] } }), { type: 'scan/started' }, { type: 'scan/done', input: demo });
}

const webChange = (state: WizardState, fix: string) => state.prepared!.plan!.changes.find((change) => change.id === `shop/deployment/web/${fix}`)!;
const workload = (state: WizardState, name: string) => state.prepared!.plan!.workloads.find((item) => item.ref.name === name)!;

describe('moving through the steps', () => {
  test('a preselected source starts on the Source step, and Enter-like next does nothing until scanned', () => {
    const state = initialState({ source: { kind: 'demo', paths: [DEMO] } });
    assert.equal(state.step, 'source');
    assert.equal(canAdvance(state), true);
    const scanning = reduce(state, { type: 'scan/started' });
    assert.equal(scanning.step, 'scan');
    assert.equal(canAdvance(scanning), false);
    assert.equal(reduce(scanning, { type: 'step/next' }).step, 'scan');
  });

  test('scan progress is shown only while running; done computes the plan', () => {
    let state = run(initialState({ source: { kind: 'demo', paths: [DEMO] } }), { type: 'scan/started' });
    state = reduce(state, { type: 'scan/progress', progress: { files: 3, documents: 5, workloads: 2 } });
    assert.deepEqual(state.scan.progress, { files: 3, documents: 5, workloads: 2 });
    state = reduce(state, { type: 'scan/done', input: demo });
    assert.equal(state.scan.status, 'done');
    assert.equal(state.prepared!.plan!.workloads.length, 6);
    assert.equal(state.exportState.dir, 'kube-harden-export/shop');
    assert.equal(reduce(state, { type: 'scan/progress', progress: { files: 9, documents: 9, workloads: 9 } }).scan.progress.files, 3);
  });

  test('cancelling a running scan returns to Source; a late result is ignored', () => {
    let state = run(initialState({ source: { kind: 'demo', paths: [DEMO] } }), { type: 'scan/started' }, { type: 'scan/cancelled' });
    assert.equal(state.step, 'source');
    assert.equal(state.scan.status, 'cancelled');
    state = reduce(state, { type: 'scan/done', input: demo });
    assert.equal(state.prepared, undefined);
  });

  test('a failed scan stays on Scan with the error and cannot advance', () => {
    const state = run(initialState({ source: { kind: 'files', paths: ['x.yaml'] } }), { type: 'scan/started' }, { type: 'scan/failed', error: 'x.yaml: no such file or folder' });
    assert.equal(state.step, 'scan');
    assert.equal(state.scan.error, 'x.yaml: no such file or folder');
    assert.equal(canAdvance(state), false);
  });

  test('next walks every step in order and stops at Finish; back walks home without losing decisions', () => {
    let state = scanned();
    const visited = [state.step];
    for (let i = 0; i < 10; i++) {
      state = reduce(state, { type: 'step/next' });
      if (visited.at(-1) !== state.step) visited.push(state.step);
    }
    assert.deepEqual(visited, STEPS.slice(1));
    state = reduce(state, { type: 'change/toggle', id: 'shop/deployment/web/run-as-non-root' });
    for (let i = 0; i < 10; i++) state = reduce(state, { type: 'step/back' });
    assert.equal(state.step, 'source');
    assert.equal(webChange(state, 'run-as-non-root').accepted, false);
    assert.equal(state.scan.status, 'done');
  });
});

describe('decisions', () => {
  test('declining a fix recomputes the plan: the workload no longer passes restricted after fixes', () => {
    const state = reduce(scanned(), { type: 'change/toggle', id: 'shop/deployment/web/run-as-non-root' });
    assert.equal(webChange(state, 'run-as-non-root').accepted, false);
    assert.equal(workload(state, 'web').after.restricted, false);
    assert.equal(state.dirty, true);
    const again = reduce(state, { type: 'change/toggle', id: 'shop/deployment/web/run-as-non-root' });
    assert.equal(workload(again, 'web').after.restricted, true);
  });

  test('a parameter edit changes the operations; an out-of-range value is refused with a notice', () => {
    let state = reduce(scanned(), { type: 'change/param', id: 'shop/deployment/web/run-as-non-root', name: 'runAsUser', value: 2000 });
    assert.match(webChange(state, 'run-as-non-root').summary, /2000/);
    const refused = reduce(state, { type: 'change/param', id: 'shop/deployment/web/run-as-non-root', name: 'runAsUser', value: 0 });
    assert.equal(refused.notice?.level, 'error');
    assert.match(webChange(refused, 'run-as-non-root').summary, /2000/);
    state = reduce(state, { type: 'change/param', id: 'shop/deployment/web/run-as-non-root', name: 'runAsUser', value: 'abc' });
    assert.equal(state.notice?.level, 'error');
  });

  test('overriding a class changes it; choosing the suggestion again clears the override', () => {
    const ref = workload(scanned(), 'redis').ref;
    let state = reduce(scanned(), { type: 'class/override', ref, workloadClass: 'internal-service' });
    assert.equal(workload(state, 'redis').class, 'internal-service');
    assert.equal(workload(state, 'redis').classOverride, 'internal-service');
    state = reduce(state, { type: 'class/override', ref, workloadClass: 'data-store' });
    assert.equal(workload(state, 'redis').classOverride, undefined);
    assert.deepEqual(state.settings.workloads, []);
  });

  test('changing the target level replans, and decisions that no longer apply are dropped, not errors', () => {
    let state = reduce(scanned(), { type: 'change/toggle', id: 'shop/deployment/web/drop-all-capabilities' });
    state = reduce(state, { type: 'target/level', level: 'baseline' });
    assert.ok(state.prepared!.plan, state.prepared!.problems.join('\n'));
    assert.equal(state.prepared!.plan!.changes.some((change) => change.id.endsWith('drop-all-capabilities')), false);
    assert.equal(state.prepared!.plan!.namespaces[0]!.recommended.warn, 'baseline');
    state = reduce(state, { type: 'target/kubeVersion', kubeVersion: 30 });
    assert.equal(state.prepared!.plan!.namespaces[0]!.prepareLabels['pod-security.kubernetes.io/warn-version'], 'v1.30');
  });

  test('policies toggle; an opt-in egress allow toggles on and off', () => {
    let state = scanned();
    const policy = state.prepared!.plan!.networkPolicies[0]!;
    state = reduce(state, { type: 'policy/toggle', id: policy.id });
    assert.equal(state.prepared!.plan!.networkPolicies.find((item) => item.id === policy.id)!.accepted, false);
    const unseen = state.prepared!.plan!.unseenTraffic.find((item) => item.suggestedAllow)!;
    state = reduce(state, { type: 'egress/toggle', allow: unseen.suggestedAllow! });
    assert.equal(state.prepared!.plan!.unseenTraffic.find((item) => item.detail === unseen.detail)!.allowed, true);
    state = reduce(state, { type: 'egress/toggle', allow: unseen.suggestedAllow! });
    assert.equal(state.prepared!.plan!.unseenTraffic.find((item) => item.detail === unseen.detail)!.allowed, false);
  });
});

describe('export', () => {
  test('an existing folder asks first; done clears the unsaved mark', () => {
    let state = reduce(scanned(), { type: 'change/toggle', id: 'shop/deployment/web/run-as-non-root' });
    state = run(state, { type: 'export/dir', dir: 'out/shop' }, { type: 'export/exists' });
    assert.equal(state.exportState.exists, true);
    assert.equal(state.exportState.dir, 'out/shop');
    state = run(state, { type: 'export/started' }, { type: 'export/done', files: 19 });
    assert.equal(state.dirty, false);
    assert.equal(state.exportState.status, 'done');
  });

  test('accepting every step gives exactly the plan the command line builds for the same inputs', () => {
    let state = scanned();
    for (let i = 0; i < STEPS.length; i++) state = reduce(state, { type: 'step/next' });
    const cli = preparePlan(demo, { paths: [DEMO] });
    assert.deepEqual(renderPlanDocument(state.prepared!.plan!, { status: true }), renderPlanDocument(cli.plan!, { status: true }));
  });
});

describe('parameter and selector edits', () => {
  test('integer parameters take plain decimals only; a valid edit clears an earlier error', () => {
    const id = 'shop/deployment/web/run-as-non-root';
    for (const bad of ['0x10', '1e3', '', ' ', '12.5']) {
      const state = reduce(scanned(), { type: 'change/param', id, name: 'runAsUser', value: bad });
      assert.equal(state.notice?.level, 'error', JSON.stringify(bad));
    }
    const refused = reduce(scanned(), { type: 'change/param', id, name: 'runAsUser', value: 'abc' });
    const accepted = reduce(refused, { type: 'change/param', id, name: 'runAsUser', value: ' 3000 ' });
    assert.equal(accepted.notice, undefined);
    assert.match(webChange(accepted, 'run-as-non-root').summary, /3000/);
  });

  test('editing the ingress controller namespace keeps its pod selector from the plan', () => {
    const base = scanned();
    const withPods = { ...base, settings: { ...base.settings, network: { ...base.settings.network, ingressController: { namespaceSelector: { a: 'b' }, podSelector: { app: 'ingress' } } } } };
    const state = reduce(withPods, { type: 'network/ingressController', namespaceSelector: { 'kubernetes.io/metadata.name': 'ingress' } });
    assert.deepEqual(state.settings.network.ingressController, { namespaceSelector: { 'kubernetes.io/metadata.name': 'ingress' }, podSelector: { app: 'ingress' } });
  });
});
