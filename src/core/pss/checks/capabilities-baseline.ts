/*
 * capabilities_baseline (baseline, v1.0+)
 * Adding additional capabilities beyond the default set must be disallowed.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed values: undefined/empty, AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT. Matching is exact and
 * case-sensitive: `chown` and `CAP_CHOWN` are forbidden.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinQuote, sortedUnique } from '../messages.js';
import { visitContainers } from '../visit-containers.js';

export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

const capabilitiesBaseline_1_0: CheckPod = (_metadata, spec) => {
  const badContainers: string[] = [];
  const nonDefault: string[] = [];
  visitContainers(spec, (container) => {
    const added = container.securityContext?.capabilities?.add ?? [];
    const bad = added.filter((capability) => !BASELINE_CAPABILITIES.has(capability));
    if (bad.length > 0) {
      badContainers.push(container.name ?? '');
      nonDefault.push(...bad);
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(badContainers)} must not include ${joinQuote(sortedUnique(nonDefault))} in securityContext.capabilities.add`,
  );
};

export const capabilitiesBaseline: Check = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: capabilitiesBaseline_1_0 }],
};
