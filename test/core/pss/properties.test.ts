/**
 * Properties of the Pod Security engine, checked with fast-check on generated pods: realistic pod
 * specs whose securityContext fields are drawn from the values the checks care about, and arbitrary
 * JSON grafted onto them. The seed is fixed (KUBE_HARDEN_SEED overrides it) so a failure can be
 * replayed; every failure message names it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod, formatViolations, type Evaluation } from '../../../src/core/pss/evaluate.js';
import { LATEST, versionOf, type Level, type PolicyVersion } from '../../../src/core/model/policy.js';
import type { KubeObject, PodTemplate } from '../../../src/core/model/kube.js';

const DEFAULT_SEED = 20261124;

function seedFromEnvironment(): number {
  const text = process.env.KUBE_HARDEN_SEED;
  if (text === undefined || text === '') return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`KUBE_HARDEN_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}

const SEED = seedFromEnvironment();

function assertProperty<Ts>(property: fc.IProperty<Ts>, numRuns: number): void {
  try {
    fc.assert(property, { seed: SEED, numRuns });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`property failed with seed ${SEED} (replay with KUBE_HARDEN_SEED=${SEED})\n${message}`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------
// Policies

/** Where some check changes (README section 3); every other version equals the one below it. */
const CHANGE_VERSIONS = [0, 8, 19, 22, 23, 25, 27, 29, 31, 32, 34, 35, 37];
const NEWEST = 37;
const MINORS = Array.from({ length: NEWEST + 1 }, (_, minor) => minor);
const VERSIONS: readonly PolicyVersion[] = [...MINORS.map(versionOf), LATEST, versionOf(99)];
const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

function evaluate(level: Level, version: PolicyVersion, pod: PodTemplate): Evaluation {
  return evaluatePod({ level, version }, pod);
}

// ---------------------------------------------------------------------------------------------
// Realistic pods

type Json = Record<string, unknown>;

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const NAMES = ['app', 'sidecar', 'init', 'debug'] as const;

const optional = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { requiredKeys: [] });
/** An explicit null is "unset" for Kubernetes: generate it now and then. */
const orNull = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });

const profileType = fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', '', 'Bogus');
const seLinuxOptions = optional({
  type: fc.constantFrom('', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'spc_t'),
  user: fc.constantFrom('', 'system_u'),
  role: fc.constantFrom('', 'system_r'),
  level: fc.constant('s0:c1,c2'),
});
const capabilities = optional({
  add: fc.subarray(['NET_BIND_SERVICE', 'CHOWN', 'NET_RAW', 'SYS_ADMIN', 'ALL', 'chown']),
  drop: fc.subarray(['ALL', 'NET_RAW', 'all']),
});
const handler = optional({
  httpGet: optional({ host: fc.constantFrom('', 'localhost', '::1', 'b.example'), port: fc.constant(8080) }),
  tcpSocket: optional({ host: fc.constantFrom('', '127.0.0.1'), port: fc.constant(8080) }),
});

const containerSecurityContext = optional({
  privileged: orNull(fc.boolean()),
  allowPrivilegeEscalation: orNull(fc.boolean()),
  runAsNonRoot: orNull(fc.boolean()),
  runAsUser: orNull(fc.constantFrom(0, 1000)),
  procMount: fc.constantFrom('Default', 'Unmasked'),
  capabilities: orNull(capabilities),
  seccompProfile: orNull(optional({ type: profileType })),
  appArmorProfile: orNull(optional({ type: profileType })),
  seLinuxOptions: orNull(seLinuxOptions),
  windowsOptions: optional({ hostProcess: fc.boolean() }),
});

const volume = fc
  .tuple(
    fc.constantFrom('data', 'cache', 'host'),
    fc.constantFrom(undefined, 'emptyDir', 'configMap', 'hostPath', 'nfs', 'image', 'csi', 'ephemeral', 'photonPersistentDisk'),
  )
  .map(([name, source]) => (source === undefined ? { name } : { name, [source]: source === 'hostPath' ? { path: '/' } : {} }));

