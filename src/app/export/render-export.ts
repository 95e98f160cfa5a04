/**
 * The export as data: relative path → file content, for a self-contained kustomize overlay that
 * `kubectl kustomize DIR` builds with no extra flags. Pure and deterministic; writing it to disk
 * (atomically) is the files adapter's job.
 */
import { dump } from 'js-yaml';
import type { KubeObject } from '../../core/model/kube.js';
import type { Plan } from '../../core/model/plan.js';
import { formatSource, refKey, type SourcedObject } from '../../core/model/workload.js';
import { CLASS_LABELS } from '../../core/model/classes.js';
import { strategicMergePatch } from '../../core/plan/strategic-patch.js';
import { isSecret } from '../../core/plan/mask-secrets.js';
import { isNamespaced } from '../../core/model/kinds.js';
import { renderPlanDocument } from '../../core/plan/plan-file.js';
import { formatViolations } from '../../core/pss/evaluate.js';

export interface ExportInput {
  readonly plan: Plan;
  /** Every object read, in input order (workloads and context alike). */
  readonly objects: readonly SourcedObject[];
  /** Input folders that are kustomizations themselves: referenced from base/, not copied. */
  readonly kustomizations?: readonly string[];
  /** How to reach `kustomizations` from `DIR/base` (relative paths), computed by the caller. */
  readonly kustomizationRefs?: ReadonlyMap<string, string>;
}

const KUSTOMIZATION_HEADER = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

export function toYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true, sortKeys: false });
}

function toYamlStream(objects: readonly unknown[]): string {
  return objects.map(toYaml).join('---\n');
}

/** `templates/demo/web.yaml` → `web.yaml` relative to the inputs' common folder; stdin → `stdin.yaml`. */
export function baseFileNames(files: readonly string[]): Map<string, string> {
  const real = files.filter((file) => file !== '-');
  const split = real.map((file) => file.split('/').filter((part) => part !== '' && part !== '.'));
  let common = split.length > 0 ? split[0]!.slice(0, -1) : [];
  for (const parts of split) {
    let index = 0;
    while (index < common.length && index < parts.length - 1 && common[index] === parts[index]) index++;
    common = common.slice(0, index);
  }
  const names = new Map<string, string>();
  real.forEach((file, index) => {
    const rest = split[index]!.slice(common.length).filter((part) => part !== '..');
    // A live source is named `cluster:<context>`: keep file names portable.
    let name = (rest.join('/') || 'input.yaml').replace(/[^A-Za-z0-9._/-]/g, '-');
    if (!/\.(ya?ml|json)$/i.test(name)) name += '.yaml';
    names.set(file, name.replace(/\.json$/i, '.yaml'));
  });
  if (files.includes('-')) names.set('-', 'stdin.yaml');
  return names;
}

function patchFileName(object: KubeObject, taken: Set<string>): string {
  const kind = String(object.kind).toLowerCase();
  let name = `${kind}-${object.metadata?.name}.yaml`;
  if (taken.has(name)) name = `${kind}-${object.metadata?.namespace}-${object.metadata?.name}.yaml`;
  taken.add(name);
  return name;
}

/**
 * Objects that name no namespace belong to the plan's namespace: stamping it makes the overlay
 * apply where the labels and NetworkPolicies go, whatever the kubectl context's namespace is.
 */
