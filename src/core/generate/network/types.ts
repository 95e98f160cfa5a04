/** What a NetworkPolicy plan holds: proposals, the policies already there, and what stays unseen. */
import type { ExistingPolicy } from './existing-policies.js';
import type { EgressAllow } from './options.js';
import type { NetworkPolicy } from './policy-object.js';

export interface ProposedPolicy {
  /** Stable across runs: `default-deny-ingress`, `allow-dns`, `web-ingress`, `api-egress`. */
  readonly id: string;
  readonly object: NetworkPolicy;
  /** What it allows, in one line: `web: ingress on TCP 80 from anywhere (LoadBalancer Service web)`. */
  readonly summary: string;
  /** The workloads its `podSelector` selects, as `Kind/name`, sorted. */
  readonly appliesTo: readonly string[];
  /** The workloads of the namespace its rules' pod selectors name, as `Kind/name`, sorted. */
  readonly peers: readonly string[];
  /** A policy of the same name exists with other content: applying this one replaces it. */
  readonly replacesExisting: boolean;
}

export type UnseenKind = 'internet' | 'external-host' | 'kubernetes-api' | 'other-namespace';

/** Traffic the manifests suggest but no generated rule allows, with an allow the user can opt into. */
export interface UnseenTraffic {
  /** `Kind/name`. */
  readonly workload: string;
  readonly kind: UnseenKind;
  /** What and where, credentials masked: `https://payments.example.com in ConfigMap api-config (key PAYMENTS_URL)`. */
  readonly detail: string;
  readonly suggestedAllow?: EgressAllow;
  /** An opt-in allow of the options covers it. */
  readonly allowed: boolean;
}

export interface NetworkPlan {
  /** Base policies first (default deny, DNS), then each workload's ingress and egress, by workload. */
  readonly policies: readonly ProposedPolicy[];
  /** The namespace's NetworkPolicies, by name; they stay as they are. */
  readonly existing: readonly ExistingPolicy[];
  readonly unseen: readonly UnseenTraffic[];
  /** Things to know, the CNI requirement first. */
  readonly notes: readonly string[];
}
