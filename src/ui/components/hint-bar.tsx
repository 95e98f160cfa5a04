import React from 'react';
import { Box, Text } from 'ink';
import { bindingsFor, type KeyBinding, type KeyScope } from '../keys.js';

const FIRST = ['accept', 'back', 'help', 'quit'];

/** `Enter accept · Esc back · ? help · q quit · ↑↓ move · …` from the key table, most needed first. */
export function hintText(scopes: readonly KeyScope[]): string {
  const bindings = bindingsFor(scopes).filter((binding) => binding.id !== 'pageUp' && binding.id !== 'pageDown');
  const ordered = [...bindings.filter((binding) => FIRST.includes(binding.id)), ...bindings.filter((binding) => !FIRST.includes(binding.id))];
  const parts: string[] = [];
  const has = (id: string) => ordered.some((binding) => binding.id === id);
  for (const binding of ordered as KeyBinding[]) {
    if (binding.id === 'down' && has('up')) continue;
    if (binding.id === 'right' && has('left')) continue;
    if (binding.id === 'up' && has('down')) parts.push('↑↓ move');
    else if (binding.id === 'left' && has('right')) parts.push('←→ choose');
    else parts.push(`${binding.label} ${binding.hint}`);
  }
  return parts.join(' · ');
}

/** The keys that work here, from the key table; a notice (if any) stands above them. */
export function HintBar({ scopes, columns, notice }: { readonly scopes: readonly KeyScope[]; readonly columns: number; readonly notice?: { level: 'info' | 'error'; text: string } }): React.JSX.Element {
  return (
    <Box width={columns} flexDirection="column">
      {notice ? (
        <Text color={notice.level === 'error' ? 'red' : undefined} bold={notice.level === 'error'} wrap="truncate-end">
          {notice.level === 'error' ? `✗ ${notice.text}` : notice.text}
        </Text>
      ) : null}
      <Text dimColor wrap="truncate-end">
        {hintText(scopes)}
      </Text>
    </Box>
  );
}
