/** `npm run docs`: regenerates docs/keybindings.md from the key table. */
import { writeFileSync } from 'node:fs';
import { renderKeybindingsMarkdown } from '../src/ui/keys.js';

writeFileSync('docs/keybindings.md', renderKeybindingsMarkdown());
console.log('wrote docs/keybindings.md');
