/**
 * NetworkPolicy `networking.k8s.io/v1`, as kube-harden generates it: selectors are `matchLabels`
 * only, ports are numeric with an explicit protocol, `policyTypes` is always set (so that an
 * egress-only policy never silently isolates ingress too), and keys come in one fixed order so the
 * same plan always prints the same YAML.
 */
import type { KubeObject, ObjectMeta } from '../../model/kube.js';
import type { Labels } from './options.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export function parseProtocol(value: string | undefined): Protocol | undefined {
  const upper = (value ?? 'TCP').toUpperCase();
  return (PROTOCOLS as readonly string[]).includes(upper) ? (upper as Protocol) : undefined;
}

/** An empty selector (`{}`) selects every pod (or namespace). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
}

export interface NetworkPolicyPort {
  protocol: Protocol;
  port: number;
}

export interface IpBlock {
  cidr: string;
}

export interface NetworkPolicyPeer {
  namespaceSelector?: LabelSelector;
  podSelector?: LabelSelector;
  ipBlock?: IpBlock;
}

/** No `from`: every source. No `ports`: every port. */
export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes: PolicyType[];
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface NetworkPolicy extends KubeObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: ObjectMeta & { name: string; namespace: string; labels: Record<string, string> };
  spec: NetworkPolicySpec;
}

export const NAME_PREFIX = 'kube-harden-';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'kube-harden';

/** A NetworkPolicy name is a DNS subdomain: at most 253 characters. */
const MAX_NAME_LENGTH = 253;

/** FNV-1a, 32 bits: a short, stable suffix that keeps shortened names distinct. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function policyName(id: string): string {
  const name = `${NAME_PREFIX}${id}`;
  if (name.length <= MAX_NAME_LENGTH) return name;
  return `${name.slice(0, MAX_NAME_LENGTH - 9).replace(/[-.]+$/, '')}-${shortHash(name)}`;
}

/** `{}` for an empty map, else `matchLabels` with sorted keys. */
export function labelSelector(labels: Labels): LabelSelector {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return {};
  return { matchLabels: Object.fromEntries(keys.map((key) => [key, labels[key] as string])) };
}

export function comparePorts(a: NetworkPolicyPort, b: NetworkPolicyPort): number {
  return PROTOCOLS.indexOf(a.protocol) - PROTOCOLS.indexOf(b.protocol) || a.port - b.port;
}

export function portKey(port: NetworkPolicyPort): string {
  return `${port.protocol}/${port.port}`;
}

/** Sorted, each once. */
export function normalizePorts(ports: Iterable<NetworkPolicyPort>): NetworkPolicyPort[] {
  const unique = new Map<string, NetworkPolicyPort>();
  for (const port of ports) unique.set(portKey(port), { protocol: port.protocol, port: port.port });
  return [...unique.values()].sort(comparePorts);
}

/** `TCP 80`, `TCP 80, 443`, `UDP 53 and TCP 53`, `every port`. */
export function formatPorts(ports: readonly NetworkPolicyPort[] | undefined): string {
  if (!ports || ports.length === 0) return 'every port';
  const byProtocol = new Map<Protocol, number[]>();
  for (const port of normalizePorts(ports)) byProtocol.set(port.protocol, [...(byProtocol.get(port.protocol) ?? []), port.port]);
  return [...byProtocol].map(([protocol, numbers]) => `${protocol} ${numbers.join(', ')}`).join(' and ');
}

export function isValidPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

export function buildPolicy(id: string, namespace: string, spec: NetworkPolicySpec): NetworkPolicy {
  const ordered: NetworkPolicySpec = { podSelector: spec.podSelector, policyTypes: spec.policyTypes };
  if (spec.ingress) ordered.ingress = spec.ingress;
  if (spec.egress) ordered.egress = spec.egress;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: policyName(id), namespace, labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE } },
    spec: ordered,
  };
}

/** JSON with object keys sorted: equal for two specs that mean the same to the API server's storage. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
