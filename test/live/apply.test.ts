/**
 * Applying a plan to a real kube-apiserver and rolling it back: dry runs persist nothing, prepare
 * then enforce, refusals (another namespace, a violating Pod, missing permissions), a conflicting
 * field manager, a failure midway, and a rollback that restores the objects as they were.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { PROJECT_ROOT } from '../cli/helpers.js';
import { liveCluster, multiDocument, type LiveObject } from './live-cluster.js';

const live = await liveCluster();

const deployment = (name: string, container: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }] } },
  },
});

/** A scratch folder for plan files, backups and hand-offs. */
async function workdir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'kube-harden-apply-'));
}

/** `kube-harden plan -n NS -o yaml` saved to a file. */
async function savePlan(dir: string, namespace: string, context = 'admin'): Promise<string> {
  const planned = await live.cli(['plan', '-n', namespace, '--context', context, '-o', 'yaml']);
  assert.ok(planned.code === 0 || planned.code === 1, `plan exited ${planned.code}: ${planned.stderr}`);
  const file = path.join(dir, `${namespace}-plan.yaml`);
  await writeFile(file, planned.stdout);
  return file;
}

/** Objects without what the server manages itself, to compare before and after. */
function comparable(object: LiveObject): unknown {
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...metadata } = object.metadata as Record<string, unknown>;
  const { status: _s, ...rest } = object as Record<string, unknown>;
  return { ...rest, metadata };
}

async function snapshot(namespace: string, names: readonly string[]): Promise<unknown[]> {
  return Promise.all([live.get<LiveObject>(undefined, 'namespace', namespace), ...names.map((name) => live.get<LiveObject>(namespace, 'deployment', name))].map(async (object) => comparable(await object)));
}

async function networkPolicies(namespace: string): Promise<string[]> {
  const listed = await live.kubectl(['-n', namespace, 'get', 'networkpolicies', '-o', 'name']);
  return listed.stdout.split('\n').filter(Boolean);
}

async function demo(namespace: string): Promise<void> {
  await live.createNamespace(namespace);
  const folder = path.join(PROJECT_ROOT, 'templates', 'demo');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.yaml') && file !== 'namespace.yaml');
  const documents = (await Promise.all(files.map((file) => readFile(path.join(folder, file), 'utf8')))).join('\n---\n').replaceAll('namespace: shop', `namespace: ${namespace}`);
  await live.apply(namespace, documents);
}

live.test('a dry run sends every change with dryRun=All and persists nothing', async () => {
  const dir = await workdir();
  await demo('shop-dry');
  const before = await snapshot('shop-dry', ['web', 'api', 'redis']);
  const plan = await savePlan(dir, 'shop-dry');
  // The demo's log-shipper sets runAsUser: 0, a field the test's own field manager owns.
  const run = await live.cli(['apply', '--plan', plan, '--dry-run', '--force-conflicts', '--backup', path.join(dir, 'backup.yaml')]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /server dry run \(dryRun=All, nothing persisted\):/);
  assert.match(run.stdout, /ok {6}Deployment\/web: /);
  assert.match(run.stdout, /dry run only: nothing was written/);
  assert.deepEqual(await snapshot('shop-dry', ['web', 'api', 'redis']), before);
  assert.deepEqual(await networkPolicies('shop-dry'), []);
  await assert.rejects(stat(path.join(dir, 'backup.yaml')));
});

