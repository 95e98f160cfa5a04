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

/**
 * Splits a YAML stream into its documents ourselves, so that each one is loaded on its own and a
 * broken document cannot hide the others. Documents without content (blank, comments only, a bare
 * `---`, as Helm prints for a template that rendered nothing) are left out.
 */
export function splitDocuments(stream: string): DocumentText[] {
  const lines = stream.split('\n');
  const documents: DocumentText[] = [];

  let start = 0;
  let contentIndex = -1;
  let sawMarker = false;
  let sawDirective = false;

  const close = (endExclusive: number): void => {
    if (contentIndex >= 0) {
      documents.push({
        text: lines.slice(start, endExclusive).join('\n'),
        firstLine: start + 1,
        contentLine: contentIndex + 1,
      });
    }
  };
  const open = (index: number, marker: boolean): void => {
    start = index;
    contentIndex = -1;
    sawMarker = marker;
    sawDirective = false;
  };

  lines.forEach((line, index) => {
    if (DOCUMENT_START.test(line)) {
      if (contentIndex >= 0 || sawMarker) {
        close(index);
        open(index, true);
      } else if (sawDirective) {
        // `%YAML 1.2` and `%TAG` lines belong to the document that this marker starts.
        sawMarker = true;
      } else {
        open(index, true);
      }
      if (contentIndex < 0 && isContent(line.slice(3))) contentIndex = index;
    } else if (DOCUMENT_END.test(line)) {
      close(index);
      open(index + 1, false);
    } else if (contentIndex < 0 && !sawMarker && line.startsWith('%')) {
      sawDirective = true;
    } else if (contentIndex < 0 && isContent(line)) {
      contentIndex = index;
    }
  });
  close(lines.length);
  return documents;
}
