/**
 * Keys are a table: command id, default keys, description, where they apply, and whether the
 * action is dangerous. The hint bar, the help overlay and docs/keybindings.md are drawn from it.
 */
import type { Key } from 'ink';

export type CommandId =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'left'
  | 'right'
  | 'accept'
  | 'back'
  | 'toggle'
  | 'nextPane'
  | 'filter'
  | 'edit'
  | 'reclassify'
  | 'diff'
  | 'apply'
  | 'help'
  | 'quit';

/** Where a binding applies: everywhere, or on the named steps. */
export type KeyScope = 'global' | 'lists' | 'source' | 'fixes' | 'network' | 'classify' | 'profile' | 'preview' | 'finish' | 'finish (cluster)';

export interface KeyBinding {
  readonly id: CommandId;
  /** As shown to people: `↑/k`, `Enter`, `Space`. */
  readonly label: string;
  /** One or two words for the hint bar. */
  readonly hint: string;
  readonly description: string;
  readonly scope: readonly KeyScope[];
  /** Dangerous actions ask for a typed confirmation. */
  readonly dangerous?: boolean;
  /** Whether the key event matches this binding. */
  readonly matches: (input: string, key: Key) => boolean;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { id: 'up', hint: 'up', label: '↑/k', description: 'move up (scrolls the apply report)', scope: ['lists', 'finish (cluster)'], matches: (input, key) => key.upArrow || input === 'k' },
  { id: 'down', hint: 'down', label: '↓/j', description: 'move down (scrolls the apply report)', scope: ['lists', 'finish (cluster)'], matches: (input, key) => key.downArrow || input === 'j' },
  { id: 'pageUp', hint: 'page up', label: 'PgUp', description: 'page up', scope: ['lists'], matches: (_input, key) => key.pageUp },
  { id: 'pageDown', hint: 'page down', label: 'PgDn', description: 'page down', scope: ['lists'], matches: (_input, key) => key.pageDown },
  { id: 'left', hint: 'prev', label: '←/h', description: 'previous choice or tab', scope: ['profile', 'preview', 'source'], matches: (input, key) => key.leftArrow || input === 'h' },
  { id: 'right', hint: 'next', label: '→/l', description: 'next choice or tab', scope: ['profile', 'preview', 'source'], matches: (input, key) => key.rightArrow || input === 'l' },
  { id: 'accept', hint: 'accept', label: 'Enter', description: 'accept this step and go on', scope: ['global'], matches: (_input, key) => key.return },
  { id: 'back', hint: 'back', label: 'Esc', description: 'back one step (closes a filter, picker or field first)', scope: ['global'], matches: (_input, key) => key.escape },
  { id: 'toggle', hint: 'toggle', label: 'Space', description: 'accept or decline the selected item', scope: ['fixes', 'network'], matches: (input) => input === ' ' },
  { id: 'nextPane', hint: 'next pane', label: 'Tab', description: 'next pane or tab', scope: ['profile', 'fixes', 'network', 'preview'], matches: (_input, key) => key.tab && !key.shift },
  { id: 'filter', hint: 'filter', label: '/', description: 'filter the list', scope: ['classify', 'fixes'], matches: (input) => input === '/' },
  { id: 'edit', hint: 'edit', label: 'e', description: 'edit the selected value (parameter, selector, folder)', scope: ['fixes', 'network', 'profile', 'finish'], matches: (input) => input === 'e' },
  { id: 'reclassify', hint: 'class', label: 'c', description: 'change the class of the selected workload', scope: ['classify'], matches: (input) => input === 'c' },
  { id: 'diff', hint: 'diff', label: 'd', description: 'show the YAML or the before/after diff', scope: ['preview'], matches: (input) => input === 'd' },
  {
    id: 'apply',
    hint: 'apply',
    label: 'a',
    description: 'apply to the live cluster: a dry run to review first, then the namespace name typed to write (again for the enforce phase)',
    scope: ['finish (cluster)'],
    dangerous: true,
    matches: (input) => input === 'a',
  },
  { id: 'help', hint: 'help', label: '?', description: 'show or hide this help', scope: ['global'], matches: (input) => input === '?' },
  { id: 'quit', hint: 'quit', label: 'q', description: 'quit (asks first when decisions are not exported)', scope: ['global'], matches: (input) => input === 'q' },
];


/** The command a key event triggers among the bindings in scope, if any. */
export function commandFor(input: string, key: Key, scopes: readonly KeyScope[]): CommandId | undefined {
  return KEY_BINDINGS.find((binding) => binding.scope.some((scope) => scope === 'global' || scopes.includes(scope)) && binding.matches(input, key))?.id;
}

export function bindingsFor(scopes: readonly KeyScope[]): KeyBinding[] {
  return KEY_BINDINGS.filter((binding) => binding.scope.some((scope) => scope === 'global' || scopes.includes(scope)));
}

/** docs/keybindings.md, generated from the table (a test fails when the file drifts). */
export function renderKeybindingsMarkdown(): string {
  const lines = [
    '# Key bindings',
    '',
    'Generated from `src/ui/keys.ts` (the wizard\'s hint bar and help overlay use the same table). Do not edit by hand.',
    '',
    '| key | action | where |',
    '| --- | --- | --- |',
  ];
  for (const binding of KEY_BINDINGS) {
    const where = binding.scope.includes('global') ? 'every step' : binding.scope.join(', ');
    lines.push(`| \`${binding.label}\` | ${binding.description}${binding.dangerous ? ' (asks to confirm)' : ''} | ${where} |`);
  }
  lines.push('', 'Ctrl-C quits at once and restores the terminal.', '');
  return lines.join('\n');
}
