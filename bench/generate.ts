/** Deterministic generators of realistic, varied workloads for benchmarks. */
import { dump } from 'js-yaml';

/** A small, seeded PRNG (mulberry32) so every run measures the same input. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IMAGES = ['nginx:1.27', 'postgres:16', 'redis:7.2', 'ghcr.io/example/api:2.4.1', 'busybox:1.36', 'python:3.12-slim'];

export function generateWorkloads(count: number, seed = 42): object[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const objects: object[] = [];
  for (let i = 0; i < count; i++) {
    const containerCount = 1 + Math.floor(next() * 3);
    const containers = Array.from({ length: containerCount }, (_, c) => {
      const securityContext: Record<string, unknown> = {};
      if (next() < 0.5) securityContext.allowPrivilegeEscalation = next() < 0.8 ? false : true;
      if (next() < 0.4) securityContext.capabilities = { drop: ['ALL'], ...(next() < 0.2 ? { add: [pick(['NET_ADMIN', 'NET_BIND_SERVICE', 'SYS_TIME'])] } : {}) };
      if (next() < 0.3) securityContext.runAsNonRoot = next() < 0.9;
      if (next() < 0.1) securityContext.privileged = true;
      if (next() < 0.2) securityContext.seccompProfile = { type: pick(['RuntimeDefault', 'Unconfined', 'Localhost']) };
      return {
        name: `c${c}`,
        image: pick(IMAGES),
        ports: [{ containerPort: pick([80, 443, 8080, 5432, 6379]), ...(next() < 0.05 ? { hostPort: 8080 } : {}) }],
        env: [{ name: 'MODE', value: 'production' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' } },
        ...(Object.keys(securityContext).length ? { securityContext } : {}),
      };
    });
    const spec: Record<string, unknown> = { containers };
    if (next() < 0.3) spec.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
    if (next() < 0.05) spec.hostNetwork = true;
    if (next() < 0.1) spec.volumes = [{ name: 'data', ...(next() < 0.5 ? { hostPath: { path: '/var/data' } } : { emptyDir: {} }) }];
    const labels = { 'app.kubernetes.io/name': `app-${i}` };
    const template = { metadata: { labels }, spec };
    const kind = pick(['Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'CronJob', 'Job']);
    const metadata = { name: `app-${i}`, namespace: 'bench', labels };
    if (kind === 'Pod') objects.push({ apiVersion: 'v1', kind, metadata: { ...metadata }, spec });
    else if (kind === 'CronJob') {
      objects.push({ apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template } } } });
    } else if (kind === 'Job') objects.push({ apiVersion: 'batch/v1', kind, metadata, spec: { template } });
    else objects.push({ apiVersion: 'apps/v1', kind, metadata, spec: { selector: { matchLabels: labels }, template } });
  }
  return objects;
}

export function toMultiDocumentYaml(objects: readonly object[]): string {
  return objects.map((object) => dump(object, { lineWidth: -1, noRefs: true })).join('---\n');
}
