// Live test cluster for kube-harden: a real etcd + kube-apiserver on loopback.
// Plain Node ESM (Node >= 20), no build step, no dependencies.
//
//   import { startTestCluster } from '../../test/apiserver/start.mjs';
//   const cluster = await startTestCluster();
//   // kubectl --kubeconfig cluster.kubeconfigPath --context admin  get ns
//   // kubectl --kubeconfig cluster.kubeconfigPath --context narrow get ns   -> Forbidden
//   await cluster.stop();
//
// What this cluster is, and is not:
// - Only etcd and kube-apiserver run: there is NO scheduler, controller-manager
//   or kubelet. Pods are stored but stay Pending forever; Deployments never get
//   ReplicaSets; deleting a namespace leaves it Terminating (no namespace
//   controller); nothing is garbage-collected.
// - The aggregated ClusterRoles admin/edit/view have NO rules (their
//   aggregation controller lives in kube-controller-manager): bind explicit
//   Roles/ClusterRoles instead of `--clusterrole=view` in tests.
// - No controller creates the `default` ServiceAccount. The ServiceAccount
//   admission plugin rejects a Pod without serviceAccountName in a namespace
//   that has no `default` ServiceAccount, so tests must create it themselves
//   after creating a namespace, e.g.
//     kubectl --context admin -n NS create serviceaccount default
// - PodSecurity admission is on (the apiserver default), and
//   --allow-privileged=true is set as on real clusters, so privileged Pods are
//   rejected only by PodSecurity labels, not by apiserver validation.
// - Authorization is RBAC only. Identities (bearer tokens via --token-auth-file):
//     context "admin":  user "admin", group system:masters (cluster-admin)
//     context "narrow": user "narrow-user", no groups beyond
//                       system:authenticated, i.e. NO cluster-wide rights
//                       (grant it namespaced Roles in a test as needed).
// - The kubeconfig uses certificate-authority-data (real TLS verification).
//
// Binaries come from ./build.sh (cached under
// ${KUBE_HARDEN_APISERVER_CACHE:-~/.cache/kube-harden/apiserver}/<version>/).

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUILD_SH = path.join(HERE, 'build.sh');

/** @typedef {{ kubeApiserver: string, etcd: string }} Binaries */

/**
 * Locate the built binaries, optionally building them.
 * Order: options/env overrides, then `build.sh --check`, then (if build) `build.sh`.
 * @param {{ build?: boolean, apiserverBin?: string, etcdBin?: string, log?: boolean }} [options]
 * @returns {Promise<Binaries | null>} null when not built and build === false
 */
export async function findBinaries(options = {}) {
  const apiserverBin = options.apiserverBin ?? process.env.KUBE_HARDEN_APISERVER_BIN;
  const etcdBin = options.etcdBin ?? process.env.KUBE_HARDEN_ETCD_BIN;
  if (apiserverBin && etcdBin) {
    for (const f of [apiserverBin, etcdBin]) {
      if (!isExecutable(f)) throw new Error(`test cluster: ${f} is not an executable file`);
    }
    return { kubeApiserver: apiserverBin, etcd: etcdBin };
  }
  const check = spawnSync('bash', [BUILD_SH, '--check'], { encoding: 'utf8' });
  if (check.status === 0) return parseBuildOutput(check.stdout);
  if (check.status !== 3) {
    throw new Error(`test cluster: ${BUILD_SH} --check failed (exit ${check.status}):\n${check.stderr}`);
  }
  if (options.build === false) return null;
  // Cold build: tens of minutes on 2 cores. Progress goes to our stderr.
  process.stderr.write(`test cluster: building kube-apiserver/etcd via ${BUILD_SH} (first run only)\n`);
  const out = await new Promise((resolve, reject) => {
    const child = spawn('bash', [BUILD_SH], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout)
      : reject(new Error(`test cluster: ${BUILD_SH} failed with exit ${code}`))));
  });
  return parseBuildOutput(out);
}

function parseBuildOutput(stdout) {
  const get = (k) => stdout.match(new RegExp(`^${k}=(.+)$`, 'm'))?.[1];
  const kubeApiserver = get('KUBE_APISERVER');
  const etcd = get('ETCD');
  if (!kubeApiserver || !etcd) throw new Error(`test cluster: unexpected build.sh output:\n${stdout}`);
  return { kubeApiserver, etcd };
}

function isExecutable(f) {
  try { fs.accessSync(f, fs.constants.X_OK); return fs.statSync(f).isFile(); } catch { return false; }
}

// ---------------------------------------------------------------------------
// Child-process bookkeeping: children never outlive this process.
//  1. 'exit' and signal handlers SIGKILL live children and remove temp dirs.
//  2. A tiny detached reaper process watches a pipe from us; if we die without
//     running handlers (SIGKILL, crash), the pipe closes and it cleans up.
// ---------------------------------------------------------------------------

