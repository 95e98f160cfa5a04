/**
 * Screen tests drive the real wizard (`<App>` with its reducer) through fake ports, and assert
 * the unstyled frame a user would see. Keys are named (`keys.down`), and every key is followed by
 * a wait for the frame it should produce: Ink re-subscribes input handlers after a render, and a
 * key sent before that is lost, so fixed sleeps make these tests flaky.
 *
 * The terminal is 80×24 unless told otherwise. ink-testing-library's streams report 100 columns
 * and no rows, so `renderWizard` mounts Ink itself on the same kind of fake streams, sized.
 */
import { EventEmitter } from 'node:events';
import React from 'react';
import { render as inkRender } from 'ink';
import { App } from '../../src/ui/app.js';
import type { InitialOptions, Step } from '../../src/app/session/wizard-state.js';
import { STEPS, STEP_TITLES } from '../../src/app/session/wizard-state.js';
import type { WizardPorts } from '../../src/app/tasks/ports.js';
import type { ReadInputs } from '../../src/app/check/build-report.js';
import type { KubeObject } from '../../src/core/model/kube.js';
import { readInputs } from '../../src/adapters/files/index.js';
import { demoPath } from '../../src/adapters/templates/locate.js';

/** Named keys, as a terminal sends them. */
export const keys = {
  enter: '\r',
  escape: '\u001b',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  tab: '\t',
  shiftTab: '\u001b[Z',
  space: ' ',
  backspace: '\u007f',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  ctrlC: '\u0003',
} as const;

const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/** Something with frames: a mounted wizard, or any tree mounted with `renderTree`. */
export interface Rendered {
  /** The last frame with ANSI codes removed ('' before the first one). */
  readonly lastFrame: () => string;
  readonly frames: readonly string[];
  readonly stdin: { readonly write: (data: string) => void };
  readonly unmount: () => void;
}

export interface WizardHarness extends Rendered {
  /** What the Finish step wrote: folder → (relative path → content). */
  readonly written: Map<string, ReadonlyMap<string, string>>;
  /** Exit codes the App reported through `onExit`. */
  readonly exits: number[];
  /** Render errors the App reported through `onError`. */
  readonly errors: Error[];
}

export interface RenderOptions {
  /** @default 80 */
  readonly columns?: number;
  /** @default 24 */
  readonly rows?: number;
}

export interface WizardOptions extends RenderOptions {
  /** @default the built-in demo as the chosen source */
  readonly initial?: InitialOptions;
  /** @default reads the given paths from disk with the files adapter */
  readonly readInputs?: WizardPorts['readInputs'];
  /** A fake live cluster for the Source step. */
  readonly cluster?: WizardPorts['cluster'];
  /** Paths that already exist, for the Finish step's "replace it?" question. */
  readonly existingPaths?: readonly string[];
  /** How long `openStep` waits for the scan (large synthetic inputs take a while). @default 15000 */
  readonly scanTimeoutMs?: number;
}

/** Mounts any tree on sized fake streams (a screen alone, a component). */
export function renderTree(tree: React.ReactElement, options: RenderOptions = {}): Rendered {
  const stdout = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
  const stderr = new FakeStdout(options.columns ?? 80, options.rows ?? 24);
  const stdin = new FakeStdin();
  const instance = inkRender(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    lastFrame: () => stripAnsi(stdout.frames.at(-1) ?? ''),
    frames: stdout.frames,
    stdin,
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
}

/** The demo, as the Source step offers it. */
export function demoSource(): InitialOptions['source'] {
  return { kind: 'demo', paths: [demoPath()] };
}

/** The real files adapter, reporting progress like the CLI's port. */
export const diskReadInputs: WizardPorts['readInputs'] = (paths, options) => readInputs(paths, { signal: options.signal, onProgress: options.onProgress });

/** A `readInputs` port that returns these objects as if read from `file`. */
export function fakeReadInputs(objects: readonly KubeObject[], file = 'synthetic.yaml'): WizardPorts['readInputs'] {
  const input: ReadInputs = { objects: objects.map((object, index) => ({ object, source: { file, document: String(index + 1) } })), errors: [], skipped: [] };
  return async (_paths, options) => {
    options.onProgress({ files: 1, documents: objects.length });
    return input;
  };
}

const RESTRICTED_CONTAINER = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

/**
 * `count` small Deployments `app-00001`… in namespace `bulk`. Every `fixEvery`-th one (1, 2, …)
 * needs securityContext fixes to pass restricted; the others pass as they are.
 * @param options.fixEvery 0: none needs fixes. @default 2
 */
export function syntheticDeployments(count: number, options: { readonly namespace?: string; readonly fixEvery?: number } = {}): KubeObject[] {
  const namespace = options.namespace ?? 'bulk';
  const fixEvery = options.fixEvery ?? 2;
  const objects: KubeObject[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }];
  for (let index = 1; index <= count; index++) {
    const name = `app-${String(index).padStart(5, '0')}`;
    const labels = { 'app.kubernetes.io/name': name };
    const securityContext = fixEvery > 0 && (index - 1) % fixEvery === 0 ? {} : RESTRICTED_CONTAINER;
    objects.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `registry.example/${name}:1.0`, securityContext }] } } },
    });
  }
  return objects;
}

