/**
 * From read objects to workloads: which objects are evaluated, which are skipped and why, which
 * are errors (with the exact field path a user must fix), and the API-server defaults applied.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod, formatViolations } from '../../../src/core/pss/evaluate.js';
import { LATEST } from '../../../src/core/model/policy.js';
import type { KubeObject } from '../../../src/core/model/kube.js';
import type { SourcedObject } from '../../../src/core/model/workload.js';

const TEMPLATE_SPEC = { containers: [{ name: 'app', image: 'nginx:1.27' }] };

function sourced(object: KubeObject, file = 'app.yaml', document = '1'): SourcedObject {
  return { object, source: { file, document } };
}

/** Objects from one file, documents numbered from 1. */
function inOneFile(file: string, objects: KubeObject[]): SourcedObject[] {
  return objects.map((object, index) => sourced(object, file, String(index + 1)));
}

function deployment(name: string, extra: { uid?: string; namespace?: string } = {}, spec: Record<string, unknown> = TEMPLATE_SPEC): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: extra.namespace ?? 'shop', ...(extra.uid ? { uid: extra.uid } : {}) },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } },
  };
}

function replicaSet(name: string, owner: { kind: string; name: string; uid?: string }, extra: { uid?: string; namespace?: string } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: extra.namespace ?? 'shop',
      ...(extra.uid ? { uid: extra.uid } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true, ...(owner.uid ? { uid: owner.uid } : {}) }],
    },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: TEMPLATE_SPEC } },
  };
}

function pod(name: string, spec: Record<string, unknown> = TEMPLATE_SPEC, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', ...metadata }, spec };
}

function ownedPod(name: string, owner: { kind: string; name: string; uid?: string }, namespace = 'shop'): KubeObject {
  return pod(name, TEMPLATE_SPEC, {
    namespace,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, controller: true, ...(owner.uid ? { uid: owner.uid } : {}) }],
  });
}

const names = (collected: ReturnType<typeof collectWorkloads>) => collected.workloads.map((w) => `${w.kind}/${w.ref.name}`);

describe('ownership', () => {
  test('a Deployment, its ReplicaSet and its Pod linked by uid: only the Deployment is evaluated', () => {
    const collected = collectWorkloads(
      inOneFile('dump.yaml', [
        ownedPod('web-7d4b9-xk2lp', { kind: 'ReplicaSet', name: 'web-7d4b9', uid: 'rs-uid' }),
        replicaSet('web-7d4b9', { kind: 'Deployment', name: 'web', uid: 'deploy-uid' }, { uid: 'rs-uid' }),
        deployment('web', { uid: 'deploy-uid' }),
      ]),
    );
    assert.deepEqual(names(collected), ['Deployment/web']);
    assert.deepEqual(collected.errors, []);
    assert.deepEqual(collected.skipped, [
      { file: 'dump.yaml', document: '1', kind: 'Pod', name: 'web-7d4b9-xk2lp', why: 'owned by ReplicaSet/web-7d4b9 in the same input, evaluated through it' },
      { file: 'dump.yaml', document: '2', kind: 'ReplicaSet', name: 'web-7d4b9', why: 'owned by Deployment/web in the same input, evaluated through it' },
    ]);
  });

  test('the uid wins over a stale name in the owner reference', () => {
    const collected = collectWorkloads(
      inOneFile('dump.yaml', [deployment('web', { uid: 'deploy-uid' }), replicaSet('web-7d4b9', { kind: 'Deployment', name: 'renamed', uid: 'deploy-uid' })]),
    );
    assert.deepEqual(names(collected), ['Deployment/web']);
    assert.equal(collected.skipped[0]?.why, 'owned by Deployment/web in the same input, evaluated through it');
  });

  test('without uids, by kind and name in the same namespace', () => {
    const collected = collectWorkloads(
      inOneFile('manifests.yaml', [
        deployment('web'),
        replicaSet('web-7d4b9', { kind: 'Deployment', name: 'web' }),
        ownedPod('web-7d4b9-xk2lp', { kind: 'ReplicaSet', name: 'web-7d4b9' }),
      ]),
    );
    assert.deepEqual(names(collected), ['Deployment/web']);
    assert.deepEqual(
      collected.skipped.map((skip) => `${skip.kind}/${skip.name}: ${skip.why}`),
      [
        'ReplicaSet/web-7d4b9: owned by Deployment/web in the same input, evaluated through it',
        'Pod/web-7d4b9-xk2lp: owned by ReplicaSet/web-7d4b9 in the same input, evaluated through it',
      ],
    );
  });

  test('an owner in another namespace, or absent from the input, does not hide the object', () => {
    const collected = collectWorkloads(
      inOneFile('manifests.yaml', [
        replicaSet('web-7d4b9', { kind: 'Deployment', name: 'web' }, { namespace: 'shop' }),
        ownedPod('web-7d4b9-xk2lp', { kind: 'ReplicaSet', name: 'web-7d4b9' }, 'other'),
      ]),
    );
    assert.deepEqual(names(collected), ['ReplicaSet/web-7d4b9', 'Pod/web-7d4b9-xk2lp']);
    assert.deepEqual(collected.skipped, []);
  });
});

