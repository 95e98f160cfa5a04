import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Plan, PlannedPolicy, UnseenTrafficItem } from '../../core/model/plan.js';
import { DEFAULT_DNS, DEFAULT_INGRESS_CONTROLLER, NAMESPACE_NAME_LABEL, type EgressAllow, type Labels } from '../../core/generate/network/options.js';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { ChoiceRow } from '../components/choice-row.js';
import { FieldRow } from '../components/field-row.js';
import { SelectableList, navigateSelection, selectionIndex } from '../components/selectable-list.js';
import type { ScreenProps } from './screen-props.js';

type Selector = 'dns' | 'ingressController';

type NetworkRow =
  | { readonly kind: 'section'; readonly key: string; readonly selectable: false; readonly title: string }
  | { readonly kind: 'policy'; readonly key: string; readonly selectable: true; readonly policy: PlannedPolicy }
  | { readonly kind: 'selector'; readonly key: string; readonly selectable: true; readonly selector: Selector }
  | { readonly kind: 'unseen'; readonly key: string; readonly selectable: true; readonly item: UnseenTrafficItem }
  | { readonly kind: 'existing'; readonly key: string; readonly selectable: true; readonly entry: Plan['existingNetworkPolicies'][number] }
  | { readonly kind: 'note'; readonly key: string; readonly selectable: false; readonly text: string };

// Label syntax as Kubernetes validates it: an optional DNS-subdomain prefix and a name of at most
// 63 characters, alphanumeric at both ends; values follow the name rule and may be empty.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(key.slice(slash + 1));
}

/** `key=value,key=value` as matchLabels, or what is wrong with it. */
export function parseLabelsText(text: string): { readonly labels: Labels } | { readonly error: string } {
  const labels: Record<string, string> = {};
  for (const piece of text.split(',')) {
    const pair = piece.trim();
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    if (equals < 0) return { error: `"${pair}" is not key=value` };
    const key = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    if (!isLabelKey(key)) return { error: `"${key}" is not a valid label key` };
    if (value !== '' && !LABEL_NAME.test(value)) return { error: `"${value}" is not a valid label value (at most 63 letters, digits, - _ .)` };
    if (key in labels) return { error: `${key} is given twice` };
    labels[key] = value;
  }
  return { labels };
}

export function formatLabels(labels: Labels): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function describeAllow(allow: EgressAllow): string {
  if (allow.all) return 'all egress';
  const to = allow.cidr ? `to ${allow.cidr}` : allow.namespace ? `to every pod of namespace ${allow.namespace}` : 'to anywhere';
  const on = allow.port !== undefined ? `on ${allow.protocol ?? 'TCP'} ${allow.port}` : 'on every port';
  return `egress from ${allow.workload} ${to} ${on}`;
}

interface SelectorValues {
  readonly dns: { readonly namespaceSelector: Labels; readonly podSelector: Labels };
  readonly ingressController: { readonly namespaceSelector: Labels; readonly podSelector?: Labels };
}

/** `namespace kube-system` for the usual name selector, else the selector as typed. */
function describeNamespaces(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return 'every namespace';
  if (keys.length === 1 && keys[0] === NAMESPACE_NAME_LABEL) return `namespace ${labels[NAMESPACE_NAME_LABEL]}`;
  return `namespaces ${formatLabels(labels)}`;
}

function describeSelector(selector: Selector, values: SelectorValues): string {
  const { namespaceSelector, podSelector } = values[selector];
  const pods = podSelector ? `pods ${formatLabels(podSelector) || '(all)'} in ` : '';
  return `${selector === 'dns' ? 'DNS selector' : 'Ingress controller'}: ${pods}${describeNamespaces(namespaceSelector)}`;
}

