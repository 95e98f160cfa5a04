/*
 * procMount (baseline, v1.0+; v1.35 relaxes it for user-namespaced pods)
 * The default /proc masks are set up to reduce attack surface, and should be required.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
 * — allowed: undefined, "Default". From v1.35 any value is allowed when spec.hostUsers is explicitly
 * false (the restricted level replaces this check with procMount_restricted, which is never relaxed).
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinQuote, sortedUnique } from '../messages.js';
import { isUserNamespacePod, visitContainers } from '../visit-containers.js';

/** Shared with procMount_restricted, whose rule is the strict one at every version. */
export const procMountStrict: CheckPod = (_metadata, spec) => {
  const badContainers: string[] = [];
  const badTypes: string[] = [];
  visitContainers(spec, (container) => {
    const procMount = container.securityContext?.procMount;
    if (procMount != null && procMount !== 'Default') {
      badContainers.push(container.name ?? '');
      badTypes.push(procMount);
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'procMount',
    `${containersPhrase(badContainers)} must not set securityContext.procMount to ${joinQuote(sortedUnique(badTypes))}`,
  );
};

const procMount_1_35: CheckPod = (metadata, spec) =>
  isUserNamespacePod(spec) ? ALLOWED : procMountStrict(metadata, spec);

export const procMount: Check = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, checkPod: procMountStrict },
    { minimumVersion: 35, checkPod: procMount_1_35 },
  ],
};
