import React from 'react';
import { Box, Text } from 'ink';
import { KEY_BINDINGS } from '../keys.js';

/** Every key, from the same table as the hint bar. */
export function HelpOverlay({ columns }: { readonly columns: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={Math.min(columns, 78)}>
      <Text bold>Keys</Text>
      {KEY_BINDINGS.map((binding) => (
        <Text key={binding.id} wrap="truncate-end">
          {`${binding.label.padEnd(6)} ${binding.description}`}
        </Text>
      ))}
      <Text dimColor>Ctrl-C quits at once. Press ? or Esc to close.</Text>
    </Box>
  );
}