describe('duplicates', () => {
  test('an identical duplicate (keys in another order) is skipped, naming the first place', () => {
    const first = deployment('web');
    const reordered = { spec: first.spec, metadata: first.metadata, kind: first.kind, apiVersion: first.apiVersion };
    const collected = collectWorkloads([sourced(first, 'a.yaml', '1'), sourced(reordered, 'b.yaml', '2')]);
    assert.equal(collected.workloads.length, 1);
    assert.equal(collected.workloads[0]!.source.file, 'a.yaml');
    assert.deepEqual(collected.errors, []);
    assert.deepEqual(collected.skipped, [{ file: 'b.yaml', document: '2', kind: 'Deployment', name: 'web', why: 'identical to a.yaml#1' }]);
  });

  test('a conflicting duplicate is an error naming both places', () => {
    const collected = collectWorkloads([
      sourced(deployment('web'), 'a.yaml', '1'),
      sourced(deployment('web', {}, { containers: [{ name: 'app', image: 'nginx:1.28' }] }), 'b.yaml', '2'),
    ]);
    assert.equal(collected.errors.length, 1);
    const error = collected.errors[0]!;
    assert.equal(error.file, 'b.yaml');
    assert.equal(error.document, '2');
    assert.equal(error.message, 'Deployment/web is defined twice with different content: here and in a.yaml#1');
    assert.ok(collected.workloads.every((workload) => workload.source.file !== 'b.yaml'), 'the conflicting copy is not evaluated');
  });

  test('the same name in another namespace or of another kind is not a duplicate', () => {
    const collected = collectWorkloads(
      inOneFile('all.yaml', [deployment('web', { namespace: 'shop' }), deployment('web', { namespace: 'staging' }), pod('web')]),
    );
    assert.deepEqual(names(collected), ['Deployment/web', 'Deployment/web', 'Pod/web']);
    assert.deepEqual(collected.errors, []);
  });
});

describe('kinds', () => {
  test('Service, ConfigMap and Namespace are kept as context and skipped', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { key: 'value' } };
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } };
    const input = inOneFile('mixed.yaml', [service, configMap, deployment('web'), namespace]);
    const collected = collectWorkloads(input);
    assert.deepEqual(names(collected), ['Deployment/web']);
    assert.deepEqual(collected.context, [input[0], input[1], input[3]]);
    assert.deepEqual(
      collected.skipped.map((skip) => [skip.document, skip.kind, skip.name, skip.why]),
      [
        ['1', 'Service', 'web', 'not a pod-bearing kind'],
        ['2', 'ConfigMap', 'cfg', 'not a pod-bearing kind'],
        ['4', 'Namespace', 'shop', 'not a pod-bearing kind'],
      ],
    );
    assert.deepEqual(collected.errors, []);
  });

  test('a CronJob is evaluated through spec.jobTemplate.spec.template', () => {
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: { metadata: { annotations: { team: 'data' } }, spec: { restartPolicy: 'OnFailure', hostPID: true, containers: [{ name: 'job', image: 'busybox' }] } } } },
      },
    };
    const collected = collectWorkloads([sourced(cronJob)]);
    assert.deepEqual(collected.errors, []);
    const workload = collected.workloads[0]!;
    assert.deepEqual(workload.templatePath, ['spec', 'jobTemplate', 'spec', 'template']);
    assert.deepEqual(workload.ref, { kind: 'CronJob', namespace: 'shop', name: 'nightly' });
    assert.deepEqual(workload.pod.metadata?.annotations, { team: 'data' });
    assert.equal(formatViolations(evaluatePod({ level: 'baseline', version: LATEST }, workload.pod).violations), 'host namespaces (hostPID=true)');
  });

  test('a PodTemplate is evaluated through template', () => {
    const podTemplate = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'worker', namespace: 'shop' },
      template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image: 'busybox', securityContext: { privileged: true } }] } },
    };
    const collected = collectWorkloads([sourced(podTemplate)]);
    assert.deepEqual(collected.errors, []);
    const workload = collected.workloads[0]!;
    assert.deepEqual(workload.templatePath, ['template']);
    assert.equal(
      formatViolations(evaluatePod({ level: 'baseline', version: LATEST }, workload.pod).violations),
      'privileged (container "worker" must not set securityContext.privileged=true)',
    );
  });

  test('a Pod is its own template', () => {
    const collected = collectWorkloads([sourced(pod('web'))]);
    assert.deepEqual(collected.workloads[0]!.templatePath, []);
    assert.deepEqual(collected.workloads[0]!.pod.spec.containers, TEMPLATE_SPEC.containers);
  });
});