const podSecurityContext = optional({
  runAsNonRoot: orNull(fc.boolean()),
  runAsUser: orNull(fc.constantFrom(0, 1000)),
  seccompProfile: orNull(optional({ type: profileType })),
  appArmorProfile: optional({ type: profileType }),
  seLinuxOptions,
  windowsOptions: optional({ hostProcess: fc.boolean() }),
  sysctls: fc.subarray(
    ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_notsent_lowat', 'kernel.msgmax'].map(
      (name) => ({ name, value: '1' }),
    ),
  ),
});

const annotation = fc.tuple(
  fc.constantFrom(
    `${APPARMOR}app`,
    `${APPARMOR}ghost`,
    'seccomp.security.alpha.kubernetes.io/pod',
    'container.seccomp.security.alpha.kubernetes.io/app',
    'example.com/team',
  ),
  fc.constantFrom('', 'runtime/default', 'docker/default', 'localhost/profile', 'unconfined'),
);

const ports = fc.array(optional({ containerPort: fc.constantFrom(80, 8080), hostPort: fc.constantFrom(0, 80, 10000) }), { minLength: 1, maxLength: 2 });

/** A "wild" pod: every field drawn independently; it violates most checks at once. */
const wildContainer = fc
  .tuple(fc.constantFrom(...NAMES), optional({ securityContext: orNull(containerSecurityContext), ports, livenessProbe: handler, lifecycle: optional({ preStop: handler }) }))
  .map(([name, rest]) => ({ name, image: 'registry.k8s.io/pause', ...rest }));

const wildPod = fc
  .tuple(
    fc.array(wildContainer, { minLength: 1, maxLength: 3 }),
    optional({
      initContainers: fc.array(wildContainer, { maxLength: 2 }),
      ephemeralContainers: fc.array(wildContainer, { maxLength: 1 }),
      volumes: fc.array(volume, { maxLength: 3 }),
      securityContext: orNull(podSecurityContext),
      hostNetwork: orNull(fc.boolean()),
      hostPID: fc.boolean(),
      hostIPC: fc.boolean(),
      hostUsers: orNull(fc.boolean()),
      os: fc.record({ name: fc.constantFrom('linux', 'windows', 'Windows') }),
    }),
    fc.array(annotation, { maxLength: 3 }),
  )
  .map(([containers, rest, podAnnotations]) => ({ spec: { containers, ...rest } as Json, annotations: Object.fromEntries(podAnnotations) }));

/**
 * One departure from a hardened pod. Hardened pods with none, one or a few of these make both
 * verdicts common at both levels, so the properties compare real allowed and rejected pods.
 */
const deviation = fc.oneof(
  fc.record({
    container: fc.nat(3),
    securityContext: fc.oneof(
      fc.record({ privileged: fc.boolean() }),
      fc.record({ allowPrivilegeEscalation: orNull(fc.boolean()) }),
      fc.record({ runAsNonRoot: orNull(fc.boolean()) }),
      fc.record({ runAsUser: fc.constantFrom(0, 1000) }),
      fc.record({ procMount: fc.constantFrom('Default', 'Unmasked') }),
      fc.record({ capabilities: orNull(capabilities) }),
      fc.record({ seccompProfile: optional({ type: profileType }) }),
      fc.record({ appArmorProfile: optional({ type: profileType }) }),
      fc.record({ seLinuxOptions }),
      fc.record({ windowsOptions: optional({ hostProcess: fc.boolean() }) }),
    ),
  }),
  fc.record({ container: fc.nat(3), ports }),
  fc.record({ container: fc.nat(3), probe: handler }),
  fc.record({
    pod: fc.oneof(
      fc.record({ runAsNonRoot: orNull(fc.boolean()) }),
      fc.record({ runAsUser: orNull(fc.constantFrom(0, 1000)) }),
      fc.record({ seccompProfile: orNull(optional({ type: profileType })) }),
      fc.record({ appArmorProfile: optional({ type: profileType }) }),
      fc.record({ seLinuxOptions }),
      fc.record({ windowsOptions: optional({ hostProcess: fc.boolean() }) }),
      fc.record({ sysctls: podSecurityContext.map((context) => context.sysctls ?? []) }),
    ),
  }),
  fc.record({
    spec: fc.oneof(
      fc.record({ hostNetwork: orNull(fc.boolean()) }),
      fc.record({ hostPID: fc.boolean() }),
      fc.record({ hostIPC: fc.boolean() }),
      fc.record({ hostUsers: orNull(fc.boolean()) }),
      fc.record({ os: fc.record({ name: fc.constantFrom('linux', 'windows', 'Windows') }) }),
    ),
  }),
  fc.record({ volume }),
  fc.record({ annotation }),
);

