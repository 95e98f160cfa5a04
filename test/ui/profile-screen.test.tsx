import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WizardPorts } from '../../src/app/tasks/ports.js';
import { diskReadInputs, frameLines, keys, openStep, press, pressUntil, stepMarker, type, waitForFrame, type WizardHarness, type WizardOptions } from './harness.js';

process.env.NO_COLOR = '1';

/** The demo without its log shipper, the one workload that cannot meet baseline. */
const demoWithoutLogShipper: WizardPorts['readInputs'] = async (paths, options) => {
  const input = await diskReadInputs(paths, options);
  return { ...input, objects: input.objects.filter(({ object }) => object.metadata?.name !== 'log-shipper') };
};

function lineOf(frame: string, pattern: RegExp): string {
  const line = frameLines(frame).find((candidate) => pattern.test(candidate));
  assert.ok(line, `no line matching ${pattern} in:\n${frame}`);
  return line;
}

function assertFits(frame: string): void {
  const lines = frameLines(frame);
  assert.ok(lines.length <= 24, `${lines.length} lines:\n${frame}`);
  for (const line of lines) assert.ok(line.length <= 80, `wider than 80 columns: "${line}"`);
}

async function withProfile(run: (wizard: WizardHarness) => Promise<void>, options: WizardOptions = {}): Promise<void> {
  const wizard = await openStep('profile', options);
  try {
    await run(wizard);
  } finally {
    wizard.unmount();
  }
}

