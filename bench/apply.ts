/**
 * Applying 500 changes to a real kube-apiserver (test/apiserver): 125 Deployments without any
 * securityContext, four fixes each. Times the dry run and the real, bounded-concurrency apply of
 * the prepare phase, and counts requests. Skips with one line when the binaries are not built.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLiveNamespace } from '../src/adapters/cluster/live-source.js';
import { clusterWritePorts } from '../src/adapters/cluster/apply.js';
import { preparePlan } from '../src/app/plan/prepare-plan.js';
import { applySteps } from '../src/app/apply/apply-plan.js';
import { planApplySteps } from '../src/core/apply/apply-steps.js';
import { refKey } from '../src/core/model/workload.js';
import { fmt } from './measure.js';

const HARNESS = new URL('../../test/apiserver/start.mjs', import.meta.url);
const NAMESPACE = 'bench-apply';
const WORKLOADS = 125;

interface Harness {
  findBinaries(options: { build: boolean }): Promise<unknown>;
  startTestCluster(options: { build: boolean }): Promise<{ kubeconfigPath: string; stop(): Promise<void> }>;
}

function deployments(count: number): string {
  return Array.from({ length: count }, (_, index) => {
    const name = `app-${String(index).padStart(3, '0')}`;
    return [
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: {name: ${name}, namespace: ${NAMESPACE}}`,
      'spec:',
      `  selector: {matchLabels: {app: ${name}}}`,
      '  template:',
      `    metadata: {labels: {app: ${name}}}`,
      '    spec:',
      '      securityContext: {runAsUser: 1000}',
      `      containers: [{name: app, image: "ghcr.io/example/app:1.0", ports: [{containerPort: 8080}]}]`,
    ].join('\n');
  }).join('\n---\n');
}

export async function benchLiveApply(): Promise<void> {
  console.log(`Live apply, ${WORKLOADS * 4} changes (${WORKLOADS} Deployments × 4 fixes) on a real kube-apiserver`);
  const harness = (await import(HARNESS.href)) as Harness;
  const binaries = await harness.findBinaries({ build: false }).catch(() => null);
  if (!binaries) {
    console.log('  skipped: no test API server (run test/apiserver/build.sh)');
    return;
  }
  const cluster = await harness.startTestCluster({ build: false });
  const dir = mkdtempSync(join(tmpdir(), 'kube-harden-bench-apply-'));
  try {
    const kubectl = (...args: string[]) => {
      const run = spawnSync('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${run.stderr}`);
    };
    kubectl('create', 'namespace', NAMESPACE);
    const file = join(dir, 'deployments.yaml');
    writeFileSync(file, deployments(WORKLOADS));
    kubectl('create', '-f', file);

    const live = await readLiveNamespace({ kubeconfig: cluster.kubeconfigPath, namespace: NAMESPACE });
    const prepared = preparePlan(live.scan, { paths: [], cluster: { context: live.context, namespace: live.namespace } });
    const plan = prepared.plan!;
    const accepted = plan.changes.filter((change) => change.accepted);
    const steps = planApplySteps({
      plan,
      namespace: live.namespace,
      phase: 'prepare',
      objects: new Map(prepared.collected.workloads.map((workload) => [refKey({ ...workload.ref, namespace: workload.ref.namespace ?? live.namespace }), workload.object])),
      namespaceLabels: live.labels,
      networkPolicies: new Map(),
    });
    const options = {
      context: live.context,
      server: live.client.target.server,
      forceConflicts: false,
      backupFile: join(dir, 'backup.yaml'),
      handoffDir: join(dir, 'handoff'),
    };
    let requests = live.client.requests();
    let start = performance.now();
    const dry = await applySteps(steps, clusterWritePorts(live.client), { ...options, dryRun: true, confirmed: false });
    const dryTime = performance.now() - start;
    const dryRequests = live.client.requests() - requests;
    requests = live.client.requests();
    start = performance.now();
    const real = await applySteps(steps, clusterWritePorts(live.client), { ...options, dryRun: false, confirmed: true });
    const realTime = performance.now() - start;
    const realRequests = live.client.requests() - requests;
    console.log(`  plan:                  ${accepted.length} accepted changes in ${steps.steps.length} write steps (labels, ${WORKLOADS} workloads, NetworkPolicies)`);
    console.log(`  dry run (dryRun=All):  ${fmt(dryTime)}, ${dryRequests} requests, exit ${dry.exitCode}`);
    console.log(`  apply (prepare phase): ${fmt(realTime)}, ${realRequests} requests (permission checks, dry run, writes, backup reads), exit ${real.exitCode}; at most 8 writes in flight`);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