type Deviation = typeof deviation extends fc.Arbitrary<infer T> ? T : never;

function hardenedContainer(name: string): Json {
  return { name, image: 'registry.k8s.io/pause', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
}

function applyDeviations(spec: Json, podAnnotations: Record<string, string>, deviations: readonly Deviation[]): void {
  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((key) => (spec[key] as Json[] | undefined) ?? []);
  for (const change of deviations) {
    if ('securityContext' in change) {
      const target = containers[change.container % containers.length]!;
      target.securityContext = { ...(target.securityContext as Json), ...change.securityContext };
    } else if ('ports' in change) {
      containers[change.container % containers.length]!.ports = change.ports;
    } else if ('probe' in change) {
      containers[change.container % containers.length]!.readinessProbe = change.probe;
    } else if ('pod' in change) {
      spec.securityContext = { ...(spec.securityContext as Json), ...change.pod };
    } else if ('spec' in change) {
      Object.assign(spec, change.spec);
    } else if ('volume' in change) {
      spec.volumes = [...((spec.volumes as Json[] | undefined) ?? []), change.volume];
    } else {
      podAnnotations[change.annotation[0]] = change.annotation[1];
    }
  }
}

const hardenedPod = fc
  .record({
    containers: fc.subarray(['app', 'sidecar'], { minLength: 1 }),
    initContainers: fc.subarray(['init']),
    ephemeralContainers: fc.subarray(['debug']),
    deviations: fc.array(deviation, { maxLength: 3 }),
  })
  .map(({ containers, initContainers, ephemeralContainers, deviations }) => {
    const spec: Json = {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: containers.map(hardenedContainer),
      ...(initContainers.length > 0 ? { initContainers: initContainers.map(hardenedContainer) } : {}),
      ...(ephemeralContainers.length > 0 ? { ephemeralContainers: ephemeralContainers.map(hardenedContainer) } : {}),
    };
    const podAnnotations: Record<string, string> = {};
    applyDeviations(spec, podAnnotations, deviations);
    return { spec, annotations: podAnnotations };
  });

const podSpecAndAnnotations = fc.oneof({ weight: 3, arbitrary: hardenedPod }, { weight: 1, arbitrary: wildPod });
const podSpec = podSpecAndAnnotations.map(({ spec }) => spec);

type PodBearing = 'Pod' | 'Deployment' | 'CronJob';

/** The prefix of the pod spec's field path inside each kind (`formatPath` style). */
const SPEC_PATH: Record<PodBearing, string> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

function wrap(kind: PodBearing, spec: unknown, podAnnotations: Record<string, string>): KubeObject {
  const metadata = { name: 'generated', namespace: 'shop', annotations: podAnnotations };
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata, spec };
  const template = { metadata: { labels: { app: 'generated' }, annotations: podAnnotations }, spec };
  if (kind === 'Deployment') return { apiVersion: 'apps/v1', kind, metadata: { name: 'generated' }, spec: { template } };
  return { apiVersion: 'batch/v1', kind, metadata: { name: 'generated' }, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } };
}

const kind = fc.constantFrom<PodBearing>('Pod', 'Deployment', 'CronJob');

/** A realistic pod-bearing object and its pod template, as collectWorkloads produces it. */
const realisticPod = fc.tuple(kind, podSpecAndAnnotations).map(([podKind, { spec, annotations: podAnnotations }]) => {
  const object = wrap(podKind, spec, podAnnotations);
  const collected = collectWorkloads([{ object, source: { file: 'generated.yaml', document: '1' } }]);
  if (collected.errors.length > 0 || collected.workloads.length !== 1) {
    throw new Error(`a realistic pod must be read as one workload: ${JSON.stringify(collected.errors)}`);
  }
  return { object, pod: collected.workloads[0]!.pod };
});

