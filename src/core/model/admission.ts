/**
 * The cluster's Pod Security admission settings (`PodSecurityConfiguration`) and how a namespace's
 * labels resolve against them, following `k8s.io/pod-security-admission/api` (PolicyToEvaluate).
 */
import {
  LATEST,
  LEVEL_ERROR,
  MODES,
  VERSION_ERROR,
  isStricter,
  levelLabel,
  parseLevel,
  parseVersion,
  versionLabel,
  type LevelVersion,
  type Mode,
} from './policy.js';
import { isObject } from './json.js';

export type NamespacePolicy = Readonly<Record<Mode, LevelVersion>>;

export interface Exemptions {
  readonly namespaces: readonly string[];
  readonly runtimeClasses: readonly string[];
  readonly usernames: readonly string[];
}

export interface AdmissionConfig {
  readonly defaults: NamespacePolicy;
  readonly exemptions: Exemptions;
}

const PRIVILEGED_LATEST: LevelVersion = Object.freeze({ level: 'privileged', version: LATEST });

/** What a cluster without an admission configuration file does: privileged:latest for every mode. */
export const DEFAULT_ADMISSION: AdmissionConfig = Object.freeze({
  defaults: Object.freeze({ enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST }),
  exemptions: Object.freeze({ namespaces: [], runtimeClasses: [], usernames: [] }),
});

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

const CONFIG_KIND = 'PodSecurityConfiguration';
const CONFIG_GROUP = 'pod-security.admission.config.k8s.io/';

/**
 * Reads a `PodSecurityConfiguration`, standalone or inside the kube-apiserver's
 * `AdmissionConfiguration` (plugin `PodSecurity`). Returns the config, or the problems found.
 */
export function parseAdmissionConfig(document: unknown): { config?: AdmissionConfig; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isObject(document)) return { problems: [{ field: '', message: 'expected a PodSecurityConfiguration object' }] };
  let body: unknown = document;
  let prefix = '';
  if (document.kind === 'AdmissionConfiguration') {
    const plugins = Array.isArray(document.plugins) ? document.plugins : [];
    const index = plugins.findIndex((plugin) => isObject(plugin) && plugin.name === 'PodSecurity');
    if (index < 0) return { problems: [{ field: 'plugins', message: 'no plugin named PodSecurity' }] };
    const plugin = plugins[index] as Record<string, unknown>;
    body = plugin.configuration;
    prefix = `plugins[${index}].configuration.`;
    if (!isObject(body)) return { problems: [{ field: `plugins[${index}].configuration`, message: 'expected an object (a path is not supported)' }] };
  }
  const config = body as Record<string, unknown>;
  if (config.kind !== CONFIG_KIND || typeof config.apiVersion !== 'string' || !config.apiVersion.startsWith(CONFIG_GROUP)) {
    problems.push({ field: `${prefix}kind`, message: `expected kind ${CONFIG_KIND} with apiVersion ${CONFIG_GROUP}v1` });
    return { problems };
  }

  const defaults: Record<Mode, LevelVersion> = { ...DEFAULT_ADMISSION.defaults };
  if (config.defaults !== undefined && !isObject(config.defaults)) {
    problems.push({ field: `${prefix}defaults`, message: 'expected an object' });
  } else if (isObject(config.defaults)) {
    for (const mode of MODES) {
      const levelText = config.defaults[mode];
      const versionText = config.defaults[`${mode}-version`];
      let { level, version } = defaults[mode];
      if (levelText !== undefined) {
        const parsed = typeof levelText === 'string' ? parseLevel(levelText) : undefined;
        if (parsed) level = parsed;
        else problems.push({ field: `${prefix}defaults.${mode}`, message: LEVEL_ERROR });
      }
      if (versionText !== undefined) {
        const parsed = typeof versionText === 'string' ? parseVersion(versionText) : undefined;
        if (parsed) version = parsed;
        else problems.push({ field: `${prefix}defaults.${mode}-version`, message: VERSION_ERROR });
      }
      defaults[mode] = { level, version };
    }
  }

  const exemptions = { namespaces: [] as string[], runtimeClasses: [] as string[], usernames: [] as string[] };
  if (config.exemptions !== undefined && !isObject(config.exemptions)) {
    problems.push({ field: `${prefix}exemptions`, message: 'expected an object' });
  } else if (isObject(config.exemptions)) {
    for (const key of ['namespaces', 'runtimeClasses', 'usernames'] as const) {
      const values = config.exemptions[key];
      if (values === undefined || values === null) continue;
      if (!Array.isArray(values) || values.some((value) => typeof value !== 'string' || value === '')) {
        problems.push({ field: `${prefix}exemptions.${key}`, message: 'expected a list of non-empty names' });
      } else exemptions[key] = values as string[];
    }
  }
  return problems.length > 0 ? { problems } : { config: { defaults, exemptions }, problems };
}

