/**
 * From a fresh read of the namespace to the steps `applySteps` writes, with the checks both the
 * `apply` command and the wizard make first: the target matches the plan's source, nothing the
 * plan patched changed since planning (prepare phase), and the enforce label would reject nothing
 * that runs now (enforce phase). A refusal is a value with its report lines, never an exception.
 */
import { DEFAULT_ADMISSION, type AdmissionConfig } from '../../core/model/admission.js';
import type { KubeObject } from '../../core/model/kube.js';
import type { PlanSettings } from '../../core/model/plan.js';
import { refKey } from '../../core/model/workload.js';
import { planApplySteps, type ApplyPhase, type ApplySteps } from '../../core/apply/apply-steps.js';
import type { ReadInputs } from '../check/build-report.js';
import { preparePlan } from '../plan/prepare-plan.js';
import { changedSincePlanning, enforceBlockers, refuseTarget, type Observed } from './check-target.js';

/** One namespace as just read from the cluster (the cluster adapter's `LiveSource` fits). */
export interface LiveNamespace {
  readonly context: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly scan: ReadInputs & { readonly pods: readonly KubeObject[]; readonly ownedFields?: ReadonlyMap<string, unknown> };
}

export interface LivePlanRequest {
  readonly phase: ApplyPhase;
  /** The plan's decisions, with the path named in messages. */
  readonly planFile: { readonly path: string; readonly settings: PlanSettings };
  readonly admission: AdmissionConfig | undefined;
  /** The objects the plan patched, as they were when it was made. */
  readonly observed: readonly Observed[];
  readonly allowSystemNamespace: boolean;
  /** How to plan again, named in the refusal when objects changed since planning. */
  readonly replan?: string;
}

export type LivePlanSteps = { readonly steps: ApplySteps } | { readonly refused: { readonly exitCode: 1; readonly lines: readonly string[] } };

export function stepsForLivePlan(live: LiveNamespace, request: LivePlanRequest): LivePlanSteps {
  const refuse = (lines: string[]): LivePlanSteps => ({ refused: { exitCode: 1, lines } });
  const refusal = refuseTarget(request.planFile.settings.source, { context: live.context, namespace: live.namespace }, { allowSystemNamespace: request.allowSystemNamespace });
  if (refusal) return refuse([`refused: ${refusal}; nothing was written`]);
  // The enforce phase runs after prepare: the changes it applied no longer match, which is expected.
  const prepared = preparePlan(live.scan, {
    paths: [],
    planFile: request.planFile,
    admission: request.admission,
    cluster: { context: live.context, namespace: live.namespace },
    lenient: request.phase === 'enforce',
  });
  if (!prepared.plan) return refuse([...prepared.problems, 'refused: the plan no longer matches the namespace; plan again']);
  const plan = prepared.plan;
  const liveObjects = live.scan.objects.map((sourced) => sourced.object);
  if (request.phase === 'prepare') {
    const changed = changedSincePlanning(request.observed, liveObjects);
    if (changed.length > 0) return refuse(['objects changed since planning:', ...changed.map((line) => `  ${line}`), `refused: plan again${request.replan ? ` (${request.replan})` : ''} and review; nothing was written`]);
  } else {
    const blockers = enforceBlockers(plan, live.namespace, live.scan.pods, request.admission ?? DEFAULT_ADMISSION);
    if (blockers.length > 0) {
      return refuse([
        'the enforce label would reject what runs now:',
        ...blockers.map((line) => `  ${line}`),
        'refused: finish the prepare phase (and recreate the Pods it lists), then try again; nothing was written',
      ]);
    }
  }
  const steps = planApplySteps({
    plan,
    namespace: live.namespace,
    phase: request.phase,
    objects: new Map(prepared.collected.workloads.map((workload) => [refKey({ ...workload.ref, namespace: workload.ref.namespace ?? live.namespace }), workload.object])),
    namespaceLabels: live.labels,
    networkPolicies: new Map(liveObjects.filter((object) => object.kind === 'NetworkPolicy').map((object) => [String(object.metadata?.name), object])),
    owned: live.scan.ownedFields,
  });
  return { steps };
}
