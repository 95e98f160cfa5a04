/** Source, Scan and Finish, and the keys every step shares: help, back, quit, Ctrl-C. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { readInputs } from '../../src/adapters/files/index.js';
import type { ClusterNamespace, WizardPorts } from '../../src/app/tasks/ports.js';
import { ErrorBoundary } from '../../src/ui/components/error-boundary.js';
import { UserError } from '../../src/app/errors.js';
import { advanceTo, frameLines, keys, press, renderTree, renderWizard, scanSource, type, waitForFrame } from './harness.js';

const DEMO = 'templates/demo';

/** readInputs that waits until cancelled: a scan the user interrupts. */
const hangingRead: WizardPorts['readInputs'] = (_paths, { signal }) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

const NAMESPACES: ClusterNamespace[] = [
  { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v1.30' } },
  { name: 'prod', labels: {} },
];

const fakeCluster = (reads: string[]): NonNullable<WizardPorts['cluster']> => ({
  describe: async () => ({ context: 'kind-test', namespaces: NAMESPACES }),
  read: async (namespace) => {
    reads.push(namespace);
    return { input: await readInputs([DEMO]), minor: 33 };
  },
  apply: async () => Promise.reject(new Error('unused')),
});

describe('Source', () => {
  test('the demo is preselected and Enter scans it', async () => {
    const wizard = renderWizard();
    try {
      const frame = await waitForFrame(wizard, 'Where are the workloads?');
      assert.match(frame, /› Built-in demo namespace/);
      assert.match(frame, /Enter scans \S*templates\/demo/);
      await press(wizard, keys.enter, 'workloads evaluated', 15_000);
    } finally {
      wizard.unmount();
    }
  });

  test('manifests: e opens a field, Enter keeps the paths, Enter again scans them', async () => {
    const wizard = renderWizard({ initial: {} });
    try {
      await waitForFrame(wizard, 'choose a source');
      await press(wizard, keys.down, /› Manifests/);
      await press(wizard, 'e', 'paths:');
      await type(wizard, 'templates/demo/web.yaml');
      await press(wizard, keys.enter, 'Enter scans templates/demo/web.yaml');
      const frame = await press(wizard, keys.enter, 'workloads evaluated', 15_000);
      assert.match(frame, /1 workloads evaluated/);
    } finally {
      wizard.unmount();
    }
  });

  test('the kubeconfig context lists namespaces with their labels; ←/→ picks one; the server minor pins the labels', async () => {
    const reads: string[] = [];
    const wizard = renderWizard({ initial: {}, cluster: fakeCluster(reads) });
    try {
      await waitForFrame(wizard, 'choose a source');
      await press(wizard, keys.down, /› Manifests/);
      let frame = await press(wizard, keys.down, 'namespace ‹ shop ›');
      assert.match(frame, /context kind-test · namespace ‹ shop › \(1 of 2\)/);
      assert.match(frame, /now: enforce baseline:v1\.30/);
      frame = await press(wizard, keys.right, 'namespace ‹ prod ›');
      assert.match(frame, /now: no Pod Security labels/);
      assert.match(frame, /Enter scans namespace prod of kind-test/);
      frame = await press(wizard, keys.enter, 'workloads evaluated', 15_000);
      assert.deepEqual(reads, ['prod']);
      assert.match(frame, /cluster kind-test\/prod/);
      assert.match(frame, /restricted v1\.33/);
    } finally {
      wizard.unmount();
    }
  });

  test('without a usable kubeconfig the cluster option says why, in one line', async () => {
    const wizard = renderWizard({
      initial: {},
      // What the kubeconfig adapter throws when there is no context: a UserError with a hint.
      cluster: { describe: async () => Promise.reject(new UserError('no current kubeconfig context')), read: async () => Promise.reject(new Error('unused')), apply: async () => Promise.reject(new Error('unused')) },
    });
    try {
      await waitForFrame(wizard, 'choose a source');
      await press(wizard, keys.down);
      const frame = await press(wizard, keys.down, '✗ no current kubeconfig context');
      assert.ok(frameLines(frame).length <= 24);
    } finally {
      wizard.unmount();
    }
  });
});

describe('Scan', () => {
  test('Esc cancels a running scan and returns to Source', async () => {
    const wizard = renderWizard({ readInputs: hangingRead });
    try {
      await waitForFrame(wizard, 'Where are the workloads?');
      await press(wizard, keys.enter, 'Esc cancels');
      const frame = await press(wizard, keys.escape, 'The last scan was cancelled');
      assert.match(frame, /1\/8 Source/);
    } finally {
      wizard.unmount();
    }
  });

  test('input errors stop at Scan with the first error; Enter scans again', async () => {
    let calls = 0;
    const wizard = renderWizard({
      readInputs: async () => {
        calls++;
        return { objects: [], errors: [{ file: 'x.yaml', document: '2', message: 'YAML syntax error: bad indentation' }], skipped: [] };
      },
    });
    try {
      await waitForFrame(wizard, 'Where are the workloads?');
      const frame = await press(wizard, keys.enter, 'The scan failed');
      assert.match(frame, /1 input error; first: x\.yaml#2: YAML syntax error: bad indentation/);
      await press(wizard, keys.enter);
      await waitForFrame(wizard, () => calls === 2);
    } finally {
      wizard.unmount();
    }
  });
});

describe('Finish', () => {
  test('Enter exports to kube-harden-export/<namespace>, then the next steps stay until q', async () => {
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'finish');
      await waitForFrame(wizard, 'folder: kube-harden-export/shop');
      const frame = await press(wizard, keys.enter, 'Exported');
      assert.match(frame, /kubectl kustomize kube-harden-export\/shop/);
      assert.ok(wizard.written.get('kube-harden-export/shop')?.has('kustomization.yaml'));
      await press(wizard, 'q');
      await waitForFrame(wizard, () => wizard.exits.length > 0);
      assert.deepEqual(wizard.exits, [0]);
    } finally {
      wizard.unmount();
    }
  });

  test('an existing folder: asks first; n proposes another name to edit; Enter replaces', async () => {
    const wizard = renderWizard({ existingPaths: ['kube-harden-export/shop'] });
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'finish');
      await waitForFrame(wizard, 'folder: kube-harden-export/shop');
      await press(wizard, keys.enter, 'already exists');
      assert.equal(wizard.written.size, 0);
      await press(wizard, 'n', 'folder: kube-harden-export/shop-');
      const renamed = await press(wizard, keys.enter, /folder: kube-harden-export\/shop-\S+/);
      const dir = /folder: (kube-harden-export\/shop-\S+)/.exec(renamed)![1]!;
      await press(wizard, keys.enter, 'Exported');
      assert.deepEqual([...wizard.written.keys()], [dir]);
    } finally {
      wizard.unmount();
    }
  });

  test('replacing an existing folder takes a second Enter', async () => {
    const wizard = renderWizard({ existingPaths: ['kube-harden-export/shop'] });
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'finish');
      await waitForFrame(wizard, 'folder: kube-harden-export/shop');
      await press(wizard, keys.enter, 'already exists');
      await press(wizard, keys.enter, 'Exported');
      assert.deepEqual([...wizard.written.keys()], ['kube-harden-export/shop']);
    } finally {
      wizard.unmount();
    }
  });
});

