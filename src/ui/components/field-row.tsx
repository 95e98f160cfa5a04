/**
 * One field of an inline form: `› name: value_`. The active field holds the text input; the others
 * show their current text. The owner handles Enter (through `onSubmit`), Tab and Esc.
 */
import React from 'react';
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';

export interface FieldRowProps {
  readonly name: string;
  /** Width the name is padded to, so the values line up. */
  readonly nameWidth: number;
  readonly value: string;
  readonly active: boolean;
  readonly onChange: (value: string) => void;
  readonly onSubmit: (value: string) => void;
  /** Dim text after the value (bounds, what the field means). */
  readonly hint?: string;
}

export function FieldRow({ name, nameWidth, value, active, onChange, onSubmit, hint }: FieldRowProps): React.JSX.Element {
  return (
    <Box>
      <Text bold={active}>{`${active ? '›' : ' '} ${`${name}:`.padEnd(nameWidth + 1)} `}</Text>
      {active ? <TextInput value={value} onChange={onChange} onSubmit={onSubmit} /> : <Text>{value}</Text>}
      {hint ? (
        <Box flexShrink={1} minWidth={0}>
          <Text dimColor wrap="truncate-end">{`  ${hint}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
