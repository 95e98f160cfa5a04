/**
 * The egress a user opts into for traffic kube-harden cannot see, checked and turned into rules.
 * A bad entry becomes a note and allows nothing: an allow is never widened to make it fit.
 */
import { formatRef, refKey, type Workload } from '../../model/workload.js';
import { NAMESPACE_NAME_LABEL, type EgressAllow } from './options.js';
import { formatPorts, isValidPort, labelSelector, parseProtocol, type NetworkPolicyEgressRule } from './policy-object.js';
import type { UnseenTraffic } from './types.js';

export interface ParsedAllow {
  readonly allow: EgressAllow;
  readonly rule: NetworkPolicyEgressRule;
  /** `203.0.113.0/24 on TCP 443`, `everywhere`. */
  readonly label: string;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;
const IPV6_CIDR = /^([0-9a-f]*:[0-9a-f:]*:[0-9a-f:.]*)(?:\/(\d{1,3}))?$/i;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A CIDR as the API server accepts it; a bare address becomes a single-address CIDR. */
export function normalizeCidr(text: string): string | undefined {
  const v4 = IPV4_CIDR.exec(text.trim());
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    const prefix = v4[5] === undefined ? 32 : Number(v4[5]);
    return octets.every((octet) => octet <= 255) && prefix <= 32 ? `${octets.join('.')}/${prefix}` : undefined;
  }
  const v6 = IPV6_CIDR.exec(text.trim());
  if (v6) {
    const prefix = v6[2] === undefined ? 128 : Number(v6[2]);
    return prefix <= 128 ? `${(v6[1] as string).toLowerCase()}/${prefix}` : undefined;
  }
  return undefined;
}

function ipv4Number(cidr: string): { address: number; prefix: number } | undefined {
  const match = IPV4_CIDR.exec(cidr);
  if (!match) return undefined;
  const address = match.slice(1, 5).reduce((total, octet) => total * 256 + Number(octet), 0);
  return { address, prefix: match[5] === undefined ? 32 : Number(match[5]) };
}

/** Whether every address of `inner` is in `outer` (IPv4; IPv6 only when equal). */
function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const [a, b] = [ipv4Number(outer), ipv4Number(inner)];
  if (!a || !b || b.prefix < a.prefix) return false;
  const size = 2 ** (32 - a.prefix);
  return Math.floor(a.address / size) === Math.floor(b.address / size);
}

/** Parsed allows by workload `refKey`; problems go to `notes`. */
export function parseEgressAllows(allows: readonly EgressAllow[], workloads: readonly Workload[], notes: string[]): Map<string, ParsedAllow[]> {
  const byRef = new Map(workloads.map((workload) => [formatRef(workload.ref).toLowerCase(), workload]));
  const parsed = new Map<string, ParsedAllow[]>();
  for (const allow of allows) {
    const workload = byRef.get(allow.workload.toLowerCase());
    const problem = (why: string): void => {
      notes.push(`Opt-in egress for ${allow.workload} ignored: ${why}.`);
    };
    if (!workload) {
      problem('no such workload in the namespace (write it as Kind/name, such as Deployment/api)');
      continue;
    }
    const result = parseOne(allow);
    if ('problem' in result) {
      problem(result.problem);
      continue;
    }
    const key = refKey(workload.ref);
    parsed.set(key, [...(parsed.get(key) ?? []), { allow, ...result }]);
  }
  return parsed;
}

function parseOne(allow: EgressAllow): { rule: NetworkPolicyEgressRule; label: string } | { problem: string } {
  if (allow.all === true) return { rule: {}, label: 'everywhere' };
  const protocol = parseProtocol(allow.protocol);
  if (!protocol) return { problem: `protocol ${allow.protocol} is not TCP, UDP or SCTP` };
  if (allow.port !== undefined && !isValidPort(allow.port)) return { problem: `port ${allow.port} is not between 1 and 65535` };
  if (allow.cidr !== undefined && allow.namespace !== undefined) return { problem: 'give either a CIDR or a namespace, not both' };
  const ports = allow.port !== undefined ? [{ protocol, port: allow.port }] : undefined;
  const withPorts = (rule: NetworkPolicyEgressRule): NetworkPolicyEgressRule => (ports ? { ...rule, ports } : rule);
  if (allow.cidr !== undefined) {
    const cidr = normalizeCidr(allow.cidr);
    if (!cidr) return { problem: `${allow.cidr} is not an IP address or CIDR` };
    return { rule: withPorts({ to: [{ ipBlock: { cidr } }] }), label: `${cidr} on ${formatPorts(ports)}` };
  }
  if (allow.namespace !== undefined) {
    if (!DNS_LABEL.test(allow.namespace)) return { problem: `${allow.namespace} is not a namespace name` };
    return {
      rule: withPorts({ to: [{ namespaceSelector: labelSelector({ [NAMESPACE_NAME_LABEL]: allow.namespace }) }] }),
      label: `namespace ${allow.namespace} on ${formatPorts(ports)}`,
    };
  }
  if (ports) return { rule: withPorts({}), label: `anywhere on ${formatPorts(ports)}` };
  return { problem: 'it names no CIDR, namespace or port, and is not "all"' };
}

/**
 * Whether the user's allows cover an unseen connection. A host name has no addresses kube-harden
 * knows, so any CIDR the user gave for it on its port counts; the Kubernetes API counts as allowed
 * only with "all egress", since its address is nowhere in the manifests.
 */
export function isAllowed(unseen: Omit<UnseenTraffic, 'allowed'>, allows: readonly ParsedAllow[]): boolean {
  return allows.some(({ allow }) => {
    if (allow.all === true) return true;
    const suggestion = unseen.suggestedAllow;
    if (!suggestion) return false;
    const portCovered = allow.port === undefined || allow.port === suggestion.port;
    if (!portCovered) return false;
    const anywhere = allow.cidr === undefined && allow.namespace === undefined;
    if (suggestion.namespace !== undefined) return anywhere || allow.namespace === suggestion.namespace;
    if (suggestion.cidr === undefined || allow.namespace !== undefined) return false;
    if (allow.cidr === undefined) return true;
    const cidr = normalizeCidr(allow.cidr);
    return cidr !== undefined && (suggestion.cidr === '0.0.0.0/0' || cidrContains(cidr, suggestion.cidr));
  });
}
