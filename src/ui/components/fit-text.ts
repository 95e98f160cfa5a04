/** Column text: cut to `width` with `…` when longer, padded with spaces when shorter. */
export function fitColumn(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return `${text.slice(0, Math.max(0, width - 1))}…`;
  return text.padEnd(width);
}

/**
 * Word-wraps `text` to `width` columns, continuation lines indented by `indent`; a word longer
 * than a line is cut, so no line is ever wider than `width`.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const limit = Math.max(8, width);
  const pad = indent.slice(0, Math.floor(limit / 2));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    if (line === '') line = `${lines.length > 0 ? pad : ''}${word}`;
    else if (line.length + 1 + word.length <= limit) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = `${pad}${word}`;
    }
    while (line.length > limit) {
      lines.push(line.slice(0, limit));
      line = `${pad}${line.slice(limit)}`;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
