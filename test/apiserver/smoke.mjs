#!/usr/bin/env node
// Smoke test for the live test cluster: node test/apiserver/smoke.mjs
// Starts etcd + kube-apiserver (building them on first use), drives it with
// kubectl, shows a PodSecurity rejection, stops, and checks the cleanup.
// Exits non-zero on any unexpected result.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { startTestCluster } from './start.mjs';

let failures = 0;
let passes = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passes++; else failures++;
}

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
if (kubectlFound.error) {
  console.error('smoke: kubectl is not on PATH');
  process.exit(1);
}

const t0 = Date.now();
const cluster = await startTestCluster();
console.log(`cluster up in ${Date.now() - t0} ms: ${cluster.server} ${cluster.version}`);
console.log(`kubeconfig: ${cluster.kubeconfigPath}`);

function kubectl(context, args, input) {
  const r = spawnSync('kubectl', ['--kubeconfig', cluster.kubeconfigPath, '--context', context, ...args], {
    encoding: 'utf8', input,
  });
  const shown = `$ kubectl --context ${context} ${args.join(' ')}`;
  console.log(`\n${shown}\n${(r.stdout + r.stderr).trimEnd()}`);
  return r;
}

try {
  let r = kubectl('admin', ['get', 'ns']);
  check(r.status === 0 && /kube-system/.test(r.stdout), 'admin can list namespaces');

  r = kubectl('admin', ['version']);
  check(r.status === 0 && r.stdout.includes(`Server Version: ${cluster.version}`), `server reports ${cluster.version}`);

  r = kubectl('narrow', ['get', 'ns']);
  check(r.status !== 0 && /forbidden/i.test(r.stderr) && r.stderr.includes('narrow-user'),
    'narrow-user has no cluster-wide rights');

  r = kubectl('admin', ['apply', '-f', '-'], `apiVersion: v1
kind: Namespace
metadata:
  name: smoke-restricted
  labels:
    pod-security.kubernetes.io/enforce: restricted
`);
  check(r.status === 0, 'namespace labelled enforce=restricted created');

  // No controller-manager here: the default ServiceAccount must be created by hand.
  r = kubectl('admin', ['-n', 'smoke-restricted', 'create', 'serviceaccount', 'default']);
  check(r.status === 0, 'default ServiceAccount created');

  r = kubectl('admin', ['-n', 'smoke-restricted', 'apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata:
  name: privileged
spec:
  containers:
  - name: c
    image: registry.k8s.io/pause:3.10
    securityContext:
      privileged: true
`);
  check(r.status !== 0 && /violates PodSecurity "restricted:latest"/.test(r.stderr) && /privileged/.test(r.stderr),
    'privileged Pod rejected by PodSecurity');

  r = kubectl('admin', ['-n', 'smoke-restricted', 'apply', '-f', '-'], `apiVersion: v1
kind: Pod
metadata:
  name: compliant
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
  - name: c
    image: registry.k8s.io/pause:3.10
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: { drop: [ALL] }
      runAsUser: 65535
`);
  check(r.status === 0, 'restricted-compliant Pod accepted (stays Pending: no scheduler)');
} finally {
  const { dir, pids } = cluster;
  const t1 = Date.now();
  await cluster.stop();
  await cluster.stop(); // idempotent
  console.log(`\nstopped in ${Date.now() - t1} ms`);
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  check(!alive(pids.etcd) && !alive(pids.apiserver), 'stop() ended etcd and kube-apiserver');
  check(!fs.existsSync(dir), 'stop() removed the temp dir');
}

console.log(`\nsmoke: ${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
