/**
 * Reading a namespace from a real kube-apiserver: paginated lists (a request count that proves
 * it), ownership (what a controller owns is evaluated through it, once), and the namespace list.
 */
import assert from 'node:assert/strict';
import { scanNamespace, NAMESPACE_RESOURCES } from '../../src/adapters/cluster/read-namespace.js';
import { linesOf, stackTraceSignsIn } from '../cli/helpers.js';
import { liveCluster, multiDocument, type LiveObject } from './live-cluster.js';

const live = await liveCluster();

/** A Deployment whose pod template fails restricted (no securityContext at all). */
function deployment(name: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
    },
  };
}

const podSpec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };

live.test('a scan with more objects than one page lists them in pages, not one request per object', async () => {
  const namespace = 'paged';
  await live.createNamespace(namespace);
  const deployments = Array.from({ length: 120 }, (_, index) => deployment(`web-${String(index).padStart(3, '0')}`));
  const configMaps = Array.from({ length: 30 }, (_, index) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `settings-${index}` }, data: { index: String(index) } }));
  await live.apply(namespace, multiDocument([...deployments, ...configMaps]));

  const client = await live.client();
  const limit = 50;
  const scan = await scanNamespace(client, namespace, { limit });

  const names = (kind: string) => scan.objects.filter(({ object }) => object.kind === kind).map(({ object }) => object.metadata?.name).sort();
  assert.deepEqual(names('Deployment'), deployments.map((object) => (object.metadata as { name: string }).name).sort());
  assert.deepEqual(names('ConfigMap'), configMaps.map((object) => object.metadata.name).sort());
  assert.deepEqual(names('Namespace'), [namespace]);
  assert.equal(scan.objects.length, 1 + 120 + 30, 'nothing else lives in the namespace');
  // Listed objects get their kind and apiVersion back, and lose the server's bookkeeping.
  const first = scan.objects.find(({ object }) => object.kind === 'Deployment')!.object;
  assert.equal(first.apiVersion, 'apps/v1');
  assert.equal((first.metadata as Record<string, unknown>).managedFields, undefined);
  assert.equal((first as Record<string, unknown>).status, undefined);

  const counts: Record<string, number> = { Deployment: 120, ConfigMap: 30 };
  const lists = NAMESPACE_RESOURCES.map((resource) => Math.max(1, Math.ceil((counts[resource.kind] ?? 0) / limit)));
  assert.equal(NAMESPACE_RESOURCES.length, 13);
  const expected = 1 + lists.reduce((sum, pages) => sum + pages, 0);
  assert.equal(expected, 1 + 3 + 1 + 11, '1 GET namespace + 3 pages of Deployments + 1 of ConfigMaps + 11 empty lists');
  assert.equal(client.requests(), expected);
  assert.equal(scan.requests, expected);

  // The default page (500) needs one list per resource.
  const defaultClient = await live.client();
  const whole = await scanNamespace(defaultClient, namespace);
  assert.equal(whole.objects.length, scan.objects.length);
  assert.equal(defaultClient.requests(), 1 + NAMESPACE_RESOURCES.length);
});