/** Mounts `<App>` with fake ports; the source defaults to the demo (not yet scanned). */
export function renderWizard(options: WizardOptions = {}): WizardHarness {
  const written = new Map<string, ReadonlyMap<string, string>>();
  const existing = new Set(options.existingPaths ?? []);
  const exits: number[] = [];
  const errors: Error[] = [];
  const ports: WizardPorts = {
    ...(options.cluster ? { cluster: options.cluster } : {}),
    readInputs: options.readInputs ?? diskReadInputs,
    pathExists: async (path) => existing.has(path) || written.has(path),
    exportPorts: {
      kustomizationFolders: () => [],
      relativeFromBase: (_out, folder) => folder,
      writeTree: async (out, files) => {
        written.set(out, new Map(files));
      },
    },
  };
  const initial: InitialOptions = options.initial ?? { source: demoSource() };
  const rendered = renderTree(<App initial={initial} ports={ports} onExit={(code) => exits.push(code)} onError={(error) => errors.push(error)} />, options);
  return { ...rendered, written, exits, errors };
}

export type FrameMatch = string | RegExp | ((frame: string) => boolean);

function matches(frame: string, expected: FrameMatch): boolean {
  if (typeof expected === 'string') return frame.includes(expected);
  if (expected instanceof RegExp) return expected.test(frame);
  return expected(frame);
}

/**
 * Lets React run the effects of the frame just drawn (Ink's input handlers subscribe there) and
 * lets zero-delay timers fire (the App releases a screen's key capture one timer tick later).
 */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Polls the unstyled last frame until it matches; fails with the frame when `timeoutMs` passes.
 * @returns the matching frame
 */
export async function waitForFrame(instance: Rendered, expected: FrameMatch, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = instance.lastFrame();
    if (matches(frame, expected)) {
      await settle();
      return instance.lastFrame();
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(expected)}; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Sends one key (or typed text). With `until`, waits for the frame it should produce and returns
 * it; without, only lets Ink read the key. Prefer giving `until`.
 */
export async function press(instance: Rendered, key: string, until?: FrameMatch, timeoutMs?: number): Promise<string> {
  instance.stdin.write(key);
  if (until !== undefined) return waitForFrame(instance, until, timeoutMs);
  await settle();
  return instance.lastFrame();
}

/**
 * Presses `key` until the frame matches (for scrolling to a line): each press waits for the
 * frame to change, and it gives up after `maxPresses`.
 * @returns the matching frame
 */
export async function pressUntil(instance: Rendered, key: string, expected: FrameMatch, maxPresses = 50): Promise<string> {
  for (let count = 0; count <= maxPresses; count++) {
    const frame = instance.lastFrame();
    if (matches(frame, expected)) return frame;
    if (count === maxPresses) break;
    await press(instance, key, (next) => next !== frame);
  }
  throw new Error(`no match for ${String(expected)} after ${maxPresses} presses; last frame:\n${instance.lastFrame()}`);
}

/** Sends each character of `text` as its own key press (how a person types into a field). */
export async function type(instance: Rendered, text: string): Promise<string> {
  for (const character of text) await press(instance, character);
  return instance.lastFrame();
}

/** The status line shows `3/8 Classify`: the wizard is on that step. */
export function stepMarker(step: Step): string {
  return `${STEPS.indexOf(step) + 1}/${STEPS.length} ${STEP_TITLES[step]}`;
}

/** Starts the scan from Source (Enter) and waits for its summary. */
export async function scanSource(instance: Rendered, timeoutMs = 15_000): Promise<string> {
  await waitForFrame(instance, stepMarker('source'));
  return press(instance, keys.enter, 'Enter to classify', timeoutMs);
}

/** From a scanned wizard, presses Enter until the status line shows `step`. */
export async function advanceTo(instance: Rendered, step: Step): Promise<string> {
  let frame = instance.lastFrame();
  while (!frame.includes(stepMarker(step))) {
    const current = STEPS.findIndex((candidate) => frame.includes(stepMarker(candidate)));
    if (current < 0 || current >= STEPS.indexOf(step)) throw new Error(`cannot reach ${step} from this frame:\n${frame}`);
    frame = await press(instance, keys.enter, stepMarker(STEPS[current + 1]!));
  }
  return frame;
}

/** Mounts the wizard, scans (the demo by default) and goes on to `step`. */
export async function openStep(step: Step, options: WizardOptions = {}): Promise<WizardHarness> {
  const wizard = renderWizard(options);
  try {
    await scanSource(wizard, options.scanTimeoutMs);
    await advanceTo(wizard, step);
  } catch (error) {
    wizard.unmount();
    throw error;
  }
  return wizard;
}

/** The frame's lines, trailing blanks dropped. */
export function frameLines(frame: string): string[] {
  const lines = frame.split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return lines;
}
