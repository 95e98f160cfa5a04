import type { ClusterPorts } from '../../app/tasks/ports.js';
import type { KubeconfigOptions } from '../cluster/kubeconfig.js';

/** The wizard's live-cluster ports; client-node loads only when the user picks the cluster. */
export function clusterWizardPorts(options: KubeconfigOptions): ClusterPorts {
  const client = async () => {
    const { loadClusterTarget } = await import('../cluster/kubeconfig.js');
    const { createClusterClient } = await import('../cluster/http-client.js');
    return createClusterClient(await loadClusterTarget(options));
  };
  return {
    async describe(signal) {
      const { listNamespaces } = await import('../cluster/read-namespace.js');
      const cluster = await client();
      const namespaces = await listNamespaces(cluster, { signal });
      return { context: cluster.target.context, namespaces };
    },
    async read(namespace, { signal, onProgress }) {
      const { scanNamespace, serverMinor } = await import('../cluster/read-namespace.js');
      const cluster = await client();
      const minor = await serverMinor(cluster);
      const input = await scanNamespace(cluster, namespace, { signal, onProgress });
      return { input, minor };
    },
  };
}
