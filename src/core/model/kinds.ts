/**
 * Built-in kinds that are cluster-scoped (no metadata.namespace). Everything else, custom
 * resources included, is taken to be namespaced, which is what most custom resources are.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'CertificateSigningRequest',
  'ComponentStatus',
  'GatewayClass',
  'DeviceClass',
  'ResourceSlice',
  'IPAddress',
  'ServiceCIDR',
  'VolumeAttributesClass',
]);

export function isNamespaced(kind: unknown): boolean {
  return typeof kind === 'string' && !CLUSTER_SCOPED_KINDS.has(kind);
}