live.test('objects a controller owns are evaluated through it, once; objects an operator owns are evaluated and marked', async () => {
  const namespace = 'owners';
  await live.createNamespace(namespace);
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', ...podSpec } } } } },
  };
  await live.apply(namespace, multiDocument([deployment('web'), cronJob]));
  const web = await live.get<LiveObject>(namespace, 'deployment', 'web');
  const nightly = await live.get<LiveObject>(namespace, 'cronjob', 'nightly');

  const owner = (kind: string, apiVersion: string, object: { metadata: { name: string; uid: string } }) => [
    { apiVersion, kind, name: object.metadata.name, uid: object.metadata.uid, controller: true, blockOwnerDeletion: true },
  ];
  const rollout = { metadata: { name: 'canary', uid: '6f1c1a52-2d0e-4d8e-9a51-3b7d1f0c2a11' } };
  const replicaSet = (name: string, ownerReferences: unknown, app: string) => ({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, labels: { app }, ownerReferences },
    spec: { replicas: 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec } },
  });
  await live.apply(
    namespace,
    multiDocument([
      replicaSet('web-5d8f7c', owner('Deployment', 'apps/v1', web), 'web'),
      replicaSet('canary-7b9c', owner('Rollout', 'argoproj.io/v1alpha1', rollout), 'canary'),
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'nightly-29000000', ownerReferences: owner('CronJob', 'batch/v1', nightly) },
        // A Job's selector and labels are generated by the server (manualSelector unset).
        spec: { template: { spec: { restartPolicy: 'Never', ...podSpec } } },
      },
    ]),
  );
  const webReplicaSet = await live.get<LiveObject>(namespace, 'replicaset', 'web-5d8f7c');
  const job = await live.get<LiveObject>(namespace, 'job', 'nightly-29000000');
  const pod = (name: string, ownerReferences?: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(ownerReferences ? { ownerReferences } : {}) }, spec: podSpec });
  await live.apply(
    namespace,
    multiDocument([
      pod('web-5d8f7c-x2x4q', owner('ReplicaSet', 'apps/v1', webReplicaSet)),
      pod('nightly-29000000-7kq2d', owner('Job', 'batch/v1', job)),
      pod('loner'),
      pod('canary-pod', owner('Rollout', 'argoproj.io/v1alpha1', rollout)),
    ]),
  );

  const check = await live.cli(['check', '-n', namespace, '--level', 'restricted', '-o', 'json']);
  assert.equal(check.stderr, '');
  assert.equal(check.code, 1, 'the workloads fail restricted');
  const report = JSON.parse(check.stdout) as {
    results: { kind: string; name: string; namespace: string | null; allowed: boolean }[];
    skipped: { kind: string; name: string; why: string }[];
  };
  const evaluated = report.results.map((row) => `${row.kind}/${row.name}`).sort();
  assert.deepEqual(evaluated, ['CronJob/nightly', 'Deployment/web', 'Pod/canary-pod', 'Pod/loner', 'ReplicaSet/canary-7b9c']);
  assert.ok(report.results.every((row) => row.namespace === namespace && !row.allowed));
  const owned = Object.fromEntries(report.skipped.filter((row) => row.kind !== 'Namespace').map((row) => [`${row.kind}/${row.name}`, row.why]));
  assert.deepEqual(owned, {
    'ReplicaSet/web-5d8f7c': 'owned by Deployment/web, evaluated through it',
    'Job/nightly-29000000': 'owned by CronJob/nightly, evaluated through it',
    'Pod/web-5d8f7c-x2x4q': 'owned by ReplicaSet/web-5d8f7c, evaluated through it',
    'Pod/nightly-29000000-7kq2d': 'owned by Job/nightly-29000000, evaluated through it',
  });

  const plan = await live.cli(['plan', '-n', namespace, '-o', 'json']);
  assert.equal(plan.stderr, '');
  assert.ok(plan.code === 0 || plan.code === 1, `plan exit code ${plan.code}`);
  const planned = JSON.parse(plan.stdout) as { workloads: { kind: string; name: string; managedBy?: { tool: string; detail: string } }[] };
  const managed = Object.fromEntries(planned.workloads.map((workload) => [`${workload.kind}/${workload.name}`, workload.managedBy ?? null]));
  assert.deepEqual(managed, {
    'CronJob/nightly': null,
    'Deployment/web': null,
    'Pod/canary-pod': { tool: 'operator', detail: 'owned by Rollout/canary' },
    'Pod/loner': null,
    'ReplicaSet/canary-7b9c': { tool: 'operator', detail: 'owned by Rollout/canary' },
  });

  const text = await live.cli(['plan', '-n', namespace]);
  assert.match(text.stdout, /^ {2}~ fix in its owner \(owned by Rollout\/canary\): /m);
});

live.test('namespaces lists every namespace with its Pod Security labels, as text and as JSON', async () => {
  await live.createNamespace('labelled', { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30', team: 'shop' });
  await live.createNamespace('audited', { 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });

  const text = await live.cli(['namespaces']);
  assert.equal(text.code, 0, text.stderr);
  assert.equal(text.stderr, '');
  const rows = linesOf(text.stdout).map((line) => line.split(/\s+/));
  assert.deepEqual(rows[0], ['NAMESPACE', 'ENFORCE', 'AUDIT', 'WARN']);
  const byName = Object.fromEntries(rows.slice(1).map(([name, ...cells]) => [name, cells]));
  assert.deepEqual(byName.labelled, ['baseline:v1.30', '-', '-']);
  assert.deepEqual(byName.audited, ['-', 'restricted:latest', 'restricted:latest']);
  assert.deepEqual(byName.default, ['-', '-', '-']);
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'labelled', 'audited']) assert.ok(name in byName, `${name} is listed`);

  const json = await live.cli(['namespaces', '-o', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(stackTraceSignsIn(json.stderr), []);
  const listed = JSON.parse(json.stdout) as { name: string; labels: Record<string, string> }[];
  assert.deepEqual(
    listed.find((row) => row.name === 'labelled'),
    { name: 'labelled', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' } },
    'only the Pod Security labels',
  );
  assert.deepEqual(listed.find((row) => row.name === 'default'), { name: 'default', labels: {} });
});