live.test('prepare then enforce on the demo namespace; without --yes nothing is written', async () => {
  const dir = await workdir();
  await demo('shop');
  const plan = await savePlan(dir, 'shop');
  const unconfirmed = await live.cli(['apply', '--plan', plan, '--force-conflicts']);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.stderr, /refused: pass --yes/);

  const backup = path.join(dir, 'prepare.yaml');
  const prepare = await live.cli(['apply', '--plan', plan, '--yes', '--force-conflicts', '--backup', backup]);
  assert.equal(prepare.code, 0, prepare.stderr + prepare.stdout);
  assert.match(prepare.stdout, new RegExp(`backup written to ${backup}`));
  assert.equal((await stat(backup)).mode & 0o777, 0o600);
  const document = load(await readFile(backup, 'utf8')) as { kind: string; objects: { target: { kind: string }; outcome: string }[] };
  assert.equal(document.kind, 'ApplyBackup');
  assert.ok(document.objects.every((object) => object.outcome === 'applied'));
  assert.ok(!document.objects.some((object) => object.target.kind === 'Secret'));

  const namespace = await live.get<LiveObject>(undefined, 'namespace', 'shop');
  assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/warn'], 'restricted');
  assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined, 'enforce is its own phase');
  const shown = await live.kubectl(['-n', 'shop', 'get', 'deployment', 'web', '-o', 'json', '--show-managed-fields']);
  const web = JSON.parse(shown.stdout) as { spec: { template: { spec: { securityContext?: { runAsNonRoot?: boolean } } } }; metadata: { managedFields: { manager: string }[] } };
  assert.equal(web.spec.template.spec.securityContext?.runAsNonRoot, true);
  assert.ok(web.metadata.managedFields.some((entry) => entry.manager === 'kube-harden'));
  assert.ok((await networkPolicies('shop')).length > 0);

  const enforce = await live.cli(['apply', '--plan', plan, '--phase', 'enforce', '--yes', '--backup', path.join(dir, 'enforce.yaml')]);
  assert.equal(enforce.code, 0, enforce.stderr + enforce.stdout);
  const enforced = await live.get<LiveObject>(undefined, 'namespace', 'shop');
  assert.ok(enforced.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'the enforce label is set');
  // Server-side apply drops fields a manager stops sending: the prepare phase's labels must stay.
  assert.equal(enforced.metadata.labels?.['pod-security.kubernetes.io/warn'], 'restricted');
  assert.equal(enforced.metadata.labels?.['pod-security.kubernetes.io/audit'], 'restricted');
  assert.equal(enforced.metadata.labels?.['pod-security.kubernetes.io/warn-version'], namespace.metadata.labels?.['pod-security.kubernetes.io/warn-version']);

  const again = await live.cli(['apply', '--plan', plan, '--phase', 'enforce', '--yes', '--backup', path.join(dir, 'again.yaml')]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /nothing to do/);
});

