import type { WizardPorts } from '../../app/tasks/ports.js';
import { readInputs } from '../files/index.js';
import { fileExportPorts } from '../files/export-ports.js';
import { pathExists } from '../files/write-tree.js';

/** The wizard's ports for manifests on disk. */
export const fileWizardPorts: WizardPorts = {
  readInputs: (paths, options) => readInputs(paths, { signal: options.signal, onProgress: options.onProgress }),
  pathExists,
  exportPorts: fileExportPorts,
};
