/*
 * appArmorProfile (baseline, v1.0+)
 * On supported hosts, the 'runtime/default' AppArmor profile is applied by default. The baseline
 * policy should prevent overriding or disabling the default AppArmor profile.
 *
 * Restricted fields: spec.securityContext.appArmorProfile.type, spec.{initContainers,containers,
 * ephemeralContainers}[*].securityContext.appArmorProfile.type — allowed: 'RuntimeDefault',
 * 'Localhost', undefined. metadata.annotations['container.apparmor.security.beta.kubernetes.io/*'] —
 * allowed: 'runtime/default', 'localhost/*', empty, undefined.
 *
 * The field rule is 1.30 server code, but upstream applies it at every policy version.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { containersPhrase, goQuote, joinQuote, pluralize, sortedUnique } from '../messages.js';
import { visitContainers } from '../visit-containers.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedProfileType(type: string | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

const appArmorProfile_1_0: CheckPod = (metadata, spec) => {
  const setters: string[] = [];
  const badValues: string[] = [];
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile && !allowedProfileType(podProfile.type)) {
    setters.push('pod');
    badValues.push(podProfile.type ?? '');
  }
  const badContainers: string[] = [];
  visitContainers(spec, (container) => {
    const profile = container.securityContext?.appArmorProfile;
    if (profile && !allowedProfileType(profile.type)) {
      badContainers.push(container.name ?? '');
      badValues.push(profile.type ?? '');
    }
  });
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));

  const badList = sortedUnique(badValues);
  const badAnnotations: string[] = [];
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
      badAnnotations.push(`${key}=${goQuote(value)}`);
    }
  }
  if (badAnnotations.length > 0) {
    badList.push(...sortedUnique(badAnnotations));
    setters.push(pluralize('annotation', 'annotations', badAnnotations.length));
  }
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badList.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badList)}`,
  );
};

export const appArmorProfile: Check = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: appArmorProfile_1_0 }],
};
