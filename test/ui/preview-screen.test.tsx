import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WizardPorts } from '../../src/app/tasks/ports.js';
import type { KubeObject } from '../../src/core/model/kube.js';
import { diskReadInputs, frameLines, keys, openStep, press, pressUntil, stepMarker, stripAnsi, waitForFrame, type WizardHarness, type WizardOptions } from './harness.js';

process.env.NO_COLOR = '1';

/** The demo Secret's values: they must never reach the screen. */
const SECRET_VALUES = ['demo-password-change-me'];

function assertFits(frame: string): void {
  const lines = frameLines(frame);
  assert.ok(lines.length <= 24, `${lines.length} lines:\n${frame}`);
  for (const line of lines) assert.ok(line.length <= 80, `wider than 80 columns: "${line}"`);
}

/** Every frame drawn so far, unstyled: nothing secret may appear in any of them. */
function assertNoSecretShown(wizard: WizardHarness, values: readonly string[]): void {
  for (const raw of wizard.frames) {
    const frame = stripAnsi(raw);
    for (const value of values) assert.ok(!frame.includes(value), `"${value}" was shown:\n${frame}`);
    assert.ok(!frame.includes('kind: Secret'), `a Secret was shown:\n${frame}`);
  }
}

async function withPreview(run: (wizard: WizardHarness) => Promise<void>, options: WizardOptions = {}): Promise<void> {
  const wizard = await openStep('preview', options);
  try {
    await run(wizard);
  } finally {
    wizard.unmount();
  }
}

test('the Namespace tab shows the Namespace with its new labels, and the diff against the existing labels', () =>
  withPreview(async (wizard) => {
    let frame = await waitForFrame(wizard, '[Namespace labels (1)]');
    assertFits(frame);
    assert.match(frame, /NetworkPolicies \(10\)/);
    assert.match(frame, /Workload patches \(6\)/);
    assert.match(frame, /› Namespace\/shop +a patch adding the Pod Security labels/);
    for (const line of ['apiVersion: v1', 'kind: Namespace', '  name: shop', '    pod-security.kubernetes.io/warn: restricted', '    pod-security.kubernetes.io/enforce: privileged', '    pod-security.kubernetes.io/enforce-version: v1.37']) {
      assert.ok(frameLines(frame).some((candidate) => candidate === ` ${line}`), `missing "${line}":\n${frame}`);
    }
    frame = await press(wizard, 'd', '--- a/Namespace/shop');
    assertFits(frame);
    assert.ok(frame.includes('+++ b/Namespace/shop'), frame);
    // The existing label is context; the Pod Security labels are added.
    assert.ok(frameLines(frame).includes('      app.kubernetes.io/part-of: shop'), frame);
    assert.ok(frameLines(frame).includes(' +    pod-security.kubernetes.io/warn: restricted'), frame);
    assert.ok(frameLines(frame).includes(' +    pod-security.kubernetes.io/enforce: privileged'), frame);
    frame = await press(wizard, 'd', (next) => !next.includes('--- a/'));
    assert.ok(frameLines(frame).includes(' kind: Namespace'), frame);
  }));

test('Tab, Left and Right switch tabs; the NetworkPolicies tab shows each accepted policy', () =>
  withPreview(async (wizard) => {
    await waitForFrame(wizard, '[Namespace labels (1)]');
    let frame = await press(wizard, keys.tab, '[NetworkPolicies (10)]');
    assertFits(frame);
    assert.match(frame, /› NetworkPolicy\/kube-harden-default-deny-ingress/);
    assert.match(frame, /NetworkPolicy\/kube-harden-default-deny-egress/);
    assert.match(frame, /1–4 of 10/);
    assert.ok(frameLines(frame).includes(' kind: NetworkPolicy'), frame);
    assert.ok(frameLines(frame).includes('   name: kube-harden-default-deny-ingress'), frame);

    frame = await press(wizard, keys.down, /› NetworkPolicy\/kube-harden-default-deny-egress/);
    assert.ok(frameLines(frame).includes('   name: kube-harden-default-deny-egress'), frame);
    // A new object: its diff adds every line.
    frame = await press(wizard, 'd', '--- /dev/null');
    assert.ok(frameLines(frame).includes(' +kind: NetworkPolicy'), frame);

    frame = await press(wizard, keys.right, '[Workload patches (6)]');
    frame = await press(wizard, keys.left, '[NetworkPolicies (10)]');
    // Each tab keeps its own cursor.
    assert.match(frame, /› NetworkPolicy\/kube-harden-default-deny-egress/);
    frame = await press(wizard, keys.left, '[Namespace labels (1)]');
    frame = await press(wizard, keys.left, '[Workload patches (6)]');
    frame = await press(wizard, keys.tab, '[Namespace labels (1)]');
  }));

