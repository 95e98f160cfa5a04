/**
 * A scrolled list mixing headings and selectable rows: the cursor skips the headings. The
 * selection is held as a row key rather than an index, so it stays on the same item when the
 * list is recomputed (a toggle re-plans, a filter hides rows).
 */
import React from 'react';
import { ScrollList } from './scroll-list.js';

export interface ListRow {
  /** Stable across re-plans: the change, policy or item id. */
  readonly key: string;
  readonly selectable: boolean;
}

/** Index of the selected row: the row with `selectedKey`, else the first selectable row, else 0. */
export function selectionIndex(rows: readonly ListRow[], selectedKey: string | undefined): number {
  const index = selectedKey === undefined ? -1 : rows.findIndex((row) => row.key === selectedKey && row.selectable);
  if (index >= 0) return index;
  return Math.max(0, rows.findIndex((row) => row.selectable));
}

/** The key `steps` selectable rows away (negative: upwards), stopping at either end. */
export function moveSelection(rows: readonly ListRow[], selectedKey: string | undefined, steps: number): string | undefined {
  const selectable = rows.filter((row) => row.selectable);
  if (selectable.length === 0) return undefined;
  const current = rows[selectionIndex(rows, selectedKey)];
  const position = Math.max(0, selectable.findIndex((row) => row === current));
  return selectable[Math.min(selectable.length - 1, Math.max(0, position + steps))]!.key;
}

/** The first selectable row after the next row for which `isSection` holds, wrapping to the top. */
export function nextSection<T extends ListRow>(rows: readonly T[], selectedKey: string | undefined, isSection: (row: T) => boolean): string | undefined {
  const from = selectionIndex(rows, selectedKey);
  const order = [...rows.slice(from + 1), ...rows.slice(0, from + 1)];
  let seenSection = false;
  for (const row of order) {
    if (isSection(row)) seenSection = true;
    else if (seenSection && row.selectable) return row.key;
  }
  return rows[from]?.key;
}

/**
 * The new selection for a navigation command (↑ ↓ PgUp PgDn Tab), or `false` when the command is
 * not a navigation one and the screen should handle it.
 */
export function navigateSelection<T extends ListRow>(
  command: string | undefined,
  rows: readonly T[],
  selectedKey: string | undefined,
  options: { readonly page: number; readonly isSection: (row: T) => boolean },
): string | undefined | false {
  switch (command) {
    case 'up':
      return moveSelection(rows, selectedKey, -1);
    case 'down':
      return moveSelection(rows, selectedKey, 1);
    case 'pageUp':
      return moveSelection(rows, selectedKey, -options.page);
    case 'pageDown':
      return moveSelection(rows, selectedKey, options.page);
    case 'nextPane':
      return nextSection(rows, selectedKey, options.isSection);
    default:
      return false;
  }
}

export interface SelectableListProps<T extends ListRow> {
  readonly rows: readonly T[];
  readonly selectedKey: string | undefined;
  /** Rows available, the "n–m of k" line included. */
  readonly height: number;
  readonly renderRow: (row: T, selected: boolean) => React.ReactNode;
  /** @default 'nothing to show' */
  readonly empty?: string;
}

export function SelectableList<T extends ListRow>({ rows, selectedKey, height, renderRow, empty }: SelectableListProps<T>): React.JSX.Element {
  const cursor = selectionIndex(rows, selectedKey);
  const hasSelectable = rows.some((row) => row.selectable);
  return (
    <ScrollList
      items={rows}
      cursor={cursor}
      height={height}
      rowKey={(row) => row.key}
      renderRow={(row, selected) => renderRow(row, selected && hasSelectable)}
      {...(empty === undefined ? {} : { empty })}
    />
  );
}
