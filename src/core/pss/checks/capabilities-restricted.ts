/*
 * capabilities_restricted (restricted, v1.22+; v1.25 exempts Windows pods)
 * Containers must drop ALL capabilities, and are only permitted to add back NET_BIND_SERVICE.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.drop
 * — must include "ALL"; ...capabilities.add — allowed: undefined/empty, "NET_BIND_SERVICE".
 * Replaces capabilities_baseline from v1.22.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinQuote, sortedUnique } from '../messages.js';
import { isWindowsPod, visitContainers } from '../visit-containers.js';

const capabilitiesRestricted_1_22: CheckPod = (_metadata, spec) => {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  visitContainers(spec, (container) => {
    const capabilities = container.securityContext?.capabilities;
    if (capabilities == null) {
      missingDropAll.push(container.name ?? '');
      return;
    }
    if (!(capabilities.drop ?? []).includes('ALL')) missingDropAll.push(container.name ?? '');
    const bad = (capabilities.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (bad.length > 0) {
      addingForbidden.push(container.name ?? '');
      forbiddenCapabilities.push(...bad);
    }
  });
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedUnique(forbiddenCapabilities))} in securityContext.capabilities.add`,
    );
  }
  return details.length === 0 ? ALLOWED : forbidden('unrestricted capabilities', details.join('; '));
};

const capabilitiesRestricted_1_25: CheckPod = (metadata, spec) =>
  isWindowsPod(spec) ? ALLOWED : capabilitiesRestricted_1_22(metadata, spec);

export const capabilitiesRestricted: Check = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 22, checkPod: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
    { minimumVersion: 25, checkPod: capabilitiesRestricted_1_25, overrides: ['capabilities_baseline'] },
  ],
};
