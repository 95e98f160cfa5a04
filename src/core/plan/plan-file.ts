/**
 * The plan file: a versioned YAML document people edit and every command replays with --plan.
 * Parsing is strict (an unknown entry is an error naming it: a typo must not silently become a
 * default); the `status:` part that `plan -o yaml` adds is ignored on replay.
 */
import { isWorkloadClass, type WorkloadClass } from '../model/classes.js';
import { isLevel, parseVersion } from '../model/policy.js';
import { PLAN_API_VERSION, PLAN_KIND, type Plan, type PlanSettings, type PlanSource } from '../model/plan.js';
import type { EgressAllow, Labels } from '../generate/network/options.js';
import { maskSecrets } from './mask-secrets.js';
import { describeChange, describeWorkload } from './plan-views.js';
import type { PlanProblem } from './build-plan.js';
import { isObject } from '../model/json.js';

export function defaultSettings(source: PlanSource, level: PlanSettings['target']['level'] = 'restricted', kubeVersion: number | 'latest' = 37): PlanSettings {
  return {
    source,
    target: { level, kubeVersion },
    workloads: [],
    changes: [],
    network: { policies: [], egressAllows: [] },
  };
}

type Tree = Record<string, unknown>;

class Reader {
  readonly problems: PlanProblem[] = [];

  fail(entry: string, message: string): undefined {
    this.problems.push({ entry, message });
    return undefined;
  }

  object(value: unknown, entry: string, allowed: readonly string[]): Tree | undefined {
    if (!isObject(value)) return this.fail(entry, 'expected an object');
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(entry ? `${entry}.${key}` : key, `unknown field (expected one of: ${allowed.join(', ')})`);
    }
    return value;
  }

  list(value: unknown, entry: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(entry, 'expected a list');
      return [];
    }
    return value;
  }

  string(value: unknown, entry: string, optional = false): string | undefined {
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || value === '') return this.fail(entry, 'expected a non-empty string');
    return value;
  }

  labels(value: unknown, entry: string): Labels | undefined {
    if (!isObject(value) || Object.values(value).some((item) => typeof item !== 'string')) return this.fail(entry, 'expected a map of label keys to string values');
    return value as Labels;
  }
}

