import React, { useMemo, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import { CLASS_LABELS, WORKLOAD_CLASSES, type WorkloadClass } from '../../core/model/classes.js';
import type { WorkloadPlan } from '../../core/model/plan.js';
import { refKey } from '../../core/model/workload.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { ScrollList } from '../components/scroll-list.js';
import { fitColumn, wrapText } from '../components/fit-text.js';
import { useListCursor } from '../hooks/use-list-cursor.js';
import { STEP_SCOPES, type ScreenProps } from './screen-props.js';

interface ClassRow {
  readonly workload: WorkloadPlan;
  readonly name: string;
  /** `data store*` when the user chose it. */
  readonly classText: string;
  readonly reason: string;
  /** Lower-case name, kind and class, for the filter. */
  readonly haystack: string;
}

function toRow(workload: WorkloadPlan, withNamespace: boolean): ClassRow {
  const name = withNamespace && workload.ref.namespace ? `${workload.ref.namespace}/${workload.ref.name}` : workload.ref.name;
  const overridden = workload.classOverride !== undefined && workload.classOverride !== workload.suggested.class;
  const classText = `${CLASS_LABELS[workload.class]}${overridden ? '*' : ''}`;
  const reason = overridden ? `(you chose; suggested: ${CLASS_LABELS[workload.suggested.class]})` : workload.suggested.reasons.join('; ') || 'no signal';
  return { workload, name, classText, reason, haystack: `${name} ${workload.ref.kind} ${CLASS_LABELS[workload.class]} ${workload.class}`.toLowerCase() };
}

/** Rows other than the table's: title, column header, the filter line and two lines of detail. */
const CHROME_ROWS = 5;
/** The picker's frame: title, six classes, hint. */
const PICKER_ROWS = WORKLOAD_CLASSES.length + 2;

/**
 * Step 3: each workload's class (it sets the recommended level and the network posture), with
 * the signals behind it. `c` picks another class, `/` filters; only the visible rows are drawn.
 */
export function ClassifyScreen({ state, dispatch, width, height, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const plan = state.prepared?.plan;
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  const [picking, setPicking] = useState(false);

  const allRows = useMemo(() => {
    const workloads = plan?.workloads ?? [];
    const withNamespace = new Set(workloads.map((workload) => workload.ref.namespace)).size > 1;
    return workloads.map((workload) => toRow(workload, withNamespace));
  }, [plan]);
  const rows = useMemo(() => {
    const query = filter.trim().toLowerCase();
    return query ? allRows.filter((row) => row.haystack.includes(query)) : allRows;
  }, [allRows, filter]);
  const columns = useMemo(() => {
    const inner = Math.max(20, width - 2);
    const name = Math.min(28, allRows.reduce((widest, row) => Math.max(widest, row.name.length), 8));
    const kind = Math.min(14, allRows.reduce((widest, row) => Math.max(widest, row.workload.ref.kind.length), 4));
    const workloadClass = 17;
    return { name, kind, workloadClass, reason: Math.max(8, inner - 2 - name - kind - workloadClass - 3) };
  }, [allRows, width]);

  const { cursor, move, set } = useListCursor(rows.length);
  const tableHeight = Math.max(3, height - CHROME_ROWS - (picking ? PICKER_ROWS - 3 : 0));
  const selected = rows[cursor];

  const closeFilter = (clear: boolean) => {
    if (clear) {
      setFilter('');
      set(0);
    }
    setFiltering(false);
    setCapture(false);
  };
  const closePicker = () => {
    setPicking(false);
    setCapture(false);
  };

  useInput(
    (input, key) => {
      switch (commandFor(input, key, STEP_SCOPES.classify)) {
        case 'up':
          move(-1);
          return;
        case 'down':
          move(1);
          return;
        case 'pageUp':
          move(-(tableHeight - 1));
          return;
        case 'pageDown':
          move(tableHeight - 1);
          return;
        case 'reclassify':
          if (selected) {
            setPicking(true);
            setCapture(true);
          }
          return;
        case 'filter':
          setFiltering(true);
          setCapture(true);
          return;
        default:
          return;
      }
    },
    { isActive: !filtering && !picking },
  );
  // While typing a filter, letters belong to the field; the arrows still move through the rows.
  useInput(
    (_input, key) => {
      if (key.escape) closeFilter(true);
      else if (key.upArrow) move(-1);
      else if (key.downArrow) move(1);
      else if (key.pageUp) move(-(tableHeight - 1));
      else if (key.pageDown) move(tableHeight - 1);
    },
    { isActive: filtering },
  );
  useInput(
    (_input, key) => {
      if (key.escape) closePicker();
    },
    { isActive: picking },
  );

  if (!plan) return <Text dimColor>Nothing scanned yet.</Text>;

  const header = `  ${fitColumn('workload', columns.name)} ${fitColumn('kind', columns.kind)} ${fitColumn('class', columns.workloadClass)} why`;
  const choose = (workloadClass: WorkloadClass) => {
    closePicker();
    if (!selected) return;
    const suggested = selected.workload.suggested.class;
    if (workloadClass === selected.workload.class) return;
    dispatch({ type: 'class/override', ref: selected.workload.ref, workloadClass: workloadClass === suggested ? undefined : workloadClass });
  };

  return (
    <Box flexDirection="column" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {`${allRows.length} workload${allRows.length === 1 ? '' : 's'}: their class sets the recommended level and network posture`}
      </Text>
      <Text dimColor wrap="truncate-end">
        {header}
      </Text>
      <Box height={tableHeight} flexDirection="column" overflow="hidden">
        <ScrollList
          items={rows}
          cursor={cursor}
          height={tableHeight}
          rowKey={(row) => refKey(row.workload.ref)}
          empty={filter ? `no workload matches "${filter}"` : 'no workloads in the input'}
          renderRow={(row, isSelected) => (
            <Text color={isSelected ? colors.accent : undefined} bold={isSelected} inverse={isSelected && !colors.accent} wrap="truncate-end">
              {`${isSelected ? '›' : ' '} ${fitColumn(row.name, columns.name)} ${fitColumn(row.workload.ref.kind, columns.kind)} `}
              <Text color={row.classText.endsWith('*') ? colors.warn : undefined}>{fitColumn(row.classText, columns.workloadClass)}</Text>
              {` ${fitColumn(row.reason, columns.reason)}`}
            </Text>
          )}
        />
      </Box>
      {picking && selected ? (
        <Box flexDirection="column">
          <Text bold wrap="truncate-end">{`Class of ${selected.workload.ref.kind}/${selected.workload.ref.name} (suggested: ${CLASS_LABELS[selected.workload.suggested.class]})`}</Text>
          <SelectInput
            key={refKey(selected.workload.ref)}
            items={WORKLOAD_CLASSES.map((workloadClass) => ({
              key: workloadClass,
              label: `${CLASS_LABELS[workloadClass]}${workloadClass === selected.workload.suggested.class ? ' (suggested)' : ''}`,
              value: workloadClass,
            }))}
            initialIndex={WORKLOAD_CLASSES.indexOf(selected.workload.class)}
            onSelect={(item) => choose(item.value)}
          />
          <Text dimColor>Enter chooses · Esc keeps the current class</Text>
        </Box>
      ) : (
        <Box flexDirection="column">
          {filtering ? (
            <Box>
              <Text>filter: </Text>
              <TextInput value={filter} onChange={(value) => {
                setFilter(value);
                set(0);
              }} onSubmit={() => closeFilter(false)} />
              <Text dimColor>{`  ${rows.length} of ${allRows.length} · Enter keeps · Esc clears`}</Text>
            </Box>
          ) : (
            <Text dimColor wrap="truncate-end">
              {filter ? `filter "${filter}": ${rows.length} of ${allRows.length} · / changes it` : 'c changes the class · / filters by name, kind or class'}
            </Text>
          )}
          {(selected ? wrapText(describe(selected.workload), Math.max(20, width - 2), '  ').slice(0, 2) : [' ']).map((line, index) => (
            <Text key={index} wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** The selected workload's signals in full (the table cuts them to its column). */
function describe(workload: WorkloadPlan): string {
  const reasons = workload.suggested.reasons.join('; ') || 'no signal';
  if (workload.classOverride !== undefined && workload.classOverride !== workload.suggested.class) {
    return `${workload.ref.name}: you chose ${CLASS_LABELS[workload.class]}; suggested ${CLASS_LABELS[workload.suggested.class]} because ${reasons}`;
  }
  return `${workload.ref.name}: ${reasons}`;
}
