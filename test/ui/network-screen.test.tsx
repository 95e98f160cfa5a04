/**
 * The Network step on the demo: the proposed NetworkPolicies, toggling one, the traffic
 * kube-harden cannot see with its opt-in allow, editing the DNS selector, and the plan's notes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabels, parseLabelsText } from '../../src/ui/screens/network-screen.js';
import { frameLines, keys, openStep, press, type, waitForFrame, type WizardHarness } from './harness.js';

function lineWith(frame: string, text: string): string {
  const line = frameLines(frame).find((candidate) => candidate.includes(text));
  assert.ok(line, `no line with ${JSON.stringify(text)} in:\n${frame}`);
  return line;
}

async function clearField(wizard: WizardHarness, length: number): Promise<void> {
  for (let index = 0; index < length; index++) await press(wizard, keys.backspace);
}

/** Presses ↓ until the row holding `text` is selected. */
async function selectRow(wizard: WizardHarness, text: string, limit = 20): Promise<string> {
  for (let index = 0; index < limit; index++) {
    const frame = wizard.lastFrame();
    if (frameLines(frame).some((line) => line.startsWith(' ›') && line.includes(text))) return frame;
    await press(wizard, keys.down);
  }
  throw new Error(`row ${text} never selected:\n${wizard.lastFrame()}`);
}

test('the Network step lists the proposed policies, the notes first of all the CNI one, and fits 80×24', async () => {
  const wizard = await openStep('network');
  try {
    let frame = wizard.lastFrame();
    const lines = frameLines(frame);
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    for (const line of lines) assert.ok(line.length <= 80, `too wide: ${line}`);
    assert.match(frame, /10 of 10 NetworkPolicies accepted · 0 of 1 unseen flows allowed/);
    assert.match(lineWith(frame, 'default-deny-ingress'), /› \[x\] {3}default-deny-ingress — every pod: no ingress unless another policy al/);
    assert.match(lineWith(frame, 'default-deny-egress'), /\[x\] {3}default-deny-egress — every pod: no egress/);
    assert.match(frame, /Note: NetworkPolicies take effect only where the cluster network plugin\s+enforces them/);
    assert.match(frame, /Accepted \(Space declines\) · applies to CronJob\/nightly-report, DaemonSet\/log-/);
    frame = await selectRow(wizard, 'web-ingress');
    assert.match(lineWith(frame, 'web-ingress'), /web-ingress — web: ingress on TCP 80 from anywhere/);
    assert.match(frame, /web-ingress: web: ingress on TCP 80 from anywhere \(LoadBalancer Service web\)/);
    assert.match(frame, /Note: NetworkPolicies take effect/, 'the note stays on screen while the list scrolls');
  } finally {
    wizard.unmount();
  }
});

test('Space declines and re-accepts a policy', async () => {
  const wizard = await openStep('network');
  try {
    let frame = await press(wizard, keys.space, /› \[ \] {3}default-deny-ingress/);
    assert.match(frame, /9 of 10 NetworkPolicies accepted/);
    assert.match(frame, /Declined \(Space accepts\) · applies to CronJob\/nightly-report/);
    frame = await press(wizard, keys.space, /› \[x\] {3}default-deny-ingress/);
    assert.match(frame, /10 of 10 NetworkPolicies accepted/);
  } finally {
    wizard.unmount();
  }
});

test('the payments.example.com call is not visible to kube-harden; Space adds and removes its opt-in allow', async () => {
  const wizard = await openStep('network');
  try {
    await press(wizard, keys.tab, /› {5}✎ DNS selector/);
    let frame = await press(wizard, keys.tab, /› \[ \] \? Deployment\/api internet: https:\/\/payments\.example\.com/);
    assert.match(frame, /Not visible to kube-harden/);
    assert.match(frame, /Blocked by default deny: Space adds the opt-in egress from Deployment\/api to\s+0\.0\.0\.0\/0 on TCP 443/);
    frame = await press(wizard, keys.space, /› \[x\] \? Deployment\/api internet/);
    assert.match(frame, /1 of 1 unseen flows allowed/);
    assert.match(frame, /Allowed: Space removes the opt-in egress/);
    // The allow lands in api's egress policy (Tab wraps round to the policies).
    await press(wizard, keys.tab, /› \[x\] {3}default-deny-ingress/);
    frame = await selectRow(wizard, 'api-egress');
    assert.match(frame, /api-egress: api: egress to postgres on TCP 5432; to redis on TCP 6379; to\s+0\.0\.0\.0\/0 on TCP 443 \(opt-in\)/);
    await press(wizard, keys.tab, /› {5}✎ DNS selector/);
    frame = await press(wizard, keys.tab, /› \[x\] \? Deployment\/api/);
    frame = await press(wizard, keys.space, /› \[ \] \? Deployment\/api/);
    assert.match(frame, /0 of 1 unseen flows allowed/);
  } finally {
    wizard.unmount();
  }
});