/** Reads a plan document. Returns the settings, or every problem found (each naming its entry). */
export function parsePlanSettings(document: unknown): { settings?: PlanSettings; problems: PlanProblem[] } {
  const read = new Reader();
  const root = read.object(document, '', ['apiVersion', 'kind', 'source', 'target', 'workloads', 'changes', 'network', 'status']);
  if (!root) return { problems: read.problems };
  if (root.apiVersion !== PLAN_API_VERSION || root.kind !== PLAN_KIND) {
    read.fail('apiVersion', `expected apiVersion ${PLAN_API_VERSION} and kind ${PLAN_KIND}`);
    return { problems: read.problems };
  }

  let source: PlanSource = { files: [] };
  const sourceTree = read.object(root.source, 'source', ['files', 'context', 'namespace']);
  if (sourceTree) {
    if (sourceTree.files !== undefined) {
      const files = read.list(sourceTree.files, 'source.files').map((file, index) => read.string(file, `source.files[${index}]`) ?? '');
      const namespace = read.string(sourceTree.namespace, 'source.namespace', true);
      source = { files, ...(namespace ? { namespace } : {}) };
    } else {
      const context = read.string(sourceTree.context, 'source.context');
      const namespace = read.string(sourceTree.namespace, 'source.namespace');
      source = { context: context ?? '', namespace: namespace ?? '' };
    }
  }

  let target: PlanSettings['target'] = { level: 'restricted', kubeVersion: 37 };
  const targetTree = read.object(root.target, 'target', ['level', 'kubeVersion']);
  if (targetTree) {
    const level = targetTree.level ?? 'restricted';
    if (!isLevel(level)) read.fail('target.level', 'must be one of privileged, baseline, restricted');
    const versionText = targetTree.kubeVersion ?? 'v1.37';
    const version = typeof versionText === 'string' ? parseVersion(versionText) : undefined;
    if (!version) read.fail('target.kubeVersion', 'must be "latest" or "v1.x"');
    target = { level: isLevel(level) ? level : 'restricted', kubeVersion: !version || version.latest ? 'latest' : version.minor };
  }

  const workloads = read.list(root.workloads, 'workloads').flatMap((item, index) => {
    const entry = `workloads[${index}]`;
    const tree = read.object(item, entry, ['ref', 'class', 'classOverride']);
    const ref = tree && read.object(tree.ref, `${entry}.ref`, ['kind', 'namespace', 'name']);
    if (!tree || !ref) return [];
    const kind = read.string(ref.kind, `${entry}.ref.kind`);
    const name = read.string(ref.name, `${entry}.ref.name`);
    const namespace = read.string(ref.namespace, `${entry}.ref.namespace`, true);
    if (tree.class !== undefined && !isWorkloadClass(tree.class)) read.fail(`${entry}.class`, `unknown class ${JSON.stringify(tree.class)}`);
    let classOverride: WorkloadClass | undefined;
    if (tree.classOverride !== undefined) {
      if (isWorkloadClass(tree.classOverride)) classOverride = tree.classOverride;
      else read.fail(`${entry}.classOverride`, `unknown class ${JSON.stringify(tree.classOverride)}`);
    }
    if (!kind || !name) return [];
    return [{ ref: { kind, name, ...(namespace ? { namespace } : {}) }, ...(classOverride ? { classOverride } : {}) }];
  });

  const seenChanges = new Set<string>();
  const changes = read.list(root.changes, 'changes').flatMap((item, index) => {
    const entry = `changes[${index}]`;
    const tree = read.object(item, entry, ['id', 'accepted', 'params', 'summary', 'risk']);
    if (!tree) return [];
    const id = read.string(tree.id, `${entry}.id`);
    if (typeof tree.accepted !== 'boolean') read.fail(`${entry}.accepted`, 'expected true or false');
    let params: Record<string, number | string> | undefined;
    if (tree.params !== undefined) {
      if (!isObject(tree.params) || Object.values(tree.params).some((value) => typeof value !== 'number' && typeof value !== 'string')) {
        read.fail(`${entry}.params`, 'expected a map of parameter names to numbers or strings');
      } else params = tree.params as Record<string, number | string>;
    }
    if (!id || typeof tree.accepted !== 'boolean') return [];
    if (seenChanges.has(id)) read.fail(`${entry}.id`, `change ${id} is listed twice`);
    seenChanges.add(id);
    return [{ id, accepted: tree.accepted, ...(params ? { params } : {}) }];
  });

  const network: { -readonly [K in keyof PlanSettings['network']]: PlanSettings['network'][K] } = { policies: [], egressAllows: [] };
  if (root.network !== undefined) {
    const tree = read.object(root.network, 'network', ['dns', 'ingressController', 'policies', 'egressAllows']);
    if (tree) {
      if (tree.dns !== undefined) {
        const dns = read.object(tree.dns, 'network.dns', ['namespaceSelector', 'podSelector']);
        const namespaceSelector = dns && read.labels(dns.namespaceSelector, 'network.dns.namespaceSelector');
        const podSelector = dns && read.labels(dns.podSelector, 'network.dns.podSelector');
        if (namespaceSelector && podSelector) network.dns = { namespaceSelector, podSelector };
      }
      if (tree.ingressController !== undefined) {
        const controller = read.object(tree.ingressController, 'network.ingressController', ['namespaceSelector', 'podSelector']);
        const namespaceSelector = controller && read.labels(controller.namespaceSelector, 'network.ingressController.namespaceSelector');
        const podSelector = controller?.podSelector === undefined ? undefined : read.labels(controller.podSelector, 'network.ingressController.podSelector');
        if (namespaceSelector) network.ingressController = { namespaceSelector, ...(podSelector ? { podSelector } : {}) };
      }
      network.policies = read.list(tree.policies, 'network.policies').flatMap((item, index) => {
        const entry = `network.policies[${index}]`;
        const policy = read.object(item, entry, ['id', 'accepted', 'summary']);
        const id = policy && read.string(policy.id, `${entry}.id`);
        if (policy && typeof policy.accepted !== 'boolean') read.fail(`${entry}.accepted`, 'expected true or false');
        return id && typeof policy?.accepted === 'boolean' ? [{ id, accepted: policy.accepted }] : [];
      });
      network.egressAllows = read.list(tree.egressAllows, 'network.egressAllows').flatMap((item, index) => {
        const entry = `network.egressAllows[${index}]`;
        const allow = read.object(item, entry, ['workload', 'cidr', 'namespace', 'port', 'protocol', 'all']);
        if (!allow) return [];
        const workload = read.string(allow.workload, `${entry}.workload`);
        const cidr = read.string(allow.cidr, `${entry}.cidr`, true);
        const namespace = read.string(allow.namespace, `${entry}.namespace`, true);
        const protocol = read.string(allow.protocol, `${entry}.protocol`, true);
        if (protocol && !['TCP', 'UDP', 'SCTP'].includes(protocol)) read.fail(`${entry}.protocol`, 'must be TCP, UDP or SCTP');
        if (cidr && !/^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(cidr)) read.fail(`${entry}.cidr`, 'expected an address or CIDR such as 203.0.113.0/24');
        if (allow.port !== undefined && (typeof allow.port !== 'number' || !Number.isInteger(allow.port) || allow.port < 1 || allow.port > 65535)) {
          read.fail(`${entry}.port`, 'expected a port from 1 to 65535');
        }
        if (allow.all !== undefined && typeof allow.all !== 'boolean') read.fail(`${entry}.all`, 'expected true or false');
        if (!cidr && !namespace && allow.port === undefined && allow.all !== true) read.fail(entry, 'give at least one of cidr, namespace, port or all: true');
        if (!workload) return [];
        const result: EgressAllow = {
          workload,
          ...(cidr ? { cidr } : {}),
          ...(namespace ? { namespace } : {}),
          ...(typeof allow.port === 'number' ? { port: allow.port } : {}),
          ...(protocol ? { protocol } : {}),
          ...(allow.all === true ? { all: true } : {}),
        };
        return [result];
      });
    }
  }

  if (read.problems.length > 0) return { problems: read.problems };
  return { settings: { source, target, workloads, changes, network }, problems: [] };
}

