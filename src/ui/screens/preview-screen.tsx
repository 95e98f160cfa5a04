import React, { useMemo, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { commandFor } from '../keys.js';
import { theme } from '../theme.js';
import { ScrollList } from '../components/scroll-list.js';
import { TextView } from '../components/text-view.js';
import { buildPreviewDocuments, PREVIEW_TAB_TITLES, PREVIEW_TABS, type PreviewTab } from '../components/preview-documents.js';
import { STEP_SCOPES, type ScreenProps } from './screen-props.js';

/** At most this many rows for the object list; the rest of the body is the text. */
const LIST_ROWS = 5;
/** Unchanged lines kept above a diff's first change when it opens. */
const LEAD_IN = 3;

function firstChange(lines: readonly string[]): number {
  const index = lines.findIndex((line) => (line.startsWith('+') && !line.startsWith('+++')) || (line.startsWith('-') && !line.startsWith('---')));
  return Math.max(0, index - LEAD_IN);
}

/**
 * Step 7: what the export will write, object by object: the Namespace labels, the accepted
 * NetworkPolicies and the workload patches, as YAML or as a before → after diff of the whole
 * object. Secrets are masked everywhere, and Secret objects are never shown.
 */
export function PreviewScreen({ state, width, height }: ScreenProps): React.JSX.Element {
  const colors = theme();
  const plan = state.prepared?.plan;
  const objects = state.input?.objects;
  const documents = useMemo(() => (plan ? buildPreviewDocuments(plan, objects ?? []) : undefined), [plan, objects]);
  const [tab, setTab] = useState<PreviewTab>('namespaces');
  const [cursors, setCursors] = useState<Readonly<Record<PreviewTab, number>>>({ namespaces: 0, policies: 0, patches: 0 });
  const [diff, setDiff] = useState(false);
  /** Undefined: where the text opens (a diff opens a little above its first change). */
  const [offset, setOffset] = useState<number | undefined>(undefined);

  const items = documents?.[tab] ?? [];
  const cursor = Math.min(cursors[tab], Math.max(0, items.length - 1));
  const selected = items[cursor];
  const texts = selected?.texts();
  const lines = (diff ? texts?.diff : texts?.yaml) ?? [];

  const listHeight = Math.max(1, Math.min(LIST_ROWS, items.length));
  const textRows = Math.max(2, height - 2 - listHeight);
  const textHeight = lines.length > textRows ? textRows - 1 : textRows;
  const maxOffset = Math.max(0, lines.length - textHeight);
  const start = Math.min(offset ?? (diff ? firstChange(lines) : 0), maxOffset);

  const switchTab = (delta: number) => {
    const index = (PREVIEW_TABS.indexOf(tab) + delta + PREVIEW_TABS.length) % PREVIEW_TABS.length;
    setTab(PREVIEW_TABS[index]!);
    setOffset(undefined);
  };
  const moveCursor = (delta: number) => {
    const next = Math.min(Math.max(0, cursor + delta), Math.max(0, items.length - 1));
    if (next === cursor) return;
    setCursors((current) => ({ ...current, [tab]: next }));
    setOffset(undefined);
  };

  useInput((input, key) => {
    switch (commandFor(input, key, STEP_SCOPES.preview)) {
      case 'left':
        switchTab(-1);
        return;
      case 'right':
      case 'nextPane':
        switchTab(1);
        return;
      case 'up':
        moveCursor(-1);
        return;
      case 'down':
        moveCursor(1);
        return;
      case 'pageUp':
        setOffset(Math.max(0, start - (textHeight - 1)));
        return;
      case 'pageDown':
        setOffset(Math.min(maxOffset, start + textHeight - 1));
        return;
      case 'diff':
        setDiff((current) => !current);
        setOffset(undefined);
        return;
      default:
        return;
    }
  });

  if (!plan || !documents) return <Text dimColor>Nothing scanned yet.</Text>;

  return (
    <Box flexDirection="column" paddingX={1} width={width}>
      <Text wrap="truncate-end">
        {PREVIEW_TABS.map((id) => {
          const active = id === tab;
          const label = `${PREVIEW_TAB_TITLES[id]} (${documents[id].length})`;
          return (
            <Text key={id} bold={active} inverse={active} color={active ? colors.accent : undefined}>
              {active ? `[${label}]` : ` ${label} `}
            </Text>
          );
        }).flatMap((element, index) => (index === 0 ? [element] : [<Text key={`gap-${index}`}> </Text>, element]))}
        <Text dimColor>{`  ${diff ? 'diff' : 'YAML'}`}</Text>
      </Text>
      <Box height={listHeight} flexDirection="column" overflow="hidden">
        <ScrollList
          items={items}
          cursor={cursor}
          height={listHeight}
          rowKey={(document, index) => `${index}:${document.title}`}
          empty={tab === 'policies' ? 'no NetworkPolicy accepted (see the Network step)' : tab === 'patches' ? 'no workload needs a patch' : 'no namespace'}
          renderRow={(document, isSelected) => (
            <Text color={isSelected ? colors.accent : undefined} bold={isSelected} wrap="truncate-end">
              {`${isSelected ? '›' : ' '} ${document.title}`}
              <Text dimColor>{`  ${document.summary}`}</Text>
            </Text>
          )}
        />
      </Box>
      <Text dimColor wrap="truncate-end">
        {`${'─'.repeat(2)} ${selected ? `${selected.title}: ${diff ? 'before → after (- removed, + added)' : 'YAML as exported'}` : ''} · d ${diff ? 'YAML' : 'diff'} · PgUp/PgDn scroll ${'─'.repeat(Math.max(0, width))}`}
      </Text>
      <Box height={textRows} flexDirection="column" overflow="hidden">
        {selected ? <TextView lines={lines} offset={start} height={textHeight} diff={diff} /> : null}
      </Box>
    </Box>
  );
}
