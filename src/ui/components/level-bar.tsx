import React from 'react';
import { Text } from 'ink';
import { theme } from '../theme.js';

/** `███▒▒░░ 3 pass · 2 after fixes · 2 manual`: a small stacked bar of counts. */
export function LevelBar({ pass, fixed, manual, width = 20 }: { readonly pass: number; readonly fixed: number; readonly manual: number; readonly width?: number }): React.JSX.Element {
  const colors = theme();
  const total = Math.max(1, pass + fixed + manual);
  const cells = (count: number) => Math.round((count / total) * width);
  const passCells = cells(pass);
  const fixedCells = Math.min(width - passCells, cells(fixed));
  const manualCells = Math.max(0, width - passCells - fixedCells);
  return (
    <Text>
      <Text color={colors.ok}>{'█'.repeat(passCells)}</Text>
      <Text color={colors.warn}>{'▒'.repeat(fixedCells)}</Text>
      <Text color={colors.danger}>{'░'.repeat(manual > 0 ? manualCells : 0)}</Text>
      <Text>{' '.repeat(manual > 0 ? 0 : manualCells)}</Text>
      <Text>{` ${pass} pass · ${fixed} after fixes · ${manual} manual`}</Text>
    </Text>
  );
}
