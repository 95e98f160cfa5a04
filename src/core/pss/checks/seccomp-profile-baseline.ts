/*
 * seccompProfile_baseline (baseline)
 * If seccomp profiles are specified, only runtime default and localhost profiles are allowed.
 *
 * v1.0–v1.18, annotations only: metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'] and
 * ['container.seccomp.security.alpha.kubernetes.io/<name>'] for containers in the pod — allowed:
 * 'runtime/default', 'docker/default', 'localhost/*', undefined (an empty value is forbidden).
 * v1.19+, fields only: spec.securityContext.seccompProfile.type and each container's — allowed:
 * 'RuntimeDefault', 'Localhost', undefined.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, goQuote, joinQuote, pluralize, sortedUnique } from '../messages.js';
import { visitContainers } from '../visit-containers.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

const seccompProfileBaseline_1_0: CheckPod = (metadata, spec) => {
  const annotations = metadata.annotations ?? {};
  const bad: string[] = [];
  const inspect = (key: string): void => {
    if (Object.hasOwn(annotations, key)) {
      const value = annotations[key]!;
      if (!validAnnotationValue(value)) bad.push(`${key}=${goQuote(value)}`);
    }
  };
  inspect(POD_ANNOTATION);
  visitContainers(spec, (container) => inspect(CONTAINER_ANNOTATION_PREFIX + (container.name ?? '')));
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedUnique(bad);
  return forbidden('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', distinct.length)} ${distinct.join(', ')}`);
};

const seccompProfileBaseline_1_19: CheckPod = (_metadata, spec) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile != null && !validSeccompType(podProfile.type)) {
    setters.push('pod');
    badValues.push(podProfile.type ?? '');
  }
  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    const profile = container.securityContext?.seccompProfile;
    if (profile != null && !validSeccompType(profile.type)) {
      badContainers.push(container.name ?? '');
      badValues.push(profile.type ?? '');
    }
  });
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
  );
};

export const seccompProfileBaseline: Check = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, checkPod: seccompProfileBaseline_1_0 },
    { minimumVersion: 19, checkPod: seccompProfileBaseline_1_19 },
  ],
};
