/**
 * Wizard figures: time to first frame (whole process, real pty) against `node -e 0`, and render
 * work per keystroke while moving through a list of 5,000 workloads (in-process).
 */
import React, { Profiler } from 'react';
import { EventEmitter } from 'node:events';
import { spawn, spawnSync } from 'node:child_process';
import { render } from 'ink';
import { App } from '../src/ui/app.js';
import type { WizardPorts } from '../src/app/tasks/ports.js';
import type { KubeObject } from '../src/core/model/kube.js';
import { median, fmt } from './measure.js';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Milliseconds until the wizard's first frame shows in a real pseudo-terminal (script(1)). */
function firstFrame(cli: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Ink draws no frames while CI is set at all (even empty), so the variable must go.
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
    delete env.CI;
    const start = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${process.execPath} ${cli} --demo`, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no first frame within 20 s'));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (seen.includes('Where are the workloads')) {
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(elapsed);
      }
    });
  });
}

function nodeStart(): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchFirstFrame(runs: number): Promise<void> {
  const cli = new URL('../bundle/cli.js', import.meta.url).pathname;
  const frames: number[] = [];
  const nodes: number[] = [];
  await firstFrame(cli); // warm the file cache
  for (let i = 0; i < runs; i++) {
    frames.push(await firstFrame(cli));
    nodes.push(nodeStart());
  }
  const frame = median(frames);
  const bare = median(nodes);
  console.log(`Wizard start (${runs} alternating runs, medians)`);
  console.log(`  first frame of kube-harden --demo:  ${fmt(frame)}`);
  console.log(`  node -e 0:                          ${fmt(bare)}`);
  console.log(`  ratio:                              ${(frame / bare).toFixed(2)}  (target <= 3)`);
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  last = '';
  writes = 0;
  write = (frame: string) => {
    this.last = frame;
    this.writes++;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

function deployments(count: number): KubeObject[] {
  return Array.from({ length: count }, (_, index) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${String(index).padStart(5, '0')}`, namespace: 'bench' },
    spec: { template: { metadata: { labels: { app: `app-${index}` } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  }));
}

async function until(test: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function benchKeystrokes(count: number, presses: number): Promise<void> {
  const objects = deployments(count).map((object, index) => ({ object, source: { file: 'bench.yaml', document: String(index + 1) } }));
  const ports: WizardPorts = {
    readInputs: async () => ({ objects, errors: [], skipped: [] }),
    pathExists: async () => false,
    exportPorts: { kustomizationFolders: () => [], relativeFromBase: () => '.', writeTree: async () => {} },
  };
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  let reactTime = 0;
  let inkTime = 0;
  const instance = render(
    <Profiler id="wizard" onRender={(_id, _phase, actual) => (reactTime += actual)}>
      <App initial={{ source: { kind: 'files', paths: ['bench.yaml'] } }} ports={ports} />
    </Profiler>,
    // debug: every render is written whole, so each keystroke's frame can be seen (and CI-mode
    // buffering, which holds frames back, does not apply).
    { stdout: stdout as never, stdin: stdin as never, debug: true, patchConsole: false, exitOnCtrlC: false, maxFps: 1000, onRender: (metrics) => (inkTime += metrics.renderTime) },
  );
  // A key sent before Ink subscribes its input handler is lost: repeat it until the step changes.
  const pressUntil = async (key: string, shown: string) => {
    for (let attempt = 0; attempt < 100 && !stdout.last.includes(shown); attempt++) {
      stdin.write(key);
      await until(() => stdout.last.includes(shown), 100).catch(() => undefined);
    }
    await until(() => stdout.last.includes(shown));
  };
  await until(() => stdout.last.includes('Where are the workloads'));
  const scanStart = performance.now();
  await pressUntil('\r', '2/8 Scan');
  await until(() => stdout.last.includes('workloads evaluated'));
  const scanTime = performance.now() - scanStart;
  await pressUntil('\r', '3/8 Classify');
  // The first ↓ once the screen has subscribed its input handler (earlier ones are lost).
  await pressUntil('\u001b[B', '› app-00001');
  const perKey: number[] = [];
  for (let i = 0; i < presses; i++) {
    const writes = stdout.writes;
    reactTime = 0;
    inkTime = 0;
    stdin.write('\u001b[B');
    await until(() => stdout.writes > writes, 10_000);
    perKey.push(reactTime + inkTime);
  }
  instance.unmount();
  console.log(`Wizard keystrokes, ${count.toLocaleString('en')} workloads in Classify (${presses} presses of ↓)`);
  console.log(`  scan + plan of ${count.toLocaleString('en')} workloads: ${fmt(scanTime)}`);
  console.log(`  render work per keystroke: median ${median(perKey).toFixed(2)} ms, p95 ${percentile(perKey, 95).toFixed(2)} ms, max ${Math.max(...perKey).toFixed(2)} ms  (target <= 16 ms)`);
}