function buildRows(plan: Plan): NetworkRow[] {
  const rows: NetworkRow[] = [{ kind: 'section', key: 'section/policies', selectable: false, title: 'Proposed NetworkPolicies' }];
  for (const policy of plan.networkPolicies) rows.push({ kind: 'policy', key: `policy/${policy.namespace}/${policy.id}`, selectable: true, policy });
  if (plan.networkPolicies.length === 0) rows.push({ kind: 'note', key: 'note/policies', selectable: false, text: 'none proposed' });

  rows.push({ kind: 'section', key: 'section/selectors', selectable: false, title: 'Where cluster services run (e edits)' });
  rows.push({ kind: 'selector', key: 'selector/dns', selectable: true, selector: 'dns' });
  rows.push({ kind: 'selector', key: 'selector/ingressController', selectable: true, selector: 'ingressController' });

  rows.push({ kind: 'section', key: 'section/unseen', selectable: false, title: 'Not visible to kube-harden (default deny blocks it unless allowed)' });
  plan.unseenTraffic.forEach((item, index) => rows.push({ kind: 'unseen', key: `unseen/${item.workload}/${item.kind}/${item.detail}/${index}`, selectable: true, item }));
  if (plan.unseenTraffic.length === 0) rows.push({ kind: 'note', key: 'note/unseen', selectable: false, text: 'nothing found in the manifests' });

  rows.push({ kind: 'section', key: 'section/existing', selectable: false, title: 'Existing NetworkPolicies (kept as they are)' });
  for (const entry of plan.existingNetworkPolicies) rows.push({ kind: 'existing', key: `existing/${entry.namespace}/${entry.name}`, selectable: true, entry });
  if (plan.existingNetworkPolicies.length === 0) rows.push({ kind: 'note', key: 'note/existing', selectable: false, text: 'none in the input' });
  return rows;
}

interface Editor {
  readonly selector: Selector;
  readonly fields: readonly { readonly name: string; readonly draft: string }[];
  readonly index: number;
  readonly error?: string;
}

/**
 * Step 6: the proposed NetworkPolicies and what each allows, the traffic kube-harden cannot see
 * with opt-in allows, the DNS and ingress-controller selectors, the policies already there, and
 * the plan's notes (whether the network plugin enforces policies at all comes first).
 */