describe('input errors carry the field path to fix', () => {
  test('a Deployment without spec.template', () => {
    const collected = collectWorkloads([sourced({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }, 'web.yaml', '3')]);
    assert.deepEqual(collected.workloads, []);
    assert.equal(collected.errors.length, 1);
    assert.equal(collected.errors[0]!.field, 'spec.template');
    assert.equal(collected.errors[0]!.file, 'web.yaml');
    assert.equal(collected.errors[0]!.document, '3');
    assert.match(collected.errors[0]!.message, /Deployment needs a pod template/);
  });

  test('containers given as a string', () => {
    const collected = collectWorkloads([sourced(deployment('web', {}, { containers: 'nginx' }))]);
    assert.deepEqual(collected.workloads, []);
    assert.ok(collected.errors.length >= 1);
    const error = collected.errors.find((candidate) => candidate.message.startsWith('expected'));
    assert.deepEqual([error?.file, error?.document, error?.field, error?.message], ['app.yaml', '1', 'spec.template.spec.containers', 'expected a list, got string "nginx"']);
  });

  test('a securityContext given as a number', () => {
    const collected = collectWorkloads([sourced(deployment('web', {}, { containers: [{ name: 'app', image: 'nginx', securityContext: 5 }] }))]);
    assert.deepEqual(collected.workloads, []);
    assert.deepEqual(
      collected.errors.map((error) => [error.field, error.message]),
      [['spec.template.spec.containers[0].securityContext', 'expected an object, got number 5']],
    );
  });

  test('every wrong field of a document is reported, not just the first', () => {
    const collected = collectWorkloads([
      sourced(pod('web', { hostNetwork: 'yes', securityContext: { runAsUser: 'root' }, containers: [{ name: 'app', ports: [{ hostPort: 80.5 }] }] })),
    ]);
    assert.deepEqual(collected.workloads, []);
    assert.deepEqual(
      collected.errors.map((error) => error.field).sort(),
      ['spec.containers[0].ports[0].hostPort', 'spec.hostNetwork', 'spec.securityContext.runAsUser'],
    );
  });

  test('a container without a name', () => {
    const collected = collectWorkloads([sourced(pod('web', { containers: [{ image: 'nginx' }] }))]);
    assert.deepEqual(collected.workloads, []);
    assert.deepEqual(collected.errors.map((error) => [error.field, error.message]), [['spec.containers[0].name', 'required field is missing']]);
  });

  test('one bad document does not hide the others', () => {
    const collected = collectWorkloads(inOneFile('mixed.yaml', [deployment('broken', {}, { containers: 'nginx' }), pod('fine'), deployment('also-fine')]));
    assert.deepEqual(names(collected), ['Pod/fine', 'Deployment/also-fine']);
    assert.ok(collected.errors.length > 0 && collected.errors.every((error) => error.document === '1'));
  });
});

