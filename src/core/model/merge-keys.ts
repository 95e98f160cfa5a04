/**
 * Lists that strategic-merge patches and server-side apply merge by key (the Kubernetes API's
 * patchMergeKey / listMapKeys for the pod fields kube-harden writes). Every other list
 * (capabilities.add/drop, sysctls, args) is atomic: replaced whole.
 */
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  env: 'name',
};