export function NetworkScreen({ state, dispatch, width, height, setCapture }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const plan = state.prepared?.plan;
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const [editor, setEditor] = useState<Editor | undefined>(undefined);
  const openRef = useRef(false);
  openRef.current = editor !== undefined;
  useEffect(() => () => void (openRef.current && setCapture(false)), []);

  const network = state.settings.network;
  const values: SelectorValues = { dns: network.dns ?? DEFAULT_DNS, ingressController: network.ingressController ?? DEFAULT_INGRESS_CONTROLLER };
  const rows = plan ? buildRows(plan) : [];
  const selected = rows[selectionIndex(rows, selectedKey)];
  const selectedRow = selected?.selectable ? selected : undefined;

  const contentWidth = Math.max(20, width - 2);
  const notes = plan?.notes ?? [];
  const noteLines = notes.reduce((sum, note) => sum + Math.ceil((note.length + 6) / contentWidth), 0);
  const notesHeight = Math.min(noteLines, Math.max(2, Math.floor(height / 4)));
  const detailsHeight = editor ? 5 : 3;
  const listHeight = Math.max(3, height - 2 - detailsHeight - notesHeight);

  const openEditor = (selector: Selector) => {
    const fields =
      selector === 'dns'
        ? [
            { name: 'namespaces', draft: formatLabels(values.dns.namespaceSelector) },
            { name: 'pods', draft: formatLabels(values.dns.podSelector) },
          ]
        : [{ name: 'namespaces', draft: formatLabels(values.ingressController.namespaceSelector) }];
    setEditor({ selector, fields, index: 0 });
    setCapture(true);
  };
  const closeEditor = () => {
    setEditor(undefined);
    setCapture(false);
  };

  const submit = () => {
    if (!editor) return;
    const parsed = editor.fields.map((field) => ({ name: field.name, result: parseLabelsText(field.draft) }));
    const failed = parsed.find((field) => 'error' in field.result);
    if (failed && 'error' in failed.result) {
      setEditor({ ...editor, error: `${failed.name}: ${failed.result.error}` });
      return;
    }
    const [namespaces, pods] = parsed.map((field) => ('labels' in field.result ? field.result.labels : {}));
    // An empty namespace selector would match every namespace: too broad to be what was meant.
    if (Object.keys(namespaces!).length === 0) {
      setEditor({ ...editor, error: 'namespaces: give at least one key=value (an empty selector matches every namespace)' });
      return;
    }
    if (editor.selector === 'dns') dispatch({ type: 'network/dns', dns: { namespaceSelector: namespaces!, podSelector: pods ?? {} } });
    else dispatch({ type: 'network/ingressController', namespaceSelector: namespaces! });
    closeEditor();
  };

  useInput(
    (input, key) => {
      const command = commandFor(input, key, ['network', 'lists']);
      const moved = navigateSelection(command, rows, selectedKey, { page: Math.max(1, listHeight - 2), isSection: (row) => row.kind === 'section' });
      if (moved !== false) {
        setSelectedKey(moved);
        return;
      }
      switch (command) {
        case 'toggle':
          if (selectedRow?.kind === 'policy') dispatch({ type: 'policy/toggle', id: selectedRow.policy.id });
          else if (selectedRow?.kind === 'unseen' && selectedRow.item.suggestedAllow) dispatch({ type: 'egress/toggle', allow: selectedRow.item.suggestedAllow });
          return;
        case 'edit':
          if (selectedRow?.kind === 'selector') openEditor(selectedRow.selector);
          return;
        default:
          return;
      }
    },
    { isActive: editor === undefined },
  );

  useInput(
    (_input, key) => {
      if (!editor) return;
      if (key.escape) {
        closeEditor();
        return;
      }
      const step = key.tab ? (key.shift ? -1 : 1) : key.downArrow ? 1 : key.upArrow ? -1 : 0;
      if (step !== 0 && editor.fields.length > 1) setEditor({ ...editor, index: (editor.index + step + editor.fields.length) % editor.fields.length });
    },
    { isActive: editor !== undefined },
  );

  if (!plan) {
    return (
      <Box paddingX={1}>
        <Text dimColor>No plan yet: scan a source first.</Text>
      </Box>
    );
  }

  const acceptedPolicies = plan.networkPolicies.filter((policy) => policy.accepted).length;
  const allowed = plan.unseenTraffic.filter((item) => item.allowed).length;
  const header = `${acceptedPolicies} of ${plan.networkPolicies.length} NetworkPolicies accepted · ${allowed} of ${plan.unseenTraffic.length} unseen flows allowed`;

  const renderRow = (row: NetworkRow, isSelected: boolean): React.ReactNode => {
    switch (row.kind) {
      case 'section':
        return (
          <Text bold underline wrap="truncate-end">
            {row.title}
          </Text>
        );
      case 'note':
        return <Text dimColor>{`    ${row.text}`}</Text>;
      case 'policy':
        return <ChoiceRow selected={isSelected} checked={row.policy.accepted} text={`${row.policy.id} — ${row.policy.summary}`} dim={!row.policy.accepted} width={contentWidth} />;
      case 'selector':
        return <ChoiceRow selected={isSelected} marker="✎" text={describeSelector(row.selector, values)} width={contentWidth} />;
      case 'unseen': {
        const { item } = row;
        const text = `${item.workload} ${item.kind}: ${item.detail}`;
        return item.suggestedAllow ? (
          <ChoiceRow selected={isSelected} checked={item.allowed} marker="?" text={text} color={item.allowed ? undefined : colors.warn} width={contentWidth} />
        ) : (
          <ChoiceRow selected={isSelected} marker="?" text={text} label={item.allowed ? 'allowed' : 'no allow'} color={item.allowed ? undefined : colors.warn} width={contentWidth} />
        );
      }
      case 'existing':
        return <ChoiceRow selected={isSelected} marker="=" text={`${row.entry.namespace}/${row.entry.name} — ${row.entry.covers}`} label="kept" width={contentWidth} />;
    }
  };

  return (
    <Box flexDirection="column" paddingX={1} width={width} height={height}>
      <Text bold wrap="truncate-end">
        {header}
      </Text>
      <Box height={listHeight} flexDirection="column" overflow="hidden">
        <SelectableList rows={rows} selectedKey={selectedKey} height={listHeight} renderRow={renderRow} />
      </Box>
      <Text dimColor>{'─'.repeat(contentWidth)}</Text>
      <Box height={detailsHeight} flexDirection="column" overflow="hidden">
        {editor ? (
          <SelectorEditor editor={editor} onChange={(draft) => setEditor({ ...editor, fields: editor.fields.map((field, index) => (index === editor.index ? { ...field, draft } : field)), error: undefined })} onSubmit={submit} />
        ) : (
          <Details row={selectedRow} values={values} />
        )}
      </Box>
      <Box height={notesHeight} flexDirection="column" overflow="hidden">
        {notes.map((note, index) => (
          <Text key={index} color={index === 0 ? colors.warn : undefined} wrap="wrap">{`Note: ${note}`}</Text>
        ))}
      </Box>
    </Box>
  );
}

