/** Apply's life cycle in the wizard reducer: dry run, review, typed confirmation, outcome, enforce. */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readInputs } from '../../src/adapters/files/index.js';
import { canApply, initialState, reduce, type WizardAction, type WizardState } from '../../src/app/session/wizard-state.js';
import type { ReadInputs } from '../../src/app/check/build-report.js';

let demo: ReadInputs;
before(async () => {
  demo = await readInputs(['templates/demo']);
});

function run(state: WizardState, ...actions: WizardAction[]): WizardState {
  return actions.reduce(reduce, state);
}

function scanned(source: WizardState['source'] = { kind: 'cluster', context: 'kind', namespace: 'shop' }): WizardState {
  return run(initialState({ source }), { type: 'scan/started' }, { type: 'scan/done', input: demo });
}

const clean = { exitCode: 0, lines: ['dry run only: nothing was written'] } as const;
const applied = { exitCode: 0, lines: ['applied 2 object(s):'], backupFile: 'kube-harden-backups/shop.yaml' } as const;

describe('wizard apply state', () => {
  test('apply/requested starts a prepare dry run only for a cluster source with a plan', () => {
    const state = run(scanned(), { type: 'apply/requested' });
    assert.equal(state.applyState.status, 'dry-running');
    assert.equal(state.applyState.phase, 'prepare');
    const files = run(scanned({ kind: 'files', paths: ['templates/demo'] }), { type: 'apply/requested' });
    assert.equal(files.applyState.status, 'idle');
    assert.equal(canApply(initialState({ source: { kind: 'cluster', context: 'kind', namespace: 'shop' } })), false);
  });

  test('a clean dry run is reviewed; a refused one fails with its lines and cannot be confirmed', () => {
    const reviewed = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: clean });
    assert.equal(reviewed.applyState.status, 'reviewed');
    assert.deepEqual(reviewed.applyState.lines, clean.lines);
    const refused = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: { exitCode: 1, lines: ['refused: nothing was written'], handoffFiles: ['kube-harden-handoff/shop-namespace-labels.yaml'] } });
    assert.equal(refused.applyState.status, 'failed');
    assert.deepEqual(refused.applyState.handoffFiles, ['kube-harden-handoff/shop-namespace-labels.yaml']);
    assert.equal(run(refused, { type: 'apply/confirming' }).applyState.status, 'failed');
  });

  test('only the exact namespace name moves from confirming to applying', () => {
    const confirming = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: clean }, { type: 'apply/confirming' });
    assert.equal(confirming.applyState.status, 'confirming');
    for (const typed of ['shopp', ' shop', 'SHOP', '']) {
      const wrong = run(confirming, { type: 'apply/confirmed', typed });
      assert.equal(wrong.applyState.status, 'confirming', typed);
      assert.equal(wrong.applyState.mismatch, true);
    }
    assert.equal(run(confirming, { type: 'apply/confirmed', typed: 'shop' }).applyState.status, 'applying');
    // Without a dry run there is nothing to confirm.
    assert.equal(run(scanned(), { type: 'apply/confirmed', typed: 'shop' }).applyState.status, 'idle');
  });

  test('dismissed steps back from the confirmation to the review, then closes', () => {
    const confirming = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: clean }, { type: 'apply/confirming' });
    const back = run(confirming, { type: 'apply/dismissed' });
    assert.equal(back.applyState.status, 'reviewed');
    assert.equal(run(back, { type: 'apply/dismissed' }).applyState.status, 'idle');
  });

  test('progress, then done with the backup; the next request is the enforce phase; a thrown error fails', () => {
    let state = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: clean }, { type: 'apply/confirming' }, { type: 'apply/confirmed', typed: 'shop' });
    state = run(state, { type: 'apply/progress', done: 1, total: 2 });
    assert.deepEqual(state.applyState.progress, { done: 1, total: 2 });
    state = run(state, { type: 'apply/done', outcome: applied });
    assert.equal(state.applyState.status, 'done');
    assert.equal(state.applyState.backupFile, 'kube-harden-backups/shop.yaml');
    assert.equal(state.applyState.preparedApplied, true);
    state = run(state, { type: 'apply/requested' });
    assert.equal(state.applyState.phase, 'enforce');
    assert.equal(state.applyState.status, 'dry-running');
    state = run(state, { type: 'apply/failed', error: 'connection refused' });
    assert.equal(state.applyState.status, 'failed');
    assert.deepEqual(state.applyState.lines, ['connection refused']);
  });

  test('a decision after the review makes it stale; choosing another source resets Apply', () => {
    const reviewed = run(scanned(), { type: 'apply/requested' }, { type: 'apply/reviewed', outcome: clean });
    assert.equal(run(reviewed, { type: 'target/level', level: 'baseline' }).applyState.status, 'idle');
    const other = run(reviewed, { type: 'source/chosen', source: { kind: 'cluster', context: 'kind', namespace: 'prod' } });
    assert.equal(other.applyState.status, 'idle');
  });
});
