/**
 * `kube-harden plan` and `export` as a user runs them: exit codes, secrets kept out of every
 * output, and exports that `kubectl kustomize DIR` builds into manifests `check` accepts at the
 * target level. Exports are deterministic, written atomically, and replayable from their plan.yaml.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dump, load, loadAll } from 'js-yaml';
import { PROJECT_ROOT, linesOf, runCli, stackTraceSignsIn, withTemporaryFolder, type CliRun } from './helpers.js';

const run = promisify(execFile);
const CONCURRENT = { concurrency: Math.max(2, Math.min(4, availableParallelism())) };

const DEMO = path.join('templates', 'demo');
const FIXTURES = path.join('test', 'fixtures', 'plan');
const BOOKSTORE = path.join(FIXTURES, 'bookstore');
const SECRETS = path.join(FIXTURES, 'secrets', 'app.yaml');
const KUSTOMIZE_APP = path.join(FIXTURES, 'kustomize-app');

/** Values that must never be printed: the Secret's (plain and base64) and the literal env password. */
const SECRET_OBJECT_VALUES = ['Secret-Object-Value-7f3a', 'U2VjcmV0LURhdGEtVmFsdWUtOWIy', 'Secret-Data-Value-9b2'];
const ENV_PASSWORD = 'hunter2';

type Json = Record<string, unknown>;

/** Runs the CLI from the project root, so that relative inputs (and plan.yaml's source files) resolve. */
function cli(args: readonly string[], stdin?: string): Promise<CliRun> {
  return runCli(args, { cwd: PROJECT_ROOT, ...(stdin === undefined ? {} : { stdin }) });
}

function assertClean(result: CliRun, label: string): void {
  assert.deepEqual(stackTraceSignsIn(result.stderr), [], `${label}: stack trace on stderr:\n${result.stderr}`);
  assert.equal(result.timedOut, false, `${label}: timed out`);
}

/** Every file under `folder`, by relative path, with its bytes. */
async function readTree(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (relative: string) => {
    for (const entry of await readdir(path.join(folder, relative), { withFileTypes: true })) {
      const name = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) await walk(name);
      else files.set(name, await readFile(path.join(folder, name)));
    }
  };
  await walk('');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function assertSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>, label: string): void {
  assert.deepEqual([...actual.keys()], [...expected.keys()], `${label}: different files`);
  for (const [name, content] of expected) assert.ok(actual.get(name)!.equals(content), `${label}: ${name} differs`);
}

