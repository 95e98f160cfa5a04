import { describeError } from '../errors.js';
import type { WizardAction } from '../session/wizard-state.js';
import type { WizardPorts } from './ports.js';

/** Loads the current context's namespaces for the Source step. Never throws. */
export async function runDescribeCluster(ports: WizardPorts, signal: AbortSignal, dispatch: (action: WizardAction) => void): Promise<void> {
  if (!ports.cluster) {
    dispatch({ type: 'cluster/failed', error: 'no kubeconfig available' });
    return;
  }
  try {
    const { context, namespaces } = await ports.cluster.describe(signal);
    if (!signal.aborted) dispatch({ type: 'cluster/loaded', context, namespaces });
  } catch (error) {
    if (!signal.aborted) dispatch({ type: 'cluster/failed', error: describeError(error) });
  }
}
