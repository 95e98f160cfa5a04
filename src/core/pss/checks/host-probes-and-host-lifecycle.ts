/*
 * hostProbesAndHostLifecycle (baseline, v1.34+)
 * The host field is restricted in probes and lifecycle handlers.
 *
 * Restricted fields: spec.{initContainers,containers,ephemeralContainers}[*].{liveness,readiness,
 * startup}Probe.{httpGet,tcpSocket}.host and .lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host
 * (tcpSocket in lifecycle is deprecated but still checked). Allowed: "", undefined. `localhost`,
 * `127.0.0.1` and `::1` are forbidden too. Container names and hosts are sorted and de-duplicated.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, joinQuote, pluralize, sortedUnique } from '../messages.js';
import type { HostHandler } from '../../model/kube.js';
import { visitContainers } from '../visit-containers.js';

function forbiddenHosts(handler: HostHandler | undefined): string[] {
  if (!handler) return [];
  const hosts: string[] = [];
  if (handler.httpGet?.host) hosts.push(handler.httpGet.host);
  if (handler.tcpSocket?.host) hosts.push(handler.tcpSocket.host);
  return hosts;
}

const hostProbesAndHostLifecycle_1_34: CheckPod = (_metadata, spec) => {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  visitContainers(spec, (container) => {
    const found = [
      ...forbiddenHosts(container.livenessProbe),
      ...forbiddenHosts(container.readinessProbe),
      ...forbiddenHosts(container.startupProbe),
      ...forbiddenHosts(container.lifecycle?.postStart),
      ...forbiddenHosts(container.lifecycle?.preStop),
    ];
    if (found.length > 0) {
      badContainers.push(container.name ?? '');
      hosts.push(...found);
    }
  });
  if (badContainers.length === 0) return ALLOWED;
  const names = sortedUnique(badContainers);
  const distinctHosts = sortedUnique(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinctHosts.length)} ${joinQuote(distinctHosts)}`,
  );
};

export const hostProbesAndHostLifecycle: Check = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: 34, checkPod: hostProbesAndHostLifecycle_1_34 }],
};
