import type { Plan } from '../../core/model/plan.js';
import { formatViolations } from '../../core/pss/evaluate.js';
import { CLASS_LABELS } from '../../core/model/classes.js';
import { LIVE_PATCH_WARNING, describeManagedBy } from '../../core/classify/managed-by.js';
import { describeChange, describeWorkload } from '../../core/plan/plan-views.js';

/** The documented JSON view of a plan (fields may be added; these are fixed). */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    target: { level: plan.settings.target.level, kubeVersion: plan.settings.target.kubeVersion === 'latest' ? 'latest' : `v1.${plan.settings.target.kubeVersion}` },
    namespaces: plan.namespaces.map((namespace) => ({
      name: namespace.name,
      recommended: namespace.recommended,
      labels: { prepare: namespace.prepareLabels, enforce: namespace.enforceLabels },
      enforceReady: namespace.enforceReady,
      blockers: namespace.blockers,
      notes: namespace.notes,
    })),
    workloads: plan.workloads.map(describeWorkload),
    changes: plan.changes.map(describeChange),
    networkPolicies: plan.networkPolicies.filter((policy) => policy.accepted).map((policy) => policy.object),
    proposedNetworkPolicies: plan.networkPolicies.map((policy) => ({ id: policy.id, summary: policy.summary, appliesTo: policy.appliesTo, accepted: policy.accepted })),
    existingNetworkPolicies: plan.existingNetworkPolicies,
    unseenTraffic: plan.unseenTraffic,
    notes: plan.notes,
  };
}

/** A short human summary for a terminal (text output of `plan`). */
export function planToText(plan: Plan): string {
  const lines: string[] = [];
  for (const namespace of plan.namespaces) {
    lines.push(`namespace ${namespace.name}: enforce ${namespace.recommended.enforce}, warn/audit ${namespace.recommended.warn}, version ${namespace.recommended.version}`);
    for (const note of namespace.notes) lines.push(`  note: ${note}`);
    for (const blocker of namespace.blockers) lines.push(`  ${blocker.workload.kind}/${blocker.workload.name} cannot meet ${plan.settings.target.level} (meets ${blocker.meets})`);
  }
  for (const workload of plan.workloads) {
    const changes = plan.changes.filter((change) => change.accepted && change.target.kind === workload.ref.kind && change.target.name === workload.ref.name && change.target.namespace === workload.ref.namespace);
    const level = plan.settings.target.level === 'privileged' ? 'baseline' : plan.settings.target.level;
    const state = workload.after[level] ? 'passes after changes' : `still fails: ${formatViolations(workload.remaining)}`;
    lines.push(`${workload.ref.kind}/${workload.ref.name} [${CLASS_LABELS[workload.class]}] ${changes.length} change${changes.length === 1 ? '' : 's'}, ${state}`);
    for (const change of changes) lines.push(`  - ${change.summary} (${change.risk.level})`);
    for (const item of workload.manual) lines.push(`  ! manual ${item.check}: ${item.guidance}`);
    if (workload.managedBy) lines.push(`  ~ ${describeManagedBy(workload.managedBy)}: ${LIVE_PATCH_WARNING}`);
  }
  lines.push(`${plan.networkPolicies.filter((policy) => policy.accepted).length} NetworkPolicies proposed`);
  return `${lines.join('\n')}\n`;
}

export function planExitCode(plan: Plan): 0 | 1 {
  return plan.workloads.some((workload) => workload.manual.length > 0) ? 1 : 0;
}
