import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import type { ManualItem } from '../../core/model/change.js';
import type { Plan, PlannedChange, WorkloadPlan } from '../../core/model/plan.js';
import type { ObjectRef } from '../../core/model/workload.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { ChoiceRow } from '../components/choice-row.js';
import { FieldRow } from '../components/field-row.js';
import { SelectableList, navigateSelection, selectionIndex } from '../components/selectable-list.js';
import type { ScreenProps } from './screen-props.js';

type FixRow =
  | { readonly kind: 'section'; readonly key: string; readonly selectable: false; readonly title: string }
  | { readonly kind: 'workload'; readonly key: string; readonly selectable: false; readonly title: string; readonly verdict?: string; readonly failing?: boolean }
  | { readonly kind: 'change'; readonly key: string; readonly selectable: true; readonly change: PlannedChange }
  | { readonly kind: 'manual'; readonly key: string; readonly selectable: true; readonly item: ManualItem; readonly workload: string; readonly detail?: string }
  | { readonly kind: 'note'; readonly key: string; readonly selectable: false; readonly text: string };

function workloadName(ref: ObjectRef): string {
  return `${ref.kind}/${ref.name}`;
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** `passes restricted after fixes`, or what still fails: the heading of a workload's fixes. */
function describeVerdict(workload: WorkloadPlan, plan: Plan): { text: string; failing: boolean } {
  if (workload.exempt) return { text: `exempt (${workload.exempt === 'namespace' ? 'namespace' : 'runtime class'})`, failing: false };
  const level = plan.settings.target.level === 'privileged' ? 'baseline' : plan.settings.target.level;
  if (workload.after[level]) return { text: workload.before[level] ? `passes ${level}` : `passes ${level} after fixes`, failing: false };
  const checks = [...new Set(workload.remaining.map((violation) => violation.check))];
  return { text: `still fails ${level}${checks.length > 0 ? `: ${checks.join(', ')}` : ''}`, failing: true };
}

/** The rows: Pod Security fixes by workload, then optional hardening, then manual items. */
function buildRows(plan: Plan, filter: string): FixRow[] {
  const wanted = filter.trim().toLowerCase();
  const workloads = plan.workloads.filter((workload) => !wanted || workload.ref.name.toLowerCase().includes(wanted));
  const rows: FixRow[] = [];
  const changesOf = (workload: WorkloadPlan, category: PlannedChange['category']) =>
    plan.changes.filter((change) => change.category === category && sameRef(change.target, workload.ref));

  rows.push({ kind: 'section', key: 'section/pss', selectable: false, title: 'Pod Security fixes' });
  let count = 0;
  for (const workload of workloads) {
    const changes = changesOf(workload, 'pss');
    if (changes.length === 0) continue;
    const verdict = describeVerdict(workload, plan);
    rows.push({ kind: 'workload', key: `pss/${workloadName(workload.ref)}`, selectable: false, title: workloadName(workload.ref), verdict: verdict.text, failing: verdict.failing });
    for (const change of changes) rows.push({ kind: 'change', key: change.id, selectable: true, change });
    count += changes.length;
  }
  if (count === 0) rows.push({ kind: 'note', key: 'note/pss', selectable: false, text: wanted ? 'no fixes for the workloads matching the filter' : 'none needed' });

  rows.push({ kind: 'section', key: 'section/optional', selectable: false, title: 'Optional hardening (beyond Pod Security; off unless ticked)' });
  count = 0;
  for (const workload of workloads) {
    const changes = changesOf(workload, 'optional');
    if (changes.length === 0) continue;
    rows.push({ kind: 'workload', key: `optional/${workloadName(workload.ref)}`, selectable: false, title: workloadName(workload.ref) });
    for (const change of changes) rows.push({ kind: 'change', key: change.id, selectable: true, change });
    count += changes.length;
  }
  if (count === 0) rows.push({ kind: 'note', key: 'note/optional', selectable: false, text: 'none proposed' });

  rows.push({ kind: 'section', key: 'section/manual', selectable: false, title: 'Manual changes (kube-harden will not make these)' });
  count = 0;
  for (const workload of workloads) {
    if (workload.manual.length === 0) continue;
    const title = workloadName(workload.ref);
    rows.push({ kind: 'workload', key: `manual/${title}`, selectable: false, title });
    workload.manual.forEach((item, index) => {
      const violation = workload.remaining.find((candidate) => candidate.check === item.check);
      const detail = violation ? violation.detail || violation.reason : undefined;
      rows.push({ kind: 'manual', key: `manual/${title}/${item.check}/${index}`, selectable: true, item, workload: title, ...(detail ? { detail } : {}) });
    });
    count += workload.manual.length;
  }
  if (count === 0) rows.push({ kind: 'note', key: 'note/manual', selectable: false, text: 'none: every violation has a fix above' });
  return rows;
}

const RISK_LABELS: Readonly<Record<PlannedChange['risk']['level'], string>> = { none: 'safe', restart: 'restart', 'may-break': 'MAY BREAK' };

/** The integer a parameter field holds, or NaN (which the reducer rejects with its own message). */
function parameterValue(type: 'integer' | 'string', text: string): number | string {
  if (type === 'string') return text;
  return /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
}

interface Editor {
  readonly id: string;
  readonly names: readonly string[];
  readonly index: number;
  readonly draft: string;
  readonly error?: string;
}

/**
 * Step 5: the proposed changes per workload with their risk; Space accepts or declines, `e` edits a
 * change's parameters, `/` filters by workload name, Tab jumps to the next section.
 */
export function FixesScreen({ state, dispatch, width, height, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const plan = state.prepared?.plan;
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  const [editor, setEditor] = useState<Editor | undefined>(undefined);
  /** A submitted value waits for the reducer's answer: a new error notice, or new settings. */
  const pending = useRef<{ notice: typeof state.notice; settings: typeof state.settings; name: string; value: string } | undefined>(undefined);

  const rows = plan ? buildRows(plan, filter) : [];
  const selected = rows[selectionIndex(rows, selectedKey)];
  const selectedRow = selected?.selectable ? selected : undefined;
  const currentChange = (id: string) => plan?.changes.find((change) => change.id === id);

  const contentWidth = Math.max(20, width - 2);
  const detailsHeight = 7;
  const listHeight = Math.max(3, height - 2 - detailsHeight - (filtering || filter ? 1 : 0));

  const closeEditor = () => {
    pending.current = undefined;
    setEditor(undefined);
    setCapture(false);
  };
  const startEditor = (change: PlannedChange) => {
    const names = Object.keys(change.params);
    if (names.length === 0) return;
    setEditor({ id: change.id, names, index: 0, draft: String(change.params[names[0]!]!.value) });
    setCapture(true);
  };

  // The reducer answers a submitted value with an error notice (rejected) or new settings (taken).
  useEffect(() => {
    const submitted = pending.current;
    if (!submitted || !editor) return;
    if (state.notice !== submitted.notice && state.notice?.level === 'error') {
      pending.current = undefined;
      setEditor({ ...editor, error: state.notice.text });
    } else if (state.settings !== submitted.settings) {
      closeEditor();
      // The reducer keeps an earlier error notice; replace it so the status line does not contradict the change.
      if (submitted.notice?.level === 'error') dispatch({ type: 'notice', level: 'info', text: `${submitted.name} set to ${submitted.value}` });
    }
  }, [state]);

  const open = editor !== undefined || filtering;
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => () => void (openRef.current && setCapture(false)), []);

  useInput(
    (input, key) => {
      const command = commandFor(input, key, ['fixes', 'lists']);
      const moved = navigateSelection(command, rows, selectedKey, { page: Math.max(1, listHeight - 2), isSection: (row) => row.kind === 'section' });
      if (moved !== false) {
        setSelectedKey(moved);
        return;
      }
      switch (command) {
        case 'toggle':
          if (selectedRow?.kind === 'change') dispatch({ type: 'change/toggle', id: selectedRow.change.id });
          return;
        case 'edit':
          if (selectedRow?.kind === 'change') startEditor(selectedRow.change);
          return;
        case 'filter':
          setFiltering(true);
          setCapture(true);
          return;
        default:
          return;
      }
    },
    { isActive: !editor && !filtering },
  );

  useInput(
    (_input, key) => {
      if (key.escape) {
        setFilter('');
        setFiltering(false);
        setCapture(false);
      }
    },
    { isActive: filtering },
  );

  useInput(
    (_input, key) => {
      if (!editor) return;
      if (key.escape) {
        closeEditor();
        return;
      }
      const step = key.tab ? (key.shift ? -1 : 1) : key.downArrow ? 1 : key.upArrow ? -1 : 0;
      if (step === 0 || editor.names.length < 2) return;
      const change = currentChange(editor.id);
      const index = (editor.index + step + editor.names.length) % editor.names.length;
      const name = editor.names[index]!;
      pending.current = undefined;
      setEditor({ id: editor.id, names: editor.names, index, draft: String(change?.params[name]?.value ?? '') });
    },
    { isActive: editor !== undefined },
  );

  const submitParameter = (text: string) => {
    if (!editor) return;
    const change = currentChange(editor.id);
    const name = editor.names[editor.index]!;
    const parameter = change?.params[name];
    if (!change || !parameter) {
      closeEditor();
      return;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      setEditor({ ...editor, error: `${name} needs a value` });
      return;
    }
    pending.current = { notice: state.notice, settings: state.settings, name, value: trimmed };
    dispatch({ type: 'change/param', id: change.id, name, value: parameterValue(parameter.type, trimmed) });
  };

  if (!plan) {
    return (
      <Box paddingX={1}>
        <Text dimColor>No plan yet: scan a source first.</Text>
      </Box>
    );
  }

  const accepted = plan.changes.filter((change) => change.accepted);
  const pssCount = plan.changes.filter((change) => change.category === 'pss').length;
  const mayBreak = accepted.filter((change) => change.risk.level === 'may-break').length;
  const manualCount = plan.workloads.reduce((sum, workload) => sum + workload.manual.length, 0);
  const summary = `${accepted.filter((change) => change.category === 'pss').length} of ${pssCount} fixes accepted · ${accepted.filter((change) => change.category === 'optional').length} optional · ${mayBreak} may break · ${manualCount} manual`;

  const renderRow = (row: FixRow, isSelected: boolean): React.ReactNode => {
    switch (row.kind) {
      case 'section':
        return (
          <Text bold underline wrap="truncate-end">
            {row.title}
          </Text>
        );
      case 'workload':
        return (
          <Box width={contentWidth}>
            <Text wrap="truncate-end">
              <Text bold>{`  ${row.title}`}</Text>
              {row.verdict ? <Text color={row.failing ? colors.warn : colors.muted}>{` · ${row.failing ? '✗ ' : ''}${row.verdict}`}</Text> : null}
            </Text>
          </Box>
        );
      case 'note':
        return <Text dimColor>{`    ${row.text}`}</Text>;
      case 'change': {
        const { change } = row;
        const breaks = change.risk.level === 'may-break';
        return (
          <ChoiceRow
            selected={isSelected}
            checked={change.accepted}
            marker={breaks ? '!' : ' '}
            text={change.summary}
            label={RISK_LABELS[change.risk.level]}
            {...(breaks ? { labelColor: colors.danger, labelBold: true, color: colors.warn } : {})}
            dim={!change.accepted}
            width={contentWidth}
          />
        );
      }
      case 'manual':
        return <ChoiceRow selected={isSelected} aligned={false} marker="✎" text={`${row.item.check}: ${row.detail ?? row.item.guidance}`} width={contentWidth} />;
    }
  };

  return (
    <Box flexDirection="column" paddingX={1} width={width} height={height}>
      <Text bold wrap="truncate-end">
        {summary}
      </Text>
      {filtering ? (
        <Box>
          <Text>filter workloads: </Text>
          <TextInput
            value={filter}
            onChange={setFilter}
            onSubmit={() => {
              setFiltering(false);
              setCapture(false);
            }}
          />
        </Box>
      ) : filter ? (
        <Text dimColor wrap="truncate-end">{`filter: ${filter}  (/ changes it; Esc in the field clears it)`}</Text>
      ) : null}
      <Box height={listHeight} flexDirection="column" overflow="hidden">
        <SelectableList rows={rows} selectedKey={selectedKey} height={listHeight} renderRow={renderRow} />
      </Box>
      <Text dimColor>{'─'.repeat(contentWidth)}</Text>
      <Box height={detailsHeight} flexDirection="column" overflow="hidden">
        {selectedRow?.kind === 'change' ? (
          editor && editor.id === selectedRow.change.id ? (
            <ParameterEditor change={selectedRow.change} editor={editor} onChange={(draft) => setEditor({ ...editor, draft, error: undefined })} onSubmit={submitParameter} />
          ) : (
            <ChangeDetails change={selectedRow.change} />
          )
        ) : selectedRow?.kind === 'manual' ? (
          <ManualDetails workload={selectedRow.workload} item={selectedRow.item} detail={selectedRow.detail} />
        ) : (
          <Text dimColor>Nothing selected.</Text>
        )}
      </Box>
    </Box>
  );
}

function ChangeDetails({ change }: { readonly change: PlannedChange }): React.JSX.Element {
  const colors = theme();
  const breaks = change.risk.level === 'may-break';
  const names = Object.keys(change.params);
  const resolves =
    change.resolves.length > 0 ? change.resolves.join(', ') : change.category === 'optional' ? 'no Pod Security check (hardening beyond the standard)' : 'no check by itself; it lets the other fixes work';
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`${change.accepted ? 'Accepted' : 'Declined'}: ${change.summary}`}</Text>
      <Text wrap="wrap">
        <Text color={breaks ? colors.danger : undefined} bold={breaks}>{`${breaks ? '! ' : ''}Risk: ${RISK_LABELS[change.risk.level]}`}</Text>
        {` — ${change.risk.why}`}
      </Text>
      <Text wrap="truncate-end">{`Resolves: ${resolves}`}</Text>
      {names.length > 0 ? (
        <Text wrap="truncate-end">{`Parameters: ${names.map((name) => `${name} ${change.params[name]!.value}`).join(' · ')}  (e edits)`}</Text>
      ) : null}
      <Text dimColor wrap="truncate-end">{`${change.id} · Space ${change.accepted ? 'declines' : 'accepts'}`}</Text>
    </Box>
  );
}

