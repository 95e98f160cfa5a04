import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readInputs, type ParsedInput } from '../../../src/adapters/files/index.js';
import { formatInputError } from '../../../src/core/model/workload.js';

const INPUTS = path.join('test', 'fixtures', 'inputs');
const CONFIG_MAP = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

function names(result: ParsedInput): string[] {
  return result.objects.map(({ object }) => String(object.metadata?.name));
}

function where(result: ParsedInput): string[] {
  return result.objects.map(({ object, source }) => `${source.file}#${source.document} ${object.kind}/${object.metadata?.name}`);
}

async function withTemporaryFolder(run: (folder: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'kube-harden-inputs-'));
  try {
    await run(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test('stdin is read for "-" and named "-"', async () => {
  const result = await readInputs(['-'], { readStdin: async () => `${CONFIG_MAP('one')}---\n${CONFIG_MAP('two')}` });
  assert.deepEqual(where(result), ['-#1 ConfigMap/one', '-#2 ConfigMap/two']);
  assert.deepEqual(result.errors, []);
});

test('stdin given twice is read once, with one error', async () => {
  let reads = 0;
  const readStdin = async (): Promise<string> => {
    reads += 1;
    return CONFIG_MAP('piped');
  };
  const result = await readInputs(['-', '-'], { readStdin });
  assert.equal(reads, 1);
  assert.deepEqual(names(result), ['piped']);
  assert.deepEqual(result.errors.map(formatInputError), [
    '-: standard input is given more than once; it can be read only once',
  ]);
});

test('a failing stdin reader is one error, not a crash', async () => {
  const result = await readInputs(['-'], {
    readStdin: async () => {
      throw new Error('input is over the 64 MiB limit for one input; refusing to read it');
    },
  });
  assert.deepEqual(result.errors.map(formatInputError), [
    '-: input is over the 64 MiB limit for one input; refusing to read it',
  ]);
});

test('a folder is read recursively in name order, only .yaml/.yml/.json, skipping hidden entries', async () => {
  const folder = path.join(INPUTS, 'folder');
  const result = await readInputs([folder]);
  assert.deepEqual(where(result), [
    `${folder}/a/z.yml#1 ConfigMap/a-z`,
    `${folder}/a.yaml#1 ConfigMap/a`,
    `${folder}/b.yaml#1 ConfigMap/b`,
    `${folder}/sub/c.json#1 ConfigMap/sub-c`,
  ]);
  assert.deepEqual(result.errors, []);
});

test('file names keep the form the user gave', async () => {
  const result = await readInputs([`./${INPUTS}/folder/sub/`, `./${INPUTS}/pod.json`]);
  assert.deepEqual(
    result.objects.map(({ source }) => source.file),
    [`${INPUTS}/folder/sub/c.json`, `./${INPUTS}/pod.json`],
  );
});

test('a file given by name is read whatever its extension', async () => {
  const result = await readInputs([path.join(INPUTS, 'folder', 'notes.txt')]);
  assert.deepEqual(names(result), ['not-read-because-txt']);
});

test('a folder with a kustomization.yaml is built with kubectl kustomize', async () => {
  const overlay = path.join(INPUTS, 'kustomize', 'overlay');
  const result = await readInputs([overlay]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(where(result), [`${overlay}#1 Deployment/staging-web`]);
  assert.equal(result.objects[0]?.object.metadata?.namespace, 'staging');
});

test('kustomizations inside a plain folder are each built, not read file by file', async () => {
  const result = await readInputs([path.join(INPUTS, 'kustomize')]);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(names(result), ['web', 'staging-web']);
  assert.ok(result.objects.every(({ object }) => object.kind === 'Deployment'), 'read kustomization.yaml as a file');
});

test('without kubectl on the PATH, a kustomization folder is one clear error', async () => {
  const overlay = path.join(INPUTS, 'kustomize', 'overlay');
  const result = await readInputs([overlay, path.join(INPUTS, 'pod.json')], { kubectl: 'kubectl-does-not-exist' });
  assert.deepEqual(result.errors.map(formatInputError), [
    `${overlay}: contains a kustomization.yaml, but kubectl-does-not-exist is not on the PATH to build it ` +
      `(install kubectl or pass the output of 'kustomize build' on stdin)`,
  ]);
  assert.deepEqual(names(result), ['json-pod']);
});

test('a failing kustomize build is one line with kubectl\'s reason', async () => {
  const broken = path.join(INPUTS, 'kustomize-broken');
  const result = await readInputs([broken]);
  assert.equal(result.errors.length, 1);
  const line = formatInputError(result.errors[0]!);
  assert.match(line, new RegExp(`^${broken}: kubectl kustomize failed: accumulating resources: .*does-not-exist\\.yaml`));
  assert.doesNotMatch(line, /\n|run\.go|"command failed"/);
});

test('a missing path is one error and the other inputs are still read', async () => {
  const result = await readInputs(['no/such/shop.yaml', path.join(INPUTS, 'pod.json')]);
  assert.deepEqual(result.errors.map(formatInputError), ['no/such/shop.yaml: no such file or folder']);
  assert.deepEqual(names(result), ['json-pod']);
});

test('symlink loops end with one error each instead of hanging', { timeout: 10_000 }, async () => {
  await withTemporaryFolder(async (folder) => {
    const shop = path.join(folder, 'shop');
    await mkdir(path.join(shop, 'nested'), { recursive: true });
    await writeFile(path.join(shop, 'web.yaml'), CONFIG_MAP('web'));
    await symlink('..', path.join(shop, 'nested', 'up'));
    await symlink('ping.yaml', path.join(shop, 'pong.yaml'));
    await symlink('pong.yaml', path.join(shop, 'ping.yaml'));

    const result = await readInputs([shop]);
    assert.deepEqual(names(result), ['web']);
    assert.deepEqual(result.errors.map(formatInputError), [
      `${shop}/nested/up: symlink loop: leads back to ${shop}, which is being read already`,
      `${shop}/ping.yaml: symlink loop (too many levels of symbolic links)`,
      `${shop}/pong.yaml: symlink loop (too many levels of symbolic links)`,
    ]);
  });
});

test('a file reached twice through a symlink is read once', async () => {
  await withTemporaryFolder(async (folder) => {
    await writeFile(path.join(folder, 'web.yaml'), CONFIG_MAP('web'));
    await symlink('web.yaml', path.join(folder, 'web-link.yaml'));
    const result = await readInputs([folder]);
    assert.deepEqual(names(result), ['web']);
  });
});

test('binary and non-UTF-8 files are one error each; UTF-16 with a byte-order mark is read', async () => {
  await withTemporaryFolder(async (folder) => {
    const binary = path.join(folder, 'logo.yaml');
    const latin1 = path.join(folder, 'latin1.yaml');
    const utf16 = path.join(folder, 'powershell.yaml');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    await writeFile(latin1, Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1'));
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG_MAP('from-windows'), 'utf16le')]));

    const result = await readInputs([binary, latin1, utf16]);
    assert.deepEqual(result.errors.map(formatInputError), [
      `${binary}: binary file (contains NUL bytes), not YAML or JSON`,
      `${latin1}: not valid UTF-8 text (a binary file?), not YAML or JSON`,
    ]);
    assert.deepEqual(names(result), ['from-windows']);
  });
});

