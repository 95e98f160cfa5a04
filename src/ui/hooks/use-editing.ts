import { useState } from 'react';
import { useInput } from 'ink';

export interface Editing {
  readonly editing: boolean;
  readonly open: () => void;
  readonly close: () => void;
}

/**
 * A text field's open/closed state: while open, the App leaves Enter, Esc, q and ? to the field
 * (capture), and Esc closes it.
 */
export function useEditing(setCapture: (captured: boolean) => void): Editing {
  const [editing, setEditing] = useState(false);
  const open = () => {
    setEditing(true);
    setCapture(true);
  };
  const close = () => {
    setEditing(false);
    setCapture(false);
  };
  useInput(
    (_input, key) => {
      if (key.escape) close();
    },
    { isActive: editing },
  );
  return { editing, open, close };
}
