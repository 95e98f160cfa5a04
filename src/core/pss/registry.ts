import type { Level, PolicyVersion } from '../model/policy.js';
import type { Check, CheckId, CheckPod } from './types.js';
import { ALL_CHECKS } from './checks/index.js';
import { compareStrings } from './messages.js';

/** One check as it runs at one (level, version): its ID and the variant selected for that version. */
export interface ActiveCheck {
  readonly id: CheckId;
  readonly checkPod: CheckPod;
}

export interface Registry {
  /** The newest policy version any check knows: `latest` and larger versions evaluate here. */
  readonly maxVersion: number;
  readonly checks: readonly Check[];
  /** The checks that run at `level` and `version`, in canonical order (empty for privileged). */
  checksFor(level: Level, version: PolicyVersion): readonly ActiveCheck[];
  /** The minor a version evaluates at: `latest` and anything newer clamp to `maxVersion`. */
  resolveMinor(version: PolicyVersion): number;
}

/**
 * Validates the invariants upstream's registry enforces (unique IDs, strictly increasing versions,
 * only restricted checks override, and only baseline checks that exist), then precomputes the
 * ordered check list for every (level, minor) so evaluation does no work but running checks.
 * Throws on a broken table: that is a bug in kube-harden, caught by the tests at load.
 */
export function createRegistry(checks: readonly Check[] = ALL_CHECKS, maxVersionLimit?: number): Registry {
  const byId = new Map<CheckId, Check>();
  for (const check of checks) {
    if (byId.has(check.id)) throw new Error(`check ${check.id}: duplicate ID`);
    byId.set(check.id, check);
    if (check.versions.length === 0) throw new Error(`check ${check.id}: no versions`);
    check.versions.forEach((variant, index) => {
      if (!Number.isInteger(variant.minimumVersion) || variant.minimumVersion < 0) {
        throw new Error(`check ${check.id}: invalid minimum version ${variant.minimumVersion}`);
      }
      const previous = check.versions[index - 1];
      if (previous && variant.minimumVersion <= previous.minimumVersion) {
        throw new Error(`check ${check.id}: versions must increase (v1.${previous.minimumVersion} then v1.${variant.minimumVersion})`);
      }
      if (variant.overrides?.length && check.level !== 'restricted') {
        throw new Error(`check ${check.id}: only restricted checks may override`);
      }
    });
  }
  for (const check of checks) {
    for (const variant of check.versions) {
      for (const overridden of variant.overrides ?? []) {
        const target = byId.get(overridden);
        if (!target) throw new Error(`check ${check.id}: overrides unknown check ${overridden}`);
        if (target.level !== 'baseline') throw new Error(`check ${check.id}: overrides non-baseline check ${overridden}`);
      }
    }
  }

  let maxVersion = Math.max(...checks.flatMap((check) => check.versions.map((variant) => variant.minimumVersion)));
  // An older emulated server lowers the maximum, as kube-apiserver's emulation version does.
  if (maxVersionLimit !== undefined) maxVersion = Math.min(maxVersion, maxVersionLimit);

  const byLevel = (level: 'baseline' | 'restricted'): Check[] =>
    checks.filter((check) => check.level === level).sort((a, b) => compareStrings(a.id, b.id));
  const baselineChecks = byLevel('baseline');
  const restrictedChecks = byLevel('restricted');

  const variantAt = (check: Check, minor: number) => {
    let selected;
    for (const variant of check.versions) if (variant.minimumVersion <= minor) selected = variant;
    return selected;
  };

  const baselineTable: ActiveCheck[][] = [];
  const restrictedTable: ActiveCheck[][] = [];
  for (let minor = 0; minor <= maxVersion; minor++) {
    const baseline: ActiveCheck[] = [];
    for (const check of baselineChecks) {
      const variant = variantAt(check, minor);
      if (variant) baseline.push({ id: check.id, checkPod: variant.checkPod });
    }
    const restricted: ActiveCheck[] = [];
    const overridden = new Set<CheckId>();
    for (const check of restrictedChecks) {
      const variant = variantAt(check, minor);
      if (!variant) continue;
      restricted.push({ id: check.id, checkPod: variant.checkPod });
      for (const id of variant.overrides ?? []) overridden.add(id);
    }
    baselineTable.push(baseline);
    restrictedTable.push([...baseline.filter((active) => !overridden.has(active.id)), ...restricted]);
  }

  const resolveMinor = (version: PolicyVersion): number => (version.latest ? maxVersion : Math.min(version.minor, maxVersion));

  return {
    maxVersion,
    checks,
    resolveMinor,
    checksFor(level, version) {
      if (level === 'privileged') return [];
      const minor = resolveMinor(version);
      return (level === 'baseline' ? baselineTable : restrictedTable)[minor]!;
    },
  };
}

export const DEFAULT_REGISTRY: Registry = createRegistry();