test('editing the DNS selector to k8s-app=coredns changes the DNS policy', async () => {
  const wizard = await openStep('network');
  try {
    await press(wizard, keys.tab, /› {5}✎ DNS selector: pods k8s-app=kube-dns in namespace kube-system$/m);
    let frame = await press(wizard, 'e', /› namespaces: kubernetes\.io\/metadata\.name=kube-system/);
    assert.match(frame, / {2}pods: {7}k8s-app=kube-dns/);
    frame = await press(wizard, keys.tab, /› pods: {7}k8s-app=kube-dns/);
    await clearField(wizard, 'kube-dns'.length);
    await type(wizard, 'coredns');
    frame = await press(wizard, keys.enter, /› {5}✎ DNS selector: pods k8s-app=coredns in namespace kube-system$/m);
    assert.doesNotMatch(frame, /Enter saves/);
    assert.match(frame, /6\/8 Network/);
    await press(wizard, keys.tab, /Not visible/);
    await press(wizard, keys.tab, /› \[x\] {3}default-deny-ingress/);
    frame = await selectRow(wizard, 'allow-dns');
    assert.match(lineWith(frame, 'allow-dns'), /allow-dns — every pod: egress to the cluster DNS \(k8s-app=coredns in/);
    assert.match(frame, /allow-dns: every pod: egress to the cluster DNS \(k8s-app=coredns in namespace\s+kube-system\) on UDP and TCP 53/);
  } finally {
    wizard.unmount();
  }
});

test('an invalid selector keeps the field open with an error and changes nothing', async () => {
  const wizard = await openStep('network');
  try {
    await press(wizard, keys.tab, /› {5}✎ DNS selector/);
    await press(wizard, keys.down, /› {5}✎ Ingress controller: namespace ingress-nginx$/m);
    let frame = await press(wizard, 'e', /› namespaces: kubernetes\.io\/metadata\.name=ingress-nginx/);
    assert.doesNotMatch(frame, /pods:/, 'the ingress controller is selected by namespace only');
    await clearField(wizard, 'kubernetes.io/metadata.name=ingress-nginx'.length);
    await type(wizard, 'not a label');
    frame = await press(wizard, keys.enter, /✗ namespaces: "not a label" is not key=value/);
    assert.match(frame, /› namespaces: not a label/);
    await clearField(wizard, 'not a label'.length);
    frame = await press(wizard, keys.enter, /✗ namespaces: give at least one key=value/);
    frame = await press(wizard, keys.escape, (next) => !next.includes('Enter saves'));
    assert.match(frame, /6\/8 Network/, 'Esc closed the field, not the step');
    assert.match(lineWith(frame, '✎ Ingress controller'), /Ingress controller: namespace ingress-nginx$/);
    assert.match(frame, /namespaces: kubernetes\.io\/metadata\.name=ingress-nginx/);
  } finally {
    wizard.unmount();
  }
});

test('selector text parses as Kubernetes label syntax', () => {
  assert.deepEqual(parseLabelsText('kubernetes.io/metadata.name=kube-system, k8s-app=coredns'), {
    labels: { 'kubernetes.io/metadata.name': 'kube-system', 'k8s-app': 'coredns' },
  });
  assert.deepEqual(parseLabelsText(' tier = , '), { labels: { tier: '' } });
  assert.deepEqual(parseLabelsText(''), { labels: {} });
  assert.deepEqual(parseLabelsText('app'), { error: '"app" is not key=value' });
  assert.deepEqual(parseLabelsText('Example.com/app=x'), { error: '"Example.com/app" is not a valid label key' });
  assert.deepEqual(parseLabelsText('app=a b'), { error: '"a b" is not a valid label value (at most 63 letters, digits, - _ .)' });
  assert.deepEqual(parseLabelsText(`app=${'x'.repeat(64)}`), { error: `"${'x'.repeat(64)}" is not a valid label value (at most 63 letters, digits, - _ .)` });
  assert.deepEqual(parseLabelsText('a=1,a=2'), { error: 'a is given twice' });
  assert.equal(formatLabels({ 'k8s-app': 'kube-dns', tier: 'dns' }), 'k8s-app=kube-dns,tier=dns');
});
