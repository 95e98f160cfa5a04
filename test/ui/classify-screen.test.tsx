import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeReadInputs, frameLines, keys, openStep, press, stepMarker, syntheticDeployments, type, waitForFrame, type WizardHarness } from './harness.js';

process.env.NO_COLOR = '1';

/** The table row of a workload: marker, name, kind, class and reason, as one unstyled line. */
function rowOf(frame: string, name: string): string {
  const row = frameLines(frame).find((line) => new RegExp(`^ [› ] ${name} `).test(line));
  assert.ok(row, `no row for ${name} in:\n${frame}`);
  return row;
}

function assertFits(frame: string): void {
  const lines = frameLines(frame);
  assert.ok(lines.length <= 24, `${lines.length} lines:\n${frame}`);
  for (const line of lines) assert.ok(line.length <= 80, `wider than 80 columns: "${line}"`);
}

async function withClassify(run: (wizard: WizardHarness) => Promise<void>): Promise<void> {
  const wizard = await openStep('classify');
  try {
    await run(wizard);
  } finally {
    wizard.unmount();
  }
}

test('Classify lists every demo workload with its kind, suggested class and reason', () =>
  withClassify(async (wizard) => {
    const frame = await waitForFrame(wizard, 'web');
    assertFits(frame);
    assert.match(frame, /6 workloads: their class sets/);
    assert.match(rowOf(frame, 'api'), /^ › api +Deployment +internal service +selected by ClusterIP Service/);
    assert.match(rowOf(frame, 'log-shipper'), /DaemonSet +node agent +DaemonSet; uses hostPath volum/);
    assert.match(rowOf(frame, 'nightly-report'), /CronJob +batch +CronJob/);
    assert.match(rowOf(frame, 'postgres'), /StatefulSet +data store +StatefulSet; volume claim/);
    assert.match(rowOf(frame, 'redis'), /Deployment +data store +image redis:7.2 looks like/);
    assert.match(rowOf(frame, 'web'), /Deployment +public-facing +selected by LoadBalancer/);
    // The selected workload's reasons in full, under the table.
    assert.match(frame, /api: selected by ClusterIP Service "api"/);
  }));

test('c opens the class picker; choosing marks the class as the user\'s, choosing the suggestion clears it', () =>
  withClassify(async (wizard) => {
    await press(wizard, keys.down, /› log-shipper/);
    let frame = await press(wizard, 'c', 'Class of DaemonSet/log-shipper (suggested: node agent)');
    assertFits(frame);
    assert.match(frame, /❯ node agent \(suggested\)/);
    await press(wizard, keys.down, /❯ data store/);
    frame = await press(wizard, keys.enter, 'data store*');
    assert.match(rowOf(frame, 'log-shipper'), /DaemonSet +data store\* +\(you chose; suggested: node ag/);
    assert.match(frame, /log-shipper: you chose data store; suggested node agent because DaemonSet/);
    assert.ok(frame.includes(stepMarker('classify')), 'Enter in the picker must not leave the step');
    assert.ok(!frame.includes('Class of'), 'the picker closes after a choice');

    await press(wizard, 'c', /❯ data store/);
    frame = await press(wizard, keys.up, /❯ node agent \(suggested\)/);
    frame = await press(wizard, keys.enter, (next) => !next.includes('Class of'));
    assert.match(rowOf(frame, 'log-shipper'), /DaemonSet +node agent +DaemonSet; uses hostPath/);
    assert.ok(!frame.includes('*'), 'no class is marked as chosen any more');
  }));

test('Esc closes the picker without a change, and only the next Esc leaves the step', () =>
  withClassify(async (wizard) => {
    await press(wizard, 'c', 'Class of Deployment/api');
    await press(wizard, keys.down, /❯ other/);
    let frame = await press(wizard, keys.escape, (next) => !next.includes('Class of'));
    assert.ok(frame.includes(stepMarker('classify')));
    assert.match(rowOf(frame, 'api'), /internal service +selected by/);
    // Keys belong to the table again.
    frame = await press(wizard, 'j', /› log-shipper/);
    frame = await press(wizard, keys.escape, stepMarker('scan'));
    assert.match(frame, /Enter to classify/);
  }));

test('/ filters by name, kind or class; Enter keeps the filter, Esc clears it first', () =>
  withClassify(async (wizard) => {
    let frame = await press(wizard, '/', 'filter: ');
    await type(wizard, 'data');
    frame = await waitForFrame(wizard, '2 of 6');
    assert.match(frame, /› postgres/);
    assert.match(frame, /redis/);
    assert.ok(!/ api /.test(frame) && !frame.includes('web '), `only the data stores remain:\n${frame}`);
    // Letters go to the field (q does not quit, j does not move); the arrows still move.
    await type(wizard, 'q');
    frame = await waitForFrame(wizard, '0 of 6');
    assert.match(frame, /no workload matches "dataq"/);
    await press(wizard, keys.backspace, '2 of 6');
    frame = await press(wizard, keys.down, /› redis/);
    frame = await press(wizard, keys.escape, (next) => !next.includes('filter: '));
    assert.ok(frame.includes(stepMarker('classify')), 'Esc closed the filter, not the step');
    for (const name of ['api', 'log-shipper', 'nightly-report', 'postgres', 'redis', 'web']) rowOf(frame, name);

    await press(wizard, '/', 'filter: ');
    await type(wizard, 'cronjob');
    await waitForFrame(wizard, '1 of 6');
    frame = await press(wizard, keys.enter, 'filter "cronjob": 1 of 6');
    rowOf(frame, 'nightly-report');
    assert.ok(!frame.includes(' api '), frame);
    frame = await press(wizard, keys.enter, stepMarker('profile'));
  }));

test('the filter also matches class names', () =>
  withClassify(async (wizard) => {
    await press(wizard, '/', 'filter: ');
    await type(wizard, 'public');
    const frame = await waitForFrame(wizard, '1 of 6');
    rowOf(frame, 'web');
  }));

test('Classify with 5,000 workloads draws only the visible rows and follows the cursor', async () => {
  // Plans without fixes: building a plan is slow for thousands of changes, and this test is about drawing.
  const wizard = await openStep('classify', { readInputs: fakeReadInputs(syntheticDeployments(5000, { fixEvery: 0 })), scanTimeoutMs: 180_000 });
  try {
    let frame = await waitForFrame(wizard, '5000 workloads');
    for (let index = 2; index <= 51; index++) {
      frame = await press(wizard, keys.down, `› app-${String(index).padStart(5, '0')}`);
    }
    assertFits(frame);
    const rows = frameLines(frame).filter((line) => /app-\d{5}/.test(line) && /Deployment/.test(line));
    assert.ok(rows.length <= 21, `${rows.length} rows drawn`);
    assert.ok(rows.length >= 10, `${rows.length} rows drawn`);
    // The window keeps the cursor in its middle: app-00044 … app-00058, with a position line.
    assert.match(rows[0]!, /^ {3}app-00044 /);
    assert.match(rows.at(-1)!, /^ {3}app-00058 /);
    assert.match(rowOf(frame, 'app-00051'), /^ › app-00051 +Deployment +other/);
    assert.match(frame, /44–58 of 5000/);
    assert.ok(!frame.includes('app-00001'), 'rows above the window are not drawn');
    await press(wizard, keys.pageDown, /› app-00066/);
  } finally {
    wizard.unmount();
  }
});
