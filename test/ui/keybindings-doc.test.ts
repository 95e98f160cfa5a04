import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KEY_BINDINGS, renderKeybindingsMarkdown } from '../../src/ui/keys.js';

test('docs/keybindings.md matches the key table (run npm run docs after changing keys)', () => {
  assert.equal(readFileSync('docs/keybindings.md', 'utf8'), renderKeybindingsMarkdown());
});

test('no two bindings in one scope answer the same key', () => {
  const probes = ['k', 'j', 'h', 'l', ' ', '/', 'e', 'c', 'd', '?', 'q', 'x', 'n', 'y'];
  for (const input of probes) {
    const noKey = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false } as never;
    const scopes = new Set(KEY_BINDINGS.flatMap((binding) => binding.scope));
    for (const scope of scopes) {
      const matching = KEY_BINDINGS.filter((binding) => (binding.scope.includes(scope) || binding.scope.includes('global')) && binding.matches(input, noKey));
      assert.ok(matching.length <= 1, `"${input}" in ${scope}: ${matching.map((binding) => binding.id).join(', ')}`);
    }
  }
});
