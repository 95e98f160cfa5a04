/**
 * The Fixes step on the demo: the proposed changes per workload with their risk, toggling one
 * (and the plan re-checking the workload), editing a parameter, optional hardening and manual items.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameLines, keys, openStep, press, type, waitForFrame, type WizardHarness } from './harness.js';

/** Opens the Fixes step with the list filtered to one workload. */
async function openFiltered(name: string): Promise<WizardHarness> {
  const wizard = await openStep('fixes');
  await press(wizard, '/', 'filter workloads:');
  await type(wizard, name);
  await press(wizard, keys.enter, `filter: ${name}`);
  return wizard;
}

/** The line of the frame holding `text`. */
function lineWith(frame: string, text: string): string {
  const line = frameLines(frame).find((candidate) => candidate.includes(text));
  assert.ok(line, `no line with ${JSON.stringify(text)} in:\n${frame}`);
  return line;
}

async function clearField(wizard: WizardHarness, length: number): Promise<void> {
  for (let index = 0; index < length; index++) await press(wizard, keys.backspace);
}

test('the Fixes step lists each workload’s changes with their risk, and fits 80×24', async () => {
  const wizard = await openStep('fixes');
  try {
    const frame = wizard.lastFrame();
    const lines = frameLines(frame);
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    for (const line of lines) assert.ok(line.length <= 80, `too wide: ${line}`);
    assert.match(frame, /26 of 26 fixes accepted · 0 optional · 7 may break · 1 manual/);
    assert.match(frame, /Pod Security fixes/);
    assert.match(frame, /Deployment\/api · passes restricted after fixes/);
    assert.match(frame, /DaemonSet\/log-shipper · ✗ still fails restricted: restrictedVolumes/);
    // The first change is selected (›) and described below the list.
    assert.match(lineWith(frame, 'require non-root'), /^ › \[x\] {3}require non-root .*restart$/);
    assert.match(frame, /Risk: restart — pods restart; they already run as a non-zero user/);
    assert.match(frame, /Resolves: runAsNonRoot/);
    // A change that may break the workload carries `!` and MAY BREAK, readable without colour.
    assert.match(lineWith(frame, 'replace runAsUser: 0'), /\[x\] ! replace runAsUser: 0 with 10001 .*MAY BREAK$/);
  } finally {
    wizard.unmount();
  }
});

test('web’s fixes include the may-break unprivileged-port-start, with its reason', async () => {
  const wizard = await openFiltered('web');
  try {
    let frame = wizard.lastFrame();
    assert.match(frame, /Deployment\/web · passes restricted after fixes/);
    assert.doesNotMatch(frame, /Deployment\/api/);
    assert.match(lineWith(frame, 'run as non-root user 10001'), /› \[x\] ! run as non-root user 10001 .*MAY BREAK$/);
    for (let index = 0; index < 4; index++) frame = await press(wizard, keys.down, index === 3 ? /› \[x\] ! let non-root processes bind ports from 80/ : undefined);
    assert.match(lineWith(frame, 'let non-root processes'), /MAY BREAK$/);
    assert.match(frame, /! Risk: MAY BREAK — the image must also work as non-root; any process in the\s+pod may bind these ports/);
    assert.match(frame, /Resolves: no check by itself; it lets the other fixes work/);
    assert.match(frame, /Parameters: start 80 {2}\(e edits\)/);
  } finally {
    wizard.unmount();
  }
});

test('optional hardening is a separate section, unticked; Space opts in', async () => {
  const wizard = await openFiltered('web');
  try {
    let frame = await press(wizard, keys.tab, /› \[ \] ! make the root file system read-only on container "nginx"/);
    assert.match(frame, /Optional hardening \(beyond Pod Security; off unless ticked\)/);
    assert.match(lineWith(frame, 'do not mount a Kubernetes API token'), /\[ \] ! do not mount/);
    assert.match(lineWith(frame, 'PLACEHOLDER resources'), /\[ \] {3}PLACEHOLDER resources on container "nginx"/);
    assert.match(frame, /Declined: make the root file system read-only/);
    assert.match(frame, /Resolves: no Pod Security check \(hardening beyond the standard\)/);
    frame = await press(wizard, keys.space, /› \[x\] ! make the root file system read-only/);
    assert.match(frame, /26 of 26 fixes accepted · 1 optional · 8 may break/);
    frame = await press(wizard, keys.space, /› \[ \] ! make the root file system read-only/);
    assert.match(frame, /0 optional · 7 may break/);
  } finally {
    wizard.unmount();
  }
});

