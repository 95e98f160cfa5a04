import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import Spinner from 'ink-spinner';
import { theme } from '../theme.js';
import { useEditing } from '../hooks/use-editing.js';
import type { ScreenProps } from './screen-props.js';

/** Step 8: export folder (editable; asks before replacing), then the next steps until q. */
export function FinishScreen({ state, dispatch, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const { exportState } = state;
  const { editing, open: openField, close: closeField } = useEditing(setCapture);
  const [draft, setDraft] = useState(exportState.dir);

  useInput(
    (input) => {
      if (input === 'e' && exportState.status !== 'running') {
        setDraft(exportState.dir);
        openField();
      } else if (input === 'n' && exportState.exists) {
        setDraft(`${exportState.dir.replace(/-\d+$/, '')}-${Date.now().toString(36).slice(-4)}`);
        openField();
      }
    },
    { isActive: !editing },
  );

  if (exportState.status === 'done') {
    const dir = exportState.dir;
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text color={colors.ok} bold>{`✓ Exported ${exportState.files} files to ${dir}`}</Text>
        <Text> </Text>
        <Text bold>Next steps</Text>
        {[
          ['review the hardened manifests', `kubectl kustomize ${dir}`],
          ['let the API server check them', `kubectl apply -k ${dir} --dry-run=server`],
          ['apply them', `kubectl apply -k ${dir}`],
          ['replay these decisions in CI', `kube-harden export --plan ${dir}/plan.yaml --out DIR`],
        ].map(([what, command]) => (
          <Box key={what} flexDirection="column">
            <Text dimColor>{`  ${what}:`}</Text>
            <Text wrap="truncate-end">{`    ${command}`}</Text>
          </Box>
        ))}
        <Text> </Text>
        <Text dimColor>Roll out in two steps: warn/audit and the fixes first, the enforce label once no warnings remain (see README.md there).</Text>
        <Text dimColor>Press q to quit.</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Export the plan as a kustomize overlay</Text>
      <Text> </Text>
      {editing ? (
        <Box>
          <Text>folder: </Text>
          <TextInput
            value={draft}
            onChange={setDraft}
            onSubmit={(value) => {
              closeField();
              dispatch({ type: 'export/dir', dir: value.trim() });
            }}
          />
        </Box>
      ) : (
        <Text>{`folder: ${exportState.dir}`}</Text>
      )}
      <Text> </Text>
      {exportState.exists ? (
        <Text color={colors.warn}>{`${exportState.dir} already exists. Enter replaces it, n picks a new name, e edits the name.`}</Text>
      ) : exportState.status === 'running' ? (
        <Text>
          <Spinner type="dots" /> writing…
        </Text>
      ) : (
        <Text dimColor>Enter exports · e edits the folder</Text>
      )}
      {exportState.status === 'failed' ? <Text color={colors.danger}>{`✗ ${exportState.error}`}</Text> : null}
    </Box>
  );
}
