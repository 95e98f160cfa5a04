/*
 * privileged (baseline, v1.0+)
 * Privileged Pods disable most security mechanisms and must be disallowed.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.privileged
 * — allowed: undefined, false. There is no pod-level field.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase } from '../messages.js';
import { containersWhere } from '../visit-containers.js';

const privileged_1_0: CheckPod = (_metadata, spec) => {
  const bad = containersWhere(spec, (container) => container.securityContext?.privileged === true);
  if (bad.length === 0) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`);
};

export const privileged: Check = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: privileged_1_0 }],
};
