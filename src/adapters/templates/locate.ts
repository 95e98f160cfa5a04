import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's `templates/` folder, found by walking up from this module, so that it works from
 * the sources, the compiled `dist/` tree and a single-file bundle alike.
 */
export function templatesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'demo'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kube-harden templates/ folder not found next to the program');
    dir = parent;
  }
}

export function demoPath(): string {
  return join(templatesRoot(), 'demo');
}
