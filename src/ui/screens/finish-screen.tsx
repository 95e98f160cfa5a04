import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import Spinner from 'ink-spinner';
import { theme } from '../theme.js';
import { useEditing } from '../hooks/use-editing.js';
import { commandFor } from '../keys.js';
import { applyNamespace, canApply, type WizardState } from '../../app/session/wizard-state.js';
import { scopesFor, type ScreenProps } from './screen-props.js';

/** Step 8: export folder (editable; asks before replacing), then the next steps until q. */
export function FinishScreen(props: ScreenProps): React.JSX.Element {
  return props.state.applyState.status === 'idle' ? <ExportPanel {...props} /> : <ApplyPanel {...props} />;
}

/** What `a` does now, for a cluster source: the phase it starts, or why it cannot. */
function applyHint(state: WizardState): string | undefined {
  const namespace = applyNamespace(state);
  if (!namespace) return undefined;
  if (state.applyState.enforceApplied) return `✓ both phases applied to namespace ${namespace}`;
  const phase = state.applyState.preparedApplied ? 'the enforce phase' : 'the fixes and warn/audit labels (prepare phase)';
  return canApply(state) ? `a applies ${phase} to namespace ${namespace}: dry run first, then you type the name` : undefined;
}

function ExportPanel({ state, dispatch, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const { exportState } = state;
  const apply = applyHint(state);
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
        {apply ? <Text wrap="truncate-end">{apply}</Text> : null}
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
      {apply ? (
        <>
          <Text> </Text>
          <Text bold>Or apply to the live cluster</Text>
          <Text wrap="truncate-end">{apply}</Text>
        </>
      ) : null}
    </Box>
  );
}

const TITLES: Readonly<Record<WizardState['applyState']['status'], string>> = {
  idle: '',
  'dry-running': 'dry run: checking permissions and asking the server…',
  reviewed: 'dry run passed: review what would change',
  confirming: 'dry run passed: confirm the write',
  applying: 'writing…',
  done: 'applied',
  failed: 'stopped',
};

/** Apply's life cycle: the dry run's report to review, the typed confirmation, progress, the outcome. */
function ApplyPanel({ state, dispatch, width, height, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const apply = state.applyState;
  const namespace = applyNamespace(state) ?? '';
  const context = state.source?.kind === 'cluster' ? state.source.context : '';
  const { editing, open: openField, close: closeField } = useEditing(setCapture);
  const [typed, setTyped] = useState('');
  const [offset, setOffset] = useState(0);

  // The confirmation field opens with the `confirming` state and closes with it (Esc included).
  React.useEffect(() => {
    if (apply.status === 'confirming' && !editing) {
      setTyped('');
      openField();
    } else if (apply.status !== 'confirming' && editing) closeField();
  }, [apply.status, editing]);
  React.useEffect(() => setOffset(0), [apply.status]);

  const extra = [
    ...(apply.backupFile ? [`backup: ${apply.backupFile}`, `undo with: kube-harden rollback ${apply.backupFile}`] : []),
    ...(apply.handoffFiles?.length ? ['for a cluster admin:', ...apply.handoffFiles.map((file) => `  ${file}`)] : []),
  ];
  const footer = 3 + (apply.status === 'confirming' ? 1 : 0);
  const windowSize = Math.max(1, height - 3 - footer - extra.length);
  const maxOffset = Math.max(0, apply.lines.length - windowSize);
  const shown = apply.lines.slice(offset, offset + windowSize);

  useInput(
    (input, key) => {
      // While the confirmation field is open, every other key is typed into it.
      if (editing) {
        if (key.escape) dispatch({ type: 'apply/dismissed' });
        return;
      }
      const command = commandFor(input, key, scopesFor(state));
      if (command === 'up') setOffset((value) => Math.max(0, value - 1));
      else if (command === 'down') setOffset((value) => Math.min(maxOffset, value + 1));
    },
    { isActive: true },
  );

  const statusColor = apply.status === 'done' ? colors.ok : apply.status === 'failed' ? colors.danger : undefined;
  const mark = apply.status === 'done' ? '✓ ' : apply.status === 'failed' ? '✗ ' : '';
  return (
    <Box flexDirection="column" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">{`Apply the ${apply.phase} phase to namespace ${namespace} (context ${context})`}</Text>
      <Text color={statusColor} wrap="truncate-end">
        {apply.status === 'dry-running' || apply.status === 'applying' ? <Spinner type="dots" /> : null}
        {apply.status === 'dry-running' || apply.status === 'applying' ? ' ' : ''}
        {`${mark}${TITLES[apply.status]}`}
        {apply.status === 'applying' && apply.progress && apply.progress.total > 0 ? ` ${apply.progress.done}/${apply.progress.total}` : ''}
      </Text>
      <Box flexDirection="column" height={windowSize} overflow="hidden">
        {shown.map((line, index) => (
          <Text key={offset + index} wrap="truncate-end">
            {line}
          </Text>
        ))}
      </Box>
      <Text dimColor>{apply.lines.length > windowSize ? `lines ${offset + 1}-${offset + shown.length} of ${apply.lines.length} · ↑↓ scroll` : ' '}</Text>
      {extra.map((line) => (
        <Text key={line} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {apply.status === 'confirming' ? (
        <>
          <Box>
            <Text color={colors.warn}>{`type the namespace name to apply (${namespace}): `}</Text>
            {editing ? (
              <TextInput
                value={typed}
                onChange={setTyped}
                onSubmit={(value) => {
                  setTyped('');
                  dispatch({ type: 'apply/confirmed', typed: value });
                }}
              />
            ) : null}
          </Box>
          <Text color={apply.mismatch ? colors.danger : undefined} dimColor={!apply.mismatch} wrap="truncate-end">
            {apply.mismatch ? `✗ that is not ${namespace}; nothing was written. Type it exactly, or Esc to go back.` : 'Enter writes the changes (backup first) · Esc goes back'}
          </Text>
        </>
      ) : (
        <Text dimColor wrap="truncate-end">
          {apply.status === 'reviewed'
            ? 'a to confirm and write (you type the namespace name) · Esc cancels'
            : apply.status === 'done' && apply.phase === 'prepare'
              ? 'a runs the enforce phase (dry run first) · Esc closes'
              : apply.status === 'done' || apply.status === 'failed'
                ? `${canApply(state) ? 'a tries again · ' : ''}Esc closes`
                : 'nothing is written before you confirm'}
        </Text>
      )}
    </Box>
  );
}
