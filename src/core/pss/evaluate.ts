import type { PodTemplate } from '../model/kube.js';
import { formatLevelVersion, type LevelVersion } from '../model/policy.js';
import type { CheckId } from './types.js';
import { DEFAULT_REGISTRY, type Registry } from './registry.js';

export interface Violation {
  readonly check: CheckId;
  readonly reason: string;
  readonly detail: string;
}

export interface Evaluation {
  readonly allowed: boolean;
  /** In canonical check order, as Kubernetes reports them. */
  readonly violations: readonly Violation[];
}

const ALLOWED_EVALUATION: Evaluation = Object.freeze({ allowed: true, violations: Object.freeze([]) as readonly Violation[] });
const EMPTY_META = Object.freeze({});

/**
 * Would Pod Security Admission accept this pod (or pod template) at this level and version?
 * `pod` must already carry the API-server defaults and have passed the shape validation
 * (`extract/`), as the checks rely on field types.
 */
export function evaluatePod(policy: LevelVersion, pod: PodTemplate, registry: Registry = DEFAULT_REGISTRY): Evaluation {
  const checks = registry.checksFor(policy.level, policy.version);
  if (checks.length === 0) return ALLOWED_EVALUATION;
  const metadata = pod.metadata ?? EMPTY_META;
  let violations: Violation[] | undefined;
  for (const check of checks) {
    const result = check.checkPod(metadata, pod.spec);
    if (!result.allowed) (violations ??= []).push({ check: check.id, reason: result.reason, detail: result.detail });
  }
  return violations ? { allowed: false, violations } : ALLOWED_EVALUATION;
}

/** `reason (detail), reason`: the aggregate text Kubernetes builds from the violations. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map(({ reason, detail }) => (detail ? `${reason} (${detail})` : reason)).join(', ');
}

/** The warning kubectl prints: `would violate PodSecurity "restricted:latest": …`. */
export function formatWarning(policy: LevelVersion, violations: readonly Violation[]): string {
  return `would violate PodSecurity "${formatLevelVersion(policy)}": ${formatViolations(violations)}`;
}

