/**
 * The check registry: the invariants it refuses to break, the newest version it knows, and which
 * checks run at each (level, version) per the conformance README ("Check sets per policy version").
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistry, DEFAULT_REGISTRY } from '../../../src/core/pss/registry.js';
import { ALL_CHECKS } from '../../../src/core/pss/checks/index.js';
import { LATEST, parseVersion, versionOf } from '../../../src/core/model/policy.js';
import { ALLOWED, type Check, type CheckId, type CheckPod } from '../../../src/core/pss/types.js';

const allow: CheckPod = () => ALLOWED;

function check(id: CheckId, level: Check['level'], versions: Array<{ minimumVersion: number; overrides?: CheckId[] }>): Check {
  return { id, level, versions: versions.map((variant) => ({ ...variant, checkPod: allow })) };
}

describe('createRegistry rejects broken tables', () => {
  test('a duplicate ID', () => {
    assert.throws(
      () => createRegistry([check('privileged', 'baseline', [{ minimumVersion: 0 }]), check('privileged', 'baseline', [{ minimumVersion: 3 }])]),
      /privileged: duplicate ID/,
    );
  });

  test('two variants with the same minimum version', () => {
    assert.throws(() => createRegistry([check('sysctls', 'baseline', [{ minimumVersion: 0 }, { minimumVersion: 27 }, { minimumVersion: 27 }])]), /sysctls: versions must increase/);
  });

  test('decreasing minimum versions', () => {
    assert.throws(() => createRegistry([check('sysctls', 'baseline', [{ minimumVersion: 29 }, { minimumVersion: 27 }])]), /sysctls: versions must increase \(v1\.29 then v1\.27\)/);
  });

  test('a check with no variant', () => {
    assert.throws(() => createRegistry([check('privileged', 'baseline', [])]), /privileged: no versions/);
  });

  test('a negative or fractional minimum version', () => {
    assert.throws(() => createRegistry([check('privileged', 'baseline', [{ minimumVersion: -1 }])]), /invalid minimum version/);
    assert.throws(() => createRegistry([check('privileged', 'baseline', [{ minimumVersion: 1.5 }])]), /invalid minimum version/);
  });

  test('a baseline check that overrides', () => {
    assert.throws(
      () =>
        createRegistry([
          check('hostPathVolumes', 'baseline', [{ minimumVersion: 0 }]),
          check('hostPorts', 'baseline', [{ minimumVersion: 0, overrides: ['hostPathVolumes'] }]),
        ]),
      /hostPorts: only restricted checks may override/,
    );
  });

  test('overriding a check that is not in the table', () => {
    assert.throws(
      () => createRegistry([check('restrictedVolumes', 'restricted', [{ minimumVersion: 0, overrides: ['hostPathVolumes'] }])]),
      /restrictedVolumes: overrides unknown check hostPathVolumes/,
    );
  });

  test('overriding a restricted check', () => {
    assert.throws(
      () =>
        createRegistry([
          check('runAsUser', 'restricted', [{ minimumVersion: 23 }]),
          check('runAsNonRoot', 'restricted', [{ minimumVersion: 0 }, { minimumVersion: 35, overrides: ['runAsUser'] }]),
        ]),
      /runAsNonRoot: overrides non-baseline check runAsUser/,
    );
  });

  test('the real table is valid, and a valid small table is accepted', () => {
    assert.doesNotThrow(() => createRegistry(ALL_CHECKS));
    const small = createRegistry([
      check('hostPathVolumes', 'baseline', [{ minimumVersion: 0 }]),
      check('restrictedVolumes', 'restricted', [{ minimumVersion: 2, overrides: ['hostPathVolumes'] }]),
    ]);
    assert.equal(small.maxVersion, 2);
    assert.deepEqual(ids(small.checksFor('restricted', versionOf(1))), ['hostPathVolumes']);
    assert.deepEqual(ids(small.checksFor('restricted', versionOf(2))), ['restrictedVolumes']);
    assert.deepEqual(ids(small.checksFor('baseline', versionOf(2))), ['hostPathVolumes']);
  });
});

function ids(active: readonly { id: CheckId }[]): CheckId[] {
  return active.map((entry) => entry.id);
}

describe('versions', () => {
  test('the newest version any check knows is v1.37', () => {
    assert.equal(DEFAULT_REGISTRY.maxVersion, 37);
  });

  test('latest and anything newer resolve to v1.37; older versions resolve to themselves', () => {
    assert.equal(DEFAULT_REGISTRY.resolveMinor(LATEST), 37);
    assert.equal(DEFAULT_REGISTRY.resolveMinor(parseVersion('v1.99')!), 37);
    assert.equal(DEFAULT_REGISTRY.resolveMinor(parseVersion('v1.37')!), 37);
    assert.equal(DEFAULT_REGISTRY.resolveMinor(parseVersion('v1.30')!), 30);
    assert.equal(DEFAULT_REGISTRY.resolveMinor(parseVersion('v1.0')!), 0);
  });

  test('latest runs the same checks as v1.37 and v1.99', () => {
    for (const level of ['baseline', 'restricted'] as const) {
      const atLatest = DEFAULT_REGISTRY.checksFor(level, LATEST);
      assert.deepEqual(DEFAULT_REGISTRY.checksFor(level, versionOf(37)), atLatest);
      assert.deepEqual(DEFAULT_REGISTRY.checksFor(level, versionOf(99)), atLatest);
    }
  });

  test('an emulated older server lowers the maximum that latest resolves to', () => {
    const at30 = createRegistry(ALL_CHECKS, 30);
    assert.equal(at30.maxVersion, 30);
    assert.equal(at30.resolveMinor(LATEST), 30);
    assert.equal(at30.resolveMinor(versionOf(35)), 30);
    assert.deepEqual(ids(at30.checksFor('restricted', LATEST)), ids(DEFAULT_REGISTRY.checksFor('restricted', versionOf(30))));
  });

  test('behaviour changes exactly at v1.0, 1.8, 1.19, 1.22, 1.23, 1.25, 1.27, 1.29, 1.31, 1.32, 1.34, 1.35, 1.37', () => {
    const fromVariants = [...new Set(DEFAULT_REGISTRY.checks.flatMap((c) => c.versions.map((variant) => variant.minimumVersion)))].sort((a, b) => a - b);
    assert.deepEqual(fromVariants, [0, 8, 19, 22, 23, 25, 27, 29, 31, 32, 34, 35, 37]);

    // The same seen from the precomputed tables: a version differs from the one below it (a check
    // added, removed or swapped for another variant) exactly at those versions.
    const changes: number[] = [];
    for (let minor = 1; minor <= 40; minor++) {
      const differs = (['baseline', 'restricted'] as const).some((level) => {
        const below = DEFAULT_REGISTRY.checksFor(level, versionOf(minor - 1));
        const here = DEFAULT_REGISTRY.checksFor(level, versionOf(minor));
        return below.length !== here.length || here.some((active, index) => active.id !== below[index]!.id || active.checkPod !== below[index]!.checkPod);
      });
      if (differs) changes.push(minor);
    }
    assert.deepEqual(changes, [8, 19, 22, 23, 25, 27, 29, 31, 32, 34, 35, 37]);
  });
});

const BASELINE_1_0: CheckId[] = [
  'appArmorProfile',
  'capabilities_baseline',
  'hostNamespaces',
  'hostPathVolumes',
  'hostPorts',
  'privileged',
  'procMount',
  'seLinuxOptions',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
];
const BASELINE_1_34: CheckId[] = [
  'appArmorProfile',
  'capabilities_baseline',
  'hostNamespaces',
  'hostPathVolumes',
  'hostPorts',
  'hostProbesAndHostLifecycle',
  'privileged',
  'procMount',
  'seLinuxOptions',
  'seccompProfile_baseline',
  'sysctls',
  'windowsHostProcess',
];

/** The README's bands, written out rather than computed, so the test cannot share the engine's logic. */
const RESTRICTED_BANDS: Array<{ from: number; to: number; checks: CheckId[] }> = [
  {
    from: 0,
    to: 7,
    checks: [...BASELINE_1_0.filter((id) => id !== 'hostPathVolumes'), 'restrictedVolumes', 'runAsNonRoot'],
  },
  {
    from: 8,
    to: 18,
    checks: [...BASELINE_1_0.filter((id) => id !== 'hostPathVolumes'), 'allowPrivilegeEscalation', 'restrictedVolumes', 'runAsNonRoot'],
  },
  {
    from: 19,
    to: 21,
    checks: [
      ...BASELINE_1_0.filter((id) => id !== 'hostPathVolumes' && id !== 'seccompProfile_baseline'),
      'allowPrivilegeEscalation',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ],
  },
  {
    from: 22,
    to: 22,
    checks: [
      ...BASELINE_1_0.filter((id) => !['hostPathVolumes', 'seccompProfile_baseline', 'capabilities_baseline'].includes(id)),
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ],
  },
  {
    from: 23,
    to: 33,
    checks: [
      ...BASELINE_1_0.filter((id) => !['hostPathVolumes', 'seccompProfile_baseline', 'capabilities_baseline'].includes(id)),
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ],
  },
  {
    from: 34,
    to: 34,
    checks: [
      ...BASELINE_1_34.filter((id) => !['hostPathVolumes', 'seccompProfile_baseline', 'capabilities_baseline'].includes(id)),
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ],
  },
  {
    from: 35,
    to: 37,
    checks: [
      ...BASELINE_1_34.filter((id) => !['hostPathVolumes', 'seccompProfile_baseline', 'capabilities_baseline', 'procMount'].includes(id)),
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ],
  },
];