// ---------------------------------------------------------------------------------------------
// Grafting values into a spec

type Step = string | number;

function formatSteps(prefix: string, steps: readonly Step[]): string {
  return steps.reduce<string>((path, step) => (typeof step === 'number' ? `${path}[${step}]` : `${path}.${step}`), prefix);
}

/** Sets `value` at `steps` in a deep copy of `root`, creating (or replacing non-object) parents. */
function graft(root: unknown, steps: readonly Step[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let current: Record<string | number, unknown> = copy;
  steps.forEach((step, index) => {
    if (index === steps.length - 1) {
      current[step] = value;
      return;
    }
    const next = steps[index + 1]!;
    const existing = current[step];
    const fits = typeof next === 'number' ? Array.isArray(existing) : typeof existing === 'object' && existing !== null && !Array.isArray(existing);
    if (!fits) current[step] = typeof next === 'number' ? [] : {};
    if (typeof next === 'number' && (current[step] as unknown[]).length <= next) (current[step] as unknown[])[next] = {};
    current = current[step] as Record<string | number, unknown>;
  });
  return copy;
}

type Expected = 'list' | 'object' | 'boolean' | 'integer' | 'string';

/** Known pod-spec fields, with the type the API gives them. */
const KNOWN_FIELDS: ReadonlyArray<{ steps: readonly Step[]; expects: Expected }> = [
  { steps: ['containers'], expects: 'list' },
  { steps: ['containers', 0], expects: 'object' },
  { steps: ['containers', 0, 'name'], expects: 'string' },
  { steps: ['containers', 0, 'securityContext'], expects: 'object' },
  { steps: ['containers', 0, 'securityContext', 'privileged'], expects: 'boolean' },
  { steps: ['containers', 0, 'securityContext', 'runAsUser'], expects: 'integer' },
  { steps: ['containers', 0, 'securityContext', 'capabilities'], expects: 'object' },
  { steps: ['containers', 0, 'securityContext', 'capabilities', 'add'], expects: 'list' },
  { steps: ['containers', 0, 'securityContext', 'capabilities', 'add', 0], expects: 'string' },
  { steps: ['containers', 0, 'securityContext', 'seccompProfile', 'type'], expects: 'string' },
  { steps: ['containers', 0, 'ports', 0, 'hostPort'], expects: 'integer' },
  { steps: ['containers', 0, 'livenessProbe', 'httpGet', 'host'], expects: 'string' },
  { steps: ['initContainers'], expects: 'list' },
  { steps: ['ephemeralContainers', 0, 'securityContext', 'allowPrivilegeEscalation'], expects: 'boolean' },
  { steps: ['hostNetwork'], expects: 'boolean' },
  { steps: ['hostPID'], expects: 'boolean' },
  { steps: ['hostUsers'], expects: 'boolean' },
  { steps: ['securityContext'], expects: 'object' },
  { steps: ['securityContext', 'runAsNonRoot'], expects: 'boolean' },
  { steps: ['securityContext', 'runAsUser'], expects: 'integer' },
  { steps: ['securityContext', 'sysctls'], expects: 'list' },
  { steps: ['securityContext', 'sysctls', 0, 'name'], expects: 'string' },
  { steps: ['securityContext', 'seLinuxOptions'], expects: 'object' },
  { steps: ['volumes'], expects: 'list' },
  { steps: ['volumes', 0, 'hostPath'], expects: 'object' },
  { steps: ['os'], expects: 'object' },
  { steps: ['os', 'name'], expects: 'string' },
];

function fitsType(expects: Expected, value: unknown): boolean {
  switch (expects) {
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'string':
      return typeof value === 'string';
  }
}

/** A value of the wrong type for `expects`: the classic mistakes, then anything JSON. */
function wrongValue(expects: Expected): fc.Arbitrary<unknown> {
  return fc
    .oneof(fc.constantFrom<unknown>('nginx', 5, 'yes', 1.5, [], {}, true, ['a'], { name: 'x' }), fc.jsonValue({ maxDepth: 2 }))
    .filter((value) => value !== null && !fitsType(expects, value));
}

const malformed = fc
  .tuple(kind, podSpec, fc.constantFrom(...KNOWN_FIELDS))
  .chain(([podKind, spec, field]) => wrongValue(field.expects).map((value) => ({ podKind, spec, field, value })));

/** Anything JSON-shaped (or worse: undefined, NaN, -0) at an arbitrary place of a realistic spec. */
const anyPlace: fc.Arbitrary<readonly Step[]> = fc.oneof(
  fc.constantFrom(...KNOWN_FIELDS.map((field) => field.steps)),
  fc.array(fc.oneof(fc.constantFrom<Step>(...NAMES, 'securityContext', 'containers', 'spec', 'metadata', 'ports', 0, 1)), { minLength: 1, maxLength: 4 }),
);

const junkObject: fc.Arbitrary<KubeObject> = fc.oneof(
  // A pod whose spec is anything at all.
  fc.tuple(kind, fc.anything()).map(([podKind, spec]) => wrap(podKind, spec, {})),
  // A realistic spec with one subtree replaced by JSON or by anything.
  fc
    .tuple(kind, podSpecAndAnnotations, anyPlace, fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 })))
    .map(([podKind, { spec, annotations: podAnnotations }, steps, value]) => wrap(podKind, graft(spec, steps, value), podAnnotations)),
  // Metadata, templates and kinds that are not what they claim.
  fc
    .record({
      kind: fc.constantFrom<unknown>('Pod', 'Deployment', 'CronJob', 'PodTemplate', 'ReplicationController', 'Service', 7, null),
      metadata: fc.oneof(fc.constant({ name: 'x' }), fc.jsonValue({ maxDepth: 2 })),
      spec: fc.jsonValue({ maxDepth: 3 }),
      template: fc.jsonValue({ maxDepth: 3 }),
    })
    .map((object) => object as KubeObject),
);

