/*
 * allowPrivilegeEscalation (restricted, v1.8+; v1.25 exempts Windows pods)
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
 * Allowed values: false (it must be set explicitly).
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase } from '../messages.js';
import { containersWhere, isWindowsPod } from '../visit-containers.js';

const allowPrivilegeEscalation_1_8: CheckPod = (_metadata, spec) => {
  const bad = containersWhere(spec, (container) => container.securityContext?.allowPrivilegeEscalation !== false);
  if (bad.length === 0) return ALLOWED;
  return forbidden('allowPrivilegeEscalation != false', `${containersPhrase(bad)} must set securityContext.allowPrivilegeEscalation=false`);
};

const allowPrivilegeEscalation_1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? ALLOWED : allowPrivilegeEscalation_1_8(metadata, spec);

export const allowPrivilegeEscalation: Check = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumVersion: 8, checkPod: allowPrivilegeEscalation_1_8 },
    { minimumVersion: 25, checkPod: allowPrivilegeEscalation_1_25 },
  ],
};
