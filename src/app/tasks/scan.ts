import { isPodBearingKind } from '../../core/model/workload.js';
import type { SourceChoice, WizardAction } from '../session/wizard-state.js';
import type { WizardPorts } from './ports.js';

/**
 * Reads the chosen source, reporting counts as it goes; cancelled through `signal`. Reports the
 * outcome as actions and never throws.
 */
export async function runScan(source: SourceChoice, ports: WizardPorts, signal: AbortSignal, dispatch: (action: WizardAction) => void): Promise<void> {
  dispatch({ type: 'scan/started' });
  if (source.kind === 'cluster') {
    dispatch({ type: 'scan/failed', error: 'reading a live cluster is not available in this version; export the namespace with kubectl get -o yaml and open the file' });
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
