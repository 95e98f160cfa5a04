import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractOwned, mergeConfigurations, withOwnedFields } from '../../../src/core/apply/owned-fields.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

const live: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', team: 'shop' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        securityContext: { runAsNonRoot: true, fsGroup: 2000 },
        containers: [
          { name: 'web', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
          { name: 'sidecar', image: 'envoy' },
        ],
      },
    },
  },
};

/** What the API server records for a manager that applied runAsNonRoot and the web container's fixes. */
const fieldsV1 = {
  'f:spec': {
    'f:template': {
      'f:spec': {
        'f:securityContext': { 'f:runAsNonRoot': {} },
        'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:securityContext': { 'f:allowPrivilegeEscalation': {}, 'f:capabilities': { 'f:drop': {} } } } },
      },
    },
  },
};

test('extractOwned keeps exactly the owned leaves, with live values and list-item keys', () => {
  assert.deepEqual(extractOwned(fieldsV1, live), {
    spec: {
      template: {
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [{ name: 'web', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
        },
      },
    },
  });
});

test('a new apply configuration is merged over what is owned: keyed items by key, new values win', () => {
  const next = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', resourceVersion: '42' },
    spec: { template: { spec: { containers: [{ name: 'web', securityContext: { capabilities: { add: [] } } }, { name: 'sidecar', securityContext: { runAsUser: 1 } }] } } },
  } as KubeObject;
  const merged = withOwnedFields(next, live, fieldsV1) as { metadata: unknown; spec: { template: { spec: { securityContext: unknown; containers: unknown[] } } } };
  assert.deepEqual(merged.metadata, { name: 'web', resourceVersion: '42' });
  assert.deepEqual(merged.spec.template.spec.securityContext, { runAsNonRoot: true });
  assert.deepEqual(merged.spec.template.spec.containers, [
    { name: 'web', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: [] } } },
    { name: 'sidecar', securityContext: { runAsUser: 1 } },
  ]);
});

test('without ownership the configuration is sent as it is; atomic lists are replaced, not merged', () => {
  const configuration = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as KubeObject;
  assert.equal(withOwnedFields(configuration, live, undefined), configuration);
  assert.deepEqual(mergeConfigurations({ drop: ['ALL'] }, { drop: ['NET_RAW'] }), { drop: ['NET_RAW'] });
});
