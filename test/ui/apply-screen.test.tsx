/** Finish with a live-cluster source: Apply's dry run, typed confirmation, outcome and enforce phase. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readInputs } from '../../src/adapters/files/index.js';
import type { ApplyOutcome } from '../../src/app/apply/apply-plan.js';
import type { ClusterApplyOptions, ClusterPorts } from '../../src/app/tasks/ports.js';
import { advanceTo, frameLines, keys, press, renderWizard, scanSource, type, waitForFrame } from './harness.js';

const DEMO = 'templates/demo';
const CLUSTER_SOURCE = { kind: 'cluster', context: 'kind', namespace: 'shop' } as const;

type Call = Omit<ClusterApplyOptions, 'onProgress' | 'signal'>;

const DRY_RUN: ApplyOutcome = {
  exitCode: 0,
  lines: ['dry run of prepare phase for namespace shop (context kind): 2 object(s) to change', 'server dry run (dryRun=All, nothing persisted):', '  ok      Namespace/shop: labels', 'dry run only: nothing was written'],
};
const APPLIED: ApplyOutcome = {
  exitCode: 0,
  lines: ['prepare phase for namespace shop (context kind): 2 object(s) to change', 'applied 2 object(s):', '  Deployment/web: runAsNonRoot'],
  backupFile: 'kube-harden-backups/shop-20250101T120000Z.yaml',
};
const ENFORCE_REFUSED: ApplyOutcome = {
  exitCode: 1,
  lines: ['the enforce label would reject what runs now:', '  Pod/web-1 does not meet restricted', 'refused: finish the prepare phase (and recreate the Pods it lists), then try again; nothing was written'],
};

/** A cluster whose `apply` records each call and answers from `outcomes` in order. */
function fakeCluster(calls: Call[], outcomes: readonly ApplyOutcome[]): ClusterPorts {
  return {
    describe: async () => ({ context: 'kind', namespaces: [{ name: 'shop', labels: {} }] }),
    read: async () => ({ input: await readInputs([DEMO]), minor: 33 }),
    apply: async (plan, { phase, dryRun, confirmed, forceConflicts, onProgress }) => {
      assert.deepEqual(plan.settings.source, { context: 'kind', namespace: 'shop' });
      calls.push({ phase, dryRun, confirmed, forceConflicts });
      if (!dryRun) onProgress(2, 2);
      return outcomes[calls.length - 1] ?? { exitCode: 1, lines: ['no more canned outcomes'] };
    },
  };
}

async function openFinish(calls: Call[], outcomes: readonly ApplyOutcome[]) {
  const wizard = renderWizard({ initial: { source: CLUSTER_SOURCE }, cluster: fakeCluster(calls, outcomes) });
  await scanSource(wizard);
  await advanceTo(wizard, 'finish');
  return wizard;
}

describe('Apply on Finish', () => {
  test('a runs a dry run first and shows its report; nothing is written yet', async () => {
    const calls: Call[] = [];
    const wizard = await openFinish(calls, [DRY_RUN]);
    try {
      let frame = await waitForFrame(wizard, 'Or apply to the live cluster');
      assert.match(frame, /a applies the fixes and warn\/audit labels \(prepare phase\) to namespace shop/);
      frame = await press(wizard, 'a', 'dry run passed');
      assert.deepEqual(calls, [{ phase: 'prepare', dryRun: true, confirmed: false, forceConflicts: false }]);
      assert.match(frame, /ok {6}Namespace\/shop: labels/);
      assert.match(frame, /a to confirm and write/);
      assert.ok(frameLines(frame).length <= 24);
    } finally {
      wizard.unmount();
    }
  });

  test('a wrong name does not apply; the namespace name applies and shows the backup and the report', async () => {
    const calls: Call[] = [];
    const wizard = await openFinish(calls, [DRY_RUN, APPLIED]);
    try {
      await press(wizard, 'a', 'dry run passed');
      await press(wizard, 'a', 'type the namespace name to apply');
      await type(wizard, 'shopp');
      let frame = await press(wizard, keys.enter, 'that is not shop');
      assert.equal(calls.length, 1);
      await type(wizard, 'shop');
      frame = await press(wizard, keys.enter, '✓ applied');
      assert.deepEqual(calls[1], { phase: 'prepare', dryRun: false, confirmed: true, forceConflicts: false });
      assert.match(frame, /backup: kube-harden-backups\/shop-20250101T120000Z\.yaml/);
      assert.match(frame, /undo with: kube-harden rollback kube-harden-backups\/shop-20250101T120000Z\.yaml/);
      assert.match(frame, /Deployment\/web: runAsNonRoot/);
      assert.match(frame, /a runs the enforce phase/);
      assert.ok(frameLines(frame).length <= 24);
    } finally {
      wizard.unmount();
    }
  });

  test('Esc cancels the confirmation without applying', async () => {
    const calls: Call[] = [];
    const wizard = await openFinish(calls, [DRY_RUN, APPLIED]);
    try {
      await press(wizard, 'a', 'dry run passed');
      await press(wizard, 'a', 'type the namespace name to apply');
      await type(wizard, 'sh');
      let frame = await press(wizard, keys.escape, 'a to confirm and write');
      assert.doesNotMatch(frame, /type the namespace name to apply/);
      frame = await press(wizard, keys.escape, 'Or apply to the live cluster');
      assert.match(frame, /6\/8|8\/8 Finish/);
      assert.equal(calls.length, 1);
    } finally {
      wizard.unmount();
    }
  });

  test('after the prepare phase, a refused enforce phase shows the use case lines', async () => {
    const calls: Call[] = [];
    const wizard = await openFinish(calls, [DRY_RUN, APPLIED, ENFORCE_REFUSED]);
    try {
      await press(wizard, 'a', 'dry run passed');
      await press(wizard, 'a', 'type the namespace name to apply');
      await type(wizard, 'shop');
      await press(wizard, keys.enter, '✓ applied');
      const frame = await press(wizard, 'a', '✗ stopped');
      assert.deepEqual(calls[2], { phase: 'enforce', dryRun: true, confirmed: false, forceConflicts: false });
      assert.match(frame, /Apply the enforce phase to namespace shop/);
      assert.match(frame, /the enforce label would reject what runs now:/);
      assert.match(frame, /Pod\/web-1 does not meet restricted/);
      assert.doesNotMatch(frame, /type the namespace name to apply/);
    } finally {
      wizard.unmount();
    }
  });

  test('file sources keep export only', async () => {
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      let frame = await advanceTo(wizard, 'finish');
      frame = await waitForFrame(wizard, 'Export the plan');
      assert.doesNotMatch(frame, /apply to the live cluster|a apply/i);
      frame = await press(wizard, 'a');
      assert.doesNotMatch(frame, /dry run/);
    } finally {
      wizard.unmount();
    }
  });
});
