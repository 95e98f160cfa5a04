/** The demo namespace (templates/demo) classified end to end, as `kube-harden --demo` reads it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../../../src/adapters/files/read-inputs.js';
import { classifyWorkloads } from '../../../src/core/classify/classify-workload.js';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';

// dist/test/core/classify/ → the project root.
const DEMO = fileURLToPath(new URL('../../../../templates/demo', import.meta.url));

test('the demo workloads get the classes the demo is written for', async () => {
  const input = await readInputs([DEMO]);
  assert.deepEqual(input.errors, []);
  const collected = collectWorkloads(input.objects);
  assert.deepEqual(collected.errors, []);
  const classes = classifyWorkloads(
    collected.workloads,
    collected.context.map((sourced) => sourced.object),
    'shop',
  );
  assert.deepEqual(Object.fromEntries(classes), {
    'Deployment/shop/api': { class: 'internal-service', reasons: ['selected by ClusterIP Service "api"'] },
    'DaemonSet/shop/log-shipper': { class: 'node-agent', reasons: ['DaemonSet', 'uses hostPath volume "varlog"'] },
    'CronJob/shop/nightly-report': { class: 'batch', reasons: ['CronJob'] },
    'StatefulSet/shop/postgres': {
      class: 'data-store',
      reasons: ['StatefulSet', 'volume claim template "data"', 'image postgres:16 looks like PostgreSQL', 'port 5432 (PostgreSQL)'],
    },
    'Deployment/shop/redis': { class: 'data-store', reasons: ['image redis:7.2 looks like Redis', 'port 6379 (Redis)'] },
    'Deployment/shop/web': { class: 'public-facing', reasons: ['selected by LoadBalancer Service "web"'] },
  });
});
