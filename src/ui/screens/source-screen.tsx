import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import type { SourceChoice } from '../../app/session/wizard-state.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import type { ScreenProps } from './screen-props.js';

type Option = 'demo' | 'files' | 'cluster';
const OPTIONS: readonly { readonly id: Option; readonly title: string; readonly detail: string }[] = [
  { id: 'demo', title: 'Built-in demo namespace', detail: 'a small shop: web, api, postgres, redis, a nightly job and a log shipper' },
  { id: 'files', title: 'Manifests', detail: 'YAML or JSON files and folders (kustomize folders are built with kubectl)' },
  { id: 'cluster', title: 'Current kubeconfig context', detail: 'not available yet: save the namespace with kubectl get -o yaml and open the file' },
];

/** Step 1: where the workloads come from. Enter scans the selected source. */
export function SourceScreen({ state, dispatch, setCapture }: ScreenProps & { readonly demoPaths?: readonly string[] }): React.JSX.Element {
  const colors = theme();
  const initial = state.source?.kind ?? 'demo';
  const [cursor, setCursor] = useState(Math.max(0, OPTIONS.findIndex((option) => option.id === initial)));
  const [editing, setEditing] = useState(false);
  const [paths, setPaths] = useState(state.source?.kind === 'files' ? state.source.paths.join(' ') : '');
  const demoPaths = state.source?.kind === 'demo' ? state.source.paths : undefined;

  const choose = (index: number) => {
    setCursor(index);
    const option = OPTIONS[index]!.id;
    let source: SourceChoice | undefined;
    if (option === 'demo' && demoPaths) source = { kind: 'demo', paths: demoPaths };
    if (option === 'files' && paths.trim()) source = { kind: 'files', paths: paths.trim().split(/\s+/) };
    if (source) dispatch({ type: 'source/chosen', source });
  };

  useInput(
    (input, key) => {
      const command = commandFor(input, key, ['source', 'lists']);
      if (command === 'up' || command === 'left') choose(Math.max(0, cursor - 1));
      else if (command === 'down' || command === 'right') choose(Math.min(OPTIONS.length - 1, cursor + 1));
      else if (input === 'e' && OPTIONS[cursor]!.id === 'files') {
        setEditing(true);
        setCapture(true);
      }
    },
    { isActive: !editing },
  );
  useInput(
    (_input, key) => {
      if (key.escape) {
        setEditing(false);
        setCapture(false);
      }
    },
    { isActive: editing },
  );

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Where are the workloads?</Text>
      <Text> </Text>
      {OPTIONS.map((option, index) => {
        const selected = index === cursor;
        return (
          <Box key={option.id} flexDirection="column">
            <Text color={selected ? colors.accent : undefined} bold={selected} inverse={selected && !colors.accent}>
              {`${selected ? '›' : ' '} ${option.title}`}
            </Text>
            <Text dimColor>{`    ${option.detail}`}</Text>
          </Box>
        );
      })}
      <Text> </Text>
      {OPTIONS[cursor]!.id === 'files' ? (
        editing ? (
          <Box>
            <Text>paths: </Text>
            <TextInput
              value={paths}
              onChange={setPaths}
              onSubmit={(value) => {
                setEditing(false);
                setCapture(false);
                if (value.trim()) dispatch({ type: 'source/chosen', source: { kind: 'files', paths: value.trim().split(/\s+/) } });
              }}
            />
          </Box>
        ) : (
          <Text>{paths ? `paths: ${paths}  (e to edit)` : 'press e to type the paths, separated by spaces'}</Text>
        )
      ) : null}
      {state.source ? <Text dimColor>{`Enter scans ${state.source.kind === 'cluster' ? 'the cluster' : state.source.paths.join(', ')}`}</Text> : <Text dimColor>choose a source</Text>}
      {state.scan.status === 'cancelled' ? <Text color={colors.warn}>The last scan was cancelled.</Text> : null}
    </Box>
  );
}
