import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Change } from '../../../src/core/model/change.js';
import type { KubeObject } from '../../../src/core/model/kube.js';
import { applyChanges } from '../../../src/core/plan/apply-changes.js';
import { buildApplyConfiguration, buildRemovalPatch, collectFieldChanges, planLabelStep } from '../../../src/core/apply/apply-steps.js';
import { createBackup, parseBackup, recordOutcome } from '../../../src/core/apply/backup.js';
import { planRollback } from '../../../src/core/apply/rollback-plan.js';
import { permissionsFor, splitMissing } from '../../../src/core/apply/permissions.js';

const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', resourceVersion: '7' },
  spec: { template: { spec: { securityContext: {}, containers: [{ name: 'app', image: 'app:1' }, { name: 'side', image: 'side:1', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] } } },
} as KubeObject;

const change = (operations: Change['operations']): Change => ({
  id: 'deployment/web/x',
  target: { kind: 'Deployment', namespace: 'shop', name: 'web' },
  templatePath: ['spec', 'template'],
  summary: 'x',
  resolves: [],
  risk: { level: 'restart', why: '' },
  category: 'pss',
  operations,
  params: {},
  acceptedByDefault: true,
});

const containerStep = (name: string) => ({ list: 'containers', key: 'name', value: name });

test('the apply configuration holds only the owned fields, keyed items by their key, atomic lists whole', () => {
  const changes = [
    change([
      { op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true },
      { op: 'include', path: ['spec', containerStep('app'), 'securityContext', 'capabilities', 'drop'], value: 'ALL' },
      { op: 'exclude', path: ['spec', containerStep('side'), 'securityContext', 'capabilities', 'add'], value: 'NET_ADMIN' },
    ]),
  ];
  const fields = collectFieldChanges(web, applyChanges(web, changes), changes);
  const configuration = buildApplyConfiguration({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, fields, '7');
  assert.deepEqual(configuration, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', resourceVersion: '7' },
    spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', securityContext: { capabilities: { drop: ['ALL'] } } }] } } },
  });
  // A field under a parent that did not exist is recorded as the parent, so rollback removes it whole.
  assert.deepEqual(fields[1]!.path, ['spec', 'template', 'spec', containerStep('app'), 'securityContext']);
  assert.deepEqual(buildRemovalPatch(fields), { spec: { template: { spec: { containers: [{ name: 'side', securityContext: { capabilities: { add: null } } }] } } } });
});

test('backup → rollback: restores what kube-harden set, refuses what someone else changed, deletes what it created', () => {
  const changes = [change([{ op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: true }])];
  const patched = applyChanges(web, changes);
  const fields = collectFieldChanges(web, patched, changes);
  const label = planLabelStep('shop', { 'pod-security.kubernetes.io/warn': 'restricted' }, {}, 'warn')!;
  const steps = {
    namespace: 'shop',
    phase: 'prepare' as const,
    steps: [
      label,
      { kind: 'workload' as const, target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, summary: 'x', configuration: web, fields, uid: 'u1', resourceVersion: '7' },
      { kind: 'network-policy' as const, target: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'deny' }, summary: 'deny', configuration: web, fields: [] },
    ],
    recreate: [],
    notes: [],
  };
  let backup = createBackup(steps, { context: 'admin', server: 'https://x', createdAt: '2025-01-01T00:00:00Z' });
  backup = recordOutcome(backup, 2, 'applied', { uid: 'p1', resourceVersion: '9' });
  const reread = parseBackup(JSON.parse(JSON.stringify(backup)));
  assert.deepEqual(reread.problems, []);
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/warn': 'restricted' } } } as KubeObject;
  const policy = { kind: 'NetworkPolicy', metadata: { name: 'deny', uid: 'p1', resourceVersion: '9' } } as KubeObject;
  const plan = planRollback(reread.backup!, [namespace, patched, policy]);
  assert.deepEqual(plan.conflicts, []);
  assert.deepEqual(plan.actions.map((action) => action.kind), ['delete', 'patch', 'patch']);
  assert.deepEqual(plan.actions[1]!.kind === 'patch' && plan.actions[1]!.patch, { spec: { template: { spec: { securityContext: { runAsNonRoot: null } } } } });
  assert.deepEqual(plan.actions[2]!.kind === 'patch' && plan.actions[2]!.patch, { metadata: { labels: { 'pod-security.kubernetes.io/warn': null } } });

  const touched = applyChanges(patched, [change([{ op: 'set', path: ['spec', 'securityContext', 'runAsNonRoot'], value: false }])]);
  const refused = planRollback(reread.backup!, [namespace, touched, policy]);
  assert.deepEqual(refused.conflicts, [{ object: 'Deployment/web', why: 'changed by someone else since: .spec.template.spec.securityContext.runAsNonRoot' }]);
  assert.equal(planRollback(reread.backup!, [namespace, touched, policy], { force: true }).conflicts.length, 0);
  assert.deepEqual(planRollback(reread.backup!, [{ ...namespace, metadata: { name: 'shop' } }, web, undefined]).actions, [], 'nothing left to put back');
});

test('labelling a Namespace needs cluster-scoped patch: a cluster admin grants it, not a namespace admin', () => {
  const label = planLabelStep('shop', { a: 'b' }, {}, 'x')!;
  const needs = permissionsFor([label, { kind: 'network-policy', target: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: 'shop', name: 'p' }, summary: '', configuration: web, fields: [] }]);
  assert.deepEqual(needs.map((need) => `${need.verb} ${need.resource} ${need.namespace ?? '-'} ${need.name ?? '-'}`), ['patch namespaces - shop', 'create networkpolicies shop -', 'patch networkpolicies shop -']);
  const split = splitMissing(needs.map((need) => ({ ...need, allowed: need.resource !== 'namespaces' })));
  assert.deepEqual(split.clusterAdmin.map((check) => check.resource), ['namespaces']);
  assert.deepEqual(split.namespaceAdmin, []);
  assert.equal(planLabelStep('shop', { a: 'b' }, { a: 'b' }, 'x'), undefined, 'labels already set: nothing to do');
});