function kubeVersionText(settings: PlanSettings): string {
  return settings.target.kubeVersion === 'latest' ? 'latest' : `v1.${settings.target.kubeVersion}`;
}

/**
 * The plan document for `plan.yaml` and `plan -o yaml`: every decision spelled out (so a replay
 * gives the same result even if defaults change), and with `status` the computed parts.
 */
export function renderPlanDocument(plan: Plan, options: { status: boolean }): Record<string, unknown> {
  const { settings } = plan;
  const document: Record<string, unknown> = {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    source: settings.source,
    target: { level: settings.target.level, kubeVersion: kubeVersionText(settings) },
    workloads: plan.workloads.map((workload) => ({
      ref: { kind: workload.ref.kind, namespace: workload.ref.namespace, name: workload.ref.name },
      class: workload.suggested.class,
      ...(workload.classOverride ? { classOverride: workload.classOverride } : {}),
    })),
    changes: plan.changes.map((change) => ({
      id: change.id,
      accepted: change.accepted,
      ...(Object.keys(change.params).length > 0 ? { params: Object.fromEntries(Object.entries(change.params).map(([name, parameter]) => [name, parameter.value])) } : {}),
    })),
    network: {
      ...(settings.network.dns ? { dns: settings.network.dns } : {}),
      ...(settings.network.ingressController ? { ingressController: settings.network.ingressController } : {}),
      policies: plan.networkPolicies.map((policy) => ({ id: policy.id, accepted: policy.accepted })),
      egressAllows: settings.network.egressAllows,
    },
  };
  if (options.status) document.status = renderStatus(plan);
  return document;
}

/** The computed parts, for people and tools; a replay ignores them. Secrets are masked. */
export function renderStatus(plan: Plan): Record<string, unknown> {
  return {
    evaluatedAt: `v1.${plan.minor}`,
    namespaces: plan.namespaces.map((namespace) => ({
      name: namespace.name,
      recommended: namespace.recommended,
      labels: { prepare: namespace.prepareLabels, enforce: namespace.enforceLabels },
      enforceReady: namespace.enforceReady,
      ...(namespace.blockers.length ? { blockers: namespace.blockers } : {}),
      ...(namespace.notes.length ? { notes: namespace.notes } : {}),
    })),
    workloads: plan.workloads.map(describeWorkload),
    changes: plan.changes.map(describeChange),
    networkPolicies: plan.networkPolicies.map((policy) => ({ id: policy.id, summary: policy.summary, object: policy.object })),
    ...(plan.existingNetworkPolicies.length ? { existingNetworkPolicies: plan.existingNetworkPolicies } : {}),
    unseenTraffic: plan.unseenTraffic,
    patched: [...plan.patched.values()].map((object) => maskSecrets(object)),
    notes: plan.notes,
  };
}
