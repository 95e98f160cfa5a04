import { useEffect, useState } from 'react';

export interface ListCursor {
  readonly cursor: number;
  readonly move: (delta: number) => void;
  readonly set: (index: number) => void;
}

/** Cursor over a list of `count` rows, kept in range when the list shrinks. */
export function useListCursor(count: number): ListCursor {
  const [cursor, setCursor] = useState(0);
  useEffect(() => {
    if (cursor > 0 && cursor >= count) setCursor(Math.max(0, count - 1));
  }, [count, cursor]);
  return {
    cursor: Math.min(cursor, Math.max(0, count - 1)),
    move: (delta) => setCursor((current) => Math.min(Math.max(0, current + delta), Math.max(0, count - 1))),
    set: (index) => setCursor(Math.min(Math.max(0, index), Math.max(0, count - 1))),
  };
}
