/**
 * What the Preview step shows, as text: per tab, each object's YAML and its before → after diff,
 * built from the same pieces the export writes (namespace labels, accepted NetworkPolicies,
 * strategic-merge patches). Everything passes through `maskSecrets`, and Secrets are never shown.
 */
import { createTwoFilesPatch } from 'diff';
import type { KubeObject } from '../../core/model/kube.js';
import type { Plan } from '../../core/model/plan.js';
import { refKey, type SourcedObject } from '../../core/model/workload.js';
import { isSecret, maskSecrets } from '../../core/plan/mask-secrets.js';
import { strategicMergePatch } from '../../core/plan/strategic-patch.js';
import { toYaml } from '../../app/export/render-export.js';

export const PREVIEW_TABS = ['namespaces', 'policies', 'patches'] as const;
export type PreviewTab = (typeof PREVIEW_TABS)[number];

export const PREVIEW_TAB_TITLES: Readonly<Record<PreviewTab, string>> = {
  namespaces: 'Namespace labels',
  policies: 'NetworkPolicies',
  patches: 'Workload patches',
};

export interface PreviewDocument {
  /** `Namespace/shop`, `NetworkPolicy/default-deny-ingress`, `Deployment/api`. */
  readonly title: string;
  /** One line saying what the YAML is (a new object, a patch, labels added). */
  readonly summary: string;
  /**
   * The texts, computed on first use and kept: a namespace of thousands of workloads lists its
   * patches at once but renders only the one selected.
   */
  readonly texts: () => PreviewTexts;
}

export interface PreviewTexts {
  readonly yaml: readonly string[];
  /** A unified diff of the whole object, before → after (every line, changed ones marked). */
  readonly diff: readonly string[];
}

function once(compute: () => PreviewTexts): () => PreviewTexts {
  let texts: PreviewTexts | undefined;
  return () => (texts ??= compute());
}

export type PreviewDocuments = Readonly<Record<PreviewTab, readonly PreviewDocument[]>>;

/** Enough context lines that the diff shows the whole object, not only the hunks. */
const WHOLE_OBJECT = 100_000;

function lines(text: string): string[] {
  const split = text.split('\n');
  if (split.at(-1) === '') split.pop();
  return split;
}

/** A unified diff without jsdiff's `===` banner and end-of-file markers. */
export function unifiedDiff(title: string, before: string, after: string): string[] {
  if (before === after) return [`--- a/${title}`, `+++ b/${title}`, '(no difference)'];
  const patch = createTwoFilesPatch(before === '' ? '/dev/null' : `a/${title}`, `b/${title}`, before, after, undefined, undefined, { context: WHOLE_OBJECT });
  return lines(patch).filter((line) => !/^=+$/.test(line) && !line.startsWith('\\ No newline'));
}

function objectTitle(object: KubeObject): string {
  return `${String(object.kind)}/${String(object.metadata?.name)}`;
}

function namespaceDocuments(plan: Plan, objects: readonly SourcedObject[]): PreviewDocument[] {
  return plan.namespaces.map((namespace) => {
    const labels = { ...namespace.prepareLabels, ...namespace.enforceLabels };
    const written: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name, labels } };
    const existing = objects.find(({ object }) => object.kind === 'Namespace' && object.metadata?.name === namespace.name)?.object;
    const before: KubeObject | undefined = existing
      ? maskSecrets(existing)
      : Object.keys(namespace.existingLabels).length > 0
        ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace.name, labels: { ...namespace.existingLabels } } }
        : undefined;
    const after: KubeObject = before
      ? { ...before, metadata: { ...before.metadata, name: namespace.name, labels: { ...(before.metadata?.labels as Record<string, string> | undefined), ...labels } } }
      : written;
    return {
      title: `Namespace/${namespace.name}`,
      summary: existing ? 'a patch adding the Pod Security labels to the existing Namespace' : 'a new Namespace object with the Pod Security labels',
      texts: once(() => ({
        yaml: lines(toYaml(maskSecrets(written))),
        diff: unifiedDiff(`Namespace/${namespace.name}`, before ? toYaml(before) : '', toYaml(maskSecrets(after))),
      })),
    };
  });
}

function policyDocuments(plan: Plan): PreviewDocument[] {
  return plan.networkPolicies
    .filter((policy) => policy.accepted && !isSecret(policy.object))
    .map((policy) => ({
      title: objectTitle(policy.object),
      summary: policy.summary,
      texts: once(() => {
        const yaml = toYaml(maskSecrets(policy.object));
        return { yaml: lines(yaml), diff: unifiedDiff(objectTitle(policy.object), '', yaml) };
      }),
    }));
}

function patchDocuments(plan: Plan, objects: readonly SourcedObject[]): PreviewDocument[] {
  const documents: PreviewDocument[] = [];
  const acceptedByName = new Map<string, Plan['changes'][number][]>();
  for (const change of plan.changes) {
    if (!change.accepted) continue;
    const key = `${change.target.kind}/${change.target.name}`;
    const list = acceptedByName.get(key);
    if (list) list.push(change);
    else acceptedByName.set(key, [change]);
  }
  for (const { object } of objects) {
    if (isSecret(object)) continue;
    // Keyed as the export keys them: by the namespace the object itself names.
    const patched = plan.patched.get(refKey({ kind: String(object.kind), namespace: object.metadata?.namespace, name: String(object.metadata?.name) }));
    if (!patched) continue;
    const accepted = (acceptedByName.get(`${String(object.kind)}/${String(object.metadata?.name)}`) ?? []).filter(
      (change) => (object.metadata?.namespace ?? change.target.namespace) === change.target.namespace,
    );
    const title = objectTitle(object);
    documents.push({
      title,
      summary: `strategic-merge patch of ${accepted.length} accepted change${accepted.length === 1 ? '' : 's'}`,
      texts: once(() => ({
        yaml: lines(toYaml(maskSecrets(strategicMergePatch(object, patched, accepted)))),
        diff: unifiedDiff(title, toYaml(maskSecrets(object)), toYaml(maskSecrets(patched))),
      })),
    });
  }
  return documents;
}

export function buildPreviewDocuments(plan: Plan, objects: readonly SourcedObject[]): PreviewDocuments {
  return { namespaces: namespaceDocuments(plan, objects), policies: policyDocuments(plan), patches: patchDocuments(plan, objects) };
}
