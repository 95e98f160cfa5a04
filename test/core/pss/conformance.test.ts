/**
 * Every Pod Security Admission fixture of k8s.io/pod-security-admission (../shared/conformance/pss),
 * evaluated by kube-harden's engine exactly as the upstream harness does: pass fixtures are allowed
 * with no violation; fail fixtures are rejected with the upstream substring for their generator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { collectWorkloads } from '../../../src/core/extract/collect-workloads.js';
import { evaluatePod, formatViolations } from '../../../src/core/pss/evaluate.js';
import { parseLevel, parseVersion } from '../../../src/core/model/policy.js';
import type { KubeObject } from '../../../src/core/model/kube.js';

const ROOT = '../shared/conformance/pss';

/** Upstream's expected substrings, per generator (README section 2). */
const EXPECTED_SUBSTRING: Record<string, string> = {
  allowPrivilegeEscalation: 'allowPrivilegeEscalation',
  appArmorProfile: 'forbidden AppArmor profile',
  capabilities_baseline: 'capabilities',
  capabilities_restricted: 'unrestricted capabilities',
  hostNamespaces: 'host namespaces',
  hostPathVolumes: 'hostPath',
  hostPorts: 'hostPort',
  hostProbesAndHostLifecycle: 'probe or lifecycle host',
  privileged: 'privileged',
  procMount: 'procMount',
  procMount_restricted: 'procMount',
  restrictedVolumes: 'restricted volume types',
  runAsNonRoot: 'runAsNonRoot',
  runAsUser: 'runAsUser',
  seLinuxOptions: 'seLinuxOptions',
  seccompProfile_baseline: 'seccompProfile',
  seccompProfile_restricted: 'seccompProfile',
  sysctls: 'forbidden sysctl',
  windowsHostProcess: 'hostProcess',
};

const rows = readFileSync(join(ROOT, 'expected.tsv'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [path, level, version, expected, check] = line.split('\t') as [string, string, string, string, string];
    return { path, level: parseLevel(level)!, version: parseVersion(version)!, expected, check };
  });

test('the fixture index lists all 4,537 fixtures', () => {
  assert.equal(rows.length, 4537);
  assert.equal(rows.filter((row) => row.expected === 'pass').length, 1051);
});

test('every upstream fixture gets the upstream verdict', () => {
  const failures: string[] = [];
  let checked = 0;
  for (const row of rows) {
    const object = load(readFileSync(join(ROOT, row.path), 'utf8')) as KubeObject;
    // Renamed before evaluation, so that nothing can key on the fixture's name.
    object.metadata = { ...object.metadata, name: 'conformance-pod' };
    const collected = collectWorkloads([{ object, source: { file: row.path, document: '1' } }]);
    if (collected.errors.length > 0 || collected.workloads.length !== 1) {
      failures.push(`${row.path}: not read as one workload: ${JSON.stringify(collected.errors)}`);
      continue;
    }
    const result = evaluatePod({ level: row.level, version: row.version }, collected.workloads[0]!.pod);
    const message = formatViolations(result.violations);
    checked++;
    if (row.expected === 'pass') {
      if (!result.allowed || result.violations.length > 0) failures.push(`${row.path}: expected pass, got: ${message}`);
    } else {
      const substring = EXPECTED_SUBSTRING[row.check];
      if (result.allowed) failures.push(`${row.path}: expected fail, was allowed`);
      else if (!substring || !message.includes(substring)) failures.push(`${row.path}: message lacks "${substring}": ${message}`);
    }
  }
  assert.equal(checked, rows.length);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} fixtures disagree`);
});

/** The check that reports for a generator at restricted, after upstream's overrides (README section 2). */
function reportingCheck(check: string, level: string, minor: number): string {
  if (level !== 'restricted') return check;
  if (check === 'hostPathVolumes') return 'restrictedVolumes';
  if (check === 'capabilities_baseline' && minor >= 22) return 'capabilities_restricted';
  if (check === 'seccompProfile_baseline' && minor >= 19) return 'seccompProfile_restricted';
  if (check === 'procMount' && minor >= 35) return 'procMount_restricted';
  return check;
}

test('fail fixtures report exactly their generator check, its restricted override, or the documented extras', () => {
  let exact = 0;
  let substituted = 0;
  let extra = 0;
  const surprises: string[] = [];
  for (const row of rows.filter((r) => r.expected === 'fail')) {
    const object = load(readFileSync(join(ROOT, row.path), 'utf8')) as KubeObject;
    const pod = collectWorkloads([{ object, source: { file: row.path, document: '1' } }]).workloads[0]!.pod;
    const reported = evaluatePod({ level: row.level, version: row.version }, pod).violations.map((v) => v.check as string);
    const minor = row.version.latest ? Infinity : row.version.minor;
    const expected = reportingCheck(row.check, row.level, minor);
    const stem = row.path.split('/').pop()!;
    if (reported.length === 1 && reported[0] === row.check) exact++;
    else if (reported.length === 1 && reported[0] === expected) substituted++;
    else if (
      reported.length === 2 &&
      reported.includes(expected) &&
      ((row.check === 'windowsHostProcess' && reported.includes('hostNamespaces')) ||
        (stem.startsWith('privileged') && row.level === 'restricted' && reported.includes('allowPrivilegeEscalation')) ||
        (stem === 'allowprivilegeescalation3.yaml' && reported.includes('capabilities_restricted')))
    ) {
      extra++;
    } else surprises.push(`${row.path}: ${reported.join(', ')}`);
  }
  assert.deepEqual(surprises, []);
  assert.deepEqual({ exact, substituted, extra }, { exact: 3055, substituted: 203, extra: 228 });
});
