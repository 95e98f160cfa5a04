/**
 * The hosts a workload's configuration names: in container env values, args and commands, and in
 * the ConfigMaps the pod reads (`envFrom`, `configMapKeyRef`, `configMap` and projected volumes).
 * Secrets are never read: a host that only a Secret names stays unseen, which is the safe side.
 */
import type { Container, KubeObject } from '../../model/kube.js';
import type { Workload } from '../../model/workload.js';
import { visitContainers } from '../../pss/visit-containers.js';
import { asBareHost, findEndpoints, type Endpoint } from './endpoints.js';
import { isObject } from '../../model/json.js';

export interface ConfigMapData {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface HostReference extends Endpoint {
  /** Where it is written, safe to show: `env DATABASE_URL of container api`, `ConfigMap api-config (key PAYMENTS_URL)`. */
  readonly where: string;
  /**
   * A variable's whole value taken as a host for its name alone (`DB_HOST=postgres`): weaker
   * evidence, so a single word that names no Service (`LOG_SERVER=stdout`) is dropped, not reported.
   */
  readonly bare?: boolean;
}

export interface WorkloadReferences {
  readonly hosts: readonly HostReference[];
  /** Where the configuration names the Kubernetes API's injected variables (`KUBERNETES_SERVICE_HOST`). */
  readonly kubernetesApiMentions: readonly string[];
}

export function readConfigMap(object: KubeObject): ConfigMapData | undefined {
  if (object.kind !== 'ConfigMap' || !isObject(object.metadata) || typeof object.metadata.name !== 'string') return undefined;
  const data = isObject(object.data) ? object.data : {};
  return {
    name: object.metadata.name,
    data: Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
  };
}

interface Text {
  readonly text: string;
  readonly where: string;
  /** The variable name, when the text is the whole value of one (env, or a key `envFrom` turns into one). */
  readonly variable?: string;
  /** The container's variables, to find the port that goes with a host variable. */
  readonly siblings?: ReadonlyMap<string, string>;
}

// A variable whose whole value is a host name, when its name says it holds one: `DB_HOST=postgres`.
// Its port, when given, sits in the sibling `<prefix>PORT` (`DB_PORT=5432`).
const HOST_VARIABLE = /^(.*?)(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|ENDPOINT|SERVICE)$/i;

// Kubernetes injects `<SERVICE>_SERVICE_HOST` for every Service of the namespace (service links);
// `KUBERNETES_SERVICE_HOST` is the API server.
const SERVICE_LINK = /\$\(?\{?([A-Z][A-Z0-9_]*)_SERVICE_HOST\b/g;
const KUBERNETES_VARIABLES = /\bKUBERNETES_(SERVICE_HOST|SERVICE_PORT|PORT)\b/;

/** `$(NAME)` as Kubernetes expands it in env values, args and commands; unknown names stay. */
function expand(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string) => variables.get(name) ?? whole);
}

function containerTexts(container: Container, configMaps: ReadonlyMap<string, ConfigMapData>, read: Set<string>): Text[] {
  const containerName = container.name ?? '';
  const texts: Text[] = [];
  const variables = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    if (!isObject(source) || !isObject(source.configMapRef) || typeof source.configMapRef.name !== 'string') continue;
    const configMap = configMaps.get(source.configMapRef.name);
    if (!configMap) continue;
    const prefix = typeof source.prefix === 'string' ? source.prefix : '';
    for (const key of Object.keys(configMap.data).sort()) {
      const value = configMap.data[key] as string;
      variables.set(`${prefix}${key}`, value);
      if (read.has(`${configMap.name}/${key}`)) continue;
      read.add(`${configMap.name}/${key}`);
      texts.push({ text: value, where: `ConfigMap ${configMap.name} (key ${key})`, variable: `${prefix}${key}` });
    }
  }
  const envEntries: { name: string; value: string; where: string }[] = [];
  for (const env of container.env ?? []) {
    if (typeof env.name !== 'string') continue;
    if (typeof env.value === 'string') {
      envEntries.push({ name: env.name, value: env.value, where: `env ${env.name} of container ${containerName}` });
      continue;
    }
    const ref = isObject(env.valueFrom) && isObject(env.valueFrom.configMapKeyRef) ? env.valueFrom.configMapKeyRef : undefined;
    if (!ref || typeof ref.name !== 'string' || typeof ref.key !== 'string') continue;
    const value = configMaps.get(ref.name)?.data[ref.key];
    if (value !== undefined) envEntries.push({ name: env.name, value, where: `ConfigMap ${ref.name} (key ${ref.key})` });
  }
  for (const entry of envEntries) variables.set(entry.name, entry.value);
  for (const entry of envEntries) texts.push({ text: expand(entry.value, variables), where: entry.where, variable: entry.name });
  (container.command ?? []).forEach((part) => {
    if (typeof part === 'string') texts.push({ text: expand(part, variables), where: `command of container ${containerName}` });
  });
  (container.args ?? []).forEach((part) => {
    if (typeof part === 'string') texts.push({ text: expand(part, variables), where: `args of container ${containerName}` });
  });
  return texts.map((text) => ({ ...text, siblings: variables }));
}

