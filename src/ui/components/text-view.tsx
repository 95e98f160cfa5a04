import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';

/** Scrolled lines of text (YAML, or a unified diff coloured by its +/- prefix). */
export function TextView({ lines, offset, height, diff = false }: { readonly lines: readonly string[]; readonly offset: number; readonly height: number; readonly diff?: boolean }): React.JSX.Element {
  const colors = theme();
  const start = Math.max(0, Math.min(offset, Math.max(0, lines.length - height)));
  const shown = lines.slice(start, start + height);
  return (
    <Box flexDirection="column">
      {shown.map((line, index) => {
        const color = !diff ? undefined : line.startsWith('+') && !line.startsWith('+++') ? colors.ok : line.startsWith('-') && !line.startsWith('---') ? colors.danger : line.startsWith('@@') ? colors.accent : undefined;
        return (
          <Text key={start + index} color={color} wrap="truncate-end">
            {line === '' ? ' ' : line}
          </Text>
        );
      })}
      {lines.length > height ? <Text dimColor>{`lines ${start + 1}–${Math.min(lines.length, start + height)} of ${lines.length}`}</Text> : null}
    </Box>
  );
}