describe('null fields mean unset', () => {
  test('nulls at pod, container and securityContext level do not count as set values', () => {
    const spec = {
      hostNetwork: null,
      hostPID: null,
      volumes: null,
      securityContext: { runAsNonRoot: true, runAsUser: null, seccompProfile: { type: 'RuntimeDefault' }, seLinuxOptions: null },
      initContainers: null,
      containers: [
        {
          name: 'app',
          image: 'nginx',
          ports: null,
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: null },
            runAsNonRoot: null,
            privileged: null,
            procMount: null,
            seccompProfile: null,
          },
        },
      ],
    };
    const collected = collectWorkloads([sourced(pod('web', spec))]);
    assert.deepEqual(collected.errors, []);
    const workload = collected.workloads[0]!;
    assert.equal('hostNetwork' in workload.pod.spec, false);
    assert.equal('runAsNonRoot' in workload.pod.spec.containers![0]!.securityContext!, false);
    assert.deepEqual(evaluatePod({ level: 'restricted', version: LATEST }, workload.pod), { allowed: true, violations: [] });
  });

  test('a volume whose only source is null has no source, so it is defaulted to emptyDir', () => {
    const spec = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      volumes: [{ name: 'cache', configMap: null }, { name: 'share', nfs: null }, { name: 'host', hostPath: null }],
    };
    const workload = collectWorkloads([sourced(pod('web', spec))]).workloads[0]!;
    assert.deepEqual(
      workload.pod.spec.volumes?.map((volume) => volume.emptyDir),
      [{}, {}, {}],
    );
    assert.deepEqual(evaluatePod({ level: 'restricted', version: LATEST }, workload.pod), { allowed: true, violations: [] });
  });

  test('a null securityContext is unset: the pod is judged as having none', () => {
    const collected = collectWorkloads([sourced(pod('web', { securityContext: null, containers: [{ name: 'app', image: 'nginx', securityContext: null }] }))]);
    assert.deepEqual(collected.errors, []);
    assert.equal(
      formatViolations(evaluatePod({ level: 'restricted', version: LATEST }, collected.workloads[0]!.pod).violations),
      'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });
});

describe('API-server defaults', () => {
  const volumes = [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }, { name: 'logs', hostPath: { path: '/var/log' } }];

  test('a volume with no source becomes emptyDir in a Pod, without touching the input', () => {
    const input = pod('web', { containers: TEMPLATE_SPEC.containers, volumes });
    const before = structuredClone(input);
    const workload = collectWorkloads([sourced(input)]).workloads[0]!;
    assert.deepEqual(workload.pod.spec.volumes, [{ name: 'scratch', emptyDir: {} }, volumes[1], volumes[2]]);
    assert.deepEqual(input, before, 'the input object is not modified');
  });

  test('a volume with no source becomes emptyDir in a template', () => {
    const workload = collectWorkloads([sourced(deployment('web', {}, { containers: TEMPLATE_SPEC.containers, volumes }))]).workloads[0]!;
    assert.deepEqual(workload.pod.spec.volumes, [{ name: 'scratch', emptyDir: {} }, volumes[1], volumes[2]]);
    assert.deepEqual(evaluatePod({ level: 'restricted', version: LATEST }, workload.pod).violations.find((v) => v.check === 'restrictedVolumes')?.detail, 'volume "logs" uses restricted volume type "hostPath"');
  });

  const hostNetworkSpec = {
    hostNetwork: true,
    initContainers: [{ name: 'init', image: 'busybox', ports: [{ containerPort: 7000 }] }],
    containers: [
      {
        name: 'app',
        image: 'nginx',
        ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }, { containerPort: 53, hostPort: 0, protocol: 'UDP' }],
      },
    ],
  };

  test('a hostNetwork Pod gets hostPort = containerPort where it is unset or 0', () => {
    const input = pod('web', hostNetworkSpec);
    const before = structuredClone(input);
    const workload = collectWorkloads([sourced(input)]).workloads[0]!;
    assert.deepEqual(workload.pod.spec.initContainers![0]!.ports, [{ containerPort: 7000, hostPort: 7000 }]);
    assert.deepEqual(workload.pod.spec.containers![0]!.ports, [
      { containerPort: 8080, hostPort: 8080 },
      { containerPort: 9090, hostPort: 9090 },
      { containerPort: 53, hostPort: 53, protocol: 'UDP' },
    ]);
    assert.deepEqual(input, before, 'the input object is not modified');
  });

  test('a hostNetwork template (Deployment) keeps its ports as written', () => {
    const workload = collectWorkloads([sourced(deployment('web', {}, hostNetworkSpec))]).workloads[0]!;
    assert.deepEqual(workload.pod.spec.initContainers![0]!.ports, [{ containerPort: 7000 }]);
    assert.deepEqual(workload.pod.spec.containers![0]!.ports, hostNetworkSpec.containers[0]!.ports);
  });

  test('a Pod without hostNetwork keeps its ports as written', () => {
    const workload = collectWorkloads([sourced(pod('web', { ...hostNetworkSpec, hostNetwork: false }))]).workloads[0]!;
    assert.deepEqual(workload.pod.spec.containers![0]!.ports, hostNetworkSpec.containers[0]!.ports);
  });
});

describe('objects Kubernetes treats as distinct or as nothing to check', () => {
  test('two Jobs that share a generateName are two workloads, not a conflicting duplicate', () => {
    const job = (image: string): KubeObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { generateName: 'migrate-', namespace: 'shop' },
      spec: { template: { spec: { containers: [{ name: 'migrate', image }], restartPolicy: 'Never' } } },
    });
    const collected = collectWorkloads(inOneFile('jobs.yaml', [job('migrate:1'), job('migrate:2')]));
    assert.deepEqual(collected.errors, []);
    assert.equal(collected.workloads.length, 2);
  });

  test('a ReplicationController without a template is skipped with a reason, as Pod Security skips it', () => {
    const collected = collectWorkloads([sourced({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' }, spec: { replicas: 0 } })]);
    assert.deepEqual(collected.errors, []);
    assert.deepEqual(collected.workloads, []);
    assert.deepEqual(collected.skipped.map((item) => [item.kind, item.name, item.why]), [
      ['ReplicationController', 'legacy', 'no pod template: Pod Security has nothing to check'],
    ]);
  });
});
