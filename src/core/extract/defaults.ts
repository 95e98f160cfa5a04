import type { PodTemplate } from '../model/kube.js';
import { ALLOWED_VOLUME_SOURCES } from '../pss/checks/restricted-volumes.js';

/** Every volume source field the API knows; a volume with none of them is defaulted to emptyDir. */
const VOLUME_SOURCES = new Set([
  ...ALLOWED_VOLUME_SOURCES,
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
]);

/**
 * The two API-server defaults that change Pod Security verdicts, applied to a copy made by the
 * shape pass (this function may modify `pod`, which it owns):
 * 1. a volume with no source becomes `emptyDir: {}` (Pods and templates);
 * 2. for a Pod (not a template) with hostNetwork, each container port whose hostPort is 0 gets
 *    hostPort = containerPort, so the hostPorts message names them as the server would.
 */
export function applyApiServerDefaults(pod: PodTemplate, isPod: boolean): PodTemplate {
  const spec = pod.spec;
  if (spec.volumes) {
    spec.volumes = spec.volumes.map((volume) =>
      Object.keys(volume).some((key) => VOLUME_SOURCES.has(key) && volume[key] != null) ? volume : { ...volume, emptyDir: {} },
    );
  }
  if (isPod && spec.hostNetwork === true) {
    for (const key of ['initContainers', 'containers'] as const) {
      spec[key] = spec[key]?.map((container) =>
        container.ports
          ? {
              ...container,
              ports: container.ports.map((port) =>
                (port.hostPort ?? 0) === 0 && port.containerPort != null ? { ...port, hostPort: port.containerPort } : port,
              ),
            }
          : container,
      );
    }
  }
  return pod;
}