function inNamespace(object: KubeObject, namespace: string): KubeObject {
  if (!isNamespaced(object.kind) || object.metadata?.namespace) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/** Fields the API server sets: an export read from a live cluster must not carry them back. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function forExport(object: KubeObject): KubeObject {
  const metadata = object.metadata;
  if (!metadata || (!SERVER_METADATA.some((key) => key in metadata) && !(metadata.annotations && LAST_APPLIED in metadata.annotations) && !('status' in object))) return object;
  const cleaned: Record<string, unknown> = { ...metadata };
  for (const key of SERVER_METADATA) delete cleaned[key];
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
    if (Object.keys(annotations).length > 0) cleaned.annotations = annotations;
    else delete cleaned.annotations;
  }
  const { status: _status, ...rest } = object as KubeObject & { status?: unknown };
  return { ...rest, metadata: cleaned };
}

export function renderExport(input: ExportInput): Map<string, string> {
  const { plan } = input;
  const files = new Map<string, string>();
  const skippedSecrets: string[] = [];
  const referenced = new Set(input.kustomizations ?? []);

  // base/: the inputs, one file per input file, Secrets left out.
  const byFile = new Map<string, KubeObject[]>();
  for (const { object, source } of input.objects) {
    if (referenced.has(source.file)) continue;
    if (isSecret(object)) {
      skippedSecrets.push(`${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name} (${formatSource(source)})`);
      continue;
    }
    const list = byFile.get(source.file) ?? [];
    list.push(inNamespace(forExport(object), plan.defaultNamespace));
    byFile.set(source.file, list);
  }
  const names = baseFileNames([...byFile.keys()]);
  const baseResources: string[] = [];
  for (const [file, objects] of byFile) {
    const name = names.get(file)!;
    files.set(`base/${name}`, toYamlStream(objects));
    baseResources.push(name);
  }
  for (const folder of input.kustomizations ?? []) baseResources.push(input.kustomizationRefs?.get(folder) ?? folder);
  files.set('base/kustomization.yaml', toYaml({ ...KUSTOMIZATION_HEADER, resources: baseResources }));

  // Namespaces: a resource, or a patch when the base already has the Namespace object.
  const resources = ['base'];
  const patches: string[] = [];
  const newNamespaces: KubeObject[] = [];
  const namespaceInBase = (name: string) =>
    input.objects.some(({ object }) => object.kind === 'Namespace' && object.metadata?.name === name);
  for (const namespace of plan.namespaces) {
    const labels = { ...namespace.prepareLabels, ...namespace.enforceLabels };
    const object = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name, labels } };
    if (namespaceInBase(namespace.name)) {
      const path = `patches/namespace-${namespace.name}.yaml`;
      files.set(path, toYaml(object));
      patches.push(path);
    } else newNamespaces.push(object);
  }
  if (newNamespaces.length > 0) {
    files.set('namespace.yaml', toYamlStream(newNamespaces));
    resources.push('namespace.yaml');
  }

  const policies = plan.networkPolicies.filter((policy) => policy.accepted).map((policy) => policy.object);
  if (policies.length > 0) {
    files.set('network-policies.yaml', toYamlStream(policies));
    resources.push('network-policies.yaml');
  }

  // Workload patches: minimal strategic-merge patches of the accepted changes.
  const taken = new Set<string>();
  const acceptedByTarget = new Map<string, typeof plan.changes[number][]>();
  for (const change of plan.changes) {
    if (!change.accepted) continue;
    const key = `${change.target.kind}/${change.target.namespace}/${change.target.name}`;
    acceptedByTarget.set(key, [...(acceptedByTarget.get(key) ?? []), change]);
  }
  for (const { object } of input.objects) {
    const key = refKey({ kind: String(object.kind), namespace: object.metadata?.namespace, name: String(object.metadata?.name) });
    const patched = plan.patched.get(key);
    if (!patched) continue;
    const namespace = object.metadata?.namespace ?? plan.defaultNamespace;
    const accepted = acceptedByTarget.get(`${object.kind}/${namespace}/${object.metadata?.name}`) ?? [];
    const path = `patches/${patchFileName(object, taken)}`;
    files.set(path, toYaml(strategicMergePatch(inNamespace(forExport(object), plan.defaultNamespace), patched, accepted)));
    patches.push(path);
  }

  files.set(
    'kustomization.yaml',
    toYaml({ ...KUSTOMIZATION_HEADER, resources, ...(patches.length > 0 ? { patches: patches.sort().map((path) => ({ path })) } : {}) }),
  );
  files.set('plan.yaml', toYaml(renderPlanDocument(plan, { status: false })));
  files.set('README.md', renderReadme(plan, skippedSecrets));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function renderReadme(plan: Plan, skippedSecrets: readonly string[]): string {
  const lines: string[] = ['# kube-harden export', ''];
  lines.push(
    `Target: Pod Security level **${plan.settings.target.level}**, policy version ${plan.settings.target.kubeVersion === 'latest' ? 'latest' : `v1.${plan.settings.target.kubeVersion}`}.`,
    '',
    '## Apply',
    '',
    '```sh',
    'kubectl kustomize .          # review the hardened manifests',
    'kubectl apply -k . --dry-run=server',
    'kubectl apply -k .',
    '```',
    '',
    'Roll out in two steps: first everything but the `enforce` label (warn and audit report what would be refused),',
    'then, once no warnings remain, the `pod-security.kubernetes.io/enforce` label. `plan.yaml` replays these',
    'decisions without the wizard: `kube-harden export --plan plan.yaml --out DIR`.',
    '',
    '## Namespaces',
    '',
  );
  for (const namespace of plan.namespaces) {
    lines.push(`- **${namespace.name}**: enforce ${namespace.recommended.enforce}, audit ${namespace.recommended.audit}, warn ${namespace.recommended.warn}, version ${namespace.recommended.version}`);
    for (const note of namespace.notes) lines.push(`  - ${note}`);
    for (const blocker of namespace.blockers) {
      lines.push(`  - ${blocker.workload.kind}/${blocker.workload.name} cannot meet ${plan.settings.target.level} (it meets ${blocker.meets}): ${blocker.reasons.join('; ')}`);
      for (const option of blocker.options) lines.push(`    - option: ${option}`);
    }
  }
  lines.push('', '## Changes', '');
  const accepted = plan.changes.filter((change) => change.accepted);
  if (accepted.length === 0) lines.push('None accepted.');
  for (const change of accepted) {
    lines.push(`- \`${change.id}\`: ${change.summary} — risk **${change.risk.level}**: ${change.risk.why}${change.resolves.length ? ` (resolves ${change.resolves.join(', ')})` : ''}`);
  }
  const declined = plan.changes.filter((change) => !change.accepted);
  if (declined.length > 0) {
    lines.push('', 'Not applied (declined or optional):', '');
    for (const change of declined) lines.push(`- \`${change.id}\`: ${change.summary}`);
  }
  const manual = plan.workloads.filter((workload) => workload.manual.length > 0);
  if (manual.length > 0) {
    lines.push('', '## Manual items', '');
    for (const workload of manual) {
      for (const item of workload.manual) lines.push(`- ${workload.ref.kind}/${workload.ref.name} — ${item.check}: ${item.guidance}`);
    }
  }
  lines.push('', '## Workloads', '');
  for (const workload of plan.workloads) {
    const status = workload.after[plan.settings.target.level === 'privileged' ? 'baseline' : plan.settings.target.level] ? 'passes' : `still fails: ${formatViolations(workload.remaining)}`;
    lines.push(`- ${workload.ref.kind}/${workload.ref.name} (${CLASS_LABELS[workload.class]}): ${status}`);
  }
  lines.push('', '## Network', '');
  for (const policy of plan.networkPolicies.filter((item) => item.accepted)) lines.push(`- \`${policy.id}\`: ${policy.summary}`);
  for (const item of plan.unseenTraffic) lines.push(`- not visible to kube-harden, ${item.workload}: ${item.detail}`);
  for (const note of plan.notes) lines.push(`- ${note}`);
  if (skippedSecrets.length > 0) {
    lines.push('', '## Secrets left out', '', 'These Secrets were in the inputs and are not copied here; apply them from where you keep them:', '');
    for (const secret of skippedSecrets) lines.push(`- ${secret}`);
  }
  return `${lines.join('\n')}\n`;
}
