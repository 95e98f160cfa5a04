import { describeError } from '../errors.js';
import { observedObjects } from '../apply/check-target.js';
import { currentPlan, type WizardAction, type WizardState } from '../session/wizard-state.js';
import type { WizardPorts } from './ports.js';

/**
 * Runs the step of Apply the state asks for: the dry run while `dry-running`, the writes while
 * `applying` (reached only through the typed confirmation). Never throws.
 */
export async function runApply(state: WizardState, ports: WizardPorts, signal: AbortSignal, dispatch: (action: WizardAction) => void): Promise<void> {
  const { status, phase } = state.applyState;
  if (status !== 'dry-running' && status !== 'applying') return;
  const plan = currentPlan(state);
  if (!ports.cluster || !plan) {
    dispatch({ type: 'apply/failed', error: ports.cluster ? 'no plan to apply' : 'no kubeconfig available' });
    return;
  }
  const dryRun = status === 'dry-running';
  try {
    const outcome = await ports.cluster.apply(
      { settings: state.settings, admission: state.admission, observed: observedObjects([...plan.patched.values()]) },
      {
        phase,
        dryRun,
        confirmed: !dryRun,
        forceConflicts: false,
        onProgress: (done, total) => {
          if (!signal.aborted) dispatch({ type: 'apply/progress', done, total });
        },
        signal,
      },
    );
    if (!signal.aborted) dispatch(dryRun ? { type: 'apply/reviewed', outcome } : { type: 'apply/done', outcome });
  } catch (error) {
    if (!signal.aborted) dispatch({ type: 'apply/failed', error: describeError(error) });
  }
}