function ParameterEditor({
  change,
  editor,
  onChange,
  onSubmit,
}: {
  readonly change: PlannedChange;
  readonly editor: Editor;
  readonly onChange: (draft: string) => void;
  readonly onSubmit: (text: string) => void;
}): React.JSX.Element {
  const colors = theme();
  const nameWidth = Math.max(...editor.names.map((name) => name.length));
  const active = change.params[editor.names[editor.index]!];
  const bounds = (name: string) => {
    const parameter = change.params[name]!;
    return parameter.type === 'integer' ? `${parameter.min ?? '…'}–${parameter.max ?? '…'}` : '';
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`Edit: ${change.summary}`}</Text>
      {editor.names.map((name, index) => (
        <FieldRow
          key={name}
          name={name}
          nameWidth={nameWidth}
          active={index === editor.index}
          value={index === editor.index ? editor.draft : String(change.params[name]!.value)}
          onChange={onChange}
          onSubmit={onSubmit}
          hint={bounds(name)}
        />
      ))}
      {editor.error ? (
        <Text color={colors.danger} bold wrap="truncate-end">{`✗ ${editor.error}`}</Text>
      ) : null}
      <Text dimColor wrap="truncate-end">{`${active?.description ?? ''} · Enter saves${editor.names.length > 1 ? ' · Tab next' : ''} · Esc cancels`}</Text>
    </Box>
  );
}

function ManualDetails({ workload, item, detail }: { readonly workload: string; readonly item: ManualItem; readonly detail: string | undefined }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`${workload}: ${item.check}${detail ? ` — ${detail}` : ''}`}</Text>
      <Text wrap="wrap">{item.guidance}</Text>
    </Box>
  );
}