export interface ResolvedNamespacePolicy {
  readonly policy: NamespacePolicy;
  /** Invalid labels, as the API server words them; evaluation still proceeds (fail closed/open). */
  readonly problems: readonly FieldProblem[];
}

/**
 * The policy a namespace's labels ask for, with missing labels taken from the cluster defaults.
 * Invalid values are reported and replaced as the admission plugin does when it evaluates a pod:
 * an invalid enforce level means restricted (fail closed), an invalid audit or warn level means
 * privileged (fail open), an invalid version means latest. A valid enforce label stricter than
 * the default warn level also sets warn, unless a warn label exists (audit is never defaulted).
 */
export function resolveNamespacePolicy(
  labels: Readonly<Record<string, string>> | undefined,
  defaults: NamespacePolicy = DEFAULT_ADMISSION.defaults,
): ResolvedNamespacePolicy {
  const problems: FieldProblem[] = [];
  const policy: Record<Mode, LevelVersion> = { ...defaults };
  let hasEnforceLevel = false;
  for (const mode of MODES) {
    let { level, version } = defaults[mode];
    const levelText = labels?.[levelLabel(mode)];
    if (levelText !== undefined) {
      const parsed = parseLevel(levelText);
      if (parsed) {
        level = parsed;
        if (mode === 'enforce') hasEnforceLevel = true;
      } else {
        level = mode === 'enforce' ? 'restricted' : 'privileged';
        problems.push({ field: `metadata.labels[${levelLabel(mode)}]`, message: LEVEL_ERROR });
      }
    }
    const versionText = labels?.[versionLabel(mode)];
    if (versionText !== undefined) {
      const parsed = parseVersion(versionText);
      if (parsed) version = parsed;
      else {
        version = LATEST;
        problems.push({ field: `metadata.labels[${versionLabel(mode)}]`, message: VERSION_ERROR });
      }
    }
    policy[mode] = { level, version };
  }
  const hasWarnLevel = labels?.[levelLabel('warn')] !== undefined;
  const hasWarnVersion = labels?.[versionLabel('warn')] !== undefined;
  if (!hasWarnLevel && hasEnforceLevel && isStricter(policy.enforce.level, policy.warn.level)) {
    policy.warn = { level: policy.enforce.level, version: hasWarnVersion ? policy.warn.version : policy.enforce.version };
  }
  return { policy, problems };
}

export type Exemption = 'namespace' | 'runtimeClass';

/** Which exemption, if any, applies to a pod in `namespace` with `runtimeClassName`. */
export function exemptionFor(
  exemptions: Exemptions,
  namespace: string | undefined,
  runtimeClassName: string | undefined,
): Exemption | undefined {
  if (namespace !== undefined && exemptions.namespaces.includes(namespace)) return 'namespace';
  if (runtimeClassName !== undefined && exemptions.runtimeClasses.includes(runtimeClassName)) return 'runtimeClass';
  return undefined;
}