live.test('the enforce phase refuses while a violating Pod exists', async () => {
  const dir = await workdir();
  await live.createNamespace('pods');
  await live.apply('pods', multiDocument([deployment('web'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loner' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }]));
  const plan = await savePlan(dir, 'pods');
  const prepare = await live.cli(['apply', '--plan', plan, '--yes', '--backup', path.join(dir, 'b.yaml')]);
  assert.equal(prepare.code, 0, prepare.stderr + prepare.stdout);
  assert.match(prepare.stdout, /manual \(recreate\): Pod\/loner: a Pod's pod spec cannot be changed in place/);
  const enforce = await live.cli(['apply', '--plan', plan, '--phase', 'enforce', '--yes']);
  assert.equal(enforce.code, 1);
  assert.match(enforce.stderr, /Pod\/loner does not meet restricted/);
  const namespace = await live.get<LiveObject>(undefined, 'namespace', 'pods');
  assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
});

live.test('apply then rollback restores the objects as they were', async () => {
  const dir = await workdir();
  await live.createNamespace('undo', { team: 'shop' });
  await live.apply('undo', multiDocument([deployment('web'), deployment('api', { securityContext: { capabilities: { add: ['NET_ADMIN'] } } })]));
  const before = await snapshot('undo', ['web', 'api']);
  const plan = await savePlan(dir, 'undo');
  const backup = path.join(dir, 'undo.yaml');
  const applied = await live.cli(['apply', '--plan', plan, '--yes', '--backup', backup]);
  assert.equal(applied.code, 0, applied.stderr + applied.stdout);
  assert.notDeepEqual(await snapshot('undo', ['web', 'api']), before);
  const rollback = await live.cli(['rollback', backup]);
  assert.equal(rollback.code, 0, rollback.stderr + rollback.stdout);
  assert.deepEqual(await snapshot('undo', ['web', 'api']), before);
  assert.deepEqual(await networkPolicies('undo'), []);
  const again = await live.cli(['rollback', backup]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /nothing to do/);
});

live.test('rollback refuses when someone else changed a field since, unless --force', async () => {
  const dir = await workdir();
  await live.createNamespace('touched');
  await live.apply('touched', multiDocument([deployment('web')]));
  const plan = await savePlan(dir, 'touched');
  const backup = path.join(dir, 'touched.yaml');
  assert.equal((await live.cli(['apply', '--plan', plan, '--yes', '--backup', backup])).code, 0);
  await live.kubectl(['-n', 'touched', 'patch', 'deployment', 'web', '--type', 'merge', '-p', '{"spec":{"template":{"spec":{"securityContext":{"runAsNonRoot":false}}}}}']);
  const refused = await live.cli(['rollback', backup]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Deployment\/web: changed by someone else since: \.spec\.template\.spec\.securityContext\.runAsNonRoot/);
  const forced = await live.cli(['rollback', backup, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
});

live.test('a conflicting field manager yields a clean 409 report naming it, and nothing is written', async () => {
  const dir = await workdir();
  await live.createNamespace('conflict');
  await live.apply('conflict', multiDocument([deployment('web', { securityContext: { allowPrivilegeEscalation: true } })]));
  const before = await snapshot('conflict', ['web']);
  const plan = await savePlan(dir, 'conflict');
  const run = await live.cli(['apply', '--plan', plan, '--yes', '--backup', path.join(dir, 'c.yaml')]);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /\(409\)/);
  assert.match(run.stderr, /another field manager, kube-harden-live-test, owns these fields; --force-conflicts takes them over/);
  assert.match(run.stderr, /stopped before any write/);
  assert.deepEqual(await snapshot('conflict', ['web']), before);
  const forced = await live.cli(['apply', '--plan', plan, '--yes', '--force-conflicts', '--backup', path.join(dir, 'c.yaml')]);
  assert.equal(forced.code, 0, forced.stderr);
});

live.test('a namespace admin applies their part; the labels go to a cluster admin as a hand-off', async () => {
  const dir = await workdir();
  await live.createNamespace('team');
  await live.apply('team', multiDocument([deployment('web')]));
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'team-admin', namespace: 'team' },
    rules: [
      { apiGroups: ['', 'apps', 'batch', 'networking.k8s.io'], resources: ['*'], verbs: ['get', 'list', 'patch', 'create'] },
    ],
  };
  const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'team-admin', namespace: 'team' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-admin' }, subjects: [{ kind: 'User', name: 'narrow-user', apiGroup: 'rbac.authorization.k8s.io' }] };
  await live.apply('team', multiDocument([role, binding]));
  const before = await snapshot('team', ['web']);
  const plan = await savePlan(dir, 'team', 'narrow');
  const handoff = path.join(dir, 'handoff');
  const run = await live.cli(['apply', '--plan', plan, '--context', 'narrow', '--yes', '--backup', path.join(dir, 'n.yaml'), '--handoff-dir', handoff]);
  const output = run.stdout + run.stderr;
  assert.equal(run.code, 0, output);
  assert.match(output, /missing patch namespaces\/team \(cluster-scoped\)/);
  assert.match(output, /ok {6}patch deployments\.apps in namespace team/);
  assert.match(output, new RegExp(`the admin runs: kubectl apply --server-side --field-manager=kube-harden -f ${handoff}/team-namespace-labels.yaml`));
  assert.match(output, /the labels wait for the admin/);
  const patch = load(await readFile(path.join(handoff, 'team-namespace-labels.yaml'), 'utf8')) as { kind: string; metadata: { name: string; labels: Record<string, string> } };
  assert.equal(patch.kind, 'Namespace');
  assert.equal(patch.metadata.labels['pod-security.kubernetes.io/warn'], 'restricted');
  // Their part is written (with a backup); the Namespace is untouched until the admin acts.
  assert.notDeepEqual(await snapshot('team', ['web']), before);
  const web = await live.get<LiveObject>('team', 'deployment', 'web');
  assert.equal((web as unknown as { spec: { template: { spec: { securityContext?: { runAsNonRoot?: boolean } } } } }).spec.template.spec.securityContext?.runAsNonRoot, true);
  await stat(path.join(dir, 'n.yaml'));
  assert.equal((await live.get<LiveObject>(undefined, 'namespace', 'team')).metadata.labels?.['pod-security.kubernetes.io/warn'], undefined);
  // The admin's hand-off works as written.
  assert.ok((await networkPolicies('team')).length > 0);
  await live.kubectl(['apply', '--server-side', '--field-manager=kube-harden', '-f', path.join(handoff, 'team-namespace-labels.yaml')]);
  assert.equal((await live.get<LiveObject>(undefined, 'namespace', 'team')).metadata.labels?.['pod-security.kubernetes.io/warn'], 'restricted');
});

live.test('a change the server rejects midway leaves a correct report and a working rollback', async () => {
  const dir = await workdir();
  await live.createNamespace('midway');
  await live.apply('midway', multiDocument([deployment('web'), deployment('api')]));
  const before = await snapshot('midway', ['web', 'api']);
  const plan = await savePlan(dir, 'midway');
  // Quota for one NetworkPolicy: each dry run passes alone; the second real create is refused.
  const resource = 'count/networkpolicies.networking.k8s.io';
  await live.apply('midway', multiDocument([{ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'one-policy' }, spec: { hard: { [resource]: '1' } } }]));
  await live.kubectl(['-n', 'midway', 'patch', 'resourcequota', 'one-policy', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { hard: { [resource]: '1' }, used: { [resource]: '0' } } })]);
  const backup = path.join(dir, 'midway.yaml');
  const run = await live.cli(['apply', '--plan', plan, '--yes', '--backup', backup]);
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.match(run.stderr, /stopped: NetworkPolicy\/[^:]+: .*exceeded quota/);
  assert.match(run.stderr, /applied \(\d+\):\n {2}Namespace\/midway/);
  assert.match(run.stderr, /not applied \([1-9]\d*\):\n {2}NetworkPolicy\//);
  const document = load(await readFile(backup, 'utf8')) as { objects: { outcome: string }[] };
  assert.ok(document.objects.some((object) => object.outcome === 'failed'));
  const rollback = await live.cli(['rollback', backup]);
  assert.equal(rollback.code, 0, rollback.stderr + rollback.stdout);
  assert.deepEqual(await snapshot('midway', ['web', 'api']), before);
  assert.deepEqual(await networkPolicies('midway'), []);
});

live.test('a plan for another namespace, or a system namespace, is refused before anything is read', async () => {
  const dir = await workdir();
  await live.createNamespace('planned');
  await live.apply('planned', multiDocument([deployment('web')]));
  const plan = await savePlan(dir, 'planned');
  const other = await live.cli(['apply', '--plan', plan, '-n', 'default', '--yes']);
  assert.equal(other.code, 1);
  assert.match(other.stderr, /refused: the plan was made for namespace planned, not default; nothing was written/);
  const text = (await readFile(plan, 'utf8')).replace('namespace: planned', 'namespace: kube-system');
  const system = path.join(dir, 'system.yaml');
  await writeFile(system, text);
  const refused = await live.cli(['apply', '--plan', system, '--yes']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /kube-system is a system namespace; pass --allow-system-namespace/);
});

live.test('a later prepare keeps the fixes an earlier one applied (server-side apply would drop what is not sent)', async () => {
  const dir = await workdir();
  await live.createNamespace('again');
  await live.apply('again', multiDocument([deployment('web')]));
  const first = await live.cli(['apply', '--plan', await savePlan(dir, 'again'), '--yes', '--backup', path.join(dir, 'first.yaml')]);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  // Someone adds a capability; the next plan has one new change, and nothing for the fixed fields.
  const patched = await live.kubectl(['-n', 'again', 'patch', 'deployment', 'web', '--type', 'strategic', '-p', JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] } } } })]);
  assert.equal(patched.code, 0, patched.stderr);
  const second = await live.cli(['apply', '--plan', await savePlan(dir, 'again'), '--yes', '--force-conflicts', '--backup', path.join(dir, 'second.yaml')]);
  assert.equal(second.code, 0, second.stderr + second.stdout);
  const web = await live.get<LiveObject>('again', 'deployment', 'web');
  const spec = (web as unknown as { spec: { template: { spec: { securityContext?: Record<string, unknown>; containers: { securityContext?: { allowPrivilegeEscalation?: boolean; capabilities?: { add?: string[]; drop?: string[] } } }[] } } } }).spec.template.spec;
  assert.equal(spec.securityContext?.runAsNonRoot, true);
  assert.deepEqual(spec.securityContext?.seccompProfile, { type: 'RuntimeDefault' });
  assert.equal(spec.containers[0]!.securityContext?.allowPrivilegeEscalation, false);
  assert.deepEqual(spec.containers[0]!.securityContext?.capabilities?.drop, ['ALL']);
  assert.equal(spec.containers[0]!.securityContext?.capabilities?.add, undefined);
  const labels = (await live.get<LiveObject>(undefined, 'namespace', 'again')).metadata.labels ?? {};
  assert.equal(labels['pod-security.kubernetes.io/warn'], 'restricted');
});

