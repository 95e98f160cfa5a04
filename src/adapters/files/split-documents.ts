/** One document's text cut out of a YAML stream. */
export interface DocumentText {
  /** The document's text, including its `---` marker line when it has one. */
  readonly text: string;
  /** Line of the first line of `text` in the stream, counting from 1. */
  readonly firstLine: number;
  /** First line with YAML content (not blank, not a comment, not a bare `---`), counting from 1. */
  readonly contentLine: number;
}

// YAML forbids these markers at column 0 inside any content, so a line split is exact (YAML 1.2, 9.1.4).
const DOCUMENT_START = /^---(?=[ \t\r]|$)/;
const DOCUMENT_END = /^\.\.\.(?=[ \t\r]|$)/;

function isContent(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

const DASH = 0x2d;
const DOT = 0x2e;

/**
 * Splits a YAML stream into its documents ourselves, so that each one can be loaded on its own and
 * a broken document cannot hide the others. Documents without content (blank, comments only, a
 * bare `---`, as Helm prints for a template that rendered nothing) are left out.
 *
 * One pass over line starts: once a document's content has started, a line is only looked at when
 * it begins with `-` or `.` (a possible marker), so large streams cost little beyond the scan.
 */
export function splitDocuments(stream: string): DocumentText[] {
  const documents: DocumentText[] = [];
  let start = 0; // line index where the current document starts
  let startOffset = 0;
  let contentIndex = -1;
  let sawMarker = false;
  let sawDirective = false;

  /** Closes the document at the line starting at `endOffset` (its separating newline is not part of it). */
  const close = (endOffset: number, atEndOfStream = false): void => {
    if (contentIndex >= 0) {
      const end = atEndOfStream ? endOffset : Math.max(startOffset, endOffset - 1);
      documents.push({ text: stream.slice(startOffset, end), firstLine: start + 1, contentLine: contentIndex + 1 });
    }
  };
  const open = (index: number, offset: number, marker: boolean): void => {
    start = index;
    startOffset = offset;
    contentIndex = -1;
    sawMarker = marker;
    sawDirective = false;
  };

  let index = 0;
  let offset = 0;
  for (;;) {
    const newline = stream.indexOf('\n', offset);
    const lineEnd = newline === -1 ? stream.length : newline;
    const first = stream.charCodeAt(offset);
    const needsLine = contentIndex < 0 || first === DASH || first === DOT;
    if (needsLine) {
      const line = stream.slice(offset, lineEnd);
      if (DOCUMENT_START.test(line)) {
        if (contentIndex >= 0 || sawMarker) {
          close(offset);
          open(index, offset, true);
        } else if (sawDirective) {
          // `%YAML 1.2` and `%TAG` lines belong to the document that this marker starts.
          sawMarker = true;
        } else {
          open(index, offset, true);
        }
        if (contentIndex < 0 && isContent(line.slice(3))) contentIndex = index;
      } else if (DOCUMENT_END.test(line)) {
        close(offset);
        open(index + 1, newline === -1 ? stream.length : newline + 1, false);
      } else if (contentIndex < 0 && !sawMarker && line.startsWith('%')) {
        sawDirective = true;
      } else if (contentIndex < 0 && isContent(line)) {
        contentIndex = index;
      }
    }
    if (newline === -1) break;
    offset = newline + 1;
    index++;
  }
  close(stream.length, true);
  return documents;
}
