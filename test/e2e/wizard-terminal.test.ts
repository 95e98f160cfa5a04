/**
 * The wizard in a real pseudo-terminal (tmux, 80×24): start `kube-harden --demo`, accept every
 * step with Enter, export, quit, and check that the export equals the command line's byte for
 * byte, that kubectl kustomize builds it, and that the terminal is given back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const PROJECT = resolve('.');
const CLI = join(PROJECT, 'dist/bundle/cli.js');
const DEMO = join(PROJECT, 'templates/demo');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `kube-harden-e2e-${process.pid}`;
let workdir = '';

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'e2e');
}

/** Waits for the screen to show `text` (never a fixed sleep: keys sent too early are lost). */
async function waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${String(text)}; the screen shows:\n${last}`);
}

function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

before(() => {
  workdir = mkdtempSync(join(tmpdir(), 'kube-harden-e2e-'));
});

after(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

test('walking every step with Enter exports what kube-harden export writes, and restores the terminal', { skip: !hasTmux && 'tmux is not installed', timeout: 120_000 }, async () => {
  const home = join(workdir, 'home');
  // Its own HOME and KUBECONFIG so that no real cluster is reachable; CI unset so Ink draws frames.
  const command = [
    'clear; echo BEFORE-THE-WIZARD;',
    `env -u CI HOME=${home} KUBECONFIG=${join(home, 'no-kubeconfig')} TERM=xterm-256color ${process.execPath} ${CLI} --demo;`,
    'echo "WIZARD-EXITED:$?"; sleep 600',
  ].join(' ');
  tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', '-c', workdir, 'sh', '-c', command);

  await waitFor('Where are the workloads?');
  assert.match(screen(), /kube-harden │ demo/);
  const steps = ['2/8 Scan', '3/8 Classify', '4/8 Profile', '5/8 Fixes', '6/8 Network', '7/8 Preview', '8/8 Finish'];
  for (const step of steps) {
    if (step === '3/8 Classify') await waitFor('workloads evaluated');
    tmux('send-keys', '-t', 'e2e', 'Enter');
    const shown = await waitFor(step);
    // Every step fits 80×24: no line is wider than the terminal.
    assert.ok(shown.split('\n').every((line) => line.length <= 80), shown);
  }
  await waitFor('folder: kube-harden-export/shop');
  tmux('send-keys', '-t', 'e2e', 'Enter');
  await waitFor('Exported');
  assert.match(screen(), /kubectl apply -k kube-harden-export\/shop/);
  tmux('send-keys', '-t', 'e2e', 'q');
  const final = await waitFor('WIZARD-EXITED:');
  assert.match(final, /WIZARD-EXITED:0/);
  // The alternate screen is gone: the shell's earlier output is back and no wizard frame remains.
  assert.match(final, /BEFORE-THE-WIZARD/);
  assert.doesNotMatch(final, /Classify|kube-harden │/);

  const exported = join(workdir, 'kube-harden-export/shop');
  const reference = join(workdir, 'reference');
  const run = spawnSync(process.execPath, [CLI, 'export', DEMO, '--out', reference], { cwd: workdir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const wizardTree = tree(exported);
  const cliTree = tree(reference);
  assert.deepEqual([...wizardTree.keys()], [...cliTree.keys()]);
  for (const [path, content] of cliTree) assert.ok(content.equals(wizardTree.get(path)!), `${path} differs`);

  const built = spawnSync('kubectl', ['kustomize', exported], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stdout, /pod-security.kubernetes.io\/warn: restricted/);
});