test('Profile shows per level how many workloads pass as they are, after fixes, or need manual changes', () =>
  withProfile(async (wizard) => {
    const frame = await waitForFrame(wizard, 'Labels for namespace shop');
    assertFits(frame);
    assert.match(frame, /Target Pod Security level for shop \(6 workloads\)/);
    assert.match(lineOf(frame, /privileged +█/), /^ {3}privileged +█{20} 6 pass · 0 after fixes · 0 manual$/);
    assert.match(lineOf(frame, /baseline +█/), /^ {3}baseline +█+░+ 5 pass · 0 after fixes · 1 manual$/);
    assert.match(lineOf(frame, /restricted +[▒░]/), /^ › restricted +▒+░+ 0 pass · 5 after fixes · 1 manual$/);
    assert.match(frame, /Kubernetes v1\.37: the version labels are pinned to it/);
    assert.match(frame, /Recommended: enforce privileged · warn restricted · audit restricted/);
    for (const label of [
      'pod-security.kubernetes.io/warn: restricted',
      'pod-security.kubernetes.io/warn-version: v1.37',
      'pod-security.kubernetes.io/audit: restricted',
      'pod-security.kubernetes.io/audit-version: v1.37',
      'pod-security.kubernetes.io/enforce: privileged',
      'pod-security.kubernetes.io/enforce-version: v1.37',
    ]) {
      assert.ok(frame.includes(`  ${label}\n`), `${label} missing:\n${frame}`);
    }
    assert.match(frame, /Blockers: 1 workload cannot meet restricted/);
    assert.match(frame, /DaemonSet\/log-shipper meets privileged: restricted volume types/);
    assert.match(frame, /option: keep the namespace's enforce level at privileged/);
  }));

test('PgDn scrolls the blockers into view', () =>
  withProfile(async (wizard) => {
    let frame = await waitForFrame(wizard, /lines 1–\d+ of \d+/);
    frame = await press(wizard, keys.pageDown, (next) => !next.includes('lines 1–'));
    assert.match(frame, /option: keep the namespace's enforce level at privileged/);
    frame = await pressUntil(wizard, keys.pageDown, /option: change the workload by hand/, 3);
    assert.match(frame, /lines \d+–(\d+) of \1/);
    frame = await press(wizard, keys.pageUp, /lines 1–/);
    assert.match(frame, /Labels for namespace shop/);
  }));

test('choosing another target level re-plans: the labels and the status line follow', () =>
  withProfile(
    async (wizard) => {
      let frame = await waitForFrame(wizard, 'pod-security.kubernetes.io/enforce: restricted');
      assert.match(frame, /Recommended: enforce restricted · warn restricted · audit restricted/);
      assert.match(lineOf(frame, /restricted +▒/), /0 pass · 5 after fixes · 0 manual/);

      frame = await press(wizard, keys.up, 'pod-security.kubernetes.io/enforce: baseline');
      assert.match(frame, /baseline v1\.37 │ 4\/8 Profile/);
      assert.match(lineOf(frame, /baseline +█/), /^ › baseline/);
      assert.match(frame, /pod-security.kubernetes.io\/warn: baseline/);
      assert.match(frame, /Recommended: enforce baseline · warn baseline · audit baseline/);
      // The plan holds no fixes for a level stricter than the target: no made-up "after fixes".
      assert.match(lineOf(frame, /^ {3}restricted/), /0 pass · 5 fail; choose it to plan fixes/);

      frame = await press(wizard, keys.left, 'pod-security.kubernetes.io/enforce: privileged');
      assert.match(frame, /privileged v1\.37 │ 4\/8 Profile/);
      frame = await press(wizard, keys.left, /privileged v1\.37/);
      assert.match(lineOf(frame, /privileged +█/), /^ › privileged/);

      frame = await press(wizard, keys.right, 'pod-security.kubernetes.io/enforce: baseline');
      frame = await press(wizard, 'j', 'pod-security.kubernetes.io/enforce: restricted');
      assert.match(frame, /restricted v1\.37 │ 4\/8 Profile/);
    },
    { readInputs: demoWithoutLogShipper },
  ));

test('e edits the Kubernetes minor: the version labels are pinned to it', () =>
  withProfile(async (wizard) => {
    let frame = await press(wizard, 'e', 'Kubernetes minor: v1.37');
    await press(wizard, keys.backspace);
    await press(wizard, keys.backspace);
    await type(wizard, '30');
    frame = await waitForFrame(wizard, 'Kubernetes minor: v1.30');
    frame = await press(wizard, keys.enter, 'Kubernetes v1.30: the version labels are pinned to it');
    assert.match(frame, /restricted v1\.30 │ 4\/8 Profile/);
    assert.ok(frame.includes('pod-security.kubernetes.io/warn-version: v1.30'), frame);
    assert.ok(frame.includes('pod-security.kubernetes.io/enforce-version: v1.30'), frame);
    assert.ok(!frame.includes('v1.37'), frame);
    assert.ok(frame.includes(stepMarker('profile')), 'Enter in the field must not leave the step');

    frame = await press(wizard, 'e', 'Kubernetes minor: v1.30');
    for (let count = 0; count < 5; count++) await press(wizard, keys.backspace);
    await type(wizard, 'latest');
    await waitForFrame(wizard, 'Kubernetes minor: latest');
    frame = await press(wizard, keys.enter, 'Kubernetes latest (evaluated at v1.');
    assert.ok(frame.includes('pod-security.kubernetes.io/enforce-version: latest'), frame);
  }));

test('an invalid minor shows an error and keeps the field open; Esc cancels, then leaves the step', () =>
  withProfile(async (wizard) => {
    await press(wizard, 'e', 'Kubernetes minor: v1.37');
    await type(wizard, '.1');
    await waitForFrame(wizard, 'Kubernetes minor: v1.37.1');
    let frame = await press(wizard, keys.enter, '✗ "v1.37.1" is not a Kubernetes minor: type v1.N (for example v1.30) or latest');
    assert.match(frame, /Kubernetes minor: v1\.37\.1/);
    assertFits(frame);
    // q is typed into the field, not a quit.
    await type(wizard, 'q');
    frame = await waitForFrame(wizard, 'Kubernetes minor: v1.37.1q');
    assert.equal(wizard.exits.length, 0);

    frame = await press(wizard, keys.escape, 'Kubernetes v1.37: the version labels are pinned to it');
    assert.ok(frame.includes(stepMarker('profile')), 'the first Esc only closes the field');
    assert.ok(!frame.includes('✗'), 'the error goes with the field');
    frame = await press(wizard, keys.escape, stepMarker('classify'));
  }));

test('Enter on Profile goes on to the fixes', () =>
  withProfile(async (wizard) => {
    await waitForFrame(wizard, 'Labels for namespace shop');
    await press(wizard, keys.enter, stepMarker('fixes'));
  }));