test('log-shipper’s hostPath volume is a manual item with its guidance, not toggleable', async () => {
  const wizard = await openFiltered('log-shipper');
  try {
    await press(wizard, keys.tab, /› \[ \] ! make the root file system read-only on container "fluent-bi/);
    let frame = await press(wizard, keys.tab, /› ✎ restrictedVolumes/);
    assert.match(frame, /Manual changes \(kube-harden will not make these\)/);
    assert.match(lineWith(frame, '✎ restrictedVolumes'), /volume "varlog" uses restricted volume type "hostPath"$/);
    assert.match(frame, /DaemonSet\/log-shipper: restrictedVolumes — volume "varlog" uses restricted vo/);
    assert.match(frame, /Move the\s+storage behind a PersistentVolumeClaim/);
    const before = frame;
    frame = await press(wizard, keys.space);
    assert.equal(frame, before, 'Space does nothing on a manual item');
  } finally {
    wizard.unmount();
  }
});

test('declining web’s run-as-non-root re-plans: web then still fails restricted', async () => {
  const wizard = await openFiltered('web');
  try {
    let frame = await press(wizard, keys.space, /› \[ \] ! run as non-root user 10001/);
    assert.match(frame, /25 of 26 fixes accepted · 0 optional · 6 may break/);
    assert.match(frame, /Deployment\/web · ✗ still fails restricted: runAsNonRoot/);
    assert.match(frame, /Declined: run as non-root user 10001/);
    frame = await press(wizard, keys.space, /› \[x\] ! run as non-root user 10001/);
    assert.match(frame, /Deployment\/web · passes restricted after fixes/);
    assert.match(frame, /26 of 26 fixes accepted/);
  } finally {
    wizard.unmount();
  }
});

test('editing runAsUser to 2000 changes the summary; 0 and abc are refused with an error and change nothing', async () => {
  const wizard = await openFiltered('web');
  try {
    let frame = await press(wizard, 'e', /› runAsUser: {2}10001/);
    assert.match(frame, /Edit: run as non-root user 10001/);
    assert.match(frame, /runAsGroup: 10001/);
    // Inside the field q, ? and Enter belong to the field: typing q neither quits nor opens help.
    await clearField(wizard, 5);
    frame = await type(wizard, 'q');
    assert.match(frame, /› runAsUser: {2}q/);
    await clearField(wizard, 1);
    await type(wizard, '2000');
    frame = await press(wizard, keys.enter, /› \[x\] ! run as non-root user 2000 \(runAsNonRoot: true\)/);
    assert.doesNotMatch(frame, /Edit:/);
    assert.match(frame, /Parameters: runAsUser 2000 · runAsGroup 10001/);
    assert.match(frame, /5\/8 Fixes/, 'Enter in the field did not advance the wizard');

    for (const bad of ['0', 'abc']) {
      await press(wizard, 'e', /› runAsUser: {2}2000/);
      await clearField(wizard, 4);
      await type(wizard, bad);
      frame = await press(wizard, keys.enter, /✗ runAsUser must be an integer from 1 to 2147483647/);
      assert.match(frame, new RegExp(`› runAsUser: {2}${bad}`), 'the field stays open with the refused text');
      assert.match(frame, /run as non-root user 2000/);
      frame = await press(wizard, keys.escape, (next) => !next.includes('Edit:'));
      assert.match(frame, /› \[x\] ! run as non-root user 2000/);
      assert.match(frame, /5\/8 Fixes/, 'Esc closed the field, not the step');
    }
  } finally {
    wizard.unmount();
  }
});

test('Tab moves between a change’s parameters; a valid edit after a refused one clears the error', async () => {
  const wizard = await openFiltered('web');
  try {
    await press(wizard, 'e', /› runAsUser: {2}10001/);
    await clearField(wizard, 5);
    await type(wizard, '-1');
    await press(wizard, keys.enter, /✗ runAsUser must be an integer/);
    let frame = await press(wizard, keys.tab, /› runAsGroup: 10001/);
    assert.match(frame, /runAsUser: {2}10001/, 'the other field shows its current value');
    await clearField(wizard, 5);
    await type(wizard, '3000');
    frame = await press(wizard, keys.enter, (next) => !next.includes('Edit:'));
    assert.match(frame, /Parameters: runAsUser 10001 · runAsGroup 3000/);
    assert.doesNotMatch(frame, /✗/);
  } finally {
    wizard.unmount();
  }
});

test('Esc in the filter clears it; Esc in the list goes back to Profile', async () => {
  const wizard = await openStep('fixes');
  try {
    await press(wizard, '/', 'filter workloads:');
    await type(wizard, 'redis');
    let frame = await press(wizard, keys.escape, (next) => !next.includes('filter workloads:'));
    assert.match(frame, /Deployment\/api/);
    assert.match(frame, /5\/8 Fixes/);
    frame = await press(wizard, keys.escape, /4\/8 Profile/);
  } finally {
    wizard.unmount();
  }
});
