import { exportPlan } from '../export/export-plan.js';
import { describeError } from '../errors.js';
import type { WizardAction, WizardState } from '../session/wizard-state.js';
import type { WizardPorts } from './ports.js';

/** Writes the export; asks (through state) before replacing an existing folder. Never throws. */
export async function runExport(state: WizardState, ports: WizardPorts, dispatch: (action: WizardAction) => void, options: { force: boolean }): Promise<void> {
  const plan = state.prepared?.plan;
  const input = state.input;
  const dir = state.exportState.dir;
  if (!plan || !input) return;
  if (!dir.trim()) {
    dispatch({ type: 'export/failed', error: 'choose a folder to export to' });
    return;
  }
  if (!options.force && (await ports.pathExists(dir))) {
    dispatch({ type: 'export/exists' });
    return;
  }
  dispatch({ type: 'export/started' });
  try {
    const files = await exportPlan(plan, input.objects, dir, ports.exportPorts, { force: options.force });
    dispatch({ type: 'export/done', files });
  } catch (error) {
    dispatch({ type: 'export/failed', error: describeError(error) });
  }
}
