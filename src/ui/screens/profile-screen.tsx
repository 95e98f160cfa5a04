import React, { useMemo, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { LEVELS, levelRank, parseVersion, type Level } from '../../core/model/policy.js';
import type { Plan } from '../../core/model/plan.js';
import { formatRef } from '../../core/model/workload.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { LevelBar } from '../components/level-bar.js';
import { TextView } from '../components/text-view.js';
import { wrapText } from '../components/fit-text.js';
import { STEP_SCOPES, type ScreenProps } from './screen-props.js';

export interface LevelCounts {
  /** Pass as they are. */
  readonly pass: number;
  /** Pass once the accepted changes are applied. */
  readonly fixed: number;
  /** Still fail: they need changes kube-harden cannot make. */
  readonly manual: number;
}

/** How the workloads fare at each level; everything passes privileged, which checks nothing. */
export function countLevels(plan: Plan): Readonly<Record<Level, LevelCounts>> {
  const count = (level: 'baseline' | 'restricted'): LevelCounts => {
    let pass = 0;
    let fixed = 0;
    let manual = 0;
    for (const workload of plan.workloads) {
      if (workload.before[level]) pass++;
      else if (workload.after[level]) fixed++;
      else manual++;
    }
    return { pass, fixed, manual };
  };
  return { privileged: { pass: plan.workloads.length, fixed: 0, manual: 0 }, baseline: count('baseline'), restricted: count('restricted') };
}

/** Labels, blockers and notes per namespace, word-wrapped to `width`. */
function detailLines(plan: Plan, width: number): string[] {
  const lines: string[] = [];
  const wrap = (text: string, indent: string, hanging: string) => wrapText(text, width - indent.length, hanging).map((line) => `${indent}${line}`);
  for (const namespace of plan.namespaces) {
    lines.push(`Labels for namespace ${namespace.name}${namespace.enforceReady ? '' : ' (enforce once the blockers below are resolved)'}:`);
    for (const [key, value] of Object.entries({ ...namespace.prepareLabels, ...namespace.enforceLabels })) lines.push(`  ${key}: ${value}`);
    const existing = Object.entries(namespace.existingLabels).filter(([key]) => key.startsWith('pod-security.kubernetes.io/'));
    if (existing.length > 0) lines.push(`  replacing: ${existing.map(([key, value]) => `${key.slice('pod-security.kubernetes.io/'.length)}=${value}`).join(', ')}`);
    if (namespace.blockers.length > 0) {
      lines.push(`Blockers: ${namespace.blockers.length} workload${namespace.blockers.length === 1 ? '' : 's'} cannot meet ${plan.settings.target.level}`);
      for (const blocker of namespace.blockers) {
        lines.push(...wrap(`${formatRef(blocker.workload)} meets ${blocker.meets}: ${blocker.reasons.join('; ')}`, '  ', '  '));
        for (const option of blocker.options) lines.push(...wrap(`option: ${option}`, '    ', '        '));
      }
    }
    for (const note of namespace.notes) lines.push(...wrap(`note: ${note}`, '  ', '      '));
  }
  return lines;
}

const TOP_ROWS = 8;
const BAR_WIDTH = 20;

/**
 * A level stricter than the target: the plan holds no fixes for it, so "after fixes" is unknown
 * and only what passes as it is can be counted.
 */
function UnplannedBar({ pass, total }: { readonly pass: number; readonly total: number }): React.JSX.Element {
  const colors = theme();
  const passCells = Math.round((pass / Math.max(1, total)) * BAR_WIDTH);
  return (
    <Text>
      <Text color={colors.ok}>{'█'.repeat(passCells)}</Text>
      <Text dimColor>{'·'.repeat(BAR_WIDTH - passCells)}</Text>
      <Text>{` ${pass} pass · ${total - pass} fail; choose it to plan fixes`}</Text>
    </Text>
  );
}

/**
 * Step 4: how many workloads pass each level as they are, after the fixes, or not at all; the
 * user picks the target level and the Kubernetes minor the labels are pinned to, and sees the
 * labels exactly as they will be written.
 */
export function ProfileScreen({ state, dispatch, width, height, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const plan = state.prepared?.plan;
  const target = state.settings.target;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [offset, setOffset] = useState(0);

  const counts = useMemo(() => (plan ? countLevels(plan) : undefined), [plan]);
  const details = useMemo(() => (plan ? detailLines(plan, Math.max(30, width - 2)) : []), [plan, width]);
  const detailsHeight = Math.max(3, height - TOP_ROWS);
  const textHeight = details.length > detailsHeight ? detailsHeight - 1 : detailsHeight;
  const maxOffset = Math.max(0, details.length - textHeight);

  const chooseLevel = (delta: number) => {
    const index = LEVELS.indexOf(target.level) + delta;
    const level = LEVELS[Math.min(LEVELS.length - 1, Math.max(0, index))]!;
    if (level !== target.level) dispatch({ type: 'target/level', level });
  };
  const closeField = () => {
    setEditing(false);
    setError(undefined);
    setCapture(false);
  };

  useInput(
    (input, key) => {
      switch (commandFor(input, key, STEP_SCOPES.profile)) {
        case 'up':
        case 'left':
          chooseLevel(-1);
          return;
        case 'down':
        case 'right':
          chooseLevel(1);
          return;
        case 'pageUp':
          setOffset((current) => Math.max(0, Math.min(current, maxOffset) - (textHeight - 1)));
          return;
        case 'pageDown':
          setOffset((current) => Math.min(maxOffset, current + textHeight - 1));
          return;
        case 'edit':
          setDraft(target.kubeVersion === 'latest' ? 'latest' : `v1.${target.kubeVersion}`);
          setError(undefined);
          setEditing(true);
          setCapture(true);
          return;
        default:
          return;
      }
    },
    { isActive: !editing },
  );
  useInput(
    (_input, key) => {
      if (key.escape) closeField();
    },
    { isActive: editing },
  );

  if (!plan || !counts) return <Text dimColor>Nothing scanned yet.</Text>;

  const submit = (value: string) => {
    const version = parseVersion(value.trim());
    if (!version) {
      setError(`"${value.trim()}" is not a Kubernetes minor: type v1.N (for example v1.30) or latest`);
      return;
    }
    closeField();
    dispatch({ type: 'target/kubeVersion', kubeVersion: version.latest ? 'latest' : version.minor });
  };

  const version = target.kubeVersion === 'latest' ? `latest (evaluated at v1.${plan.minor})` : `v1.${target.kubeVersion}`;
  const recommended = plan.namespaces.map((namespace) => {
    const { enforce, warn, audit } = namespace.recommended;
    return `${plan.namespaces.length > 1 ? `${namespace.name}: ` : ''}enforce ${enforce} · warn ${warn} · audit ${audit}`;
  });
  const start = Math.min(offset, maxOffset);

  return (
    <Box flexDirection="column" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {`Target Pod Security level for ${plan.namespaces.map((namespace) => namespace.name).join(', ') || 'the namespace'} (${plan.workloads.length} workloads)`}
      </Text>
      {LEVELS.map((level) => {
        const selected = level === target.level;
        const levelCounts = counts[level];
        return (
          <Text key={level} wrap="truncate-end">
            <Text color={selected ? colors.accent : undefined} bold={selected} inverse={selected && !colors.accent}>
              {`${selected ? '›' : ' '} ${level.padEnd(11)}`}
            </Text>
            <Text> </Text>
            {levelRank(level) > levelRank(target.level) ? (
              <UnplannedBar pass={levelCounts.pass} total={plan.workloads.length} />
            ) : (
              <LevelBar pass={levelCounts.pass} fixed={levelCounts.fixed} manual={levelCounts.manual} />
            )}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end">
        ↑/↓ target · █ pass as they are · ▒ pass after fixes · ░ need manual changes
      </Text>
      {editing ? (
        <Box>
          <Text>Kubernetes minor: </Text>
          <TextInput value={draft} onChange={setDraft} onSubmit={submit} />
          <Text dimColor>  Enter sets · Esc cancels</Text>
        </Box>
      ) : (
        <Text wrap="truncate-end">{`Kubernetes ${version}: the version labels are pinned to it · e edits`}</Text>
      )}
      {error ? (
        <Text color={colors.danger} bold wrap="truncate-end">{`✗ ${error}`}</Text>
      ) : (
        <Text wrap="truncate-end">{`Recommended: ${recommended.join(' | ')}`}</Text>
      )}
      <Text dimColor wrap="truncate-end">
        {'─'.repeat(Math.max(0, width - 2))}
      </Text>
      <TextView lines={details} offset={start} height={textHeight} />
    </Box>
  );
}
