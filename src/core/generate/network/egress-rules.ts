/**
 * A workload's egress rules: one per destination it was found to use (a workload of the namespace,
 * the pods of a Service, a Service of another namespace), on the pod ports it reaches, then the
 * allows the user opted into. DNS is not here: `allow-dns` gives it to every pod at once.
 */
import type { Workload } from '../../model/workload.js';
import type { EgressEdge } from './discover-egress.js';
import type { ParsedAllow } from './egress-allows.js';
import {
  canonicalJson,
  formatPorts,
  normalizePorts,
  type NetworkPolicyEgressRule,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from './policy-object.js';

export interface EgressPlan {
  readonly rules: NetworkPolicyEgressRule[];
  readonly peers: readonly Workload[];
  /** `to postgres on TCP 5432`, one per rule. */
  readonly phrases: readonly string[];
}

export function planEgress(edges: readonly EgressEdge[], allows: readonly ParsedAllow[]): EgressPlan {
  const byPeer = new Map<string, { label: string; peer: NetworkPolicyPeer; ports: NetworkPolicyPort[]; workloads: readonly Workload[] }>();
  for (const edge of edges) {
    const entry = byPeer.get(edge.peerKey) ?? { label: edge.peerLabel, peer: edge.peer, ports: [], workloads: edge.peerWorkloads };
    entry.ports.push(...edge.ports);
    byPeer.set(edge.peerKey, entry);
  }
  const rules: NetworkPolicyEgressRule[] = [];
  const phrases: string[] = [];
  const peers: Workload[] = [];
  for (const [, entry] of [...byPeer].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ports = normalizePorts(entry.ports);
    rules.push({ to: [entry.peer], ports });
    phrases.push(`to ${entry.label} on ${formatPorts(ports)}`);
    peers.push(...entry.workloads);
  }
  const seen = new Set<string>();
  for (const { rule, label } of allows) {
    if (seen.has(canonicalJson(rule))) continue;
    seen.add(canonicalJson(rule));
    rules.push(rule);
    phrases.push(`to ${label} (opt-in)`);
  }
  return { rules, peers, phrases };
}
