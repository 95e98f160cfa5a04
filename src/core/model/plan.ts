/**
 * The hardening plan: what the user decided (settings, the part a plan file records and replays)
 * and what kube-harden computed from the inputs and those decisions.
 */
import type { Change, ManualItem } from './change.js';
import type { Classification, WorkloadClass } from './classes.js';
import type { KubeObject } from './kube.js';
import type { Level } from './policy.js';
import type { ObjectRef, SourceRef } from './workload.js';
import type { Violation } from '../pss/evaluate.js';
import type { EgressAllow, Labels } from '../generate/network/options.js';

export const PLAN_API_VERSION = 'kube-harden.dev/v1alpha1';
export const PLAN_KIND = 'HardeningPlan';

export type PlanSource =
  /** `namespace`: the `-n` given for objects that name none, so that a replay resolves them alike. */
  | { readonly files: readonly string[]; readonly namespace?: string }
  | { readonly context: string; readonly namespace: string };

/** The user's decisions. Entries not mentioned get the defaults. */
export interface PlanSettings {
  readonly source: PlanSource;
  readonly target: {
    readonly level: Level;
    /** The cluster's minor, as the version labels are pinned to; `latest` only when asked. */
    readonly kubeVersion: number | 'latest';
  };
  readonly workloads: readonly { readonly ref: ObjectRef; readonly classOverride?: WorkloadClass }[];
  readonly changes: readonly { readonly id: string; readonly accepted: boolean; readonly params?: Readonly<Record<string, number | string>> }[];
  readonly network: {
    readonly dns?: { readonly namespaceSelector: Labels; readonly podSelector: Labels };
    readonly ingressController?: { readonly namespaceSelector: Labels; readonly podSelector?: Labels };
    readonly policies: readonly { readonly id: string; readonly accepted: boolean }[];
    readonly egressAllows: readonly EgressAllow[];
  };
}

export type Verdicts = Readonly<Record<'baseline' | 'restricted', boolean>>;

export interface WorkloadPlan {
  readonly ref: ObjectRef;
  readonly source: SourceRef;
  readonly class: WorkloadClass;
  readonly suggested: Classification;
  readonly classOverride?: WorkloadClass;
  /** Verdicts at the target version, before and after the accepted changes. */
  readonly before: Verdicts;
  readonly after: Verdicts;
  /** What still fails at the target level after the accepted changes. */
  readonly remaining: readonly Violation[];
  readonly manual: readonly ManualItem[];
  /** Exempt through the admission configuration (runtime class or namespace). */
  readonly exempt?: 'namespace' | 'runtimeClass';
  /** Helm, Argo CD, Flux or an operator manages it: a live patch would be reverted; export instead. */
  readonly managedBy?: { readonly tool: string; readonly detail: string };
}

export interface PlannedChange extends Change {
  readonly accepted: boolean;
}

/** A workload that cannot meet the target level, with the real options (no per-workload exemption exists). */
export interface Blocker {
  readonly workload: ObjectRef;
  readonly meets: Level;
  readonly reasons: readonly string[];
  readonly options: readonly string[];
}

export interface NamespacePlan {
  readonly name: string;
  readonly existingLabels: Readonly<Record<string, string>>;
  readonly recommended: { readonly enforce: Level; readonly audit: Level; readonly warn: Level; readonly version: string };
  /** Labels of the prepare phase (warn, audit) and the enforce phase. */
  readonly prepareLabels: Readonly<Record<string, string>>;
  readonly enforceLabels: Readonly<Record<string, string>>;
  /**
   * True when the workloads as they are now (before the changes) already pass the recommended
   * enforce level, so the enforce label could be set at once; otherwise the prepare phase first.
   */
  readonly enforceReady: boolean;
  readonly blockers: readonly Blocker[];
  readonly notes: readonly string[];
}

export interface PlannedPolicy {
  readonly id: string;
  readonly namespace: string;
  readonly object: KubeObject;
  readonly summary: string;
  readonly appliesTo: readonly string[];
  readonly accepted: boolean;
}

export interface UnseenTrafficItem {
  readonly workload: string;
  readonly kind: string;
  readonly detail: string;
  /** An opt-in allow in the plan already covers it. */
  readonly allowed: boolean;
  readonly suggestedAllow?: EgressAllow;
}

export interface Plan {
  readonly settings: PlanSettings;
  /** The namespace of objects that name none (`-n`, the inputs' Namespace, or `default`). */
  readonly defaultNamespace: string;
  /** The policy minor everything was evaluated at. */
  readonly minor: number;
  readonly namespaces: readonly NamespacePlan[];
  readonly workloads: readonly WorkloadPlan[];
  readonly changes: readonly PlannedChange[];
  readonly networkPolicies: readonly PlannedPolicy[];
  readonly existingNetworkPolicies: readonly { readonly namespace: string; readonly name: string; readonly covers: string }[];
  readonly unseenTraffic: readonly UnseenTrafficItem[];
  readonly notes: readonly string[];
  /** Each changed workload after its accepted changes, by `refKey`. */
  readonly patched: ReadonlyMap<string, KubeObject>;
}
