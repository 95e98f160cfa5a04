/**
 * applyChanges: each operation on its own (set, remove, include, exclude; plain and keyed steps),
 * where the pod template sits for each kind, explicit nulls, and the promise that inputs are never
 * modified. The generated-workload properties live with the generator (generate/security-context).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Change, Operation } from '../../../src/core/model/change.js';
import type { KubeObject } from '../../../src/core/model/kube.js';
import { applyChanges, formatFieldPath } from '../../../src/core/plan/apply-changes.js';
import { deepFreeze } from '../../fixtures/plan/arbitrary-workloads.js';

type Json = Record<string, unknown>;

function change(operations: readonly Operation[], templatePath: readonly string[] = ['spec', 'template']): Change {
  return {
    id: 'shop/deployment/web/test',
    target: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    templatePath,
    summary: 'test',
    resolves: [],
    risk: { level: 'none', why: 'test' },
    category: 'pss',
    operations,
    params: {},
    acceptedByDefault: true,
  };
}

function deployment(podSpec: Json, podMetadata: Json = {}): KubeObject {
  return deepFreeze({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, ...podMetadata }, spec: podSpec } },
  });
}

function podSpecOf(object: KubeObject): Json {
  return (object.spec as { template: { spec: Json } }).template.spec;
}

const app = { list: 'containers', key: 'name', value: 'app' } as const;
const sidecar = { list: 'containers', key: 'name', value: 'sidecar' } as const;

describe('set', () => {
  test('creates missing parents', () => {
    const object = deployment({ containers: [{ name: 'app', image: 'a' }] });
    const patched = applyChanges(object, [change([{ op: 'set', path: ['spec', app, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] }])]);
    assert.deepEqual(podSpecOf(patched).containers, [{ name: 'app', image: 'a', securityContext: { capabilities: { drop: ['ALL'] } } }]);
  });

  test('replaces an existing value, keeps its siblings', () => {
    const object = deployment({ securityContext: { runAsUser: 0, fsGroup: 2000 }, containers: [{ name: 'app' }] });
    const patched = applyChanges(object, [change([{ op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 10001 }])]);
    assert.deepEqual(podSpecOf(patched).securityContext, { runAsUser: 10001, fsGroup: 2000 });
  });

  test('addresses the container by name, whatever its position', () => {
    const object = deployment({ containers: [{ name: 'sidecar' }, { name: 'app' }] });
    const patched = applyChanges(object, [change([{ op: 'set', path: ['spec', app, 'securityContext', 'runAsNonRoot'], value: true }])]);
    assert.deepEqual(podSpecOf(patched).containers, [{ name: 'sidecar' }, { name: 'app', securityContext: { runAsNonRoot: true } }]);
  });

  test('a keyed last step merges into the item, creating it (and its list) when missing', () => {
    const volume = { list: 'volumes', key: 'name', value: 'tmp' } as const;
    const without = applyChanges(deployment({ containers: [{ name: 'app' }] }), [change([{ op: 'set', path: ['spec', volume], value: { emptyDir: {} } }])]);
    assert.deepEqual(podSpecOf(without).volumes, [{ name: 'tmp', emptyDir: {} }]);
    const existing = deployment({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: { medium: 'Memory' } }], containers: [{ name: 'app' }] });
    const merged = applyChanges(existing, [change([{ op: 'set', path: ['spec', volume], value: { emptyDir: {} } }])]);
    assert.deepEqual(podSpecOf(merged).volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: {} }]);
  });

  test('keyed steps with any key field: volumeMounts by mountPath, sysctls by name', () => {
    const object = deployment({ securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] }, containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] });
    const patched = applyChanges(object, [
      change([
        { op: 'set', path: ['spec', app, { list: 'volumeMounts', key: 'mountPath', value: '/tmp' }], value: { name: 'tmp' } },
        { op: 'set', path: ['spec', 'securityContext', { list: 'sysctls', key: 'name', value: 'net.ipv4.ip_unprivileged_port_start' }], value: { value: '80' } },
      ]),
    ]);
    assert.deepEqual(podSpecOf(patched).containers, [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }, { mountPath: '/tmp', name: 'tmp' }] }]);
    assert.deepEqual(podSpecOf(patched).securityContext, {
      sysctls: [
        { name: 'kernel.shm_rmid_forced', value: '1' },
        { name: 'net.ipv4.ip_unprivileged_port_start', value: '80' },
      ],
    });
  });

  test('an explicit null parent is "unset" and gets filled in (Helm renders securityContext: null)', () => {
    const object = deployment({ securityContext: null, volumes: null, containers: [{ name: 'app', securityContext: null }] });
    const patched = applyChanges(object, [
      change([
        { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
        { op: 'set', path: ['spec', app, 'securityContext', 'allowPrivilegeEscalation'], value: false },
        { op: 'set', path: ['spec', { list: 'volumes', key: 'name', value: 'tmp' }], value: { emptyDir: {} } },
      ]),
    ]);
    assert.deepEqual(podSpecOf(patched), {
      securityContext: { runAsNonRoot: true },
      volumes: [{ name: 'tmp', emptyDir: {} }],
      containers: [{ name: 'app', securityContext: { allowPrivilegeEscalation: false } }],
    });
  });

  test('a parent that is not an object (a wrong type) is left alone rather than overwritten', () => {
    const object = deployment({ containers: [{ name: 'app', securityContext: 'oops' }] });
    const patched = applyChanges(object, [change([{ op: 'set', path: ['spec', app, 'securityContext', 'runAsNonRoot'], value: true }])]);
    assert.deepEqual(patched, object);
  });

  test('the value is copied: later edits to the result do not reach the Change', () => {
    const value = { type: 'RuntimeDefault' };
    const operation: Operation = { op: 'set', path: ['spec', 'securityContext', 'seccompProfile'], value };
    const patched = applyChanges(deployment({ containers: [{ name: 'app' }] }), [change([operation])]);
    ((podSpecOf(patched).securityContext as Json).seccompProfile as Json).type = 'Unconfined';
    assert.deepEqual(value, { type: 'RuntimeDefault' });
  });
});

describe('remove', () => {
  test('removes a field and is a no-op when it is absent', () => {
    const object = deployment({ securityContext: { seLinuxOptions: { type: 'spc_t', level: 's0' } }, containers: [{ name: 'app' }] });
    const operations: Operation[] = [
      { op: 'remove', path: ['spec', 'securityContext', 'seLinuxOptions', 'type'] },
      { op: 'remove', path: ['spec', 'securityContext', 'seLinuxOptions', 'user'] },
      { op: 'remove', path: ['spec', sidecar, 'securityContext', 'privileged'] },
    ];
    const patched = applyChanges(object, [change(operations)]);
    assert.deepEqual(podSpecOf(patched), { securityContext: { seLinuxOptions: { level: 's0' } }, containers: [{ name: 'app' }] });
  });

  test('never creates parents', () => {
    const object = deployment({ containers: [{ name: 'app' }] });
    const patched = applyChanges(object, [change([{ op: 'remove', path: ['spec', app, 'securityContext', 'capabilities', 'add'] }])]);
    assert.deepEqual(patched, object);
  });

  test('a keyed last step removes the item; a list left empty is removed', () => {
    const object = deployment({ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }, { name: 'vm.swappiness', value: '1' }] }, containers: [{ name: 'app' }] });
    const one = applyChanges(object, [change([{ op: 'remove', path: ['spec', 'securityContext', { list: 'sysctls', key: 'name', value: 'kernel.msgmax' }] }])]);
    assert.deepEqual(podSpecOf(one).securityContext, { sysctls: [{ name: 'vm.swappiness', value: '1' }] });
    const both = applyChanges(object, [
      change([
        { op: 'remove', path: ['spec', 'securityContext', { list: 'sysctls', key: 'name', value: 'kernel.msgmax' }] },
        { op: 'remove', path: ['spec', 'securityContext', { list: 'sysctls', key: 'name', value: 'vm.swappiness' }] },
      ]),
    ]);
    assert.deepEqual(podSpecOf(both).securityContext, {});
  });
});

describe('include and exclude', () => {
  test('include adds a scalar once, creating the list', () => {
    const object = deployment({ containers: [{ name: 'app', securityContext: { capabilities: { drop: ['NET_RAW'] } } }, { name: 'sidecar' }] });
    const operations: Operation[] = [
      { op: 'include', path: ['spec', app, 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
      { op: 'include', path: ['spec', app, 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
      { op: 'include', path: ['spec', sidecar, 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
    ];
    const patched = applyChanges(object, [change(operations)]);
    assert.deepEqual(podSpecOf(patched).containers, [
      { name: 'app', securityContext: { capabilities: { drop: ['NET_RAW', 'ALL'] } } },
      { name: 'sidecar', securityContext: { capabilities: { drop: ['ALL'] } } },
    ]);
  });

  test('include over an explicit null list', () => {
    const object = deployment({ containers: [{ name: 'app', securityContext: { capabilities: { drop: null } } }] });
    const patched = applyChanges(object, [change([{ op: 'include', path: ['spec', app, 'securityContext', 'capabilities', 'drop'], value: 'ALL' }])]);
    assert.deepEqual(podSpecOf(patched).containers, [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'] } } }]);
  });

  test('exclude removes every occurrence; a list left empty is removed; absent is a no-op', () => {
    const object = deployment({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['NET_ADMIN', 'CHOWN', 'NET_ADMIN'] } } }] });
    const some = applyChanges(object, [change([{ op: 'exclude', path: ['spec', app, 'securityContext', 'capabilities', 'add'], value: 'NET_ADMIN' }])]);
    assert.deepEqual(podSpecOf(some).containers, [{ name: 'app', securityContext: { capabilities: { add: ['CHOWN'] } } }]);
    const all = applyChanges(some, [change([{ op: 'exclude', path: ['spec', app, 'securityContext', 'capabilities', 'add'], value: 'CHOWN' }])]);
    assert.deepEqual(podSpecOf(all).containers, [{ name: 'app', securityContext: { capabilities: {} } }]);
    const absent = applyChanges(object, [change([{ op: 'exclude', path: ['spec', sidecar, 'securityContext', 'capabilities', 'add'], value: 'CHOWN' }])]);
    assert.deepEqual(absent, object);
  });
});

describe('where the template sits', () => {
  const operation: Operation = { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true };

  test('a Pod: the object itself', () => {
    const pod = deepFreeze({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] } });
    const patched = applyChanges(pod, [change([operation, { op: 'set', path: ['metadata', 'annotations', 'a'], value: 'b' }], [])]);
    assert.deepEqual(patched, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { a: 'b' } }, spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] } });
  });

  test('a CronJob: spec.jobTemplate.spec.template', () => {
    const cronJob = deepFreeze({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'app' }] } } } } },
    });
    const patched = applyChanges(cronJob, [change([operation], ['spec', 'jobTemplate', 'spec', 'template'])]);
    assert.deepEqual((patched.spec as Json).jobTemplate, { spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] } } } });
  });

  test('a missing template leaves the copy unchanged', () => {
    const broken = deepFreeze({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {} });
    assert.deepEqual(applyChanges(broken, [change([operation])]), broken);
  });
});

describe('copies, order and idempotence', () => {
  test('the input is never modified (it is frozen here) and the result is a copy', () => {
    const object = deployment({ containers: [{ name: 'app' }] });
    const patched = applyChanges(object, [change([{ op: 'set', path: ['spec', app, 'securityContext', 'runAsNonRoot'], value: true }])]);
    assert.notEqual(patched, object);
    assert.equal(Object.isFrozen(patched), false);
    assert.deepEqual(podSpecOf(object), { containers: [{ name: 'app' }] });
  });

  test('no changes: an equal copy', () => {
    const object = deployment({ containers: [{ name: 'app' }] });
    const copy = applyChanges(object, []);
    assert.deepEqual(copy, object);
    assert.notEqual(copy, object);
  });

  test('changes apply in order; applying twice equals applying once', () => {
    const object = deployment({ containers: [{ name: 'app', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] });
    const changes = [
      change([
        { op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 1 },
        { op: 'include', path: ['spec', app, 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
        { op: 'exclude', path: ['spec', app, 'securityContext', 'capabilities', 'add'], value: 'NET_ADMIN' },
        { op: 'set', path: ['spec', { list: 'volumes', key: 'name', value: 'tmp' }], value: { emptyDir: {} } },
      ]),
      change([
        { op: 'set', path: ['spec', 'securityContext', 'runAsUser'], value: 2 },
        { op: 'remove', path: ['spec', 'securityContext', 'runAsGroup'] },
      ]),
    ];
    const once = applyChanges(object, changes);
    assert.equal((podSpecOf(once).securityContext as Json).runAsUser, 2);
    assert.deepEqual(applyChanges(deepFreeze(once), changes), once);
  });
});

test('formatFieldPath names keyed steps by their key', () => {
  assert.equal(formatFieldPath(['spec', app, 'securityContext', 'runAsNonRoot']), 'spec.containers[name=app].securityContext.runAsNonRoot');
  assert.equal(
    formatFieldPath(['spec', app, { list: 'volumeMounts', key: 'mountPath', value: '/tmp' }]),
    'spec.containers[name=app].volumeMounts[mountPath=/tmp]',
  );
  assert.equal(formatFieldPath(['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod']), 'metadata.annotations.seccomp.security.alpha.kubernetes.io/pod');
});
