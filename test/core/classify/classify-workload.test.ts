/**
 * Workload classes, one table per class plus the order of precedence. Workloads come from real
 * manifests through `collectWorkloads`, so the pod template is found and defaulted as in the app.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClassifyContext, classifyWorkload, classifyWorkloads } from '../../../src/core/classify/classify-workload.js';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { WORKLOAD_CLASSES, type Classification } from '../../../src/core/model/classes.js';
import type { Container, KubeObject, PodSpec } from '../../../src/core/model/kube.js';
import { refKey, type PodBearingKind } from '../../../src/core/model/workload.js';

const NAMESPACE = 'shop';

interface WorkloadOptions {
  /** `null`: no namespace in the manifest. */
  readonly namespace?: string | null;
  readonly labels?: Record<string, string>;
  readonly containers?: Container[];
  readonly spec?: Partial<PodSpec>;
  /** Extra fields of the object's own spec (volumeClaimTemplates, ...). */
  readonly objectSpec?: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

const API_VERSIONS: Record<PodBearingKind, string> = {
  Pod: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  PodTemplate: 'v1',
};

function namespaceField(namespace: string | null | undefined): { namespace?: string } {
  const value = namespace === undefined ? NAMESPACE : namespace;
  return value === null ? {} : { namespace: value };
}

function workload(kind: PodBearingKind, name: string, options: WorkloadOptions = {}): KubeObject {
  const labels = options.labels ?? { app: name };
  const podSpec: PodSpec = { containers: options.containers ?? [{ name: 'main', image: `ghcr.io/example/${name}:1.0` }], ...options.spec };
  const template = { metadata: { labels }, spec: podSpec };
  const metadata = { name, ...namespaceField(options.namespace), ...options.metadata };
  const base = { apiVersion: API_VERSIONS[kind], kind, metadata };
  switch (kind) {
    case 'Pod':
      return { ...base, metadata: { ...metadata, labels }, spec: podSpec };
    case 'PodTemplate':
      return { ...base, template };
    case 'CronJob':
      return { ...base, spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template } }, ...options.objectSpec } };
    default:
      return { ...base, spec: { selector: { matchLabels: labels }, template, ...options.objectSpec } };
  }
}

interface ServiceOptions {
  readonly type?: string;
  readonly namespace?: string | null;
  /** `null`: no selector (endpoints managed by hand). @default { app: name } */
  readonly selector?: Record<string, string> | null;
  readonly ports?: Record<string, unknown>[];
  readonly spec?: Record<string, unknown>;
}

function service(name: string, options: ServiceOptions = {}): KubeObject {
  const selector = options.selector === undefined ? { app: name } : options.selector;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...namespaceField(options.namespace) },
    spec: {
      ...(options.type ? { type: options.type } : {}),
      ...(selector === null ? {} : { selector }),
      ports: options.ports ?? [{ name: 'http', port: 80, targetPort: 8080 }],
      ...options.spec,
    },
  };
}

function ingress(name: string, spec: Record<string, unknown>, options: { namespace?: string | null; apiVersion?: string } = {}): KubeObject {
  const metadata = { name, ...namespaceField(options.namespace) };
  return { apiVersion: options.apiVersion ?? 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec };
}

/** An Ingress (v1) whose one rule sends `/` to `serviceName`. */
function ingressTo(name: string, serviceName: string, namespace?: string | null): KubeObject {
  const backend = { service: { name: serviceName, port: { number: 80 } } };
  return ingress(name, { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] }, { namespace });
}

/** Classifies every workload among `objects`, keyed `Kind/name` for readable assertions. */
function classifyAll(objects: readonly KubeObject[], defaultNamespace = NAMESPACE): Map<string, Classification> {
  const collected = collectWorkloads(objects.map((object, index) => ({ object, source: { file: 't.yaml', document: String(index + 1) } })));
  assert.deepEqual(collected.errors, [], 'test input must be valid');
  const byRefKey = classifyWorkloads(
    collected.workloads,
    collected.context.map((sourced) => sourced.object),
    defaultNamespace,
  );
  assert.equal(byRefKey.size, collected.workloads.length);
  return new Map(collected.workloads.map((item) => [`${item.kind}/${item.ref.name}`, byRefKey.get(refKey(item.ref))!]));
}

