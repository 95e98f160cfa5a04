/*
 * hostPorts (baseline, v1.0+)
 * HostPort ports must be forbidden.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].ports[*].hostPort —
 * allowed: undefined, 0. Ports in the message are de-duplicated and sorted as strings (so 10000
 * sorts before 80).
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, pluralize, sortedUnique } from '../messages.js';
import { visitContainers } from '../visit-containers.js';

const hostPorts_1_0: CheckPod = (_metadata, spec) => {
  const badContainers: string[] = [];
  const ports: string[] = [];
  visitContainers(spec, (container) => {
    let valid = true;
    for (const port of container.ports ?? []) {
      if (port.hostPort != null && port.hostPort !== 0) {
        valid = false;
        ports.push(String(port.hostPort));
      }
    }
    if (!valid) badContainers.push(container.name ?? '');
  });
  if (badContainers.length === 0) return ALLOWED;
  const distinct = sortedUnique(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', distinct.length)} ${distinct.join(', ')}`,
  );
};

export const hostPorts: Check = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: hostPorts_1_0 }],
};
