/**
 * The single-pass splitter must cut exactly as the plain line-array algorithm does (kept here as
 * the oracle): same documents, same text, same first and content lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitDocuments } from '../../../src/adapters/files/split-documents.js';

const START = /^---(?=[ \t\r]|$)/;
const END = /^\.\.\.(?=[ \t\r]|$)/;
const isContent = (text: string) => text.trim() !== '' && !text.trim().startsWith('#');

function oracle(stream: string) {
  const lines = stream.split('\n');
  const documents: { text: string; firstLine: number; contentLine: number }[] = [];
  let start = 0;
  let content = -1;
  let marker = false;
  let directive = false;
  const close = (end: number) => {
    if (content >= 0) documents.push({ text: lines.slice(start, end).join('\n'), firstLine: start + 1, contentLine: content + 1 });
  };
  const open = (index: number, withMarker: boolean) => {
    start = index;
    content = -1;
    marker = withMarker;
    directive = false;
  };
  lines.forEach((line, index) => {
    if (START.test(line)) {
      if (content >= 0 || marker) {
        close(index);
        open(index, true);
      } else if (directive) marker = true;
      else open(index, true);
      if (content < 0 && isContent(line.slice(3))) content = index;
    } else if (END.test(line)) {
      close(index);
      open(index + 1, false);
    } else if (content < 0 && !marker && line.startsWith('%')) directive = true;
    else if (content < 0 && isContent(line)) content = index;
  });
  close(lines.length);
  return documents;
}

const LINES = ['---', '--- ', '---\r', '...', '... x', '%YAML 1.2', '# comment', '', 'a: 1', '- x', '-- y', '.x', '  b: 2', '--- a: 1', 'key: |', '  ---', '\r', '---a'];

test('splitDocuments cuts every stream exactly as the line-array algorithm', () => {
  const seed = Number(process.env.KUBE_HARDEN_SEED ?? 20261124);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 14 }), fc.boolean(), (lines, trailingNewline) => {
      const stream = lines.join('\n') + (trailingNewline ? '\n' : '');
      assert.deepEqual(splitDocuments(stream), oracle(stream));
    }),
    { seed, numRuns: 5000 },
  );
});
