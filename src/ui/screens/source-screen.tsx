import React, { useEffect, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import type { SourceChoice } from '../../app/session/wizard-state.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { useEditing } from '../hooks/use-editing.js';
import type { ScreenProps } from './screen-props.js';

type Option = 'demo' | 'files' | 'cluster';
const OPTIONS: readonly { readonly id: Option; readonly title: string; readonly detail: string }[] = [
  { id: 'demo', title: 'Built-in demo namespace', detail: 'a small shop: web, api, postgres, redis, a nightly job and a log shipper' },
  { id: 'files', title: 'Manifests', detail: 'YAML or JSON files and folders (kustomize folders are built with kubectl)' },
  { id: 'cluster', title: 'Current kubeconfig context', detail: 'a namespace of the cluster (read only; ←/→ picks the namespace)' },
];

/** Step 1: where the workloads come from. Enter scans the selected source. */
export function SourceScreen({ state, dispatch, setCapture }: ScreenProps & { readonly demoPaths?: readonly string[] }): React.JSX.Element {
  const colors = theme();
  const initial = state.source?.kind ?? 'demo';
  const [cursor, setCursor] = useState(Math.max(0, OPTIONS.findIndex((option) => option.id === initial)));
  const { editing, open: openField, close: closeField } = useEditing(setCapture);
  const [paths, setPaths] = useState(state.source?.kind === 'files' ? state.source.paths.join(' ') : '');
  const demoPaths = state.source?.kind === 'demo' ? state.source.paths : undefined;

  const namespaces = state.cluster.namespaces ?? [];
  const [namespaceIndex, setNamespaceIndex] = useState(0);

  const chooseNamespace = (index: number) => {
    const namespace = namespaces[index];
    if (!namespace || !state.cluster.context) return;
    setNamespaceIndex(index);
    dispatch({ type: 'source/chosen', source: { kind: 'cluster', context: state.cluster.context, namespace: namespace.name } });
  };

  // When the namespaces arrive while the cluster option is highlighted, offer the first one.
  useEffect(() => {
    if (OPTIONS[cursor]!.id === 'cluster' && state.cluster.status === 'done' && state.source?.kind !== 'cluster') chooseNamespace(namespaceIndex);
  }, [state.cluster.status]);

  const choose = (index: number) => {
    setCursor(index);
    const option = OPTIONS[index]!.id;
    let source: SourceChoice | undefined;
    if (option === 'demo' && demoPaths) source = { kind: 'demo', paths: demoPaths };
    if (option === 'files' && paths.trim()) source = { kind: 'files', paths: paths.trim().split(/\s+/) };
    if (option === 'cluster') {
      if (state.cluster.status === 'done') chooseNamespace(namespaceIndex);
      else dispatch({ type: 'cluster/requested' });
    }
    if (source) dispatch({ type: 'source/chosen', source });
  };

  useInput(
    (input, key) => {
      const command = commandFor(input, key, ['source', 'lists']);
      const onCluster = OPTIONS[cursor]!.id === 'cluster';
      if (onCluster && command === 'left') chooseNamespace(Math.max(0, namespaceIndex - 1));
      else if (onCluster && command === 'right') chooseNamespace(Math.min(namespaces.length - 1, namespaceIndex + 1));
      else if (command === 'up' || command === 'left') choose(Math.max(0, cursor - 1));
      else if (command === 'down' || command === 'right') choose(Math.min(OPTIONS.length - 1, cursor + 1));
      else if (input === 'e' && OPTIONS[cursor]!.id === 'files') openField();
    },
    { isActive: !editing },
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
                closeField();
                if (value.trim()) dispatch({ type: 'source/chosen', source: { kind: 'files', paths: value.trim().split(/\s+/) } });
              }}
            />
          </Box>
        ) : (
          <Text>{paths ? `paths: ${paths}  (e to edit)` : 'press e to type the paths, separated by spaces'}</Text>
        )
      ) : null}
      {OPTIONS[cursor]!.id === 'cluster' ? <ClusterChoice state={state} namespaceIndex={namespaceIndex} /> : null}
      {state.source ? (
        <Text dimColor>{`Enter scans ${state.source.kind === 'cluster' ? `namespace ${state.source.namespace} of ${state.source.context}` : state.source.paths.join(', ')}`}</Text>
      ) : (
        <Text dimColor>choose a source</Text>
      )}
      {state.scan.status === 'cancelled' ? <Text color={colors.warn}>The last scan was cancelled.</Text> : null}
    </Box>
  );
}

function labelSummary(labels: Readonly<Record<string, string>>): string {
  const parts = (['enforce', 'audit', 'warn'] as const).flatMap((mode) => {
    const level = labels[`pod-security.kubernetes.io/${mode}`];
    if (!level) return [];
    const version = labels[`pod-security.kubernetes.io/${mode}-version`];
    return [`${mode} ${level}${version ? `:${version}` : ''}`];
  });
  return parts.length > 0 ? parts.join(', ') : 'no Pod Security labels';
}

/** The cluster's namespaces with their current Pod Security labels, loaded on request. */
function ClusterChoice({ state, namespaceIndex }: { readonly state: ScreenProps['state']; readonly namespaceIndex: number }): React.JSX.Element {
  const { cluster } = state;
  if (cluster.status === 'requested' || cluster.status === 'idle') return <Text dimColor>reading the kubeconfig and the namespaces…</Text>;
  if (cluster.status === 'failed') return <Text color={theme().danger} wrap="truncate-end">{`✗ ${cluster.error}`}</Text>;
  const namespace = cluster.namespaces?.[namespaceIndex];
  if (!namespace) return <Text dimColor>{`context ${cluster.context}: no namespaces you can list`}</Text>;
  return (
    <Box flexDirection="column">
      <Text>{`context ${cluster.context} · namespace ‹ ${namespace.name} › (${namespaceIndex + 1} of ${cluster.namespaces!.length})`}</Text>
      <Text dimColor wrap="truncate-end">{`  now: ${labelSummary(namespace.labels)}`}</Text>
    </Box>
  );
}
