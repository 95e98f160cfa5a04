import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readInputs } from '../../../src/adapters/files/index.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

const DEMO = 'templates/demo';

function podLabels(object: KubeObject): Record<string, string> | undefined {
  const spec = object.spec as
    | { template?: { metadata?: { labels?: Record<string, string> } }; jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } }
    | undefined;
  return spec?.template?.metadata?.labels ?? spec?.jobTemplate?.spec?.template?.metadata?.labels;
}

test('the demo namespace reads with no errors and holds the shop', async () => {
  const result = await readInputs([DEMO]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.skipped, []);
  const found = result.objects.map(({ object }) => `${object.kind}/${object.metadata?.name}`).sort();
  assert.deepEqual(found, [
    'ConfigMap/api-config',
    'CronJob/nightly-report',
    'DaemonSet/log-shipper',
    'Deployment/api',
    'Deployment/redis',
    'Deployment/web',
    'Namespace/shop',
    'Secret/db-credentials',
    'Service/api',
    'Service/postgres',
    'Service/redis',
    'Service/web',
    'StatefulSet/postgres',
  ]);
});

test('every namespaced demo object is in shop, and nothing carries Pod Security labels', async () => {
  const { objects } = await readInputs([DEMO]);
  for (const { object } of objects) {
    if (object.kind === 'Namespace') continue;
    assert.equal(object.metadata?.namespace, 'shop', `${object.kind}/${object.metadata?.name}`);
  }
  const labelKeys = objects.flatMap(({ object }) => [
    ...Object.keys(object.metadata?.labels ?? {}),
    ...Object.keys(podLabels(object) ?? {}),
  ]);
  assert.ok(labelKeys.length > 0);
  assert.ok(!labelKeys.some((key) => key.startsWith('pod-security.kubernetes.io/')));
});

test('every demo Service selects the pods of the workload it is named after', async () => {
  const { objects } = await readInputs([DEMO]);
  const services = objects.filter(({ object }) => object.kind === 'Service');
  assert.equal(services.length, 4);
  for (const { object: service } of services) {
    const selector = (service.spec as { selector?: Record<string, string> }).selector ?? {};
    const selected = objects.filter(({ object }) => {
      const labels = podLabels(object);
      return labels !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value);
    });
    assert.deepEqual(
      selected.map(({ object }) => object.metadata?.name),
      [service.metadata?.name],
      `Service/${service.metadata?.name} selects ${JSON.stringify(selector)}`,
    );
  }
});
