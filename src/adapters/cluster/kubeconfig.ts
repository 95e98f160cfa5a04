/**
 * kubeconfig as kubectl reads it: --kubeconfig, else KUBECONFIG (several paths, merged), else
 * ~/.kube/config; --context, else the current context; the namespace from -n, else the context's,
 * else `default`. @kubernetes/client-node is imported here, lazily: commands that need no cluster
 * never pay for it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../../app/errors.js';

export interface ClusterTarget {
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly server: string;
  /** The namespace from -n, else the context's, else `default`. */
  readonly namespace: string;
}

export interface KubeconfigOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
}

export async function loadClusterTarget(options: KubeconfigOptions): Promise<ClusterTarget> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  try {
    if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    const where = options.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config';
    throw new UserError(`cannot read the kubeconfig ${where}: ${String((error as Error).message).split('\n')[0]}`, 'pass --kubeconfig FILE or set KUBECONFIG');
  }
  if (options.context) {
    if (!kubeConfig.getContexts().some((context) => context.name === options.context)) {
      const known = kubeConfig.getContexts().map((context) => context.name);
      throw new UserError(`no context named ${options.context} in the kubeconfig`, known.length ? `known contexts: ${known.join(', ')}` : 'the kubeconfig has no contexts');
    }
    kubeConfig.setCurrentContext(options.context);
  }
  const context = kubeConfig.getCurrentContext();
  const cluster = kubeConfig.getCurrentCluster();
  if (!context || !cluster) {
    throw new UserError('no current kubeconfig context', 'pass --context NAME, or --kubeconfig FILE, or set KUBECONFIG');
  }
  const contextNamespace = kubeConfig.getContextObject(context)?.namespace;
  return { kubeConfig, context, server: cluster.server, namespace: options.namespace ?? contextNamespace ?? 'default' };
}