interface Case {
  readonly name: string;
  readonly objects: readonly KubeObject[];
  /** `Kind/name` of the workload under test. */
  readonly workload: string;
  readonly expected: Classification;
  readonly defaultNamespace?: string;
}

const hostPathVarlog = { volumes: [{ name: 'varlog', hostPath: { path: '/var/log' } }] };

const NODE_AGENT: Case[] = [
  {
    name: 'a DaemonSet with a hostPath volume lists both signals',
    objects: [workload('DaemonSet', 'log-shipper', { spec: hostPathVarlog })],
    workload: 'DaemonSet/log-shipper',
    expected: { class: 'node-agent', reasons: ['DaemonSet', 'uses hostPath volume "varlog"'] },
  },
  {
    name: 'a DaemonSet selected by a LoadBalancer Service is still a node agent',
    objects: [workload('DaemonSet', 'ingress-nginx'), service('ingress-nginx', { type: 'LoadBalancer' })],
    workload: 'DaemonSet/ingress-nginx',
    expected: { class: 'node-agent', reasons: ['DaemonSet'] },
  },
  {
    name: 'host namespaces on a Deployment',
    objects: [workload('Deployment', 'node-exporter', { spec: { hostNetwork: true, hostPID: true, hostIPC: true } })],
    workload: 'Deployment/node-exporter',
    expected: { class: 'node-agent', reasons: ['hostNetwork=true', 'hostPID=true', 'hostIPC=true'] },
  },
  {
    name: 'privileged init and regular containers, in visiting order',
    objects: [
      workload('Deployment', 'csi', {
        spec: { initContainers: [{ name: 'setup', image: 'busybox', securityContext: { privileged: true } }] },
        containers: [
          { name: 'agent', image: 'example/csi:1', securityContext: { privileged: true } },
          { name: 'sidecar', image: 'example/sidecar:1', securityContext: { privileged: false } },
        ],
      }),
    ],
    workload: 'Deployment/csi',
    expected: { class: 'node-agent', reasons: ['privileged container "setup"', 'privileged container "agent"'] },
  },
  {
    name: 'a Windows HostProcess pod',
    objects: [workload('Pod', 'win-agent', { spec: { securityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true } })],
    workload: 'Pod/win-agent',
    expected: { class: 'node-agent', reasons: ['hostNetwork=true', 'Windows HostProcess pod'] },
  },
  {
    name: 'a Pod whose DaemonSet is not in the input',
    objects: [
      workload('Pod', 'fluent-bit-x7k2p', {
        metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluent-bit', controller: true }] },
      }),
    ],
    workload: 'Pod/fluent-bit-x7k2p',
    expected: { class: 'node-agent', reasons: ['owned by DaemonSet "fluent-bit"'] },
  },
  {
    name: 'a StatefulSet with a hostPath volume is a node agent, without data-store signals',
    objects: [
      workload('StatefulSet', 'local-db', {
        spec: { volumes: [{ name: 'disk', hostPath: { path: '/mnt/disks/ssd0' } }] },
        containers: [{ name: 'db', image: 'postgres:16' }],
      }),
    ],
    workload: 'StatefulSet/local-db',
    expected: { class: 'node-agent', reasons: ['uses hostPath volume "disk"'] },
  },
];

const claimTemplates = {
  volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }, { metadata: { name: 'wal' } }],
};

