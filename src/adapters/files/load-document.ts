import {
  constructFromEvents,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  YAMLException,
  type Event,
} from 'js-yaml';
import { KUBECTL_YAML_SCHEMA } from './kubectl-yaml-schema.js';
import type { DocumentText } from './split-documents.js';

/**
 * Limits that make hostile input fail fast instead of exhausting memory or the stack.
 * js-yaml 5 defaults to no alias limit and a depth of 100; the deepest real manifests (CRDs with
 * nested OpenAPI schemas) stay well under 200 levels, and none needs anywhere near 1000 aliases.
 */
export const MAX_ALIASES = 1000;
export const MAX_DEPTH = 200;
/**
 * js-yaml shares one object between an anchor and its aliases, so a "billion laughs" document
 * loads instantly but explodes in whatever walks or serialises it next. We expand aliases into a
 * plain tree and refuse a document that would grow past this many values (the API server refuses
 * objects over 1.5 MiB anyway, far fewer values than this).
 */
export const MAX_EXPANDED_VALUES = 1_000_000;

export type LoadedDocument =
  | {
      readonly ok: true;
      /** A plain JSON tree: no shared subtrees, no cycles. */
      readonly value: unknown;
      /** For a mapping with an `items` sequence: the line where each item starts, counting from 1. */
      readonly itemLines?: readonly number[];
    }
  | {
      readonly ok: false;
      /** One line, naming no value from the document (it may be a Secret). */
      readonly message: string;
      readonly line: number;
    };

class ExpansionProblem extends Error {}

/** Loads one document cut by `splitDocuments`. Never throws. */
export function loadDocument(document: DocumentText): LoadedDocument {
  try {
    const events = parseEvents(document.text, { maxDepth: MAX_DEPTH });
    const values = constructFromEvents(events, {
      source: document.text,
      schema: KUBECTL_YAML_SCHEMA,
      maxAliases: MAX_ALIASES,
    });
    if (values.length !== 1) {
      return { ok: false, message: 'YAML syntax error: expected one document here', line: document.contentLine };
    }
    // Without alias events nothing is shared: the loaded value is already a plain tree.
    const value = events.some((event) => event.type === EVENT_ID.ALIAS) ? expandAliases(values[0]) : values[0];
    const offsets = hasItemSequence(value) ? findItemOffsets(events, document.text) : undefined;
    if (offsets === undefined) return { ok: true, value };
    return { ok: true, value, itemLines: linesAt(document, offsets) };
  } catch (error) {
    return { ok: false, message: describeLoadError(error, document), line: errorLine(error, document) };
  }
}

function hasItemSequence(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items);
}

/** Lines of ascending offsets into `document.text`, in one sweep. */
function linesAt(document: DocumentText, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = document.firstLine;
  let newline = document.text.indexOf('\n');
  for (const offset of offsets) {
    while (newline !== -1 && newline < offset) {
      line += 1;
      newline = document.text.indexOf('\n', newline + 1);
    }
    lines.push(line);
  }
  return lines;
}

