/*
 * sysctls (baseline)
 * Sysctls can disable security mechanisms or affect all containers on a host, and should be
 * disallowed except for an allowed "safe" subset. A sysctl is considered safe if it is namespaced
 * in the container or the Pod, and it is isolated from other Pods or processes on the same Node.
 *
 * Restricted field: spec.securityContext.sysctls[*].name (exact match; values are not examined and
 * `/`-separated names are not normalised). Each version widens the allowed list.
 */
import { ALLOWED, forbidden, type Check, type CheckPod } from '../types.js';

const SAFE_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_1_27 = [...SAFE_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_1_29 = [
  ...SAFE_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SAFE_1_32 = [...SAFE_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
// Unreleased at upstream commit 8f84a87 (1.37 development), added 2026-04-14.
const SAFE_1_37 = [...SAFE_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(safe: readonly string[]): CheckPod {
  const allowed = new Set(safe);
  return (_metadata, spec) => {
    const bad = (spec.securityContext?.sysctls ?? [])
      .map((sysctl) => sysctl.name ?? '')
      .filter((name) => !allowed.has(name));
    return bad.length === 0 ? ALLOWED : forbidden('forbidden sysctls', bad.join(', '));
  };
}

/** The safe sysctls at a policy version, for generators that propose a safe alternative. */
export function safeSysctls(minor: number): readonly string[] {
  if (minor >= 37) return SAFE_1_37;
  if (minor >= 32) return SAFE_1_32;
  if (minor >= 29) return SAFE_1_29;
  if (minor >= 27) return SAFE_1_27;
  return SAFE_1_0;
}

export const sysctls: Check = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, checkPod: sysctlsCheck(SAFE_1_0) },
    { minimumVersion: 27, checkPod: sysctlsCheck(SAFE_1_27) },
    { minimumVersion: 29, checkPod: sysctlsCheck(SAFE_1_29) },
    { minimumVersion: 32, checkPod: sysctlsCheck(SAFE_1_32) },
    { minimumVersion: 37, checkPod: sysctlsCheck(SAFE_1_37) },
  ],
};
