/*
 * hostPathVolumes (baseline, v1.0+)
 * HostPath volumes must be forbidden.
 *
 * Restricted fields: spec.volumes[*].hostPath — allowed: undefined/null.
 * At restricted, restrictedVolumes replaces this check (and also forbids hostPath).
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { joinQuote, pluralize } from '../messages.js';

const hostPathVolumes_1_0: CheckPod = (_metadata, spec) => {
  const names = (spec.volumes ?? []).filter((volume) => volume.hostPath != null).map((volume) => volume.name ?? '');
  if (names.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`);
};

export const hostPathVolumes: Check = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: hostPathVolumes_1_0 }],
};
