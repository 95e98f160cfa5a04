/**
 * Which tool would revert a live patch: the markers Helm, Argo CD, Flux and operators leave on
 * the objects they own, their precedence, and malformed metadata that must never throw.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIVE_PATCH_WARNING, managedBy, type ManagedBy } from '../../../src/core/classify/managed-by.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

function deployment(metadata: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop', namespace: 'shop', ...metadata } };
}

function pod(metadata: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shop-0', namespace: 'shop', ...metadata } };
}

const HELM_LABELS = { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'shop', 'helm.sh/chart': 'shop-1.2.3' };
const HELM_ANNOTATIONS = { 'meta.helm.sh/release-name': 'shop', 'meta.helm.sh/release-namespace': 'shop' };
const TRACKING_ID = 'shop:apps/Deployment:shop/shop';

function owner(kind: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'example.com/v1', kind, name, uid: `uid-${name}`, controller: true, ...extra };
}

const CASES: [string, KubeObject, ManagedBy | undefined][] = [
  // Nothing to say.
  ['no metadata', { kind: 'Deployment' }, undefined],
  ['plain labels', deployment({ labels: { app: 'shop' } }), undefined],
  ['kube-harden-style unrelated annotations', deployment({ annotations: { 'deployment.kubernetes.io/revision': '3' } }), undefined],

  // Helm.
  ['Helm: release annotations', deployment({ labels: HELM_LABELS, annotations: HELM_ANNOTATIONS }), { tool: 'Helm', detail: 'Helm release shop (namespace shop)' }],
  ['Helm: release name only', deployment({ annotations: { 'meta.helm.sh/release-name': 'shop' } }), { tool: 'Helm', detail: 'Helm release shop' }],
  ['Helm: managed-by label, release from the instance label', deployment({ labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'web' } }), { tool: 'Helm', detail: 'Helm release web' }],
  ['Helm: chart label only', deployment({ labels: { 'helm.sh/chart': 'shop-1.2.3' } }), { tool: 'Helm', detail: 'Helm chart shop-1.2.3' }],
  ['Helm: managed-by label alone', deployment({ labels: { 'app.kubernetes.io/managed-by': 'Helm' } }), { tool: 'Helm', detail: 'Helm release' }],
  ['Helm: managed-by value in another case', deployment({ labels: { 'app.kubernetes.io/managed-by': 'helm' } }), { tool: 'Helm', detail: 'Helm release' }],
  ['Helm: the instance label alone is not Argo CD', deployment({ labels: { 'app.kubernetes.io/instance': 'shop', 'helm.sh/chart': 'shop-1.2.3' } }), { tool: 'Helm', detail: 'Helm release shop' }],

  // Argo CD.
  ['Argo CD: custom tracking label', deployment({ labels: { 'argocd.argoproj.io/instance': 'shop' } }), { tool: 'Argo CD', detail: 'Argo CD application shop' }],
  ['Argo CD: tracking-id annotation', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': TRACKING_ID } }), { tool: 'Argo CD', detail: 'Argo CD application shop' }],
  [
    'Argo CD: instance label with a tracking id; the chart it rendered does not make it Helm',
    deployment({ labels: { ...HELM_LABELS, 'app.kubernetes.io/instance': 'shop-prod' }, annotations: { ...HELM_ANNOTATIONS, 'argocd.argoproj.io/tracking-id': 'shop-prod:apps/Deployment:shop/shop' } }),
    { tool: 'Argo CD', detail: 'Argo CD application shop-prod' },
  ],
  ['Argo CD: application in another namespace', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': 'team-a_shop:apps/Deployment:shop/shop' } }), { tool: 'Argo CD', detail: 'Argo CD application team-a/shop' }],
  ['Argo CD: cluster-scoped object, empty group and namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { 'argocd.argoproj.io/tracking-id': 'infra:/Namespace:/shop' } } }, { tool: 'Argo CD', detail: 'Argo CD application infra' }],
  ['Argo CD: a file object without namespace still matches', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop', annotations: { 'argocd.argoproj.io/tracking-id': TRACKING_ID } } }, { tool: 'Argo CD', detail: 'Argo CD application shop' }],
  ['Argo CD: unparseable tracking id, instance label names the application', deployment({ labels: { 'app.kubernetes.io/instance': 'shop' }, annotations: { 'argocd.argoproj.io/tracking-id': 'garbage' } }), { tool: 'Argo CD', detail: 'Argo CD application shop' }],
  ['Argo CD: unparseable tracking id alone', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': 'garbage' } }), { tool: 'Argo CD', detail: 'Argo CD application' }],
  ['Argo CD: a tracking id copied from another object is ignored', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/other' } }), undefined],
  ['Argo CD: a tracking id naming another kind is ignored', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/StatefulSet:shop/shop' } }), undefined],
  ['Argo CD: a tracking id from another namespace is ignored', deployment({ annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:other/shop' } }), undefined],

  // Flux.
  ['Flux: Kustomization', deployment({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'shop', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' } }), { tool: 'Flux', detail: 'Flux Kustomization apps/shop' }],
  ['Flux: Kustomization without namespace label', deployment({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'shop' } }), { tool: 'Flux', detail: 'Flux Kustomization shop' }],
  [
    'Flux: HelmRelease beats the Helm labels it renders',
    deployment({ labels: { ...HELM_LABELS, 'helm.toolkit.fluxcd.io/name': 'shop', 'helm.toolkit.fluxcd.io/namespace': 'flux-apps' }, annotations: HELM_ANNOTATIONS }),
    { tool: 'Flux', detail: 'Flux HelmRelease flux-apps/shop' },
  ],

  // Other managed-by values.
  ['operator named by managed-by', deployment({ labels: { 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' } }), { tool: 'strimzi-cluster-operator', detail: 'managed by strimzi-cluster-operator' }],
  ['blank managed-by is nothing', deployment({ labels: { 'app.kubernetes.io/managed-by': '  ' } }), undefined],

  // Controller owner references.
  ['operator owner', pod({ ownerReferences: [owner('Kafka', 'events')] }), { tool: 'operator', detail: 'owned by Kafka/events' }],
  ['operator owner without a name', pod({ ownerReferences: [owner('Kafka', '', { name: undefined })] }), { tool: 'operator', detail: 'owned by a Kafka' }],
  [
    'the operator wins over labels copied from its resource',
    deployment({ labels: { ...HELM_LABELS, 'argocd.argoproj.io/instance': 'shop' }, ownerReferences: [owner('Rollout', 'shop', { apiVersion: 'argoproj.io/v1alpha1' })] }),
    { tool: 'operator', detail: 'owned by Rollout/shop' },
  ],
  ['a built-in controller is an ordinary workload chain', pod({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'shop-5d9f', uid: 'u', controller: true }] }), undefined],
  ['a built-in controller without apiVersion', pod({ ownerReferences: [{ kind: 'Job', name: 'migrate', controller: true }] }), undefined],
  ['a built-in controller in an old group', pod({ ownerReferences: [{ apiVersion: 'extensions/v1beta1', kind: 'ReplicaSet', name: 'old', controller: true }] }), undefined],
  ['a custom resource that shares a built-in kind name is an operator', pod({ ownerReferences: [owner('Job', 'nightly', { apiVersion: 'example.com/v1' })] }), { tool: 'operator', detail: 'owned by Job/nightly' }],
  ['a built-in owner does not hide the Helm labels', deployment({ labels: HELM_LABELS, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'c', controller: true }] }), { tool: 'Helm', detail: 'Helm release shop' }],
  ['non-controller owners are not operators', pod({ ownerReferences: [{ ...owner('Kafka', 'events'), controller: false }, { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' }] }), undefined],
  ['only the first controller reference counts', pod({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 's', controller: true }, owner('Kafka', 'events')] }), undefined],
  ['a mirror pod belongs to the kubelet', pod({ ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n', controller: true }] }), { tool: 'kubelet', detail: 'static pod on node node-1' }],

  // Wrong field types: never throw, read what is readable.
  ['metadata is a string', { kind: 'Deployment', metadata: 'oops' } as unknown as KubeObject, undefined],
  ['labels is a list', deployment({ labels: ['app.kubernetes.io/managed-by', 'Helm'] }), undefined],
  ['non-string label values are ignored', deployment({ labels: { 'app.kubernetes.io/managed-by': 7, 'helm.sh/chart': null, 'argocd.argoproj.io/instance': true } }), undefined],
  ['annotations is a number', deployment({ annotations: 3, labels: { 'helm.sh/chart': 'c-1' } }), { tool: 'Helm', detail: 'Helm chart c-1' }],
  ['ownerReferences is an object', pod({ ownerReferences: { kind: 'Kafka', controller: true } }), undefined],
  ['owner reference items of every type', pod({ ownerReferences: [null, 5, 'x', [], { controller: true }, { controller: true, kind: 9 }] }), undefined],
  ['owner kind is not a string', pod({ ownerReferences: [{ kind: 42, name: 'n', controller: true }] }), undefined],
];

describe('managedBy', () => {
  for (const [name, object, expected] of CASES) test(name, () => assert.deepEqual(managedBy(object), expected));

  test('the object itself of the wrong type', () => {
    for (const value of [null, undefined, 3, 'x', [], true]) assert.equal(managedBy(value as unknown as KubeObject), undefined);
  });
});

test('LIVE_PATCH_WARNING is one line that names the sync and the source to change', () => {
  assert.ok(!LIVE_PATCH_WARNING.includes('\n'));
  assert.match(LIVE_PATCH_WARNING, /reverted/);
  assert.match(LIVE_PATCH_WARNING, /sync|reconcile/);
  assert.match(LIVE_PATCH_WARNING, /chart values/);
  assert.match(LIVE_PATCH_WARNING, /Git/);
});