// ---------------------------------------------------------------------------------------------

describe('Pod Security engine properties', () => {
  test(`never throws on arbitrary input: every document becomes a workload, a skip or an error (seed ${SEED})`, () => {
    assertProperty(
      fc.property(fc.array(junkObject, { minLength: 1, maxLength: 3 }), (objects) => {
        const sourced = objects.map((object, index) => ({ object, source: { file: 'junk.yaml', document: String(index + 1) } }));
        const collected = collectWorkloads(sourced);
        for (const [index] of sourced.entries()) {
          const document = String(index + 1);
          const accounted =
            collected.workloads.some((workload) => workload.source.document === document) ||
            collected.skipped.some((skip) => skip.document === document) ||
            collected.errors.some((error) => error.document === document);
          assert.ok(accounted, `document ${document} vanished`);
        }
        for (const error of collected.errors) {
          assert.equal(collected.workloads.some((workload) => workload.source.document === error.document), false, 'a document with errors must not be evaluated');
        }
        for (const workload of collected.workloads) {
          for (const level of LEVELS) {
            for (const version of VERSIONS) {
              const result = evaluate(level, version, workload.pod);
              assert.equal(result.allowed, result.violations.length === 0);
              assert.equal(typeof formatViolations(result.violations), 'string');
            }
          }
        }
      }),
      400,
    );
  });

  test(`privileged allows every pod at every version (seed ${SEED})`, () => {
    assertProperty(
      fc.property(realisticPod, ({ pod }) => {
        for (const version of VERSIONS) assert.deepEqual(evaluate('privileged', version, pod), { allowed: true, violations: [] });
      }),
      200,
    );
  });

  test(`allowed at restricted implies allowed at baseline, save upstream's Windows quirk (seed ${SEED})`, () => {
    const seen = { restrictedAllowed: 0, restrictedRejected: 0, baselineRejected: 0 };
    assertProperty(
      fc.property(realisticPod, ({ pod }) => {
        for (const version of VERSIONS) {
          const restricted = evaluate('restricted', version, pod);
          const baseline = evaluate('baseline', version, pod);
          if (!baseline.allowed) seen.baselineRejected++;
          if (!restricted.allowed) {
            seen.restrictedRejected++;
            continue;
          }
          seen.restrictedAllowed++;
          if (baseline.allowed) continue;
          // From v1.25 restricted skips Windows pods in capabilities_restricted and
          // seccompProfile_restricted, which still replace their baseline checks; upstream relies on
          // API validation rejecting Linux-only fields on Windows pods. Nothing else may differ.
          const minor = version.latest ? NEWEST : Math.min(version.minor, NEWEST);
          assert.equal(pod.spec.os?.name, 'windows', `restricted allowed, baseline rejected: ${formatViolations(baseline.violations)}`);
          assert.ok(minor >= 25);
          for (const violation of baseline.violations) assert.ok(['capabilities_baseline', 'seccompProfile_baseline'].includes(violation.check), violation.check);
        }
      }),
      300,
    );
    // The generator must make the property bite: both verdicts at restricted, and baseline failures.
    const total = seen.restrictedAllowed + seen.restrictedRejected;
    assert.ok(seen.restrictedAllowed > total / 10, `too few restricted-allowed pods: ${JSON.stringify(seen)}`);
    assert.ok(seen.baselineRejected > total / 10, `too few baseline-rejected pods: ${JSON.stringify(seen)}`);
  });

  test(`versions inside one unchanged band give identical results (seed ${SEED})`, () => {
    const bands = CHANGE_VERSIONS.map((from, index) => {
      const to = (CHANGE_VERSIONS[index + 1] ?? NEWEST + 1) - 1;
      const versions = MINORS.filter((minor) => minor >= from && minor <= to).map(versionOf);
      return to === NEWEST ? [...versions, LATEST, versionOf(99)] : versions;
    });
    assert.deepEqual(bands[1]!.map((version) => (version.latest ? 'latest' : version.minor)), [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    assertProperty(
      fc.property(realisticPod, ({ pod }) => {
        for (const level of ['baseline', 'restricted'] as const) {
          for (const band of bands) {
            const first = evaluate(level, band[0]!, pod);
            for (const version of band.slice(1)) {
              assert.deepEqual(evaluate(level, version, pod), first, `${level} ${JSON.stringify(version)} vs ${JSON.stringify(band[0])}`);
            }
          }
        }
      }),
      200,
    );
  });

  test(`a wrong type at a known field is an error at that exact path, never a workload (seed ${SEED})`, () => {
    assertProperty(
      fc.property(malformed, ({ podKind, spec, field, value }) => {
        const object = wrap(podKind, graft(spec, field.steps, value), {});
        const collected = collectWorkloads([{ object, source: { file: 'bad.yaml', document: '1' } }]);
        const path = formatSteps(SPEC_PATH[podKind], field.steps);
        assert.deepEqual(collected.workloads, [], `${path} = ${JSON.stringify(value)} must not be evaluated`);
        assert.ok(
          collected.errors.some((error) => error.field === path && error.file === 'bad.yaml' && error.document === '1'),
          `expected an error at ${path}, got ${JSON.stringify(collected.errors)}`,
        );
      }),
      400,
    );
  });

  test('the classic mistakes of the brief, as plain examples', () => {
    const cases: Array<[steps: Step[], value: unknown, path: string]> = [
      [['containers'], 'nginx', 'spec.containers'],
      [['containers', 0, 'securityContext'], 5, 'spec.containers[0].securityContext'],
      [['hostNetwork'], 'yes', 'spec.hostNetwork'],
    ];
    for (const [steps, value, path] of cases) {
      const spec = graft({ containers: [{ name: 'app', image: 'nginx' }] }, steps, value);
      const collected = collectWorkloads([{ object: wrap('Pod', spec, {}), source: { file: 'bad.yaml', document: '1' } }]);
      assert.deepEqual(collected.workloads, []);
      assert.ok(collected.errors.some((error) => error.field === path), `${path}: ${JSON.stringify(collected.errors)}`);
    }
  });
});
