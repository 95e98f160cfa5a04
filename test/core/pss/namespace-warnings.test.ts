/**
 * The warnings of a namespace enforce-label change, line for line as the API server returns them
 * (admission.go `EvaluatePodsInNamespace`), from pods evaluated by the real engine.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod } from '../../../src/core/pss/evaluate.js';
import {
  controllerUidOf,
  NAMESPACE_MAX_PODS_TO_CHECK,
  predictEnforceWarnings,
  serverWillEvaluatePods,
  type EnforceWarningOptions,
  type ExistingPod,
} from '../../../src/core/pss/namespace-warnings.js';
import { LATEST, versionOf, type Level, type LevelVersion, type PolicyVersion } from '../../../src/core/model/policy.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

const RESTRICTED: LevelVersion = { level: 'restricted', version: LATEST };
const BASELINE: LevelVersion = { level: 'baseline', version: LATEST };

/** A plain container: passes baseline, fails restricted on four checks. */
const PLAIN = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
/** Fails baseline on two checks, restricted on six. */
const PRIVILEGED_HOST = { hostNetwork: true, containers: [{ name: 'agent', image: 'agent:1', securityContext: { privileged: true } }] };
/** Passes restricted. */
const HARDENED = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};
/** Fails restricted on one check only. */
const ROOT_ALLOWED = {
  securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
  containers: [{ name: 'app', image: 'app:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
};

const PLAIN_RESTRICTED_REASONS = 'allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile';
const PRIVILEGED_HOST_RESTRICTED_REASONS = `host namespaces, privileged, ${PLAIN_RESTRICTED_REASONS}`;

interface PodInput {
  readonly name: string;
  readonly spec: Record<string, unknown>;
  /** The uid of a controlling ReplicaSet (not in the input, so the pod is evaluated itself). */
  readonly controller?: string;
  readonly exempt?: boolean;
}

function podObject({ name, spec, controller }: PodInput): KubeObject {
  const ownerReferences = controller ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${controller}`, uid: controller, controller: true }] : undefined;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', ...(ownerReferences ? { ownerReferences } : {}) }, spec };
}

/** Pods as the server would list them, evaluated by the engine at `policy`. */
function existingPods(policy: LevelVersion, inputs: readonly PodInput[]): ExistingPod[] {
  const collected = collectWorkloads(inputs.map((input, index) => ({ object: podObject(input), source: { file: 'pods.yaml', document: String(index + 1) } })));
  assert.deepEqual(collected.errors, []);
  assert.equal(collected.workloads.length, inputs.length);
  return collected.workloads.map((workload, index) => ({
    name: workload.ref.name,
    violations: evaluatePod(policy, workload.pod).violations,
    exempt: inputs[index]?.exempt,
    controllerUid: controllerUidOf(workload.object.metadata),
  }));
}

function header(namespace: string, levelVersion: string): string {
  return `existing pods in namespace "${namespace}" violate the new PodSecurity enforce level "${levelVersion}"`;
}

function truncated(checked: number, total: number): string {
  return `new PodSecurity enforce level only checked against the first ${checked} of ${total} existing pods`;
}

interface Case {
  readonly name: string;
  readonly policy: LevelVersion;
  readonly pods: readonly PodInput[];
  readonly options?: EnforceWarningOptions;
  readonly expected: readonly string[];
}

function names(prefix: string, count: number, width = 4): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(width, '0')}`);
}

const CASES: Case[] = [
  { name: 'no pods', policy: RESTRICTED, pods: [], expected: [] },
  {
    name: 'only compliant pods',
    policy: RESTRICTED,
    pods: [
      { name: 'api', spec: HARDENED },
      { name: 'web', spec: HARDENED },
    ],
    expected: [],
  },
  {
    name: 'a group of one: `<pod>: <reasons>`, no details',
    policy: RESTRICTED,
    pods: [
      { name: 'web', spec: PLAIN },
      { name: 'api', spec: HARDENED },
    ],
    expected: [header('shop', 'restricted:latest'), `web: ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'a group of two names the lexically smallest pod, even when listed last',
    policy: RESTRICTED,
    pods: [
      { name: 'web-b', spec: PLAIN },
      { name: 'web-a', spec: PLAIN },
    ],
    expected: [header('shop', 'restricted:latest'), `web-a (and 1 other pod): ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'a group of three or more; byte order, so web-10 sorts before web-9',
    policy: RESTRICTED,
    pods: [
      { name: 'web-9', spec: PLAIN },
      { name: 'web-10', spec: PLAIN },
      { name: 'web-2', spec: PLAIN },
      { name: 'web-11', spec: PLAIN },
    ],
    expected: [header('shop', 'restricted:latest'), `web-10 (and 3 other pods): ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'one line per distinct reason list, lines sorted (by pod name first, as they start with it)',
    policy: RESTRICTED,
    pods: [
      { name: 'zz-plain', spec: PLAIN },
      { name: 'node-agent', spec: PRIVILEGED_HOST },
      { name: 'batch-root', spec: ROOT_ALLOWED },
      { name: 'aa-plain', spec: PLAIN },
      { name: 'ok', spec: HARDENED },
      { name: 'mm-plain', spec: PLAIN },
    ],
    expected: [
      header('shop', 'restricted:latest'),
      `aa-plain (and 2 other pods): ${PLAIN_RESTRICTED_REASONS}`,
      'batch-root: runAsNonRoot != true',
      `node-agent: ${PRIVILEGED_HOST_RESTRICTED_REASONS}`,
    ],
  },
  {
    name: 'baseline: only the baseline reasons, in check order',
    policy: BASELINE,
    pods: [
      { name: 'node-agent', spec: PRIVILEGED_HOST },
      { name: 'web', spec: PLAIN },
    ],
    expected: [header('shop', 'baseline:latest'), 'node-agent: host namespaces, privileged'],
  },
  {
    name: 'the header prints the label value, not the clamped version',
    policy: { level: 'restricted', version: versionOf(99) },
    pods: [{ name: 'web', spec: PLAIN }],
    expected: [header('shop', 'restricted:v1.99'), `web: ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'exempt pods are skipped',
    policy: RESTRICTED,
    pods: [
      { name: 'a-exempt', spec: PLAIN, exempt: true },
      { name: 'b-plain', spec: PLAIN },
      { name: 'c-agent', spec: PRIVILEGED_HOST, exempt: true },
    ],
    expected: [header('shop', 'restricted:latest'), `b-plain: ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'only exempt pods violate: nothing to say',
    policy: RESTRICTED,
    pods: [
      { name: 'agent', spec: PRIVILEGED_HOST, exempt: true },
      { name: 'ok', spec: HARDENED },
    ],
    expected: [],
  },
  {
    name: `more than ${NAMESPACE_MAX_PODS_TO_CHECK} pods: the truncation line comes first; the last listed pod is not checked`,
    policy: RESTRICTED,
    pods: [
      ...names('web-', NAMESPACE_MAX_PODS_TO_CHECK).map((name) => ({ name, spec: PLAIN })),
      { name: 'agent-unchecked', spec: PRIVILEGED_HOST },
    ],
    expected: [
      truncated(NAMESPACE_MAX_PODS_TO_CHECK, NAMESPACE_MAX_PODS_TO_CHECK + 1),
      header('shop', 'restricted:latest'),
      `web-0000 (and ${NAMESPACE_MAX_PODS_TO_CHECK - 1} other pods): ${PLAIN_RESTRICTED_REASONS}`,
    ],
  },
  {
    name: 'the truncation line stands alone when no checked pod violates',
    policy: RESTRICTED,
    pods: [
      ...names('ok-', NAMESPACE_MAX_PODS_TO_CHECK).map((name) => ({ name, spec: HARDENED })),
      { name: 'zz-unchecked', spec: PLAIN },
      { name: 'zz-unchecked-too', spec: PLAIN },
    ],
    expected: [truncated(NAMESPACE_MAX_PODS_TO_CHECK, NAMESPACE_MAX_PODS_TO_CHECK + 2)],
  },
  {
    name: 'exempt pods neither use up the limit nor count in the total',
    policy: RESTRICTED,
    pods: [
      ...names('exempt-', 5).map((name) => ({ name, spec: PRIVILEGED_HOST, exempt: true })),
      ...names('web-', NAMESPACE_MAX_PODS_TO_CHECK).map((name) => ({ name, spec: PLAIN })),
    ],
    expected: [header('shop', 'restricted:latest'), `web-0000 (and ${NAMESPACE_MAX_PODS_TO_CHECK - 1} other pods): ${PLAIN_RESTRICTED_REASONS}`],
  },
  {
    name: 'one pod per controller goes first: a pod listed after 3,000 replicas is still checked',
    policy: RESTRICTED,
    pods: [
      ...names('web-', NAMESPACE_MAX_PODS_TO_CHECK).map((name) => ({ name, spec: PLAIN, controller: 'uid-web' })),
      { name: 'agent', spec: PRIVILEGED_HOST },
    ],
    expected: [
      truncated(NAMESPACE_MAX_PODS_TO_CHECK, NAMESPACE_MAX_PODS_TO_CHECK + 1),
      header('shop', 'restricted:latest'),
      `agent: ${PRIVILEGED_HOST_RESTRICTED_REASONS}`,
      `web-0000 (and ${NAMESPACE_MAX_PODS_TO_CHECK - 2} other pods): ${PLAIN_RESTRICTED_REASONS}`,
    ],
  },
  {
    // Upstream's own "prioritized pods" case (admission_test.go), with its limit of 4.
    name: 'upstream "prioritized pods": exempt pods dropped, one replica per controller, then unique pods',
    policy: RESTRICTED,
    options: { maxPodsToCheck: 4 },
    pods: [
      ...names('exemptpod', 4, 1).map((name) => ({ name, spec: PRIVILEGED_HOST, exempt: true })),
      ...['replicaset1pod1', 'replicaset1pod2', 'replicaset1pod3', 'replicaset1pod4'].map((name) => ({ name, spec: PLAIN, controller: '1' })),
      ...['replicaset2pod1', 'replicaset2pod2', 'replicaset2pod3', 'replicaset2pod4'].map((name) => ({ name, spec: ROOT_ALLOWED, controller: '2' })),
      { name: 'uniquepod1', spec: PRIVILEGED_HOST },
      { name: 'uniquepod2', spec: { ...PRIVILEGED_HOST, hostNetwork: false } },
      { name: 'uniquepod3', spec: HARDENED },
      { name: 'uniquepod4', spec: PLAIN },
    ],
    expected: [
      truncated(4, 12),
      header('shop', 'restricted:latest'),
      `replicaset1pod1: ${PLAIN_RESTRICTED_REASONS}`,
      'replicaset2pod1: runAsNonRoot != true',
      `uniquepod1: ${PRIVILEGED_HOST_RESTRICTED_REASONS}`,
      `uniquepod2: privileged, ${PLAIN_RESTRICTED_REASONS}`,
    ],
  },
];

describe('predictEnforceWarnings', () => {
  for (const testCase of CASES) {
    test(testCase.name, () => {
      const pods = existingPods(testCase.policy, testCase.pods);
      assert.deepEqual(predictEnforceWarnings('shop', testCase.policy, pods, testCase.options), testCase.expected);
    });
  }

  test('reasons repeat as the engine reports them and an empty reason reads as upstream prints it', () => {
    const pods: ExistingPod[] = [
      {
        name: 'odd',
        violations: [
          { check: 'privileged', reason: 'privileged', detail: 'container "a" must not set securityContext.privileged=true' },
          { check: 'sysctls', reason: '', detail: 'x' },
          { check: 'privileged', reason: 'privileged', detail: '' },
        ],
      },
    ];
    assert.deepEqual(predictEnforceWarnings('ns', BASELINE, pods), [header('ns', 'baseline:latest'), 'odd: privileged, unknown forbidden reason, privileged']);
  });

  test('the namespace is quoted as Go %q does', () => {
    const pods: ExistingPod[] = [{ name: 'p', violations: [{ check: 'privileged', reason: 'privileged', detail: '' }] }];
    assert.equal(predictEnforceWarnings('a"b', BASELINE, pods)[0], 'existing pods in namespace "a\\"b" violate the new PodSecurity enforce level "baseline:latest"');
  });
});

describe('controllerUidOf', () => {
  const cases: [string, unknown, string | undefined][] = [
    ['no metadata', undefined, undefined],
    ['no owner references', { name: 'p' }, undefined],
    ['owner references not a list', { ownerReferences: { uid: 'x' } }, undefined],
    ['only a non-controller owner', { ownerReferences: [{ uid: 'a', controller: false }, { uid: 'b' }] }, undefined],
    ['the first controller reference', { ownerReferences: [{ uid: 'a' }, 'junk', { uid: 'b', controller: true }, { uid: 'c', controller: true }] }, 'b'],
    ['a controller reference without uid', { ownerReferences: [{ kind: 'ReplicaSet', controller: true }] }, ''],
    ['controller must be the boolean true', { ownerReferences: [{ uid: 'a', controller: 'true' }] }, undefined],
  ];
  for (const [name, metadata, expected] of cases) test(name, () => assert.equal(controllerUidOf(metadata), expected));
});

describe('serverWillEvaluatePods', () => {
  const at = (level: Level, version: PolicyVersion = LATEST): LevelVersion => ({ level, version });
  const cases: [string, LevelVersion, LevelVersion, boolean, boolean][] = [
    ['unchanged', at('baseline'), at('baseline'), false, false],
    ['unchanged explicit version', at('restricted', versionOf(30)), at('restricted', versionOf(30)), false, false],
    ['stricter level, same version', at('baseline'), at('restricted'), false, true],
    ['from privileged to baseline', at('privileged'), at('baseline'), false, true],
    ['relaxed level, same version', at('restricted'), at('baseline'), false, false],
    ['relaxed level, explicit same version', at('restricted', versionOf(0)), at('baseline', versionOf(0)), false, false],
    ['to privileged', at('restricted', versionOf(0)), at('privileged'), false, false],
    ['privileged at another version', at('privileged'), at('privileged', versionOf(30)), false, false],
    ['same level, version changed', at('restricted', versionOf(25)), at('restricted', versionOf(30)), false, true],
    ['latest and v1.N are different versions', at('baseline', versionOf(37)), at('baseline'), false, true],
    ['relaxed level but version changed', at('restricted', versionOf(0)), at('baseline'), false, true],
    ['exempt namespace', at('baseline'), at('restricted'), true, false],
  ];
  for (const [name, oldPolicy, newPolicy, exempt, expected] of cases) {
    test(name, () => assert.equal(serverWillEvaluatePods(oldPolicy, newPolicy, exempt), expected));
  }
});