test('a file over 64 MiB is refused without reading it', { timeout: 10_000 }, async () => {
  await withTemporaryFolder(async (folder) => {
    const huge = path.join(folder, 'huge.yaml');
    await writeFile(huge, '');
    await truncate(huge, 65 * 1024 * 1024);
    const result = await readInputs([huge]);
    assert.deepEqual(result.errors.map(formatInputError), [
      `${huge}: file is 65 MiB, over the 64 MiB limit for one input; refusing to read it`,
    ]);
  });
});

test('a named pipe (as from <(helm template ...)) is read', { timeout: 10_000 }, async () => {
  await withTemporaryFolder(async (folder) => {
    const pipe = path.join(folder, 'helm-output');
    execFileSync('mkfifo', [pipe]);
    const [result] = await Promise.all([readInputs([pipe]), writeFile(pipe, CONFIG_MAP('piped'))]);
    assert.deepEqual(where(result), [`${pipe}#1 ConfigMap/piped`]);
  });
});

const runningAsRoot = process.getuid?.() === 0;

test('an unreadable file is "permission denied"', { skip: runningAsRoot && 'root can read any file' }, async () => {
  await withTemporaryFolder(async (folder) => {
    const locked = path.join(folder, 'locked.yaml');
    await writeFile(locked, CONFIG_MAP('locked'));
    await chmod(locked, 0o000);
    const result = await readInputs([locked]);
    assert.deepEqual(result.errors.map(formatInputError), [`${locked}: permission denied`]);
  });
});