async function kustomize(folder: string): Promise<string> {
  const { stdout } = await run('kubectl', ['kustomize', folder], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function exportTo(out: string, inputs: readonly string[], extra: readonly string[] = []): Promise<CliRun> {
  const result = await cli(['export', ...inputs, ...extra, '--out', out]);
  assertClean(result, `export ${inputs.join(' ')}`);
  assert.equal(result.code, 0, `export failed:\n${result.stderr}`);
  assert.equal(result.stderr, '');
  return result;
}

interface PlanJson {
  workloads: { kind: string; namespace: string; name: string; manual: { check: string }[] }[];
  namespaces: { name: string; recommended: { enforce: string }; labels: { prepare: Record<string, string>; enforce: Record<string, string> } }[];
}

async function planJson(inputs: readonly string[], extra: readonly string[] = []): Promise<PlanJson> {
  const result = await cli(['plan', ...inputs, ...extra, '-o', 'json']);
  assertClean(result, 'plan -o json');
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  return JSON.parse(result.stdout) as PlanJson;
}

interface CheckJson {
  results: { kind: string; namespace: string | null; name: string; allowed: boolean; violations: { check: string }[] }[];
  errors: unknown[];
}

async function checkBuilt(built: string, level = 'restricted', version = 'v1.37'): Promise<CheckJson> {
  const result = await cli(['check', '-', '--level', level, '--pss-version', version, '-o', 'json'], built);
  assertClean(result, 'check');
  const report = JSON.parse(result.stdout) as CheckJson;
  assert.deepEqual(report.errors, []);
  return report;
}

// ---------------------------------------------------------------------------------------------

describe('plan', CONCURRENT, () => {
  test('exit code 1 for the demo: manual items remain', async () => {
    const result = await cli(['plan', DEMO]);
    assertClean(result, 'plan demo');
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^namespace shop: enforce privileged, warn\/audit restricted, version v1\.37$/m);
    assert.match(result.stdout, /^ {2}! manual restrictedVolumes: /m);
  });

  test('exit code 0 for an input without manual items', async () => {
    const result = await cli(['plan', BOOKSTORE, '-n', 'bookstore']);
    assertClean(result, 'plan bookstore');
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(linesOf(result.stdout)[0], 'namespace bookstore: enforce restricted, warn/audit restricted, version v1.37');
    assert.doesNotMatch(result.stdout, /manual/);
  });

  test('-o yaml is a plan file that replays, and the same exit code', async () => {
    const result = await cli(['plan', DEMO, '-o', 'yaml']);
    assertClean(result, 'plan -o yaml');
    assert.equal(result.code, 1);
    const document = load(result.stdout) as Json;
    assert.equal(document.kind, 'HardeningPlan');
    assert.ok(document.status);
    await withTemporaryFolder(async (folder) => {
      const file = path.join(folder, 'plan.yaml');
      await writeFile(file, result.stdout);
      const replay = await cli(['plan', '--plan', file, '-o', 'yaml']);
      assertClean(replay, 'plan --plan');
      assert.equal(replay.code, 1, replay.stderr);
      assert.equal(replay.stdout, result.stdout);
    });
  });

  test('--kube-version pins the labels', async () => {
    const plan = await planJson([BOOKSTORE], ['-n', 'bookstore', '--kube-version', 'v1.30']);
    assert.equal(plan.namespaces[0]!.labels.enforce['pod-security.kubernetes.io/enforce-version'], 'v1.30');
  });
});

describe('secrets never reach the output', CONCURRENT, () => {
  for (const output of ['text', 'yaml', 'json']) {
    test(`plan -o ${output}`, async () => {
      const result = await cli(['plan', SECRETS, '-o', output]);
      assertClean(result, `plan -o ${output}`);
      assert.ok(result.code === 0 || result.code === 1, result.stderr);
      for (const value of [ENV_PASSWORD, ...SECRET_OBJECT_VALUES]) {
        assert.ok(!result.stdout.includes(value), `${value} in stdout`);
        assert.ok(!result.stderr.includes(value), `${value} in stderr`);
      }
      if (output === 'yaml') {
        // The patched Deployment is shown, masked: the masking path really ran.
        const status = (load(result.stdout) as { status: { patched: { kind: string; spec: { template: { spec: { containers: { env: Json[] }[] } } } }[] } }).status;
        assert.deepEqual(status.patched.map((object) => object.kind), ['Deployment']);
        assert.deepEqual(status.patched[0]!.spec.template.spec.containers[0]!.env, [
          { name: 'DB_PASSWORD', value: '***' },
          { name: 'DATABASE_URL', value: 'postgres://u:***@db:5432/x' },
          { name: 'REPORTS_URL', value: 'https://reports:***@reports.example.com/upload' },
        ]);
        assert.doesNotMatch(result.stdout, /kind: Secret/);
      }
    });
  }

  test('export: no Secret object and no Secret value in any file; the README says what was left out', async () => {
    await withTemporaryFolder(async (folder) => {
      const out = path.join(folder, 'out');
      const result = await exportTo(out, [SECRETS]);
      assert.ok(!result.stdout.includes(ENV_PASSWORD));
      const tree = await readTree(out);
      for (const [name, content] of tree) {
        const text = content.toString('utf8');
        for (const value of SECRET_OBJECT_VALUES) assert.ok(!text.includes(value), `${value} in ${name}`);
        if (name.endsWith('.yaml')) {
          for (const document of loadAll(text)) assert.notEqual((document as Json | null)?.kind, 'Secret', `a Secret in ${name}`);
        }
        // Only the copied base manifests may hold the literal env value; plan, patches and README never.
        if (!name.startsWith('base/')) assert.ok(!text.includes(ENV_PASSWORD), `${ENV_PASSWORD} in ${name}`);
      }
      assert.match(tree.get('README.md')!.toString('utf8'), /## Secrets left out[\s\S]*- db-credentials \(test\/fixtures\/plan\/secrets\/app\.yaml#1\)/);
      // And the build holds no Secret either.
      assert.doesNotMatch(await kustomize(out), /kind: Secret/);
    });
  });
});

describe('export, built with kubectl kustomize and checked', CONCURRENT, () => {
  const inputs: { name: string; paths: readonly string[]; flags: readonly string[]; namespace: string }[] = [
    { name: 'the demo', paths: [DEMO], flags: [], namespace: 'shop' },
    { name: 'a multi-service app given with -n (Ingress, Job, named targetPort, no Namespace object)', paths: [BOOKSTORE], flags: ['-n', 'bookstore'], namespace: 'bookstore' },
    { name: 'a kustomization folder', paths: [KUSTOMIZE_APP], flags: [], namespace: 'inventory' },
  ];

  for (const input of inputs) {
    test(`${input.name}: every workload without a manual item passes restricted; the Namespace carries the plan's labels`, async () => {
      await withTemporaryFolder(async (folder) => {
        const out = path.join(folder, 'export');
        await exportTo(out, input.paths, input.flags);
        const plan = await planJson(input.paths, input.flags);
        const built = await kustomize(out);
        const report = await checkBuilt(built);
        assert.equal(report.results.length, plan.workloads.length);
        for (const workload of plan.workloads) {
          const row = report.results.find((candidate) => candidate.kind === workload.kind && candidate.name === workload.name);
          assert.ok(row, `${workload.kind}/${workload.name} missing from the build`);
          if (workload.manual.length === 0) assert.equal(row.allowed, true, `${workload.kind}/${workload.name}: ${JSON.stringify(row.violations)}`);
          else assert.equal(row.allowed, false, `${workload.kind}/${workload.name} has manual items yet passes`);
        }
        const namespace = (loadAll(built) as Json[]).find((object) => object.kind === 'Namespace') as { metadata: { name: string; labels: Record<string, string> } };
        assert.equal(namespace.metadata.name, input.namespace);
        const expected = plan.namespaces.find((candidate) => candidate.name === input.namespace)!;
        for (const [key, value] of Object.entries({ ...expected.labels.prepare, ...expected.labels.enforce })) assert.equal(namespace.metadata.labels[key], value, key);
      });
    });
  }

  test('a multi-service app given with -n: every namespaced object of the build is in that namespace', async () => {
    await withTemporaryFolder(async (folder) => {
      const out = path.join(folder, 'export');
      await exportTo(out, [BOOKSTORE], ['-n', 'bookstore']);
      for (const object of loadAll(await kustomize(out)) as { kind: string; metadata: { name: string; namespace?: string } }[]) {
        if (object.kind === 'Namespace') continue;
        assert.equal(object.metadata.namespace, 'bookstore', `${object.kind}/${object.metadata.name}`);
      }
    });
  });

  test('a kustomization folder is referenced relatively from base/, not copied', async () => {
    await withTemporaryFolder(async (folder) => {
      const out = path.join(folder, 'export');
      await exportTo(out, [KUSTOMIZE_APP]);
      const tree = await readTree(out);
      const base = load(tree.get('base/kustomization.yaml')!.toString('utf8')) as { resources: string[] };
      assert.deepEqual(base.resources, [path.relative(path.join(out, 'base'), path.join(PROJECT_ROOT, KUSTOMIZE_APP))]);
      assert.ok(!path.isAbsolute(base.resources[0]!));
      assert.deepEqual([...tree.keys()].filter((name) => name.startsWith('base/')), ['base/kustomization.yaml']);
      const built = loadAll(await kustomize(out)) as { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec: Json }[];
      const stock = built.find((object) => object.kind === 'Deployment' && object.metadata.name === 'stock')!;
      // The folder's own transformers still apply, and the patch lands on their output.
      assert.equal(stock.metadata.namespace, 'inventory');
      assert.equal(stock.metadata.labels?.['app.kubernetes.io/part-of'], 'inventory');
      assert.equal(((stock.spec.template as { spec: { securityContext: Json } }).spec.securityContext).runAsNonRoot, true);
    });
  });
});

describe('export files', CONCURRENT, () => {
  for (const input of [
    { name: 'the demo', args: [DEMO] },
    { name: 'the app given with -n', args: [BOOKSTORE, '-n', 'bookstore'] },
  ]) {
    test(`${input.name}: exporting twice gives byte-identical trees, and --plan DIR/plan.yaml reproduces it`, async () => {
      await withTemporaryFolder(async (folder) => {
        const first = path.join(folder, 'first');
        const second = path.join(folder, 'second');
        const replayed = path.join(folder, 'replayed');
        await exportTo(first, input.args);
        await exportTo(second, input.args);
        const tree = await readTree(first);
        assertSameTree(await readTree(second), tree, 'second export');
        await exportTo(replayed, [], ['--plan', path.join(first, 'plan.yaml')]);
        assertSameTree(await readTree(replayed), tree, 'replayed export');
      });
    });
  }

  test('--out that exists: exit 2, nothing written, old content intact; --force replaces it', async () => {
    await withTemporaryFolder(async (folder) => {
      const out = path.join(folder, 'out');
      await mkdir(out);
      await writeFile(path.join(out, 'keep.txt'), 'old content\n');
      const refused = await cli(['export', DEMO, '--out', out]);
      assertClean(refused, 'export onto an existing folder');
      assert.equal(refused.code, 2);
      assert.equal(refused.stdout, '');
      assert.deepEqual(linesOf(refused.stderr), [`kube-harden: ${out} already exists; nothing was written (pass --force to replace it, or choose another --out)`]);
      assert.deepEqual([...(await readTree(out)).keys()], ['keep.txt']);
      assert.equal(await readFile(path.join(out, 'keep.txt'), 'utf8'), 'old content\n');
      assert.deepEqual(await readdir(folder), ['out'], 'no staging folder is left behind');

      await exportTo(out, [DEMO], ['--force']);
      const replaced = await readTree(out);
      assert.ok(!replaced.has('keep.txt'));
      const fresh = path.join(folder, 'fresh');
      await exportTo(fresh, [DEMO]);
      assertSameTree(replaced, await readTree(fresh), 'forced export');
      assert.deepEqual((await readdir(folder)).sort(), ['fresh', 'out'], 'no staging or old folder is left behind');
    });
  });

  const badEntries: { name: string; edit: (document: Json) => string }[] = [
    {
      name: 'a runAsUser of 0',
      edit: (document) => {
        const changes = document.changes as Json[];
        const index = changes.findIndex((entry) => entry.id === 'shop/daemonset/log-shipper/run-as-user');
        changes[index]!.params = { runAsUser: 0 };
        return `changes[${index}].params.runAsUser: must be an integer from 1 to 2147483647`;
      },
    },
    {
      name: 'an unknown class',
      edit: (document) => {
        (document.workloads as Json[])[1]!.classOverride = 'daemon';
        return 'workloads[1].classOverride: unknown class "daemon"';
      },
    },
  ];
  for (const bad of badEntries) {
    test(`a plan file with ${bad.name}: exit 2, one line naming the file and the entry, nothing written`, async () => {
      await withTemporaryFolder(async (folder) => {
        const good = path.join(folder, 'good');
        await exportTo(good, [DEMO]);
        const document = load(await readFile(path.join(good, 'plan.yaml'), 'utf8')) as Json;
        const expected = bad.edit(document);
        const planFile = path.join(folder, 'bad-plan.yaml');
        await writeFile(planFile, dump(document));
        const out = path.join(folder, 'out');
        const result = await cli(['export', '--plan', planFile, '--out', out]);
        assertClean(result, 'export with a bad plan');
        assert.equal(result.code, 2);
        assert.equal(result.stdout, '');
        assert.deepEqual(linesOf(result.stderr), [`kube-harden: ${planFile}: ${expected}`]);
        assert.deepEqual((await readdir(folder)).sort(), ['bad-plan.yaml', 'good']);
      });
    });
  }
});