live.test('the narrow identity (read only) gets the admin hand-off and nothing is written', async () => {
  const dir = await workdir();
  await live.createNamespace('readers');
  await live.apply('readers', multiDocument([deployment('web')]));
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'readers' },
    rules: [{ apiGroups: ['', 'apps', 'batch', 'networking.k8s.io'], resources: ['*'], verbs: ['get', 'list'] }],
  };
  const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: 'readers' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'narrow-user', apiGroup: 'rbac.authorization.k8s.io' }] };
  await live.apply('readers', multiDocument([role, binding]));
  const before = await snapshot('readers', ['web']);
  const plan = await savePlan(dir, 'readers', 'narrow');
  const handoff = path.join(dir, 'handoff');
  const run = await live.cli(['apply', '--plan', plan, '--context', 'narrow', '--yes', '--backup', path.join(dir, 'r.yaml'), '--handoff-dir', handoff]);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /missing patch deployments\.apps in namespace readers/);
  assert.match(run.stderr, /a namespace admin of readers can grant/);
  assert.match(run.stderr, /refused: nothing was written to the cluster/);
  await stat(path.join(handoff, 'readers-namespace-labels.yaml'));
  assert.deepEqual(await snapshot('readers', ['web']), before);
  assert.deepEqual(await networkPolicies('readers'), []);
  await assert.rejects(stat(path.join(dir, 'r.yaml')));
});
