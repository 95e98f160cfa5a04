/**
 * What Pod Security Admission will say about the existing Pods when the recommended enforce label
 * is set, predicted from kube-harden's own verdicts, to show beside the server's dry-run answer.
 */
import type { AdmissionConfig } from '../../core/model/admission.js';
import { DEFAULT_ADMISSION, exemptionFor, resolveNamespacePolicy } from '../../core/model/admission.js';
import type { KubeObject } from '../../core/model/kube.js';
import type { NamespacePlan } from '../../core/model/plan.js';
import { parseVersion, type LevelVersion } from '../../core/model/policy.js';
import { collectWorkloads } from '../../core/extract/collect-workloads.js';
import { evaluatePod } from '../../core/pss/evaluate.js';
import { controllerUidOf, predictEnforceWarnings, serverWillEvaluatePods, type ExistingPod } from '../../core/pss/namespace-warnings.js';

export interface EnforcePreview {
  /** The labels the dry run sends: the namespace's Pod Security labels as the plan leaves them. */
  readonly labels: Readonly<Record<string, string>>;
  readonly policy: LevelVersion;
  /** False when the server does not re-check pods for this change (not stricter, privileged, exempt). */
  readonly serverEvaluates: boolean;
  readonly predicted: readonly string[];
}

export function previewEnforce(namespace: NamespacePlan, pods: readonly KubeObject[], admission: AdmissionConfig = DEFAULT_ADMISSION): EnforcePreview {
  const labels = { ...namespace.prepareLabels, ...namespace.enforceLabels };
  const policy: LevelVersion = {
    level: namespace.recommended.enforce,
    version: parseVersion(namespace.recommended.version) ?? parseVersion('latest')!,
  };
  const before = resolveNamespacePolicy(namespace.existingLabels, admission.defaults).policy.enforce;
  const exemptNamespace = admission.exemptions.namespaces.includes(namespace.name);
  const existing: ExistingPod[] = pods.flatMap((pod) => {
    const collected = collectWorkloads([{ object: pod, source: { file: 'cluster', document: String(pod.metadata?.name) } }]);
    const workload = collected.workloads[0];
    if (!workload) return [];
    const exempt = exemptionFor(admission.exemptions, namespace.name, workload.pod.spec.runtimeClassName) !== undefined;
    return [{ name: workload.ref.name, violations: exempt ? [] : evaluatePod(policy, workload.pod).violations, exempt, controllerUid: controllerUidOf(pod.metadata) }];
  });
  const serverEvaluates = serverWillEvaluatePods(before, policy, exemptNamespace);
  return { labels, policy, serverEvaluates, predicted: serverEvaluates ? predictEnforceWarnings(namespace.name, policy, existing) : [] };
}
