/**
 * buildPlan: inputs + the user's decisions → the hardening plan. Pure and deterministic. Every
 * fix is proved on a copy: the patched workload is extracted and evaluated again, and the level
 * recommendation stands on those after-verdicts, never on what a change claims.
 */
import { DEFAULT_ADMISSION, resolveNamespacePolicy, type AdmissionConfig } from '../model/admission.js';
import type { ManualItem } from '../model/change.js';
import type { Classification, WorkloadClass } from '../model/classes.js';
import type { KubeObject } from '../model/kube.js';
import type { Blocker, NamespacePlan, Plan, PlannedChange, PlannedPolicy, PlanSettings, Verdicts, WorkloadPlan } from '../model/plan.js';
import { LABEL_PREFIX, isStricter, levelLabel, levelRank, versionLabel, versionOf, LATEST, type Level, type Mode } from '../model/policy.js';
import { formatRef, refKey, type ObjectRef, type Workload } from '../model/workload.js';
import type { CollectedInput } from '../extract/collect-workloads.js';
import { collectWorkloads } from '../extract/collect-workloads.js';
import { classifyWorkloads } from '../classify/classify-workload.js';
import { evaluateWorkload } from '../pss/evaluate-workload.js';
import { formatViolations } from '../pss/evaluate.js';
import { DEFAULT_REGISTRY, type Registry } from '../pss/registry.js';
import { generateSecurityContextFixes } from '../generate/security-context.js';
import { CNI_NOTE, planNetworkPolicies } from '../generate/network-policies.js';
import { networkOptions } from '../generate/network/options.js';
import { applyChanges } from './apply-changes.js';
import { managedBy } from '../classify/managed-by.js';

export interface PlanProblem {
  /** The plan-file entry, e.g. `changes[3]` or `workloads[0].ref`. */
  readonly entry: string;
  readonly message: string;
  /** The entry names something the inputs no longer have (as opposed to an invalid value). */
  readonly stale?: boolean;
}

export interface BuildPlanInput {
  readonly collected: CollectedInput;
  readonly settings: PlanSettings;
  /** The namespace of objects that do not name one. */
  readonly defaultNamespace: string;
  readonly admission?: AdmissionConfig;
  readonly registry?: Registry;
  /**
   * Drop decisions that no longer match (a change that vanished when the target level changed)
   * instead of reporting them. The wizard replans after every keystroke; a plan file never is lenient.
   */
  readonly lenient?: boolean;
}

export type BuildPlanResult = { readonly plan: Plan; readonly problems: readonly [] } | { readonly plan?: undefined; readonly problems: readonly PlanProblem[] };

function targetKey(ref: ObjectRef, defaultNamespace: string): string {
  return `${ref.kind}/${ref.namespace ?? defaultNamespace}/${ref.name}`;
}

function sameRef(a: ObjectRef, b: ObjectRef, defaultNamespace: string): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? defaultNamespace) === (b.namespace ?? defaultNamespace);
}

