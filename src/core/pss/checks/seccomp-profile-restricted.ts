/*
 * seccompProfile_restricted (restricted, v1.19+; v1.25 exempts Windows pods)
 * Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed.
 *
 * Restricted fields: spec.securityContext.seccompProfile.type and each container's — allowed:
 * 'RuntimeDefault', 'Localhost'. Container-level fields may be undefined if the pod-level field is
 * set to an allowed value. Replaces seccompProfile_baseline from v1.19.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinQuote, sortedUnique } from '../messages.js';
import { isWindowsPod, visitContainers } from '../visit-containers.js';
import { validSeccompType } from './seccomp-profile-baseline.js';

const seccompProfileRestricted_1_19: CheckPod = (_metadata, spec) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  let podSet = false;
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null) {
    if (validSeccompType(podProfile.type)) podSet = true;
    else {
      setters.push('pod');
      badValues.push(podProfile.type ?? '');
    }
  }
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (container) => {
    const profile = container.securityContext?.seccompProfile;
    if (profile != null) {
      if (!validSeccompType(profile.type)) {
        explicitlyBad.push(container.name ?? '');
        badValues.push(profile.type ?? '');
      }
    } else if (!podSet) {
      implicitlyBad.push(container.name ?? '');
    }
  });
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    return forbidden(
      'seccompProfile',
      `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
    );
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'seccompProfile',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  }
  return ALLOWED;
};

const seccompProfileRestricted_1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? ALLOWED : seccompProfileRestricted_1_19(metadata, spec);

export const seccompProfileRestricted: Check = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 19, checkPod: seccompProfileRestricted_1_19, overrides: ['seccompProfile_baseline'] },
    { minimumVersion: 25, checkPod: seccompProfileRestricted_1_25, overrides: ['seccompProfile_baseline'] },
  ],
};
