import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIngress } from '../../../src/core/classify/ingress-backends.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

function ingress(spec: unknown, apiVersion = 'networking.k8s.io/v1'): KubeObject {
  return { apiVersion, kind: 'Ingress', metadata: { name: 'shop', namespace: 'shop' }, spec };
}

const CASES: { name: string; object: KubeObject; expected: string[] | undefined }[] = [
  {
    name: 'v1: default backend first, then rule backends in order, each once',
    object: ingress({
      defaultBackend: { service: { name: 'fallback', port: { number: 80 } } },
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/static', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
            ],
          },
        },
        {
          host: 'admin.example.com',
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'admin', port: { number: 8080 } } } }] },
        },
      ],
    }),
    expected: ['fallback', 'api', 'web', 'admin'],
  },
  {
    name: 'extensions/v1beta1: backend.serviceName and spec.backend',
    object: ingress(
      {
        backend: { serviceName: 'fallback', servicePort: 80 },
        rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 'http' } }] } }],
      },
      'extensions/v1beta1',
    ),
    expected: ['fallback', 'web'],
  },
  {
    name: 'resource backends name no Service',
    object: ingress({
      defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' } },
      rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    }),
    expected: ['web'],
  },
  {
    name: 'rules without http, and fields of the wrong type, are passed over',
    object: ingress({
      rules: [{ host: 'x.example.com' }, 'junk', { http: { paths: 'none' } }, { http: { paths: [null, { backend: { service: { name: 7 } } }] } }],
    }),
    expected: [],
  },
  { name: 'no spec', object: ingress(undefined), expected: [] },
  { name: 'not an Ingress', object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'shop' } }, expected: undefined },
  { name: 'an Ingress without a name', object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {} }, expected: undefined },
];

for (const testCase of CASES) {
  test(`readIngress: ${testCase.name}`, () => {
    assert.deepEqual(readIngress(testCase.object)?.serviceNames, testCase.expected);
  });
}

test('readIngress keeps the name and namespace, or no namespace', () => {
  const read = readIngress(ingress({}));
  assert.equal(read?.name, 'shop');
  assert.equal(read?.namespace, 'shop');
  assert.equal(readIngress({ kind: 'Ingress', metadata: { name: 'x' } })?.namespace, undefined);
});