/** @type {Set<{ pids: Set<number>, dir: string, keep: boolean }>} */
const live = new Set();
let handlersInstalled = false;
let reaper = null;

const REAPER_SRC = `
const fs = require('fs');
const pids = new Set(); const dirs = new Set();
let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  buf += d; let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    const [op, kind, ...rest] = line.split(' '); const v = rest.join(' ');
    const set = kind === 'pid' ? pids : dirs; const val = kind === 'pid' ? Number(v) : v;
    if (op === '+') set.add(val); else set.delete(val);
  }
});
process.stdin.on('end', () => {
  for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch {} }
  setTimeout(() => {
    for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true, maxRetries: 5 }); } catch {} }
    process.exit(0);
  }, 300);
});
`;

function reaperSend(line) {
  try {
    if (!reaper) {
      reaper = spawn(process.execPath, ['-e', REAPER_SRC], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      reaper.on('error', () => { reaper = null; });
      reaper.unref();
      reaper.stdin.on('error', () => {});
      /** @type {any} */ (reaper.stdin).unref?.();
    }
    reaper.stdin.write(line + '\n');
  } catch { /* best effort: the exit handlers still apply */ }
}

function killAllSync() {
  for (const c of live) {
    for (const pid of c.pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  }
  for (const c of live) {
    if (!c.keep) { try { fs.rmSync(c.dir, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ } }
  }
  live.clear();
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const handler = () => {
      killAllSync();
      process.removeListener(sig, handler);
      // Keep the default behaviour (terminate) unless someone else handles it.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

// ---------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

async function distinctFreePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

function openssl(args, cwd) {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`test cluster: cannot run openssl (${r.error.message}); install OpenSSL`);
  if (r.status !== 0) throw new Error(`test cluster: openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

/** CA, serving cert for 127.0.0.1/localhost, service-account key pair. */
function makePki(dir) {
  const ec = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(['genpkey', ...ec, '-out', 'ca.key'], dir);
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=kube-harden-test-ca', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', 'ca.crt'], dir);
  openssl(['genpkey', ...ec, '-out', 'apiserver.key'], dir);
  openssl(['req', '-new', '-key', 'apiserver.key', '-subj', '/CN=kube-apiserver', '-out', 'apiserver.csr'], dir);
  fs.writeFileSync(path.join(dir, 'apiserver.ext'), [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
  ].join('\n') + '\n');
  openssl(['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-days', '2', '-extfile', 'apiserver.ext', '-out', 'apiserver.crt'], dir);
  openssl(['genpkey', ...ec, '-out', 'sa.key'], dir);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
}

function kubeconfigYaml({ server, caPem, adminToken, narrowToken }) {
  const caData = Buffer.from(caPem).toString('base64');
  return `apiVersion: v1
kind: Config
clusters:
- name: kube-harden-test
  cluster:
    server: ${server}
    certificate-authority-data: ${caData}
users:
- name: admin
  user:
    token: ${adminToken}
- name: narrow-user
  user:
    token: ${narrowToken}
contexts:
- name: admin
  context:
    cluster: kube-harden-test
    user: admin
- name: narrow
  context:
    cluster: kube-harden-test
    user: narrow-user
current-context: admin
`;
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function request(url, { ca, token, timeoutMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, {
      ca, timeout: timeoutMs, agent: false,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

/**
 * Start etcd + kube-apiserver on loopback.
 *
 * @param {object} [options]
 * @param {boolean} [options.build=true]  run build.sh when binaries are missing
 *   (a cold build takes tens of minutes); false -> throw instead.
 * @param {string} [options.apiserverBin] / [options.etcdBin]  explicit binaries
 *   (or env KUBE_HARDEN_APISERVER_BIN / KUBE_HARDEN_ETCD_BIN).
 * @param {number} [options.readyTimeoutMs=120000]
 * @param {string[]} [options.apiserverArgs]  extra kube-apiserver flags.
 * @param {boolean} [options.keepDir]  keep the temp dir (logs, certs) after stop
 *   (or env KUBE_HARDEN_APISERVER_KEEP=1).
 * @returns {Promise<{ kubeconfigPath: string, server: string, version: string,
 *   dir: string, caFile: string, tokens: { admin: string, narrow: string },
 *   contexts: { admin: 'admin', narrow: 'narrow' }, logs: { etcd: string, apiserver: string },
 *   pids: { etcd: number, apiserver: number }, startupMs: number,
 *   stop: () => Promise<void> }>}
 */
export async function startTestCluster(options = {}) {
  const t0 = Date.now();
  const bins = await findBinaries(options);
  if (!bins) {
    throw new Error(`test cluster: kube-apiserver/etcd are not built; run ${BUILD_SH} (or pass build: true)`);
  }
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const keep = options.keepDir ?? process.env.KUBE_HARDEN_APISERVER_KEEP === '1';

  installHandlers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-harden-apiserver-'));
  const entry = { pids: new Set(), dir, keep };
  live.add(entry);
  if (!keep) reaperSend(`+ dir ${dir}`);

  /** @type {import('node:child_process').ChildProcess[]} */
  const children = [];
  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      for (const child of children.slice().reverse()) await terminate(child);
      if (!keep) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      live.delete(entry);
      if (!keep) reaperSend(`- dir ${dir}`);
    })();
    return stopping;
  };
  const terminate = async (child) => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    entry.pids.delete(child.pid);
    reaperSend(`- pid ${child.pid}`);
  };
  const launch = (name, bin, args) => {
    const logFile = path.join(dir, `${name}.log`);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(bin, args, { stdio: ['ignore', fd, fd], cwd: dir });
    fs.closeSync(fd);
    child.on('error', () => {});
    // Unref'd: a test that forgets stop() still lets the process end; the
    // 'exit' handler then kills the child.
    child.unref();
    children.push(child);
    if (child.pid) { entry.pids.add(child.pid); reaperSend(`+ pid ${child.pid}`); }
    return { child, logFile };
  };
  const failIfExited = (name, child, logFile) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`test cluster: ${name} exited (${child.exitCode ?? child.signalCode}) during startup; last log lines:\n${tail(logFile)}`);
    }
  };

  try {
    makePki(dir);
    const adminToken = randomBytes(24).toString('hex');
    const narrowToken = randomBytes(24).toString('hex');
    fs.writeFileSync(path.join(dir, 'tokens.csv'),
      `${adminToken},admin,admin-uid,"system:masters"\n${narrowToken},narrow-user,narrow-user-uid\n`,
      { mode: 0o600 });

    // --- etcd ---------------------------------------------------------------
    const [etcdClient, etcdPeer, apiPort] = await distinctFreePorts(3);
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const etcd = launch('etcd', bins.etcd, [
      '--name=default',
      `--data-dir=${path.join(dir, 'etcd-data')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync', // throwaway data: much faster on slow disks
      '--log-level=warn',
    ]);
    for (const deadline = Date.now() + 30_000; ;) {
      failIfExited('etcd', etcd.child, etcd.logFile);
      const r = await request(`${etcdUrl}/health`).catch(() => null);
      if (r?.status === 200 && r.body.includes('"health":"true"')) break;
      if (Date.now() > deadline) throw new Error(`test cluster: etcd not healthy after 30s:\n${tail(etcd.logFile)}`);
      await sleep(100);
    }

    // --- kube-apiserver -----------------------------------------------------
    const server = `https://127.0.0.1:${apiPort}`;
    const api = launch('apiserver', bins.kubeApiserver, [
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${path.join(dir, 'certs')}`,
      `--tls-cert-file=${path.join(dir, 'apiserver.crt')}`,
      `--tls-private-key-file=${path.join(dir, 'apiserver.key')}`,
      `--etcd-servers=${etcdUrl}`,
      '--authorization-mode=RBAC',
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--anonymous-auth=true', // as on real clusters: /readyz, /version stay public
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
      '--service-cluster-ip-range=10.0.0.0/24', // only allocated, never routed
      '--allow-privileged=true',
      // Loopback advertise address: no endpoint reconciliation (as the
      // upstream integration test server does).
      '--endpoint-reconciler-type=none',
      '--profiling=false',
      ...(options.apiserverArgs ?? []),
    ]);
    const caPem = fs.readFileSync(path.join(dir, 'ca.crt'));
    let lastErr = '';
    for (const deadline = Date.now() + readyTimeoutMs; ;) {
      failIfExited('kube-apiserver', api.child, api.logFile);
      const r = await request(`${server}/readyz`, { ca: caPem, token: adminToken }).catch((e) => ({ status: 0, body: e.message }));
      if (r.status === 200) break;
      lastErr = `${r.status} ${r.body}`;
      if (Date.now() > deadline) {
        throw new Error(`test cluster: kube-apiserver not ready after ${readyTimeoutMs}ms (last /readyz: ${lastErr}):\n${tail(api.logFile)}`);
      }
      await sleep(250);
    }
    const v = await request(`${server}/version`, { ca: caPem, token: adminToken });
    const version = JSON.parse(v.body).gitVersion;

    const kubeconfigPath = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfigPath, kubeconfigYaml({ server, caPem, adminToken, narrowToken }), { mode: 0o600 });

    return {
      kubeconfigPath,
      server,
      version,
      dir,
      caFile: path.join(dir, 'ca.crt'),
      tokens: { admin: adminToken, narrow: narrowToken },
      contexts: { admin: 'admin', narrow: 'narrow' },
      logs: { etcd: etcd.logFile, apiserver: api.logFile },
      pids: { etcd: etcd.child.pid, apiserver: api.child.pid },
      startupMs: Date.now() - t0,
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
