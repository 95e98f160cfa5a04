/**
 * The cluster as a source of inputs: one namespace, read through the kubeconfig, with the facts
 * the commands need about it (its labels, the server's minor, how many requests it took).
 */
import { createClusterClient, type ClusterClient } from './http-client.js';
import { loadClusterTarget, type KubeconfigOptions } from './kubeconfig.js';
import { scanNamespace, serverMinor, type NamespaceScan } from './read-namespace.js';

export interface LiveSource {
  readonly client: ClusterClient;
  readonly context: string;
  readonly namespace: string;
  readonly scan: NamespaceScan;
  /** The server's Kubernetes minor, the default target for version labels. */
  readonly minor?: number;
  readonly labels: Readonly<Record<string, string>>;
}

export async function readLiveNamespace(options: KubeconfigOptions & { signal?: AbortSignal; onProgress?: (progress: { files: number; documents: number }) => void }): Promise<LiveSource> {
  const target = await loadClusterTarget(options);
  const client = createClusterClient(target);
  const minor = await serverMinor(client);
  const scan = await scanNamespace(client, target.namespace, { signal: options.signal, onProgress: options.onProgress });
  return { client, context: target.context, namespace: target.namespace, scan, minor, labels: scan.namespaceObject?.metadata?.labels ?? {} };
}
