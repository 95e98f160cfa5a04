import type { CheckId } from '../../core/pss/types.js';
import { DEFAULT_REGISTRY, type Registry } from '../../core/pss/registry.js';
import { parseVersion } from '../../core/model/policy.js';
import type { CheckReport } from './build-report.js';
import { reportPolicy } from './format-report.js';
import { formatWarning } from '../../core/pss/evaluate.js';

const STANDARD_URI = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** One line per check for SARIF rule descriptions: the standard's own summary of the control. */
const CHECK_SUMMARIES: Record<CheckId, string> = {
  appArmorProfile: 'AppArmor profiles may not be overridden or disabled (Unconfined).',
  capabilities_baseline: 'Adding capabilities beyond the default set is disallowed.',
  hostNamespaces: 'Sharing the host namespaces (network, PID, IPC) is disallowed.',
  hostPathVolumes: 'HostPath volumes are forbidden.',
  hostPorts: 'HostPorts are disallowed.',
  hostProbesAndHostLifecycle: 'Probes and lifecycle handlers may not set a host.',
  privileged: 'Privileged containers are disallowed.',
  procMount: 'The default /proc masks are required.',
  seLinuxOptions: 'Setting the SELinux type is restricted; custom SELinux user or role options are forbidden.',
  seccompProfile_baseline: 'Seccomp profiles, if set, must be RuntimeDefault or Localhost.',
  sysctls: 'Only the safe subset of sysctls is allowed.',
  windowsHostProcess: 'Windows HostProcess containers are disallowed.',
  allowPrivilegeEscalation: 'Privilege escalation must be disallowed (allowPrivilegeEscalation: false).',
  capabilities_restricted: 'Containers must drop ALL capabilities and may only add back NET_BIND_SERVICE.',
  procMount_restricted: 'The default /proc masks are required, also for user-namespaced pods.',
  restrictedVolumes: 'Only core volume types (configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret) are allowed.',
  runAsNonRoot: 'Containers must run as non-root users (runAsNonRoot: true).',
  runAsUser: 'Containers must not set runAsUser to 0.',
  seccompProfile_restricted: 'A seccomp profile (RuntimeDefault or Localhost) must be set.',
};

/** SARIF 2.1.0: one rule per check ID that runs at the report's level and version, a result per violation. */
export function formatSarif(report: CheckReport, toolVersion: string, registry: Registry = DEFAULT_REGISTRY): string {
  const version = parseVersion(report.version) ?? parseVersion('latest')!;
  const ruleIds = registry.checksFor(report.level, version).map((check) => check.id);
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const results = report.results.flatMap((row) =>
    row.violations.map((violation) => ({
      ruleId: violation.check,
      ruleIndex: ruleIndex.get(violation.check),
      level: 'error',
      message: {
        text: `${row.kind}/${row.name} ${formatWarning(reportPolicy(report), [violation])}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(row.file.split('\\').join('/')) },
            region: { startLine: row.line ?? 1 },
          },
          logicalLocations: [{ name: row.name, fullyQualifiedName: `${row.namespace ? `${row.namespace}/` : ''}${row.kind}/${row.name}`, kind: 'object' }],
        },
      ],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kube-harden',
            version: toolVersion,
            informationUri: STANDARD_URI,
            rules: ruleIds.map((id) => ({
              id,
              name: id,
              shortDescription: { text: CHECK_SUMMARIES[id] },
              helpUri: STANDARD_URI,
              properties: { level: report.level },
            })),
          },
        },
        invocations: [{ executionSuccessful: report.errors.length === 0 }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
