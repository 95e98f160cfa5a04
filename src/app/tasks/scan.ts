import { isPodBearingKind } from '../../core/model/workload.js';
import type { SourceChoice, WizardAction } from '../session/wizard-state.js';
import type { WizardPorts } from './ports.js';
import { describeError } from '../errors.js';

/**
 * Reads the chosen source, reporting counts as it goes; cancelled through `signal`. Reports the
 * outcome as actions and never throws.
 */
export async function runScan(source: SourceChoice, ports: WizardPorts, signal: AbortSignal, dispatch: (action: WizardAction) => void): Promise<void> {
  dispatch({ type: 'scan/started' });
  if (source.kind === 'cluster') {
    if (!ports.cluster) {
      dispatch({ type: 'scan/failed', error: 'no kubeconfig is available to read a cluster' });
      return;
    }
    try {
      const { input, minor } = await ports.cluster.read(source.namespace, {
        signal,
        onProgress: (progress) => dispatch({ type: 'scan/progress', progress: { ...progress, workloads: 0 } }),
      });
      if (signal.aborted) dispatch({ type: 'scan/cancelled' });
      else {
        const workloads = input.objects.filter((sourced) => isPodBearingKind(sourced.object.kind)).length;
        dispatch({ type: 'scan/progress', progress: { files: 1, documents: input.objects.length, workloads } });
        dispatch({ type: 'scan/done', input, minor });
      }
    } catch (error) {
      if (signal.aborted) dispatch({ type: 'scan/cancelled' });
      else dispatch({ type: 'scan/failed', error: describeError(error) });
    }
    return;
  }
  try {
    const input = await ports.readInputs(source.paths, {
      signal,
      onProgress: (progress) => dispatch({ type: 'scan/progress', progress: { ...progress, workloads: 0 } }),
    });
    if (signal.aborted) {
      dispatch({ type: 'scan/cancelled' });
      return;
    }
    const workloads = input.objects.filter((sourced) => isPodBearingKind(sourced.object.kind)).length;
    dispatch({ type: 'scan/progress', progress: { files: new Set(input.objects.map((sourced) => sourced.source.file)).size, documents: input.objects.length, workloads } });
    if (input.errors.length > 0) {
      const first = input.errors[0]!;
      dispatch({ type: 'scan/failed', error: `${input.errors.length} input error${input.errors.length === 1 ? '' : 's'}; first: ${first.file}${first.document ? `#${first.document}` : ''}: ${first.message}` });
      return;
    }
    dispatch({ type: 'scan/done', input });
  } catch (error) {
    if (signal.aborted) dispatch({ type: 'scan/cancelled' });
    else dispatch({ type: 'scan/failed', error: error instanceof Error ? error.message : String(error) });
  }
}