test('the Workload patches tab shows each strategic-merge patch and the whole object before → after', () =>
  withPreview(async (wizard) => {
    await waitForFrame(wizard, '[Namespace labels (1)]');
    await press(wizard, keys.tab, '[NetworkPolicies (10)]');
    let frame = await press(wizard, keys.tab, '[Workload patches (6)]');
    assertFits(frame);
    assert.match(frame, /› Deployment\/api +strategic-merge patch of 4 accepted changes/);
    assert.match(frame, /DaemonSet\/log-shipper +strategic-merge patch of 5 accepted changes/);
    frame = await pressUntil(wizard, keys.pageDown, 'allowPrivilegeEscalation: false', 5);
    assert.ok(frameLines(frame).some((line) => /^ +- name: api$/.test(line)), `containers are addressed by name:\n${frame}`);

    frame = await press(wizard, keys.down, /› DaemonSet\/log-shipper/);
    assert.match(frame, /lines 1–/);
    frame = await pressUntil(wizard, keys.pageDown, 'runAsUser: 10001', 5);

    frame = await press(wizard, keys.up, /› Deployment\/api/);
    frame = await press(wizard, 'd', '── Deployment/api: before → after');
    assertFits(frame);
    // A diff opens just above its first change.
    assert.ok(frameLines(frame).some((line) => line.startsWith(' +') && !line.startsWith(' +++')), frame);
    assert.ok(frameLines(frame).includes(' +            allowPrivilegeEscalation: false'), frame);
    frame = await pressUntil(wizard, keys.pageUp, '--- a/Deployment/api', 5);
    assert.ok(frameLines(frame).includes(' +++ b/Deployment/api'), frame);
    assert.ok(frameLines(frame).includes('  kind: Deployment'), frame);
    assertNoSecretShown(wizard, SECRET_VALUES);
  }));

test('secrets are masked: env values with secret names and URL credentials, in the YAML and the diff', () =>
  withPreview(
    async (wizard) => {
      await waitForFrame(wizard, '[Namespace labels (1)]');
      await press(wizard, keys.tab, '[NetworkPolicies (10)]');
      await press(wizard, keys.tab, '[Workload patches (6)]');
      let frame = await press(wizard, 'd', '── Deployment/api: before → after');
      frame = await pressUntil(wizard, keys.pageUp, 'DATABASE_URL', 5);
      assert.ok(frame.includes('postgres://shop:***@postgres:5432/shop'), `URL credentials masked:\n${frame}`);
      assert.ok(!frame.includes('$(DB_PASSWORD)@'), frame);
      frame = await pressUntil(wizard, keys.pageUp, 'API_TOKEN', 5);
      assert.match(frame, /- name: API_TOKEN\n {1,}value: '\*\*\*'/);
      assertNoSecretShown(wizard, [...SECRET_VALUES, 'tok-hunter2', '$(DB_PASSWORD)@']);
      // The Secret itself is in the input but is not a tab entry anywhere.
      for (const marker of ['Namespace labels', 'NetworkPolicies', 'Workload patches']) {
        await press(wizard, keys.tab, `[${marker}`);
        assert.ok(!wizard.lastFrame().includes('Secret/db-credentials'), wizard.lastFrame());
      }
    },
    { readInputs: demoWithPlainToken },
  ));

test('Enter on Preview goes on to Finish; Esc goes back to Network', () =>
  withPreview(async (wizard) => {
    await waitForFrame(wizard, '[Namespace labels (1)]');
    await press(wizard, keys.escape, stepMarker('network'));
    await press(wizard, keys.enter, stepMarker('preview'));
    await press(wizard, keys.enter, stepMarker('finish'));
  }));

/** The demo, with the api also given a token as a plain env value (as careless manifests do). */
const demoWithPlainToken: WizardPorts['readInputs'] = async (paths, options) => {
  const input = await diskReadInputs(paths, options);
  const objects = input.objects.map((sourced) => {
    if (sourced.object.kind !== 'Deployment' || sourced.object.metadata?.name !== 'api') return sourced;
    const object = structuredClone(sourced.object) as KubeObject & { spec: { template: { spec: { containers: { env: unknown[] }[] } } } };
    object.spec.template.spec.containers[0]!.env.push({ name: 'API_TOKEN', value: 'tok-hunter2' });
    return { ...sourced, object };
  });
  return { ...input, objects };
};
