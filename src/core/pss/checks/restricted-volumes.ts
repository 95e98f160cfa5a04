/*
 * restrictedVolumes (restricted, v1.0+)
 * The restricted policy only permits: configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected, secret.
 *
 * Restricted field: spec.volumes[*] (its source type). Replaces hostPathVolumes at every version.
 * `image` volumes have been allowed since the 1.33 code, at all policy versions. A volume with no
 * source is defaulted to emptyDir by the API server before this check runs (see extract/defaults).
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { joinQuote, pluralize, sortedUnique } from '../messages.js';

export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Restricted sources in the order upstream tests them; the reported name is Kubernetes' field name. */
const RESTRICTED_VOLUME_SOURCES: readonly string[] = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const restrictedVolumes_1_0: CheckPod = (_metadata, spec) => {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  for (const volume of spec.volumes ?? []) {
    if (ALLOWED_VOLUME_SOURCES.some((source) => volume[source] != null)) continue;
    badVolumes.push(volume.name ?? '');
    badTypes.push(RESTRICTED_VOLUME_SOURCES.find((source) => volume[source] != null) ?? 'unknown');
  }
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedUnique(badTypes);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize('uses', 'use', badVolumes.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  );
};

export const restrictedVolumes: Check = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: 0, checkPod: restrictedVolumes_1_0, overrides: ['hostPathVolumes'] }],
};