describe('keys every step shares', () => {
  test('? shows every key from the key table; ? closes it', async () => {
    const wizard = renderWizard();
    try {
      await waitForFrame(wizard, 'Where are the workloads?');
      const frame = await press(wizard, '?', 'Keys');
      for (const label of ['Enter', 'Esc', 'Space', 'Tab', '?', 'q']) assert.ok(frame.includes(label), label);
      await press(wizard, '?', 'Where are the workloads?');
    } finally {
      wizard.unmount();
    }
  });

  test('q quits at once without decisions; after one it asks, n stays, y quits', async () => {
    const clean = renderWizard();
    try {
      await waitForFrame(clean, 'Where are the workloads?');
      await press(clean, 'q');
      await waitForFrame(clean, () => clean.exits.length > 0);
      assert.deepEqual(clean.exits, [0]);
    } finally {
      clean.unmount();
    }
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'fixes');
      await press(wizard, keys.space, /\[ \]/);
      await press(wizard, 'q', 'Quit without exporting?');
      await press(wizard, 'n', '5/8 Fixes');
      assert.deepEqual(wizard.exits, []);
      await press(wizard, 'q', 'Quit without exporting?');
      await press(wizard, 'y');
      await waitForFrame(wizard, () => wizard.exits.length > 0);
      assert.deepEqual(wizard.exits, [0]);
    } finally {
      wizard.unmount();
    }
  });

  test('Esc walks back a step at a time and nothing decided is lost', async () => {
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'fixes');
      await press(wizard, keys.space, /\[ \]/);
      await press(wizard, keys.escape, '4/8 Profile');
      await press(wizard, keys.escape, '3/8 Classify');
      await press(wizard, keys.enter, '4/8 Profile');
      const frame = await press(wizard, keys.enter, '5/8 Fixes');
      assert.match(frame, /25 of 26 fixes accepted/);
    } finally {
      wizard.unmount();
    }
  });

  test('NO_COLOR: frames carry no colour codes, and selection still shows', async () => {
    const saved = process.env.NO_COLOR;
    process.env.NO_COLOR = '1';
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      await advanceTo(wizard, 'classify');
      const raw = wizard.frames.at(-1)!;
      assert.doesNotMatch(raw, /\u001b\[(3[0-7]|9[0-7]|38;[25];)/);
      assert.match(wizard.lastFrame(), /›/);
    } finally {
      wizard.unmount();
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  test('a render bug shows the error panel with a hint, not a stack', async () => {
    const errors: Error[] = [];
    function Broken(): React.JSX.Element {
      throw new Error('boom in a screen');
    }
    const tree = renderTree(
      <ErrorBoundary onError={(error) => errors.push(error)}>
        <Broken />
      </ErrorBoundary>,
    );
    try {
      const frame = await waitForFrame(tree, 'kube-harden hit an internal error');
      assert.match(frame, /boom in a screen/);
      assert.match(frame, /Nothing was written/);
      assert.doesNotMatch(frame, /at Broken|\.js:\d+/);
      assert.equal(errors.length, 1);
    } finally {
      tree.unmount();
    }
  });

  test('every frame of a full walk fits 80×24', async () => {
    const wizard = renderWizard();
    try {
      await scanSource(wizard);
      for (const step of ['classify', 'profile', 'fixes', 'network', 'preview', 'finish'] as const) {
        const frame = await advanceTo(wizard, step);
        const lines = frameLines(frame);
        assert.ok(lines.length <= 24, `${step}: ${lines.length} lines`);
        assert.ok(lines.every((line) => [...line].length <= 80), `${step}: a line is wider than 80`);
      }
    } finally {
      wizard.unmount();
    }
  });
});
