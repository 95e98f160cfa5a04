/*
 * procMount_restricted (restricted, v1.35+)
 * The default /proc masks are required, even for user-namespaced pods (spec.hostUsers: false).
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].securityContext.procMount
 * — allowed: undefined, "Default". Replaces procMount (whose v1.35 variant relaxes it) at restricted.
 */
import type { Check } from '../types.js';
import { procMountStrict } from './proc-mount.js';

export const procMountRestricted: Check = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: 35, checkPod: procMountStrict, overrides: ['procMount'] }],
};
