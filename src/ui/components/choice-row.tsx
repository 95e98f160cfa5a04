/**
 * One row of a decision list: `› [x] ! text          LABEL`. The selection shows as `›` plus bold
 * (and inverse when colours are off), the decision as `[x]`/`[ ]`, and a warning as a one-character
 * marker, so every state reads on a monochrome terminal (NO_COLOR) too. The right-hand label is
 * never truncated; the text is.
 */
import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';

export interface ChoiceRowProps {
  readonly selected: boolean;
  /** Accepted or not; undefined draws no box (an item that cannot be toggled), keeping alignment. */
  readonly checked?: boolean;
  /** One character after the box, `!` for a change that may break the workload. @default ' ' */
  readonly marker?: string;
  readonly text: string;
  /** A short label at the right edge (the risk). */
  readonly label?: string;
  readonly labelColor?: string;
  readonly labelBold?: boolean;
  /** Keep the box's column when there is no box, so the row lines up with choices. @default true */
  readonly aligned?: boolean;
  /** Colour of the text when the row is not selected. */
  readonly color?: string;
  readonly dim?: boolean;
  readonly width: number;
}

export function ChoiceRow({ selected, checked, marker = ' ', text, label, labelColor, labelBold, aligned = true, color, dim, width }: ChoiceRowProps): React.JSX.Element {
  const colors = theme();
  const box = checked === undefined ? (aligned ? '    ' : '') : checked ? '[x] ' : '[ ] ';
  const line = `${selected ? '›' : ' '} ${box}${marker} ${text}`;
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1} minWidth={0}>
        <Text wrap="truncate-end" bold={selected} inverse={selected && !colors.accent} color={selected ? colors.accent : color} dimColor={!selected && dim}>
          {line}
        </Text>
      </Box>
      {label ? (
        <Box flexShrink={0}>
          <Text color={labelColor} bold={labelBold} dimColor={!labelColor && !labelBold}>{` ${label}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
