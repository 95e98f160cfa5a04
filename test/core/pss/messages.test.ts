import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from '../../../src/core/pss/messages.js';

test("goQuote renders strings as Go's %q does", () => {
  const cases: [string, string][] = [
    ['unconfined', '"unconfined"'],
    ['say "hi"\\', '"say \\"hi\\"\\\\"'],
    ['tab\there\n', '"tab\\there\\n"'],
    ['\x00\x7f', '"\\x00\\x7f"'],
    ['no\u00a0break', '"no\\u00a0break"'],
    ['zero\u200bwidth', '"zero\\u200bwidth"'],
    ['héllo wörld ✓', '"héllo wörld ✓"'],
    ['emoji 🙂', '"emoji 🙂"'],
  ];
  for (const [input, expected] of cases) assert.equal(goQuote(input), expected, JSON.stringify(input));
});
