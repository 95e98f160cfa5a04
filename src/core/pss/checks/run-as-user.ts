/*
 * runAsUser (restricted, v1.23+; v1.35 skips user-namespaced pods)
 * Containers must not set runAsUser to 0.
 *
 * Restricted fields: spec.securityContext.runAsUser and each container's — allowed: any non-zero
 * value, undefined. An explicit pod-level 0 is a violation even when every container overrides it.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { joinSetters } from '../messages.js';
import { containersWhere, isUserNamespacePod } from '../visit-containers.js';

const runAsUser_1_23: CheckPod = (_metadata, spec) => {
  const badContainers = containersWhere(spec, (container) => container.securityContext?.runAsUser === 0);
  const setters = joinSetters(spec.securityContext?.runAsUser === 0, badContainers);
  return setters === undefined ? ALLOWED : forbidden('runAsUser=0', `${setters} must not set runAsUser=0`);
};

const runAsUser_1_35: CheckPod = (metadata, spec) => (isUserNamespacePod(spec) ? ALLOWED : runAsUser_1_23(metadata, spec));

export const runAsUser: Check = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: 23, checkPod: runAsUser_1_23 },
    { minimumVersion: 35, checkPod: runAsUser_1_35 },
  ],
};