const DATA_STORE: Case[] = [
  {
    name: 'a StatefulSet behind a LoadBalancer is a data store, without the Service',
    objects: [
      workload('StatefulSet', 'db', { objectSpec: claimTemplates, containers: [{ name: 'db', image: 'example/custom-db:3' }] }),
      service('db', { type: 'LoadBalancer' }),
    ],
    workload: 'StatefulSet/db',
    expected: { class: 'data-store', reasons: ['StatefulSet', 'volume claim template "data"', 'volume claim template "wal"'] },
  },
  {
    name: 'a Deployment that mounts a PersistentVolumeClaim, named by its claim',
    objects: [workload('Deployment', 'uploads', { spec: { volumes: [{ name: 'files', persistentVolumeClaim: { claimName: 'uploads-pvc' } }] } })],
    workload: 'Deployment/uploads',
    expected: { class: 'data-store', reasons: ['mounts PersistentVolumeClaim "uploads-pvc"'] },
  },
  {
    name: 'all data-store signals together: claim, image, ports',
    objects: [
      workload('Deployment', 'cache', {
        spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] },
        containers: [
          { name: 'redis', image: 'docker.io/bitnami/redis:7.2@sha256:0123456789abcdef', ports: [{ containerPort: 6379 }, { containerPort: 26379 }] },
          { name: 'exporter', image: 'oliver006/redis_exporter:v1.62.0', ports: [{ containerPort: 9121 }] },
        ],
      }),
    ],
    workload: 'Deployment/cache',
    expected: {
      class: 'data-store',
      reasons: [
        'mounts PersistentVolumeClaim "data"',
        'image docker.io/bitnami/redis:7.2@sha256:0123456789abcdef looks like Redis',
        'port 6379 (Redis)',
        'port 26379 (Redis)',
      ],
    },
  },
  {
    name: 'an unknown image on a specific port',
    objects: [
      workload('Deployment', 'queue', {
        containers: [{ name: 'broker', image: 'registry.internal/team/broker:5', ports: [{ name: 'amqp', containerPort: 5672 }] }],
      }),
    ],
    workload: 'Deployment/queue',
    expected: { class: 'data-store', reasons: ['port 5672 (RabbitMQ)'] },
  },
  {
    name: 'the pod port a Service reaches counts when the container declares none',
    objects: [
      workload('Deployment', 'docs', { containers: [{ name: 'db', image: 'registry.internal/docs-db:1' }] }),
      service('docs', { ports: [{ port: 27017, targetPort: 27017 }] }),
    ],
    workload: 'Deployment/docs',
    expected: { class: 'data-store', reasons: ['Service "docs" targets port 27017 (MongoDB)'] },
  },
  {
    name: 'a port is reported once even when a Service also reaches it',
    objects: [
      workload('StatefulSet', 'pg', { containers: [{ name: 'pg', image: 'postgres:16-alpine', ports: [{ name: 'pg', containerPort: 5432 }] }] }),
      service('pg', { ports: [{ port: 5432, targetPort: 'pg' }], spec: { clusterIP: 'None' } }),
    ],
    workload: 'StatefulSet/pg',
    expected: { class: 'data-store', reasons: ['StatefulSet', 'image postgres:16-alpine looks like PostgreSQL', 'port 5432 (PostgreSQL)'] },
  },
  {
    name: 'a Pod whose StatefulSet is not in the input',
    objects: [workload('Pod', 'kafka-0', { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'kafka' }] } })],
    workload: 'Pod/kafka-0',
    expected: { class: 'data-store', reasons: ['owned by StatefulSet "kafka"'] },
  },
  {
    name: 'a data-store image beats public-facing and batch: a CronJob running etcd is a data store',
    objects: [workload('CronJob', 'etcd-compact', { containers: [{ name: 'etcd', image: 'quay.io/coreos/etcd:v3.5.15' }] })],
    workload: 'CronJob/etcd-compact',
    expected: { class: 'data-store', reasons: ['image quay.io/coreos/etcd:v3.5.15 looks like etcd'] },
  },
  {
    name: 'a native sidecar (init container that keeps running) counts',
    objects: [
      workload('Deployment', 'app', {
        spec: { initContainers: [{ name: 'cache', image: 'memcached:1.6', restartPolicy: 'Always', ports: [{ containerPort: 11211 }] }] },
      }),
    ],
    workload: 'Deployment/app',
    expected: { class: 'data-store', reasons: ['image memcached:1.6 looks like Memcached', 'port 11211 (Memcached)'] },
  },
];

