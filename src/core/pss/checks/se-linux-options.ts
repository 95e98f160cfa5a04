/*
 * seLinuxOptions (baseline, v1.0+; v1.31 adds container_engine_t)
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden.
 *
 * Restricted fields: spec.securityContext.seLinuxOptions.type and each container's — allowed:
 * undefined/empty, container_t, container_init_t, container_kvm_t (and container_engine_t from v1.31).
 * spec.securityContext.seLinuxOptions.{user,role} and each container's — allowed: undefined/empty.
 * `level` is not checked.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { joinQuote, joinSetters, pluralize, sortedUnique } from '../messages.js';
import type { SELinuxOptions } from '../../model/kube.js';
import { visitContainers } from '../visit-containers.js';

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>): CheckPod {
  return (_metadata, spec) => {
    const badTypes: string[] = [];
    let setUser = false;
    let setRole = false;
    const valid = (options: SELinuxOptions): boolean => {
      let ok = true;
      if (!allowedTypes.has(options.type ?? '')) {
        ok = false;
        badTypes.push(options.type ?? '');
      }
      if (options.user) {
        ok = false;
        setUser = true;
      }
      if (options.role) {
        ok = false;
        setRole = true;
      }
      return ok;
    };
    const podOptions = spec.securityContext?.seLinuxOptions;
    const podBad = podOptions != null && !valid(podOptions);
    const badContainers: string[] = [];
    visitContainers(spec, (container) => {
      const options = container.securityContext?.seLinuxOptions;
      if (options != null && !valid(options)) badContainers.push(container.name ?? '');
    });
    const setters = joinSetters(podBad, badContainers);
    if (setters === undefined) return ALLOWED;
    const parts: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) parts.push('user may not be set');
    if (setRole) parts.push('role may not be set');
    return forbidden('seLinuxOptions', `${setters} set forbidden securityContext.seLinuxOptions: ${parts.join('; ')}`);
  };
}

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];

export const seLinuxOptions: Check = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, checkPod: seLinuxOptionsCheck(new Set(TYPES_1_0)) },
    { minimumVersion: 31, checkPod: seLinuxOptionsCheck(new Set([...TYPES_1_0, 'container_engine_t'])) },
  ],
};