function volumeConfigMapNames(workload: Workload): string[] {
  const names: string[] = [];
  for (const volume of workload.pod.spec.volumes ?? []) {
    if (isObject(volume.configMap) && typeof volume.configMap.name === 'string') names.push(volume.configMap.name);
    const sources = isObject(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) {
      if (isObject(source) && isObject(source.configMap) && typeof source.configMap.name === 'string') names.push(source.configMap.name);
    }
  }
  return names;
}

function hostVariableReference(text: Text): HostReference | undefined {
  if (!text.variable) return undefined;
  const match = HOST_VARIABLE.exec(text.variable);
  const host = match ? asBareHost(text.text) : undefined;
  if (!match || !host) return undefined;
  const portText = text.siblings?.get(`${match[1]}PORT`)?.trim();
  const port = portText && /^[0-9]{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : undefined;
  return { host, port, display: port ? `${host}:${port}` : host, where: text.where, bare: true };
}

function serviceLinkReferences(text: Text): HostReference[] {
  return [...text.text.matchAll(SERVICE_LINK)]
    .map((match) => (match[1] ?? '').toLowerCase().replace(/_/g, '-'))
    .filter((name) => name !== 'kubernetes')
    .map((host) => ({ host, display: `$(${host.toUpperCase().replace(/-/g, '_')}_SERVICE_HOST)`, where: text.where }));
}

/** Every host the workload's configuration names, each (display, where) once, in a stable order. */
export function findWorkloadReferences(workload: Workload, configMaps: ReadonlyMap<string, ConfigMapData>): WorkloadReferences {
  const read = new Set<string>();
  const texts: Text[] = [];
  visitContainers(workload.pod.spec, (container) => texts.push(...containerTexts(container, configMaps, read)));
  for (const name of [...new Set(volumeConfigMapNames(workload))].sort()) {
    const configMap = configMaps.get(name);
    if (!configMap) continue;
    for (const key of Object.keys(configMap.data).sort()) {
      if (read.has(`${name}/${key}`)) continue;
      read.add(`${name}/${key}`);
      texts.push({ text: configMap.data[key] as string, where: `ConfigMap ${name} (key ${key})` });
    }
  }

  const hosts: HostReference[] = [];
  const kubernetesApiMentions: string[] = [];
  const seen = new Set<string>();
  const add = (reference: HostReference): void => {
    const key = `${reference.display}\u0000${reference.where}`;
    if (seen.has(key)) return;
    seen.add(key);
    hosts.push(reference);
  };
  for (const text of texts) {
    for (const endpoint of findEndpoints(text.text)) add({ ...endpoint, where: text.where });
    const bare = hostVariableReference(text);
    if (bare) add(bare);
    for (const link of serviceLinkReferences(text)) add(link);
    if (KUBERNETES_VARIABLES.test(text.text) && !kubernetesApiMentions.includes(text.where)) kubernetesApiMentions.push(text.where);
  }
  return { hosts, kubernetesApiMentions };
}