describe('check sets per policy version', () => {
  test('baseline v1.0–v1.33 runs checks 1–5 and 7–12; v1.34+ adds hostProbesAndHostLifecycle', () => {
    for (let minor = 0; minor <= 33; minor++) assert.deepEqual(ids(DEFAULT_REGISTRY.checksFor('baseline', versionOf(minor))), BASELINE_1_0, `v1.${minor}`);
    for (let minor = 34; minor <= 37; minor++) assert.deepEqual(ids(DEFAULT_REGISTRY.checksFor('baseline', versionOf(minor))), BASELINE_1_34, `v1.${minor}`);
    assert.deepEqual(ids(DEFAULT_REGISTRY.checksFor('baseline', LATEST)), BASELINE_1_34);
  });

  test('restricted, band by band, in canonical order', () => {
    for (const band of RESTRICTED_BANDS) {
      for (let minor = band.from; minor <= band.to; minor++) {
        assert.deepEqual(ids(DEFAULT_REGISTRY.checksFor('restricted', versionOf(minor))), band.checks, `v1.${minor}`);
      }
    }
    assert.deepEqual(ids(DEFAULT_REGISTRY.checksFor('restricted', LATEST)), RESTRICTED_BANDS.at(-1)!.checks);
  });

  test('the landmarks the README names', () => {
    const restricted = (minor: number) => ids(DEFAULT_REGISTRY.checksFor('restricted', versionOf(minor)));
    assert.ok(!restricted(7).includes('allowPrivilegeEscalation'), 'restricted v1.7 has no allowPrivilegeEscalation');
    assert.ok(restricted(8).includes('allowPrivilegeEscalation'));
    assert.ok(restricted(18).includes('seccompProfile_baseline') && !restricted(18).includes('seccompProfile_restricted'));
    assert.ok(restricted(19).includes('seccompProfile_restricted') && !restricted(19).includes('seccompProfile_baseline'));
    assert.ok(restricted(21).includes('capabilities_baseline'));
    assert.ok(!restricted(22).includes('capabilities_baseline') && restricted(22).includes('capabilities_restricted'));
    assert.ok(!restricted(22).includes('runAsUser') && restricted(23).includes('runAsUser'));
    assert.ok(!restricted(33).includes('hostProbesAndHostLifecycle') && restricted(34).includes('hostProbesAndHostLifecycle'));
    assert.ok(restricted(34).includes('procMount') && !restricted(34).includes('procMount_restricted'));
    assert.ok(restricted(35).includes('procMount_restricted') && !restricted(35).includes('procMount'));
    for (let minor = 0; minor <= 37; minor++) assert.ok(!restricted(minor).includes('hostPathVolumes'), `v1.${minor}: restrictedVolumes replaces hostPathVolumes`);
  });

  test('privileged runs no check at any version', () => {
    for (let minor = 0; minor <= 40; minor++) assert.deepEqual(DEFAULT_REGISTRY.checksFor('privileged', versionOf(minor)), []);
    assert.deepEqual(DEFAULT_REGISTRY.checksFor('privileged', LATEST), []);
  });
});