export function buildPlan(input: BuildPlanInput): BuildPlanResult {
  const { collected, settings, defaultNamespace } = input;
  const registry = input.registry ?? DEFAULT_REGISTRY;
  const admission = input.admission ?? DEFAULT_ADMISSION;
  const problems: PlanProblem[] = [];
  const level = settings.target.level;
  const version = settings.target.kubeVersion === 'latest' ? LATEST : versionOf(settings.target.kubeVersion);
  const minor = registry.resolveMinor(version);
  const versionText = settings.target.kubeVersion === 'latest' ? 'latest' : `v1.${settings.target.kubeVersion}`;
  const namespaceOf = (workload: Workload) => workload.ref.namespace ?? defaultNamespace;
  const contextObjects = collected.context.map((sourced) => sourced.object);

  // Classes, with the user's overrides.
  const suggestions = classifyWorkloads(collected.workloads, contextObjects, defaultNamespace);
  const overrides = new Map<string, WorkloadClass>();
  settings.workloads.forEach((entry, index) => {
    const workload = collected.workloads.find((candidate) => sameRef(candidate.ref, entry.ref, defaultNamespace));
    if (!workload) problems.push({ entry: `workloads[${index}]`, message: `${formatRef(entry.ref)} is not in the inputs`, stale: true });
    else if (entry.classOverride) overrides.set(refKey(workload.ref), entry.classOverride);
  });

  // Fixes, computed with the parameters the plan file gives.
  const decisions = new Map(settings.changes.map((entry) => [entry.id, entry]));
  const changes: PlannedChange[] = [];
  const manualByWorkload = new Map<string, ManualItem[]>();
  for (const workload of collected.workloads) {
    const verdict = evaluateWorkload(workload, { level, version }, { admission, namespace: namespaceOf(workload), registry });
    const fixes = generateSecurityContextFixes(workload, verdict.violations, {
      level,
      minor,
      namespace: namespaceOf(workload),
      params: (id) => decisions.get(id)?.params,
    });
    manualByWorkload.set(refKey(workload.ref), [...fixes.manual]);
    for (const change of fixes.changes) changes.push({ ...change, accepted: decisions.get(change.id)?.accepted ?? change.acceptedByDefault });
  }
  const changesById = new Map(changes.map((change) => [change.id, change]));
  settings.changes.forEach((entry, index) => {
    const change = changesById.get(entry.id);
    if (!change) {
      problems.push({ entry: `changes[${index}]`, message: `change ${entry.id} no longer matches the inputs (nothing to fix there, or the workload is gone)`, stale: true });
      return;
    }
    for (const [name, value] of Object.entries(entry.params ?? {})) {
      const parameter = change.params[name];
      if (!parameter) problems.push({ entry: `changes[${index}].params.${name}`, message: `change ${entry.id} has no parameter ${name}` });
      else if (parameter.type === 'integer' && (typeof value !== 'number' || !Number.isInteger(value) || value < (parameter.min ?? -Infinity) || value > (parameter.max ?? Infinity))) {
        problems.push({ entry: `changes[${index}].params.${name}`, message: `must be an integer from ${parameter.min} to ${parameter.max}` });
      } else if (parameter.type === 'string' && (typeof value !== 'string' || value === '')) {
        problems.push({ entry: `changes[${index}].params.${name}`, message: 'must be a non-empty string' });
      }
    }
  });

  // Prove the accepted fixes on copies.
  const workloadPlans: WorkloadPlan[] = [];
  const patched = new Map<string, KubeObject>();
  /** Final classes by `refKey` of the workload as read, which is how the network planner looks them up. */
  const classes = new Map<string, WorkloadClass>();
  const acceptedByTarget = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    if (!change.accepted) continue;
    const key = targetKey(change.target, defaultNamespace);
    const list = acceptedByTarget.get(key);
    if (list) list.push(change);
    else acceptedByTarget.set(key, [change]);
  }
  for (const workload of collected.workloads) {
    const key = refKey(workload.ref);
    const namespace = namespaceOf(workload);
    const accepted = acceptedByTarget.get(targetKey(workload.ref, defaultNamespace)) ?? [];
    let after = workload;
    if (accepted.length > 0) {
      const object = applyChanges(workload.object, accepted);
      patched.set(key, object);
      const recollected = collectWorkloads([{ object, source: workload.source }]);
      // A change that breaks the object's shape is a bug in a generator; it would show as an error here.
      after = recollected.workloads[0] ?? workload;
    }
    const verdicts = (subject: Workload): Verdicts => ({
      baseline: evaluateWorkload(subject, { level: 'baseline', version }, { admission, namespace, registry }).allowed,
      restricted: evaluateWorkload(subject, { level: 'restricted', version }, { admission, namespace, registry }).allowed,
    });
    const afterTarget = evaluateWorkload(after, { level, version }, { admission, namespace, registry });
    const suggested: Classification = suggestions.get(key) ?? { class: 'other', reasons: [] };
    const classOverride = overrides.get(key);
    classes.set(key, classOverride ?? suggested.class);
    workloadPlans.push({
      ref: { ...workload.ref, namespace },
      source: workload.source,
      class: classOverride ?? suggested.class,
      suggested,
      ...(classOverride ? { classOverride } : {}),
      before: verdicts(workload),
      after: verdicts(after),
      remaining: afterTarget.violations,
      manual: manualByWorkload.get(key) ?? [],
      ...(afterTarget.exempt ? { exempt: afterTarget.exempt } : {}),
      ...managedByField(workload),
    });
  }

  // Namespaces: recommended levels, labels, blockers.
  const namespaceNames = [...new Set(collected.workloads.map(namespaceOf))];
  for (const sourced of collected.context) {
    if (sourced.object.kind === 'Namespace' && typeof sourced.object.metadata?.name === 'string' && !namespaceNames.includes(sourced.object.metadata.name)) {
      namespaceNames.push(sourced.object.metadata.name);
    }
  }
  if (namespaceNames.length === 0) namespaceNames.push(defaultNamespace);
  const namespaces = namespaceNames.sort().map((name) =>
    planNamespace(name, workloadPlans.filter((plan) => plan.ref.namespace === name), collected.context.map((s) => s.object), { level, versionText, admission }),
  );

  // NetworkPolicies, per namespace.
  const networkPolicies: PlannedPolicy[] = [];
  const existingNetworkPolicies: Plan['existingNetworkPolicies'][number][] = [];
  const unseenTraffic: Plan['unseenTraffic'][number][] = [];
  const notes: string[] = [];
  const policyDecisions = new Map(settings.network.policies.map((entry) => [entry.id, entry]));
  const seenPolicyIds = new Set<string>();
  for (const name of namespaces.map((namespace) => namespace.name)) {
    const inNamespace = collected.workloads.filter((workload) => namespaceOf(workload) === name);
    if (inNamespace.length === 0) continue;
    const options = networkOptions(name, {
      ...(settings.network.dns ? { dns: settings.network.dns } : {}),
      ...(settings.network.ingressController ? { ingressController: settings.network.ingressController } : {}),
      egressAllows: settings.network.egressAllows,
    });
    const contextInNamespace = contextObjects.filter((object) => (object.metadata?.namespace ?? defaultNamespace) === name || object.kind === 'Namespace');
    const network = planNetworkPolicies(inNamespace, classes, contextInNamespace, options);
    for (const policy of network.policies) {
      const id = namespaces.length > 1 ? `${name}/${policy.id}` : policy.id;
      seenPolicyIds.add(id);
      networkPolicies.push({ id, namespace: name, object: policy.object, summary: policy.summary, appliesTo: policy.appliesTo, accepted: policyDecisions.get(id)?.accepted ?? true });
    }
    for (const existing of network.existing) {
      const covers = [existing.coversDefaultDeny.ingress ? 'default-deny ingress' : '', existing.coversDefaultDeny.egress ? 'default-deny egress' : ''].filter(Boolean).join(' and ');
      existingNetworkPolicies.push({ namespace: name, name: existing.name, covers: covers || 'kept as is' });
    }
    unseenTraffic.push(
      ...network.unseen.map((item) => ({
        workload: item.workload,
        kind: item.kind,
        detail: item.detail,
        allowed: item.allowed,
        ...(item.suggestedAllow ? { suggestedAllow: item.suggestedAllow } : {}),
      })),
    );
    for (const note of network.notes) if (!notes.includes(note)) notes.push(note);
  }
  settings.network.policies.forEach((entry, index) => {
    if (!seenPolicyIds.has(entry.id)) problems.push({ entry: `network.policies[${index}]`, message: `NetworkPolicy ${entry.id} is not proposed for these inputs`, stale: true });
  });
  settings.network.egressAllows.forEach((allow, index) => {
    if (!collected.workloads.some((workload) => formatRef(workload.ref) === allow.workload)) {
      problems.push({ entry: `network.egressAllows[${index}]`, message: `workload ${allow.workload} is not in the inputs`, stale: true });
    }
  });
  if (!notes.includes(CNI_NOTE)) notes.push(CNI_NOTE);

  const reported = input.lenient ? problems.filter((problem) => !problem.stale) : problems;
  if (reported.length > 0) return { problems: reported };
  return {
    problems: [],
    plan: {
      settings,
      defaultNamespace,
      minor,
      namespaces,
      workloads: workloadPlans,
      changes,
      networkPolicies,
      existingNetworkPolicies,
      unseenTraffic,
      notes,
      patched,
    },
  };
}

