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
    async apply(plan, { phase, dryRun, confirmed, forceConflicts, onProgress, signal }) {
      const source = plan.settings.source;
      if (!('context' in source)) return { exitCode: 1, lines: ['refused: the plan was made from files, not from a cluster; export it instead'] };
      const [{ readLiveNamespace }, { stepsForLivePlan }, { applySteps }, { clusterWritePorts }, { backupFileName }] = await Promise.all([
        import('../cluster/live-source.js'),
        import('../../app/apply/steps-for-live-plan.js'),
        import('../../app/apply/apply-plan.js'),
        import('../cluster/apply.js'),
        import('../../core/apply/backup.js'),
      ]);
      // Read again: the apply checks the namespace as it is now, as the `apply` command does.
      const live = await readLiveNamespace({ ...options, context: source.context, namespace: source.namespace, signal });
      const prepared = stepsForLivePlan(live, {
        phase,
        planFile: { path: 'wizard', settings: plan.settings },
        admission: plan.admission,
        observed: plan.observed,
        allowSystemNamespace: false,
        replan: 'scan again',
      });
      if ('refused' in prepared) return prepared.refused;
      const now = new Date();
      return applySteps(prepared.steps, clusterWritePorts(live.client), {
        context: live.context,
        server: live.client.target.server,
        dryRun,
        confirmed,
        forceConflicts,
        backupFile: `kube-harden-backups/${backupFileName(live.namespace, now)}`,
        handoffDir: 'kube-harden-handoff',
        now: () => now,
        onProgress,
      });
    },
  };
}
