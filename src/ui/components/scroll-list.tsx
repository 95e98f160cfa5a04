import React from 'react';
import { Box, Text } from 'ink';

/** The slice of a list to draw so the cursor stays visible; only these rows are rendered. */
export function visibleWindow(count: number, cursor: number, height: number): { start: number; end: number } {
  const rows = Math.max(1, height);
  if (count <= rows) return { start: 0, end: count };
  const start = Math.min(Math.max(0, cursor - Math.floor(rows / 2)), count - rows);
  return { start, end: start + rows };
}

export interface ScrollListProps<T> {
  readonly items: readonly T[];
  readonly cursor: number;
  /** Rows available for items. */
  readonly height: number;
  readonly renderRow: (item: T, selected: boolean, index: number) => React.ReactNode;
  readonly rowKey: (item: T, index: number) => string;
  /** @default 'nothing to show' */
  readonly empty?: string;
}

export function ScrollList<T>({ items, cursor, height, renderRow, rowKey, empty = 'nothing to show' }: ScrollListProps<T>): React.JSX.Element {
  if (items.length === 0) return <Text dimColor>{empty}</Text>;
  const { start, end } = visibleWindow(items.length, cursor, height - (items.length > height ? 1 : 0));
  const rows = items.slice(start, end);
  return (
    <Box flexDirection="column">
      {rows.map((item, offset) => (
        <Box key={rowKey(item, start + offset)}>{renderRow(item, start + offset === cursor, start + offset)}</Box>
      ))}
      {items.length > height ? <Text dimColor>{`${start + 1}–${end} of ${items.length}`}</Text> : null}
    </Box>
  );
}
