import type { KubeObject } from '../../core/model/kube.js';
import type { InputError, Skipped, SourcedObject } from '../../core/model/workload.js';
import { loadDocument, loadStream } from './load-document.js';
import { splitDocuments } from './split-documents.js';
import { isObject } from '../../core/model/json.js';

/** What reading some input produced. Every document lands in exactly one of the three lists. */
export interface ParsedInput {
  readonly objects: SourcedObject[];
  readonly errors: InputError[];
  /** Documents that are not Kubernetes objects (a bare string, a mapping without `kind`, ...). */
  readonly skipped: Skipped[];
}

export function emptyParsedInput(): ParsedInput {
  return { objects: [], errors: [], skipped: [] };
}

/** Appends `more` to `into`, keeping order. */
export function appendParsedInput(into: ParsedInput, more: ParsedInput): void {
  into.objects.push(...more.objects);
  into.errors.push(...more.errors);
  into.skipped.push(...more.skipped);
}

/**
 * Reads a YAML or JSON stream (a file, stdin, `kubectl kustomize` or `helm template` output).
 *
 * Numbering: every document with content gets the next number from 1, in stream order. Documents
 * without content (blank, comments only, a bare `---`) get no number, so the first real object of
 * Helm output, which starts with `---`, is `#1`. The items of a `List` (`kind: List`,
 * `DeploymentList`, ... with an `items` sequence, as `kubectl get -o yaml` prints) are numbered
 * `N.1`, `N.2`, ... within their document `N`.
 *
 * Each document is loaded on its own: a broken one gives one error and the others are still read.
 * `line` is the first line of the document's content (of the item, for a `List` item).
 */
export function parseDocuments(text: string, file: string): ParsedInput {
  const result = emptyParsedInput();
  if (text.includes('\u0000')) {
    result.errors.push({ file, message: 'binary file (contains NUL bytes), not YAML or JSON' });
    return result;
  }
  const stream = text.startsWith('\uFEFF') ? text.slice(1) : text;

  const documents = splitDocuments(stream);
  const fast = loadStream(stream, documents);
  documents.forEach((document, index) => {
    const number = String(index + 1);
    const loaded = fast?.[index] ?? loadDocument(document);
    if (!loaded.ok) {
      result.errors.push({ file, document: number, line: loaded.line, message: loaded.message });
      return;
    }
    const items = listItems(loaded.value);
    if (items === undefined) {
      addDocument(result, loaded.value, { file, document: number, line: document.contentLine });
      return;
    }
    items.forEach((item, itemIndex) => {
      const line = loaded.itemLines?.[itemIndex] ?? document.contentLine;
      addDocument(result, item, { file, document: `${number}.${itemIndex + 1}`, line });
    });
  });
  return result;
}

/** The items of a `List` kind, or `undefined` for any other document. */
function listItems(value: unknown): readonly unknown[] | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !value.kind.endsWith('List')) return undefined;
  // `kubectl get` prints `items: []` for nothing found; some tools drop the key or write null.
  if (value.items === undefined || value.items === null) return [];
  return Array.isArray(value.items) ? value.items : undefined;
}

function addDocument(
  result: ParsedInput,
  value: unknown,
  source: { file: string; document: string; line: number },
): void {
  const why = notKubernetesBecause(value);
  if (why === undefined) {
    result.objects.push({ object: value as KubeObject, source });
    return;
  }
  const mapping = isObject(value) ? value : {};
  const metadata = isObject(mapping.metadata) ? mapping.metadata : {};
  result.skipped.push({
    file: source.file,
    document: source.document,
    kind: typeof mapping.kind === 'string' ? mapping.kind : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    why,
  });
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function notKubernetesBecause(value: unknown): string | undefined {
  if (value === null) return 'not a Kubernetes object: an empty document (null)';
  if (!isObject(value)) return `not a Kubernetes object: ${describeValue(value)}, not a mapping`;
  const hasKind = typeof value.kind === 'string' && value.kind !== '';
  const hasApiVersion = typeof value.apiVersion === 'string' && value.apiVersion !== '';
  if (hasKind && hasApiVersion) return undefined;
  if (!hasKind && !hasApiVersion) return 'not a Kubernetes object: no kind or apiVersion';
  return `not a Kubernetes object: no ${hasKind ? 'apiVersion' : 'kind'}`;
}
