/**
 * What the real API server warns about when a namespace's enforce label changes, against
 * kube-harden's prediction from its own verdicts: message for message, for several target
 * policies. Dry runs only: nothing may be persisted.
 */
import assert from 'node:assert/strict';
import { dryRunNamespaceLabels, scanNamespace } from '../../src/adapters/cluster/read-namespace.js';
import { collectWorkloads } from '../../src/core/extract/collect-workloads.js';
import { evaluatePod } from '../../src/core/pss/evaluate.js';
import { controllerUidOf, predictEnforceWarnings, serverWillEvaluatePods, type ExistingPod } from '../../src/core/pss/namespace-warnings.js';
import { resolveNamespacePolicy } from '../../src/core/model/admission.js';
import { parseLevel, parseVersion, type LevelVersion } from '../../src/core/model/policy.js';
import type { KubeObject } from '../../src/core/model/kube.js';
import { liveCluster, multiDocument, type LiveObject } from './live-cluster.js';

const live = await liveCluster();

const HARDENED_CONTAINER = { name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
const HARDENED_POD = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

const pod = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });

/** Pods that fail (or pass) restricted and baseline in different ways, at different versions. */
const PODS = [
  // No securityContext: four restricted reasons, three pods share them ("and 2 other pods").
  pod('plain-b', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
  pod('plain-a', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
  pod('plain-c', { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'sidecar', image: 'envoy:1' }] }),
  // Only runAsNonRoot missing: two pods ("and 1 other pod").
  pod('rooted-2', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [HARDENED_CONTAINER] }),
  pod('rooted-1', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [HARDENED_CONTAINER] }),
  // Allowed at every level.
  pod('hardened', { securityContext: HARDENED_POD, containers: [HARDENED_CONTAINER] }),
  // Many violations, baseline ones included.
  pod('node-agent', {
    hostNetwork: true,
    hostPID: true,
    securityContext: { seccompProfile: { type: 'Unconfined' } },
    containers: [{ name: 'agent', image: 'agent:1', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } }, ports: [{ containerPort: 9100, hostPort: 9100 }] }],
    volumes: [{ name: 'root', hostPath: { path: '/' } }],
  }),
  // runAsUser 0 (restricted since v1.23).
  pod('uid-zero', { securityContext: { ...HARDENED_POD, runAsUser: 0 }, containers: [HARDENED_CONTAINER] }),
  // A probe host: baseline from v1.34 only.
  pod('prober', {
    securityContext: HARDENED_POD,
    containers: [{ ...HARDENED_CONTAINER, readinessProbe: { httpGet: { host: 'localhost', port: 8080, path: '/ready' } } }],
  }),
  // Safe sysctls added in v1.29, v1.32 and v1.37: forbidden at older versions.
  pod('tuned', { securityContext: { ...HARDENED_POD, sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '600' }, { name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' }] }, containers: [HARDENED_CONTAINER] }),
  pod('tuned-137', { securityContext: { ...HARDENED_POD, sysctls: [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }] }, containers: [HARDENED_CONTAINER] }),
  // Restricted volume types and an added capability beyond NET_BIND_SERVICE.
  pod('volumes', {
    securityContext: HARDENED_POD,
    containers: [{ ...HARDENED_CONTAINER, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN'] } } }],
    volumes: [{ name: 'shared', nfs: { server: 'nfs.example', path: '/data' } }],
  }),
];

/** `level:version` pairs as the enforce and enforce-version labels say them. */
const TARGETS = [
  'restricted:v1.37',
  'restricted:latest',
  'baseline:v1.37',
  'baseline:latest',
  'restricted:v1.24',
  'baseline:v1.24',
  'baseline:v1.30',
  'restricted:v1.31',
  'privileged:latest',
];

function policyOf(target: string): LevelVersion {
  const [level, version] = target.split(':');
  return { level: parseLevel(level!)!, version: parseVersion(version!)! };
}

/** The namespace's pods, in the order the server listed them, judged by the engine at `policy`. */
function existingPods(pods: readonly KubeObject[], policy: LevelVersion): ExistingPod[] {
  return pods.map((object) => {
    const collected = collectWorkloads([{ object, source: { file: 'cluster', document: String(object.metadata?.name) } }]);
    assert.deepEqual(collected.errors, []);
    const workload = collected.workloads[0]!;
    return { name: workload.ref.name, violations: evaluatePod(policy, workload.pod).violations, controllerUid: controllerUidOf(object.metadata) };
  });
}

const labelsOf = async (namespace: string) => (await live.get<LiveObject>(undefined, 'namespace', namespace)).metadata.labels;

live.test('the server warns about existing pods exactly as kube-harden predicts, for every target policy', async (t) => {
  const namespace = 'drift';
  await live.createNamespace(namespace);
  await live.apply(namespace, multiDocument(PODS));
  const labelsBefore = await labelsOf(namespace);
  assert.deepEqual(labelsBefore, { 'kubernetes.io/metadata.name': namespace });

  const client = await live.client();
  const scan = await scanNamespace(client, namespace);
  assert.equal(scan.pods.length, PODS.length);
  const current = resolveNamespacePolicy(scan.namespaceObject?.metadata?.labels ?? {}).policy.enforce;

  const answers: Record<string, readonly string[]> = {};
  for (const target of TARGETS) {
    const policy = policyOf(target);
    const [level, version] = target.split(':');
    const server = await dryRunNamespaceLabels(client, namespace, { 'pod-security.kubernetes.io/enforce': level!, 'pod-security.kubernetes.io/enforce-version': version! });
    const evaluates = serverWillEvaluatePods(current, policy, false);
    const predicted = evaluates ? predictEnforceWarnings(namespace, policy, existingPods(scan.pods, policy)) : [];
    t.diagnostic(`${target}: ${server.length} warnings`);
    assert.deepEqual(predicted, server, `warnings for enforce ${target}`);
    answers[target] = server;
  }

  // The scenario does exercise what it claims to.
  const strict = answers['restricted:v1.37']!;
  assert.equal(strict[0], `existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "restricted:v1.37"`);
  assert.ok(strict.some((line) => line.startsWith('plain-a (and 2 other pods): ')), strict.join('\n'));
  assert.ok(strict.some((line) => line.startsWith('rooted-1 (and 1 other pod): runAsNonRoot != true')), strict.join('\n'));
  assert.ok(strict.some((line) => line.startsWith('node-agent: ') && line.split(', ').length >= 6), strict.join('\n'));
  assert.ok(!strict.some((line) => line.startsWith('hardened')));
  // The version changes the verdicts: a probe host is baseline from v1.34, and the sysctls
  // added to the safe list in v1.29, v1.32 and v1.37 are forbidden at v1.24.
  assert.ok(answers['baseline:v1.37']!.includes('prober: probe or lifecycle host'));
  assert.ok(!answers['baseline:v1.24']!.some((line) => line.startsWith('prober')));
  assert.ok(answers['baseline:v1.24']!.includes('tuned (and 1 other pod): forbidden sysctls'));
  assert.ok(!answers['baseline:v1.37']!.some((line) => line.startsWith('tuned')));
  assert.deepEqual(answers['privileged:latest'], []);

  assert.deepEqual(await labelsOf(namespace), labelsBefore, 'a dry run persists nothing');
});

live.test('plan on a live namespace shows the server dry run of the recommended labels, and it agrees', async () => {
  const namespace = 'fixable';
  await live.createNamespace(namespace);
  // Every failure is one kube-harden fixes, so enforce restricted is recommended; the pods as
  // they run today still violate it, so the server has something to say.
  await live.apply(
    namespace,
    multiDocument([
      pod('web-a', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      pod('web-b', { containers: [{ name: 'app', image: 'nginx:1.27' }] }),
      pod('api', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'app', image: 'ghcr.io/example/api:1.0' }] }),
      pod('ok', { securityContext: HARDENED_POD, containers: [HARDENED_CONTAINER] }),
    ]),
  );
  const labelsBefore = await labelsOf(namespace);

  const run = await live.cli(['plan', '-n', namespace, '-o', 'json']);
  assert.equal(run.stderr, '');
  assert.equal(run.code, 0);
  const plan = JSON.parse(run.stdout) as {
    namespaces: { name: string; recommended: { enforce: string; version: string } }[];
    serverPreview?: { namespace: string; labels: Record<string, string>; serverEvaluates: boolean; predictedWarnings: string[]; serverWarnings?: string[]; agrees?: boolean; unavailable?: string };
  };
  assert.equal(plan.namespaces[0]?.recommended.enforce, 'restricted');
  assert.equal(plan.namespaces[0]?.recommended.version, 'v1.37', 'pinned to the server\'s minor');
  const preview = plan.serverPreview;
  assert.ok(preview, 'a live plan has a serverPreview');
  assert.equal(preview.unavailable, undefined);
  assert.equal(preview.serverEvaluates, true);
  assert.equal(preview.labels['pod-security.kubernetes.io/enforce'], 'restricted');
  assert.deepEqual(preview.serverWarnings, [
    `existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "restricted:v1.37"`,
    'api: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true',
    'web-a (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
  ]);
  assert.deepEqual(preview.predictedWarnings, preview.serverWarnings);
  assert.equal(preview.agrees, true);

  const text = await live.cli(['plan', '-n', namespace]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^server dry run of the labels for namespace ${namespace} \\(nothing persisted\\):$`, 'm'));
  assert.match(text.stdout, /^ {2}kube-harden predicted exactly these warnings$/m);

  assert.deepEqual(await labelsOf(namespace), labelsBefore, 'the dry run persisted no label');
});
