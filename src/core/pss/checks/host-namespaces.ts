/*
 * hostNamespaces (baseline, v1.0+)
 * Sharing the host namespaces must be disallowed.
 *
 * Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC — allowed: undefined, false.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';

const hostNamespaces_1_0: CheckPod = (_metadata, spec) => {
  const shared: string[] = [];
  if (spec.hostNetwork === true) shared.push('hostNetwork=true');
  if (spec.hostPID === true) shared.push('hostPID=true');
  if (spec.hostIPC === true) shared.push('hostIPC=true');
  return shared.length === 0 ? ALLOWED : forbidden('host namespaces', shared.join(', '));
};

export const hostNamespaces: Check = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: hostNamespaces_1_0 }],
};
