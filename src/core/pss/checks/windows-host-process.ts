/*
 * windowsHostProcess (baseline, v1.0+)
 * Pod and containers must not set securityContext.windowsOptions.hostProcess to true.
 *
 * Restricted fields: spec.securityContext.windowsOptions.hostProcess and each container's —
 * allowed: undefined, false. Applies to every pod; spec.os is not consulted.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';
import { joinSetters } from '../messages.js';
import { containersWhere } from '../visit-containers.js';

const windowsHostProcess_1_0: CheckPod = (_metadata, spec) => {
  const badContainers = containersWhere(spec, (container) => container.securityContext?.windowsOptions?.hostProcess === true);
  const setters = joinSetters(spec.securityContext?.windowsOptions?.hostProcess === true, badContainers);
  if (setters === undefined) return ALLOWED;
  return forbidden('hostProcess', `${setters} must not set securityContext.windowsOptions.hostProcess=true`);
};

export const windowsHostProcess: Check = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: 0, checkPod: windowsHostProcess_1_0 }],
};
