/**
 * Signs that a workload talks to the Kubernetes API server. The server's address never appears in
 * manifests (pods reach it through the `kubernetes` Service, which NetworkPolicy sees as the
 * server's own endpoint addresses after translation), so this traffic can only be listed, not allowed.
 */
import type { KubeObject } from '../../model/kube.js';
import type { Workload } from '../../model/workload.js';
import { visitContainers } from '../../pss/visit-containers.js';
import { isObject } from '../../model/json.js';

/** Whether each ServiceAccount of the input mounts its token by default, by name. */
export function readServiceAccountAutomount(objects: readonly KubeObject[]): Map<string, boolean> {
  const automount = new Map<string, boolean>();
  for (const object of objects) {
    if (object.kind !== 'ServiceAccount' || !isObject(object.metadata) || typeof object.metadata.name !== 'string') continue;
    automount.set(object.metadata.name, object.automountServiceAccountToken !== false);
  }
  return automount;
}

// Operators, controllers and kubectl images are Kubernetes API clients by trade.
const CLIENT_HINT = /(?:^|[-_./])(operator|controller|kubectl)(?:$|[-_./:@])/i;

/** Plain-words signals, each safe to show; empty when there is none. */
export function kubernetesApiSignals(workload: Workload, serviceAccounts: ReadonlyMap<string, boolean>): string[] {
  const signals: string[] = [];
  const spec = workload.pod.spec;
  const accountField = spec.serviceAccountName ?? spec.serviceAccount;
  const account = typeof accountField === 'string' && accountField !== '' ? accountField : 'default';
  if (account !== 'default' && (spec.automountServiceAccountToken ?? serviceAccounts.get(account) ?? true)) {
    signals.push(`ServiceAccount ${account} with an automounted token`);
  }
  if (CLIENT_HINT.test(workload.ref.name)) signals.push(`name ${workload.ref.name}`);
  visitContainers(spec, (container) => {
    if (typeof container.image === 'string' && CLIENT_HINT.test(container.image)) signals.push(`image ${container.image}`);
  });
  return [...new Set(signals)];
}
