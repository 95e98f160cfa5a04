/**
 * A cluster that refuses or cannot be reached ends the command with exit 2 and ONE line on
 * stderr that says what was asked of which server and what went wrong; never a stack trace.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { load } from 'js-yaml';
import { linesOf, runCli, stackTraceSignsIn, type CliRun } from '../cli/helpers.js';
import { NAMESPACE_RESOURCES } from '../../src/adapters/cluster/read-namespace.js';
import { liveCluster, multiDocument } from './live-cluster.js';

const live = await liveCluster();

/** Exit 2 and exactly one stderr line, matching every pattern; returns that line. */
function assertOneLineError(run: CliRun, ...patterns: (string | RegExp)[]): string {
  assert.equal(run.timedOut, false, 'the command did not hang');
  assert.equal(run.code, 2, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '');
  assert.deepEqual(stackTraceSignsIn(run.stderr), [], run.stderr);
  const lines = linesOf(run.stderr);
  assert.equal(lines.length, 1, `one line on stderr:\n${run.stderr}`);
  const line = lines[0]!;
  for (const pattern of patterns) {
    if (typeof pattern === 'string') assert.ok(line.includes(pattern), `${JSON.stringify(pattern)} in ${JSON.stringify(line)}`);
    else assert.match(line, pattern);
  }
  return line;
}

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string } }[];
  users: { name: string; user: { token?: string } }[];
}

/** The cluster's own kubeconfig, changed by `edit`, written to a file of its own. */
async function variant(name: string, edit: (config: Kubeconfig) => void): Promise<string> {
  const config = load(await readFile(live.cluster.kubeconfigPath, 'utf8')) as Kubeconfig;
  edit(config);
  return live.writeKubeconfig(name, config);
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

live.test('the narrow identity gets one clear 403 line for check, plan and namespaces', async () => {
  const namespace = 'locked';
  await live.createNamespace(namespace);
  await live.apply(namespace, multiDocument([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }]));
  const server = live.cluster.server;

  const check = await live.cli(['check', '-n', namespace, '--context', 'narrow']);
  assertOneLineError(check, 'forbidden: cannot list deployments', `in namespace ${namespace}`, server, '403');

  const plan = await live.cli(['plan', '-n', namespace, '--context', 'narrow']);
  assertOneLineError(plan, 'forbidden: cannot list deployments', `in namespace ${namespace}`);

  const namespaces = await live.cli(['namespaces', '--context', 'narrow']);
  assertOneLineError(namespaces, 'forbidden: cannot list namespaces', server);
});

live.test('a namespace reader without rights on the Namespace can check, and the plan says the dry run was refused', async () => {
  const namespace = 'readable';
  await live.createNamespace(namespace);
  await live.apply(namespace, multiDocument([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }]));
  const groups = [...new Set(NAMESPACE_RESOURCES.map((resource) => resource.group))];
  await live.apply(
    namespace,
    multiDocument([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'lister' },
        // Everything the scan lists, except ConfigMaps: the first refusal names that resource.
        rules: groups.map((group) => ({
          apiGroups: [group],
          resources: NAMESPACE_RESOURCES.filter((resource) => resource.group === group && resource.plural !== 'configmaps').map((resource) => resource.plural),
          verbs: ['list'],
        })),
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'narrow-lister' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'lister' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'narrow-user' }],
      },
    ]),
  );
  const refused = await live.cli(['check', '-n', namespace, '--context', 'narrow']);
  assertOneLineError(refused, `forbidden: cannot list configmaps in namespace ${namespace}`);

  await live.kubectl(['-n', namespace, 'patch', 'role', 'lister', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/rules/-', value: { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] } }])]);
  const check = await live.cli(['check', '-n', namespace, '--context', 'narrow', '--level', 'restricted', '-o', 'json']);
  assert.equal(check.stderr, '');
  assert.equal(check.code, 1, 'the pod fails restricted');
  assert.deepEqual((JSON.parse(check.stdout) as { results: { name: string }[] }).results.map((row) => row.name), ['web']);

  const plan = await live.cli(['plan', '-n', namespace, '--context', 'narrow', '-o', 'json']);
  assert.equal(plan.stderr, '');
  const preview = (JSON.parse(plan.stdout) as { serverPreview?: { unavailable?: string; agrees?: boolean } }).serverPreview;
  assert.ok(preview?.unavailable?.includes('forbidden: cannot patch namespaces'), JSON.stringify(preview));
  assert.equal(preview?.agrees, undefined);
});

live.test('an unreachable server, a wrong token and a missing namespace each get one clear line', async () => {
  const port = await closedPort();
  const unreachable = await variant('closed-port', (config) => {
    for (const cluster of config.clusters) cluster.cluster.server = `https://127.0.0.1:${port}`;
  });
  for (const args of [['check', '-n', 'default'], ['plan', '-n', 'default'], ['namespaces']]) {
    const run = await runCli([...args, '--kubeconfig', unreachable], { timeoutMs: 60_000 });
    assertOneLineError(run, `cannot reach the API server https://127.0.0.1:${port}`, 'ECONNREFUSED');
  }

  const wrongToken = await variant('wrong-token', (config) => {
    for (const user of config.users) user.user.token = 'not-a-valid-token';
  });
  for (const args of [['check', '-n', 'default'], ['namespaces']]) {
    const run = await runCli([...args, '--kubeconfig', wrongToken], { timeoutMs: 60_000 });
    assertOneLineError(run, '401', live.cluster.server);
  }

  for (const args of [['check', '-n', 'ghost'], ['plan', '-n', 'ghost']]) {
    const run = await live.cli(args);
    assertOneLineError(run, `namespace ghost does not exist on ${live.cluster.server}`);
  }
});