const NOT_DATA_STORE: Case[] = [
  {
    name: 'a generic app on 8080 and 9000 behind a ClusterIP Service is internal, not a data store',
    objects: [
      workload('Deployment', 'api', {
        containers: [{ name: 'api', image: 'ghcr.io/example/api:2', ports: [{ containerPort: 8080 }, { containerPort: 9000 }] }],
      }),
      service('api', { ports: [{ port: 8080 }, { port: 9000 }] }),
    ],
    workload: 'Deployment/api',
    expected: { class: 'internal-service', reasons: ['selected by ClusterIP Service "api"'] },
  },
  {
    name: 'an init container waiting for postgres does not make the app a data store',
    objects: [
      workload('Deployment', 'worker', {
        spec: { initContainers: [{ name: 'wait-for-db', image: 'postgres:16', command: ['sh', '-c', 'until pg_isready -h db; do sleep 1; done'] }] },
      }),
    ],
    workload: 'Deployment/worker',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'exporters and admin tools named after a store are not stores',
    objects: [
      workload('Deployment', 'pg-exporter', {
        containers: [{ name: 'exporter', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', ports: [{ containerPort: 9187 }] }],
      }),
    ],
    workload: 'Deployment/pg-exporter',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'a UDP port with a data-store number is not that store',
    objects: [
      workload('Deployment', 'syslog', {
        containers: [{ name: 'syslog', image: 'example/syslog:1', ports: [{ containerPort: 5432, protocol: 'UDP' }] }],
      }),
    ],
    workload: 'Deployment/syslog',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'a generic ephemeral volume is scratch space, not a claim on data',
    objects: [
      workload('Deployment', 'builder', {
        spec: { volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }] },
      }),
    ],
    workload: 'Deployment/builder',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
];

const PUBLIC_FACING: Case[] = [
  {
    name: 'selected by a LoadBalancer Service',
    objects: [workload('Deployment', 'web'), service('web', { type: 'LoadBalancer' })],
    workload: 'Deployment/web',
    expected: { class: 'public-facing', reasons: ['selected by LoadBalancer Service "web"'] },
  },
  {
    name: 'selected by a NodePort Service',
    objects: [workload('Deployment', 'web'), service('web', { type: 'NodePort' })],
    workload: 'Deployment/web',
    expected: { class: 'public-facing', reasons: ['selected by NodePort Service "web"'] },
  },
  {
    name: 'public-facing wins over internal, and lists only its own signals',
    objects: [
      workload('Deployment', 'web'),
      service('web-internal', { selector: { app: 'web' } }),
      service('web', { type: 'LoadBalancer' }),
      service('web-debug', { type: 'NodePort', selector: { app: 'web' } }),
    ],
    workload: 'Deployment/web',
    expected: { class: 'public-facing', reasons: ['selected by LoadBalancer Service "web"', 'selected by NodePort Service "web-debug"'] },
  },
  {
    name: 'a ClusterIP Service with externalIPs',
    objects: [workload('Deployment', 'web'), service('web', { spec: { externalIPs: ['203.0.113.10'] } })],
    workload: 'Deployment/web',
    expected: { class: 'public-facing', reasons: ['selected by Service "web" with externalIPs'] },
  },
  {
    name: 'an Ingress v1 rule backend, through a ClusterIP Service',
    objects: [workload('Deployment', 'web'), service('web'), ingressTo('shop', 'web')],
    workload: 'Deployment/web',
    expected: { class: 'public-facing', reasons: ['backend of Ingress "shop"'] },
  },
  {
    name: 'an Ingress v1 default backend',
    objects: [
      workload('Deployment', 'fallback'),
      service('fallback'),
      ingress('catch-all', { ingressClassName: 'nginx', defaultBackend: { service: { name: 'fallback', port: { name: 'http' } } } }),
    ],
    workload: 'Deployment/fallback',
    expected: { class: 'public-facing', reasons: ['backend of Ingress "catch-all"'] },
  },
  {
    name: 'an extensions/v1beta1 Ingress (serviceName form)',
    objects: [
      workload('Deployment', 'legacy'),
      service('legacy'),
      ingress(
        'old',
        { rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'legacy', servicePort: 80 } }] } }] },
        { apiVersion: 'extensions/v1beta1' },
      ),
    ],
    workload: 'Deployment/legacy',
    expected: { class: 'public-facing', reasons: ['backend of Ingress "old"'] },
  },
  {
    name: 'LoadBalancer and Ingress signals together',
    objects: [workload('Deployment', 'web'), service('web', { type: 'LoadBalancer' }), ingressTo('shop', 'web'), ingressTo('admin', 'web')],
    workload: 'Deployment/web',
    expected: {
      class: 'public-facing',
      reasons: ['selected by LoadBalancer Service "web"', 'backend of Ingress "shop"', 'backend of Ingress "admin"'],
    },
  },
  {
    name: 'a Job behind a LoadBalancer is public-facing (public-facing comes before batch)',
    objects: [workload('Job', 'import'), service('import', { type: 'LoadBalancer' })],
    workload: 'Job/import',
    expected: { class: 'public-facing', reasons: ['selected by LoadBalancer Service "import"'] },
  },
];

