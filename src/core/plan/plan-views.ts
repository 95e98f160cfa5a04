/**
 * How a plan's workloads and changes are shown to tools: one shape for `plan -o json` and the
 * `status:` of `plan -o yaml`, so the two never drift apart.
 */
import type { PlannedChange, WorkloadPlan } from '../model/plan.js';

export function describeWorkload(workload: WorkloadPlan): Record<string, unknown> {
  return {
    kind: workload.ref.kind,
    namespace: workload.ref.namespace,
    name: workload.ref.name,
    file: workload.source.file,
    document: workload.source.document,
    class: workload.class,
    suggestedClass: workload.suggested.class,
    reasons: workload.suggested.reasons,
    before: workload.before,
    after: workload.after,
    remaining: workload.remaining.map(({ check, reason, detail }) => ({ check, reason, detail })),
    manual: workload.manual.map((item) => ({ check: item.check, guidance: item.guidance })),
    ...(workload.exempt ? { exempt: workload.exempt } : {}),
    ...(workload.managedBy ? { managedBy: workload.managedBy } : {}),
  };
}

export function describeChange(change: PlannedChange): Record<string, unknown> {
  return {
    id: change.id,
    target: change.target,
    summary: change.summary,
    resolves: change.resolves,
    risk: change.risk,
    category: change.category,
    accepted: change.accepted,
    params: Object.fromEntries(Object.entries(change.params).map(([name, parameter]) => [name, parameter.value])),
  };
}