function errorLine(error: unknown, document: DocumentText): number {
  if (error instanceof YAMLException && error.mark) return document.firstLine + error.mark.line;
  return document.contentLine;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function describeLoadError(error: unknown, document: DocumentText): string {
  if (error instanceof ExpansionProblem) return error.message;
  if (!(error instanceof YAMLException)) {
    return `could not read this document: ${oneLine(error instanceof Error ? error.message : String(error))}`;
  }
  // `reason` is js-yaml's message without the source snippet, which could show a Secret's value.
  const reason = oneLine(error.reason);
  if (reason.startsWith('aliases exceeded maxAliases')) {
    return `more than ${MAX_ALIASES} aliases (*name) in one document; refusing it (an alias bomb?)`;
  }
  if (reason.startsWith('nesting exceeded maxDepth')) {
    return `nested more than ${MAX_DEPTH} levels deep; refusing it`;
  }
  if (reason === 'duplicated mapping key' && error.mark) {
    const key = keyAt(document.text, error.mark.position);
    if (key) return `YAML syntax error: duplicated mapping key "${key}"`;
  }
  return `YAML syntax error: ${reason}`;
}

/** The mapping key that starts at `position` (js-yaml points duplicate-key errors at the key). */
function keyAt(text: string, position: number): string | undefined {
  const lineEnd = text.indexOf('\n', position);
  const rest = text.slice(position, lineEnd === -1 ? undefined : lineEnd);
  const key = rest.split(':')[0]?.trim().replace(/^["']|["']$/g, '');
  return key && key.length <= 80 ? key : undefined;
}

/**
 * Copies a loaded value into a tree where every alias is expanded, refusing cycles (`&a [*a]`
 * loads as a circular structure) and documents that expand past the limits. Sizes are measured
 * first, memoised per shared object, so a bomb is refused without expanding it.
 */
function expandAliases(value: unknown): unknown {
  measure(value, new Map(), new Set(), 0);
  return copyTree(value);
}

interface Extent {
  readonly size: number;
  readonly height: number;
}

const LEAF: Extent = { size: 1, height: 0 };

function measure(value: unknown, extents: Map<object, Extent>, ancestors: Set<object>, depth: number): Extent {
  if (value === null || typeof value !== 'object') return LEAF;
  if (ancestors.has(value)) {
    throw new ExpansionProblem('an alias points into the node that contains it (a cycle); refusing it');
  }
  // Checked before descending too, so a chain of aliases cannot overflow the stack.
  const tooDeep = `aliases nest this document more than ${MAX_DEPTH} levels deep; refusing it`;
  if (depth >= MAX_DEPTH) throw new ExpansionProblem(tooDeep);
  const extent = extents.get(value) ?? measureChildren(value, extents, ancestors, depth);
  if (depth + extent.height > MAX_DEPTH) throw new ExpansionProblem(tooDeep);
  return extent;
}

function measureChildren(value: object, extents: Map<object, Extent>, ancestors: Set<object>, depth: number): Extent {
  ancestors.add(value);
  let size = 1;
  let height = 1;
  for (const child of Object.values(value)) {
    const extent = measure(child, extents, ancestors, depth + 1);
    size += extent.size;
    height = Math.max(height, extent.height + 1);
    if (size > MAX_EXPANDED_VALUES) {
      throw new ExpansionProblem(
        `aliases expand this document to more than ${MAX_EXPANDED_VALUES} values; refusing it (an alias bomb?)`,
      );
    }
  }
  ancestors.delete(value);
  const extent = { size, height };
  extents.set(value, extent);
  return extent;
}

function copyTree(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyTree);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // A plain assignment to `__proto__` would set the prototype instead of a key.
    Object.defineProperty(copy, key, { value: copyTree(child), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Offsets of the items of a top-level `items:` sequence, for `List` documents. */
function findItemOffsets(events: readonly Event[], source: string): number[] | undefined {
  if (events[0]?.type !== EVENT_ID.DOCUMENT || events[1]?.type !== EVENT_ID.MAPPING) return undefined;
  let index = 2;
  while (index < events.length && events[index]?.type !== EVENT_ID.POP) {
    const key = events[index];
    const keyText = key?.type === EVENT_ID.SCALAR ? getScalarValue(source, key) : undefined;
    index = skipNode(events, index);
    if (keyText === 'items' && events[index]?.type === EVENT_ID.SEQUENCE) {
      const offsets: number[] = [];
      let item = index + 1;
      while (item < events.length && events[item]?.type !== EVENT_ID.POP) {
        offsets.push(startOf(events[item]));
        item = skipNode(events, item);
      }
      return offsets;
    }
    index = skipNode(events, index);
  }
  return undefined;
}

function startOf(event: Event | undefined): number {
  switch (event?.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    case EVENT_ID.SCALAR:
      return event.valueStart;
    case EVENT_ID.ALIAS:
      return event.anchorStart;
    default:
      return 0;
  }
}

/** Index of the event after the node that starts at `index`. */
function skipNode(events: readonly Event[], index: number): number {
  const type = events[index]?.type;
  if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE) return index + 1;
  let depth = 0;
  for (let cursor = index; cursor < events.length; cursor += 1) {
    const current = events[cursor]?.type;
    if (current === EVENT_ID.MAPPING || current === EVENT_ID.SEQUENCE) depth += 1;
    else if (current === EVENT_ID.POP) {
      depth -= 1;
      if (depth === 0) return cursor + 1;
    }
  }
  return events.length;
}

function eventStart(event: Event): number {
  if ('tagStart' in event && event.tagStart !== -1) return event.tagStart;
  if ('anchorStart' in event && event.anchorStart !== -1) return event.anchorStart;
  if ('valueStart' in event && event.valueStart !== -1) return event.valueStart;
  if ('start' in event) return event.start;
  return -1;
}

/**
 * The fast path for the common case, a valid stream: one parse for the whole stream instead of one
 * per document (js-yaml's fixed cost per call doubles the time of 10,000 small documents). Each
 * parsed document is matched to the splitter's document by the line its content starts on.
 * Returns undefined (use `loadDocument` per document) on any error, alias, `List`, or a match that
 * is not one-to-one, so that results are exactly those of the per-document path.
 */
export function loadStream(stream: string, documents: readonly DocumentText[]): LoadedDocument[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(stream, { maxDepth: MAX_DEPTH });
  } catch {
    return undefined;
  }
  // One pass over the events: the start of each document's root, and whether any alias appears.
  const roots: number[] = [];
  for (let index = 0; index < events.length; index++) {
    const type = events[index]!.type;
    if (type === EVENT_ID.ALIAS) return undefined;
    if (type === EVENT_ID.DOCUMENT) {
      const root = events[index + 1];
      roots.push(root ? eventStart(root) : -1);
    }
  }
  let values: unknown[];
  try {
    values = constructFromEvents(events, { source: stream, schema: KUBECTL_YAML_SCHEMA, maxAliases: MAX_ALIASES });
  } catch {
    return undefined;
  }
  if (roots.length !== values.length) return undefined;
  // Roots come in stream order, so their lines are counted in one forward scan.
  const byLine = new Map<number, unknown>();
  let line = 1;
  let offset = 0;
  for (let index = 0; index < roots.length; index++) {
    const start = roots[index]!;
    const value = values[index];
    if (start < 0 || value === null || value === undefined) continue;
    if (start < offset) return undefined;
    for (let newline = stream.indexOf('\n', offset); newline !== -1 && newline < start; newline = stream.indexOf('\n', newline + 1)) line++;
    offset = start;
    if (byLine.has(line)) return undefined;
    byLine.set(line, value);
  }
  const loaded: LoadedDocument[] = [];
  for (const document of documents) {
    if (!byLine.has(document.contentLine)) return undefined;
    const value = byLine.get(document.contentLine);
    if (hasItemSequence(value)) return undefined;
    loaded.push({ ok: true, value });
  }
  return byLine.size === documents.length ? loaded : undefined;
}