const BATCH: Case[] = [
  {
    name: 'a CronJob',
    objects: [workload('CronJob', 'nightly-report')],
    workload: 'CronJob/nightly-report',
    expected: { class: 'batch', reasons: ['CronJob'] },
  },
  {
    name: 'a Job selected by a ClusterIP Service is batch (batch comes before internal)',
    objects: [workload('Job', 'migrate'), service('migrate')],
    workload: 'Job/migrate',
    expected: { class: 'batch', reasons: ['Job'] },
  },
  {
    name: 'a Pod whose Job is not in the input',
    objects: [workload('Pod', 'migrate-abcde', { metadata: { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate' }] } })],
    workload: 'Pod/migrate-abcde',
    expected: { class: 'batch', reasons: ['owned by Job "migrate"'] },
  },
];

const INTERNAL_SERVICE: Case[] = [
  {
    name: 'a Deployment behind a ClusterIP Service',
    objects: [workload('Deployment', 'api'), service('api', { type: 'ClusterIP' })],
    workload: 'Deployment/api',
    expected: { class: 'internal-service', reasons: ['selected by ClusterIP Service "api"'] },
  },
  {
    name: 'a Service without a type is ClusterIP; a headless one says so',
    objects: [workload('Deployment', 'api'), service('api'), service('api-headless', { selector: { app: 'api' }, spec: { clusterIP: 'None' } })],
    workload: 'Deployment/api',
    expected: { class: 'internal-service', reasons: ['selected by ClusterIP Service "api"', 'selected by headless Service "api-headless"'] },
  },
  {
    name: 'no namespace on either side means the default namespace',
    objects: [workload('Deployment', 'api', { namespace: null }), service('api', { namespace: null })],
    workload: 'Deployment/api',
    expected: { class: 'internal-service', reasons: ['selected by ClusterIP Service "api"'] },
  },
  {
    name: 'an unset namespace matches the default namespace given',
    objects: [workload('Deployment', 'api', { namespace: null }), service('api', { type: 'LoadBalancer', namespace: 'shop' })],
    workload: 'Deployment/api',
    defaultNamespace: 'shop',
    expected: { class: 'public-facing', reasons: ['selected by LoadBalancer Service "api"'] },
  },
];

const OTHER: Case[] = [
  {
    name: 'a bare Pod',
    objects: [workload('Pod', 'debug')],
    workload: 'Pod/debug',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'Services in another namespace do not count',
    objects: [
      workload('Deployment', 'web'),
      service('web', { type: 'LoadBalancer', namespace: 'edge' }),
      service('web-int', { namespace: 'edge', selector: { app: 'web' } }),
    ],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'an unset namespace does not match another namespace than the default one',
    objects: [workload('Deployment', 'api', { namespace: null }), service('api', { type: 'LoadBalancer', namespace: 'shop' })],
    workload: 'Deployment/api',
    defaultNamespace: 'default',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'an Ingress in another namespace naming a same-named Service does not count',
    objects: [workload('Deployment', 'web'), service('web', { namespace: 'edge' }), ingressTo('shop', 'web', 'edge')],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'an ExternalName Service selects nothing, even with a selector',
    objects: [workload('Deployment', 'web'), service('web', { type: 'ExternalName', spec: { externalName: 'web.example.com' } })],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'a Service without a selector selects nothing',
    objects: [workload('Deployment', 'web'), service('web', { type: 'LoadBalancer', selector: null })],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'a Service whose selector asks for more labels than the pod has',
    objects: [workload('Deployment', 'web'), service('web', { selector: { app: 'web', tier: 'frontend' } })],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
  {
    name: 'an Ingress whose Service selects other pods',
    objects: [workload('Deployment', 'web'), workload('Deployment', 'shop'), service('shop'), ingressTo('shop', 'shop')],
    workload: 'Deployment/web',
    expected: { class: 'other', reasons: ['no Service selects it'] },
  },
];

const TABLES: Record<string, Case[]> = {
  'node agent': NODE_AGENT,
  'data store': DATA_STORE,
  'not a data store': NOT_DATA_STORE,
  'public-facing': PUBLIC_FACING,
  batch: BATCH,
  'internal service': INTERNAL_SERVICE,
  other: OTHER,
};

for (const [table, cases] of Object.entries(TABLES)) {
  for (const testCase of cases) {
    test(`${table}: ${testCase.name}`, () => {
      const result = classifyAll(testCase.objects, testCase.defaultNamespace).get(testCase.workload);
      assert.ok(result, `no workload ${testCase.workload}`);
      assert.deepEqual(result, testCase.expected);
    });
  }
}

test('the tables reach every class', () => {
  const reached = new Set(Object.values(TABLES).flatMap((cases) => cases.map((testCase) => testCase.expected.class)));
  assert.deepEqual([...WORKLOAD_CLASSES].filter((name) => !reached.has(name)), []);
});

test('the order of precedence, in one input', () => {
  const objects = [
    workload('DaemonSet', 'agent'),
    service('agent'),
    workload('StatefulSet', 'db'),
    service('db', { type: 'LoadBalancer' }),
    workload('Deployment', 'web'),
    service('web', { type: 'LoadBalancer' }),
    workload('CronJob', 'report'),
    workload('Deployment', 'api'),
    service('api'),
    workload('Pod', 'debug'),
  ];
  const classes = Object.fromEntries([...classifyAll(objects)].map(([key, value]) => [key, value.class]));
  assert.deepEqual(classes, {
    'DaemonSet/agent': 'node-agent',
    'StatefulSet/db': 'data-store',
    'Deployment/web': 'public-facing',
    'CronJob/report': 'batch',
    'Deployment/api': 'internal-service',
    'Pod/debug': 'other',
  });
});

test('the context keeps Services and Ingresses only, without ExternalName Services', () => {
  const context = buildClassifyContext(
    [
      service('a'),
      service('b', { type: 'ExternalName' }),
      ingressTo('i', 'a'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n' } },
    ],
    'default',
  );
  assert.deepEqual(
    context.services.map((item) => item.name),
    ['a'],
  );
  assert.deepEqual(
    context.ingresses.map((item) => item.name),
    ['i'],
  );
  assert.equal(context.defaultNamespace, 'default');
});

test('classifyWorkload gives the same answer as classifyWorkloads, and is deterministic', () => {
  const objects = [workload('Deployment', 'web'), service('web', { type: 'LoadBalancer' }), ingressTo('shop', 'web')];
  const collected = collectWorkloads(objects.map((object, index) => ({ object, source: { file: 't.yaml', document: String(index + 1) } })));
  const context = buildClassifyContext(
    collected.context.map((sourced) => sourced.object),
    NAMESPACE,
  );
  const [web] = collected.workloads;
  assert.ok(web);
  const once = classifyWorkload(web, context);
  assert.deepEqual(classifyWorkload(web, context), once);
  assert.deepEqual(classifyWorkloads(collected.workloads, collected.context.map((sourced) => sourced.object), NAMESPACE).get(refKey(web.ref)), once);
});

test('the same name in two namespaces gives two entries', () => {
  const objects = [
    workload('Deployment', 'web', { namespace: 'a' }),
    workload('Deployment', 'web', { namespace: 'b' }),
    service('web', { namespace: 'a', type: 'NodePort' }),
  ];
  const collected = collectWorkloads(objects.map((object, index) => ({ object, source: { file: 't.yaml', document: String(index + 1) } })));
  const byKey = classifyWorkloads(collected.workloads, collected.context.map((sourced) => sourced.object), 'default');
  assert.equal(byKey.get('Deployment/a/web')?.class, 'public-facing');
  assert.equal(byKey.get('Deployment/b/web')?.class, 'other');
});
