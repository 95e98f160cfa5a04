/**
 * Retries of the cluster client against a loopback HTTP stub (no API server needed): 429 and 5xx
 * are retried a bounded number of times, then reported as one clear error naming the server;
 * other refusals are not retried.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadClusterTarget } from '../../src/adapters/cluster/kubeconfig.js';
import { createClusterClient, type ClientOptions } from '../../src/adapters/cluster/http-client.js';
import { ClusterError } from '../../src/adapters/cluster/cluster-error.js';
import { listNamespaces } from '../../src/adapters/cluster/read-namespace.js';
import { linesOf, runCli, stackTraceSignsIn } from '../cli/helpers.js';

type Answer = (hit: number, request: IncomingMessage, response: ServerResponse) => void;

interface Stub {
  readonly server: string;
  readonly kubeconfig: string;
  /** Requests received so far. */
  readonly hits: () => number;
  readonly paths: string[];
}

let folder: string;
const servers: Server[] = [];

before(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'kube-harden-retries-'));
});
after(async () => {
  for (const server of servers) server.close();
  await rm(folder, { recursive: true, force: true });
});

/** An HTTP server on 127.0.0.1:0 answering as `answer` says, and a kubeconfig pointing at it. */
async function stub(name: string, answer: Answer): Promise<Stub> {
  let hits = 0;
  const paths: string[] = [];
  const server = createServer((request, response) => {
    hits++;
    paths.push(request.url ?? '');
    request.resume();
    answer(hits, request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // client-node refuses a plain-http server unless the cluster skips TLS verification.
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'stub', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'stub-user', user: { token: 'stub-token' } }],
    contexts: [{ name: 'stub', context: { cluster: 'stub', user: 'stub-user' } }],
    'current-context': 'stub',
  };
  const kubeconfig = path.join(folder, `${name}.kubeconfig`);
  await writeFile(kubeconfig, JSON.stringify(config));
  return { server: url, kubeconfig, hits: () => hits, paths };
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};
const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
const NAMESPACE_LIST = { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'default', labels: {} } }, { metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } }] };

async function clientFor(target: Stub, options: ClientOptions = {}) {
  return createClusterClient(await loadClusterTarget({ kubeconfig: target.kubeconfig }), options);
}

async function rejection(promise: Promise<unknown>): Promise<ClusterError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ClusterError, `a ClusterError, not ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

test('cluster client: a 429 with Retry-After: 0, twice, then 200 takes exactly 3 requests and succeeds', async () => {
  const target = await stub('throttled-twice', (hit, _request, response) => {
    if (hit <= 2) json(response, 429, status(429, 'TooManyRequests', 'too many requests'), { 'Retry-After': '0' });
    else json(response, 200, NAMESPACE_LIST);
  });
  const client = await clientFor(target);
  const started = performance.now();
  const namespaces = await listNamespaces(client);
  assert.deepEqual(namespaces, [
    { name: 'default', labels: {} },
    { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
  ]);
  assert.equal(target.hits(), 3);
  assert.equal(client.requests(), 3, 'the client counts its retries');
  assert.deepEqual(new Set(target.paths), new Set(['/api/v1/namespaces?limit=500']), 'the same request each time');
  assert.ok(performance.now() - started < 5_000, 'the back-off stays short');
});

test('cluster client: a 503 forever is retried a bounded number of times, then one error names the server', async () => {
  const target = await stub('unavailable', (_hit, _request, response) => json(response, 503, status(503, 'ServiceUnavailable', 'etcdserver: leader changed')));
  const client = await clientFor(target, { backoffMs: 5 });
  const error = await rejection(listNamespaces(client));
  assert.equal(target.hits(), 1 + 3, 'one request and three retries (the default)');
  assert.equal(client.requests(), 4);
  assert.equal(error.kind, 'server');
  assert.equal(error.details.status, 503);
  assert.equal(error.details.retryable, true);
  assert.equal(error.message, `${target.server} failed to list namespaces (503): etcdserver: leader changed; gave up after retrying`);

  const once = await clientFor(target, { backoffMs: 5, retries: 1 });
  const before = target.hits();
  await rejection(listNamespaces(once));
  assert.equal(target.hits() - before, 2, 'retries: 1 means two requests');
});

test('cluster client: a 429 forever ends as a throttling error after the retries', async () => {
  const target = await stub('throttled', (_hit, _request, response) => json(response, 429, status(429, 'TooManyRequests', 'slow down'), { 'Retry-After': '0' }));
  const error = await rejection(listNamespaces(await clientFor(target, { backoffMs: 5, retries: 2 })));
  assert.equal(target.hits(), 3);
  assert.equal(error.kind, 'throttled');
  assert.equal(error.message, `${target.server} is throttling requests (429) to list namespaces; gave up after retrying`);
});

test('cluster client: refusals that a retry cannot fix are not retried', async () => {
  for (const [code, kind] of [[401, 'unauthorized'], [403, 'forbidden'], [404, 'not-found'], [422, 'invalid']] as const) {
    const target = await stub(`refuses-${code}`, (_hit, _request, response) => json(response, code, status(code, 'Refused', 'no')));
    const error = await rejection(listNamespaces(await clientFor(target, { backoffMs: 5 })));
    assert.equal(target.hits(), 1, `${code} is not retried`);
    assert.equal(error.kind, kind);
    assert.ok(error.message.includes(target.server), error.message);
  }
});

test('cluster client: kube-harden namespaces against a server that keeps failing exits 2 with one line', async () => {
  const target = await stub('cli-unavailable', (_hit, _request, response) => json(response, 503, status(503, 'ServiceUnavailable', 'the server is shutting down')));
  const run = await runCli(['namespaces', '--kubeconfig', target.kubeconfig], { timeoutMs: 30_000 });
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.deepEqual(stackTraceSignsIn(run.stderr), []);
  assert.deepEqual(linesOf(run.stderr), [`kube-harden: ${target.server} failed to list namespaces (503): the server is shutting down; gave up after retrying`]);
  assert.equal(target.hits(), 4, 'the CLI uses the default: three retries');

  const recovering = await stub('cli-recovering', (hit, _request, response) => {
    if (hit === 1) json(response, 503, status(503, 'ServiceUnavailable', 'starting'));
    else json(response, 200, NAMESPACE_LIST);
  });
  const ok = await runCli(['namespaces', '--kubeconfig', recovering.kubeconfig, '-o', 'json'], { timeoutMs: 30_000 });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout), [
    { name: 'default', labels: {} },
    { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
  ]);
  assert.equal(recovering.hits(), 2);
});

test(
  'cluster client: a plain-http server without insecure-skip-tls-verify (kubectl proxy) is read like any other',
  async () => {
    const target = await stub('plain-http', (_hit, _request, response) => json(response, 200, NAMESPACE_LIST));
    const kubeconfig = path.join(folder, 'plain-http-verify.kubeconfig');
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'proxy', cluster: { server: target.server } }],
        users: [{ name: 'proxy-user', user: {} }],
        contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'proxy-user' } }],
        'current-context': 'proxy',
      }),
    );
    const run = await runCli(['namespaces', '--kubeconfig', kubeconfig, '-o', 'json'], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), [
      { name: 'default', labels: {} },
      { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } },
    ]);
  },
);
