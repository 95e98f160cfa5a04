import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { ExportPorts } from '../../app/export/export-plan.js';
import { KUSTOMIZATION_FILE_NAMES } from './build-kustomization.js';
import { writeTreeAtomically } from './write-tree.js';

function kustomizationFolders(paths: readonly string[]): string[] {
  return paths.filter((path) => {
    try {
      return statSync(path).isDirectory() && KUSTOMIZATION_FILE_NAMES.some((name) => existsSync(join(path, name)));
    } catch {
      return false;
    }
  });
}

export const fileExportPorts: ExportPorts = {
  kustomizationFolders,
  relativeFromBase: (out, folder) => relative(resolve(out, 'base'), resolve(folder)) || '.',
  writeTree: writeTreeAtomically,
};
