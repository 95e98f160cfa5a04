/**
 * The plan use case shared by `plan`, `export` and (later) the wizard and `apply`: read the inputs
 * through a port, resolve the namespace and the user's decisions, build the plan.
 */
import type { AdmissionConfig } from '../../core/model/admission.js';
import type { Level } from '../../core/model/policy.js';
import type { PlanSettings, PlanSource } from '../../core/model/plan.js';
import { collectWorkloads, type CollectedInput } from '../../core/extract/collect-workloads.js';
import { buildPlan, type PlanProblem } from '../../core/plan/build-plan.js';
import { defaultSettings } from '../../core/plan/plan-file.js';
import type { Plan } from '../../core/model/plan.js';
import type { ReadInputs } from '../check/build-report.js';

export interface PlanRequest {
  readonly paths: readonly string[];
  /** Explicit `-n`: the namespace of objects that name none. */
  readonly namespace?: string;
  /** Explicit flags; each overrides the plan file's value when given. */
  readonly level?: Level;
  readonly kubeVersion?: number | 'latest';
  /** The parsed plan file, with its path for messages. */
  readonly planFile?: { readonly path: string; readonly settings: PlanSettings };
  readonly admission?: AdmissionConfig;
  /** See BuildPlanInput.lenient. */
  readonly lenient?: boolean;
  /** The inputs were read from this cluster context and namespace. */
  readonly cluster?: { readonly context: string; readonly namespace: string };
}

export interface PreparedPlan {
  readonly input: ReadInputs;
  readonly collected: CollectedInput;
  readonly defaultNamespace: string;
  readonly plan?: Plan;
  /** Plan-file entries that do not match the inputs, as `FILE: entry: message` lines. */
  readonly problems: readonly string[];
}

/** `-n`, else the inputs' only Namespace object, else `default` (kubectl's own default). */
export function defaultNamespaceFor(collected: CollectedInput, explicit?: string): string {
  if (explicit) return explicit;
  const namespaces = collected.context.filter((sourced) => sourced.object.kind === 'Namespace').map((sourced) => sourced.object.metadata?.name);
  return namespaces.length === 1 && typeof namespaces[0] === 'string' ? namespaces[0] : 'default';
}

export function planPaths(request: PlanRequest): readonly string[] {
  if (request.paths.length > 0) return request.paths;
  const source = request.planFile?.settings.source;
  return source && 'files' in source ? source.files : [];
}

/** The files source with the namespace it was planned with (change ids and refs depend on it). */
function withNamespace(source: PlanSource, namespace: string | undefined): PlanSource {
  return 'files' in source && namespace ? { ...source, namespace } : source;
}

export function preparePlan(input: ReadInputs, request: PlanRequest): PreparedPlan {
  const collected = collectWorkloads(input.objects);
  const planSource = request.planFile?.settings.source;
  // An explicit -n wins; else the one the plan file was made with.
  const namespace = request.cluster?.namespace ?? request.namespace ?? (planSource && 'files' in planSource ? planSource.namespace : undefined);
  const defaultNamespace = defaultNamespaceFor(collected, namespace);
  const base = request.planFile?.settings ?? defaultSettings({ files: [...planPaths(request)] });
  const settings: PlanSettings = {
    ...base,
    source: request.cluster
      ? { context: request.cluster.context, namespace: request.cluster.namespace }
      : withNamespace(request.planFile ? base.source : { files: [...planPaths(request)] }, namespace),
    target: {
      level: request.level ?? base.target.level,
      kubeVersion: request.kubeVersion ?? base.target.kubeVersion,
    },
  };
  const result = buildPlan({ collected, settings, defaultNamespace, admission: request.admission, lenient: request.lenient });
  const where = request.planFile?.path ?? 'plan';
  const problems = result.problems.map((problem: PlanProblem) => `${where}: ${problem.entry}: ${problem.message}`);
  return { input, collected, defaultNamespace, plan: result.plan, problems };
}