function Details({ row, values }: { readonly row: NetworkRow | undefined; readonly values: SelectorValues }): React.JSX.Element {
  switch (row?.kind) {
    case 'policy':
      return (
        <Box flexDirection="column">
          <Text wrap="wrap">
            <Text bold>{`${row.policy.id}: `}</Text>
            {row.policy.summary}
          </Text>
          <Text dimColor wrap="truncate-end">{`${row.policy.accepted ? 'Accepted (Space declines)' : 'Declined (Space accepts)'} · applies to ${row.policy.appliesTo.join(', ') || 'no workload'}`}</Text>
        </Box>
      );
    case 'selector': {
      const { namespaceSelector, podSelector } = values[row.selector];
      return (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{`namespaces: ${formatLabels(namespaceSelector)}`}</Text>
          {podSelector ? <Text wrap="truncate-end">{`pods:       ${formatLabels(podSelector) || '(all)'}`}</Text> : null}
          <Text dimColor wrap="truncate-end">
            {row.selector === 'dns'
              ? 'Where the cluster resolver runs (every pod may reach it on port 53); e edits'
              : 'Where the ingress controller runs (workloads behind an Ingress accept it); e edits'}
          </Text>
        </Box>
      );
    }
    case 'unseen':
      return (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{`${row.item.workload} · ${row.item.kind}: ${row.item.detail}`}</Text>
          <Text wrap="wrap">
            {row.item.suggestedAllow
              ? `${row.item.allowed ? 'Allowed' : 'Blocked by default deny'}: Space ${row.item.allowed ? 'removes' : 'adds'} the opt-in ${describeAllow(row.item.suggestedAllow)}.`
              : row.item.allowed
                ? 'Allowed by an egress allow in the plan.'
                : 'No allow to suggest: add one under network.egressAllows in the plan file.'}
          </Text>
        </Box>
      );
    case 'existing':
      return (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{`${row.entry.namespace}/${row.entry.name}`}</Text>
          <Text wrap="wrap">{`Kept as it is; it covers ${row.entry.covers}.`}</Text>
        </Box>
      );
    default:
      return <Text dimColor>Nothing selected.</Text>;
  }
}

function SelectorEditor({ editor, onChange, onSubmit }: { readonly editor: Editor; readonly onChange: (draft: string) => void; readonly onSubmit: () => void }): React.JSX.Element {
  const colors = theme();
  const nameWidth = Math.max(...editor.fields.map((field) => field.name.length));
  return (
    <Box flexDirection="column">
      <Text bold>{`${editor.selector === 'dns' ? 'DNS selector' : 'Ingress controller'} (key=value,key=value)`}</Text>
      {editor.fields.map((field, index) => (
        <FieldRow key={field.name} name={field.name} nameWidth={nameWidth} value={field.draft} active={index === editor.index} onChange={onChange} onSubmit={onSubmit} />
      ))}
      {editor.error ? (
        <Text color={colors.danger} bold wrap="truncate-end">{`✗ ${editor.error}`}</Text>
      ) : (
        <Text dimColor wrap="truncate-end">{`Enter saves${editor.fields.length > 1 ? ' · Tab switches field' : ''} · Esc cancels`}</Text>
      )}
    </Box>
  );
}
