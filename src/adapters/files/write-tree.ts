/**
 * Writes a whole directory atomically: everything goes into a temporary sibling first, which is
 * renamed into place only when complete, so no reader ever sees a half-written export. An existing
 * directory is replaced only with `force`, and even then the old one is removed only after the new
 * one is in place.
 */
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../app/errors.js';

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function writeTreeAtomically(target: string, files: ReadonlyMap<string, string>, options: { force?: boolean } = {}): Promise<void> {
  const destination = resolve(target);
  const parent = dirname(destination);
  if (await pathExists(destination)) {
    if (!options.force) throw new UserError(`${target} already exists; nothing was written`, 'pass --force to replace it, or choose another --out');
    const info = await stat(destination);
    if (!info.isDirectory()) throw new UserError(`${target} exists and is not a folder; nothing was written`);
  }
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(destination)}.kube-harden-`));
  try {
    for (const [path, content] of files) {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, { mode: 0o644 });
    }
    if (await pathExists(destination)) {
      const old = `${staging}.old`;
      await rename(destination, old);
      await rename(staging, destination);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(staging, destination);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
