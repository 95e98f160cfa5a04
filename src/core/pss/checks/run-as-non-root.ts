/*
 * runAsNonRoot (restricted, v1.0+; v1.35 skips user-namespaced pods)
 * Containers must be required to run as non-root users.
 *
 * Restricted fields: spec.securityContext.runAsNonRoot and each container's — allowed: true.
 * Container-level fields may be undefined if the pod-level field is true. runAsUser is not
 * consulted. From v1.35 the check is skipped when spec.hostUsers is explicitly false.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinSetters } from '../messages.js';
import { isUserNamespacePod, visitContainers } from '../visit-containers.js';

const runAsNonRoot_1_0: CheckPod = (_metadata, spec) => {
  const podValue = spec.securityContext?.runAsNonRoot;
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  visitContainers(spec, (container) => {
    const value = container.securityContext?.runAsNonRoot;
    if (value != null) {
      if (value === false) explicitlyBad.push(container.name ?? '');
    } else if (podValue !== true) {
      implicitlyBad.push(container.name ?? '');
    }
  });
  const setters = joinSetters(podValue === false, explicitlyBad);
  if (setters !== undefined) {
    return forbidden('runAsNonRoot != true', `${setters} must not set securityContext.runAsNonRoot=false`);
  }
  if (implicitlyBad.length > 0) {
    return forbidden('runAsNonRoot != true', `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`);
  }
  return ALLOWED;
};

const runAsNonRoot_1_35: CheckPod = (metadata, spec) =>
  isUserNamespacePod(spec) ? ALLOWED : runAsNonRoot_1_0(metadata, spec);

export const runAsNonRoot: Check = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumVersion: 0, checkPod: runAsNonRoot_1_0 },
    { minimumVersion: 35, checkPod: runAsNonRoot_1_35 },
  ],
};