function managedByField(workload: Workload): { managedBy?: { tool: string; detail: string } } {
  const manager = managedBy(workload.object);
  return manager ? { managedBy: { tool: manager.tool, detail: manager.detail } } : {};
}

const LEVELS_STRICT_FIRST: readonly Level[] = ['restricted', 'baseline', 'privileged'];

function meets(plan: WorkloadPlan, level: Level): boolean {
  return level === 'privileged' || plan.after[level];
}

function planNamespace(
  name: string,
  workloads: readonly WorkloadPlan[],
  objects: readonly KubeObject[],
  options: { level: Level; versionText: string; admission: AdmissionConfig },
): NamespacePlan {
  const namespaceObject = objects.find((object) => object.kind === 'Namespace' && object.metadata?.name === name);
  const existingLabels = Object.fromEntries(
    Object.entries(namespaceObject?.metadata?.labels ?? {}).filter(([key]) => key.startsWith(LABEL_PREFIX)),
  );
  const target = options.level;
  const enforce = LEVELS_STRICT_FIRST.find((level) => levelRank(level) <= levelRank(target) && workloads.every((plan) => meets(plan, level))) ?? 'privileged';
  const notes: string[] = [];
  const blockers: Blocker[] = [];
  for (const plan of workloads) {
    if (meets(plan, target)) continue;
    const best = LEVELS_STRICT_FIRST.find((level) => meets(plan, level)) ?? 'privileged';
    const reasons = plan.remaining.length > 0 ? [formatViolations(plan.remaining)] : [];
    const manualChecks = new Set(plan.manual.map((item) => item.check));
    const choices = [
      `keep the namespace's enforce level at ${best}, which it meets (warn and audit stay at ${target}, so new violations are still reported)`,
      `move ${formatRef(plan.ref)} to its own namespace labelled ${best} and enforce ${target} here`,
    ];
    if (manualChecks.size > 0) choices.push(`change the workload by hand (see the manual items: ${[...manualChecks].join(', ')}) and plan again`);
    blockers.push({ workload: plan.ref, meets: best, reasons, options: choices });
  }
  const recommended = { enforce, audit: target, warn: target, version: options.versionText };
  const prepareLabels: Record<string, string> = {};
  const enforceLabels: Record<string, string> = {};
  for (const mode of ['warn', 'audit'] as const satisfies readonly Mode[]) {
    prepareLabels[levelLabel(mode)] = recommended[mode];
    prepareLabels[versionLabel(mode)] = recommended.version;
  }
  enforceLabels[levelLabel('enforce')] = enforce;
  enforceLabels[versionLabel('enforce')] = recommended.version;
  const existing = resolveNamespacePolicy(existingLabels, options.admission.defaults).policy;
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    const proposed = mode === 'enforce' ? enforce : target;
    if (existingLabels[levelLabel(mode)] !== undefined && isStricter(existing[mode].level, proposed)) {
      const why = mode === 'enforce' ? 'the workloads, after the accepted changes, do not all meet it' : `the target level is ${target}`;
      notes.push(`lowers ${levelLabel(mode)} from ${existing[mode].level} to ${proposed}: ${why}`);
    }
  }
  if (options.admission.exemptions.namespaces.includes(name)) {
    notes.push(`namespace ${name} is exempt from Pod Security in the admission configuration: its labels will be ignored`);
  }
  for (const plan of workloads) {
    if (plan.exempt === 'runtimeClass') notes.push(`${formatRef(plan.ref)} uses an exempt runtime class: Pod Security does not check it`);
  }
  const enforceReady = workloads.every((plan) => enforce === 'privileged' || plan.before[enforce as 'baseline' | 'restricted']);
  return { name, existingLabels, recommended, prepareLabels, enforceLabels, enforceReady, blockers, notes };
}
