/**
 * `kube-harden check` as a user sees it: the compiled CLI run in its own process, asserting exact
 * stdout lines, JSON fields, SARIF validated against its schema, stderr lines and exit codes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { formatVersion, LATEST, versionOf } from '../../src/core/model/policy.js';
import { DEFAULT_REGISTRY } from '../../src/core/pss/registry.js';
import { CLI_PATH, PROJECT_ROOT, linesOf, runCli, stackTraceSignsIn, withTemporaryFolder, type CliRun } from './helpers.js';

/** Every test spawns Node processes; a few side by side shorten the run where cores allow. */
const CONCURRENT = { concurrency: Math.max(2, availableParallelism()) };

const FIXTURES = path.join('test', 'fixtures', 'cli');
const fixture = (name: string): string => path.join(FIXTURES, name);
const DEMO = path.join('templates', 'demo');

/** The policy version `latest` evaluates as; it moves when the engine learns a new Kubernetes minor. */
const NEWEST = formatVersion(versionOf(DEFAULT_REGISTRY.resolveMinor(LATEST)));
const EVALUATED_AS = ` (evaluated as ${NEWEST})`;

/** The four restricted reasons for a container that sets no securityContext at all, in kubectl's order. */
function unhardenedContainer(container: string): string {
  return [
    `allowPrivilegeEscalation != false (container "${container}" must set securityContext.allowPrivilegeEscalation=false)`,
    `unrestricted capabilities (container "${container}" must set securityContext.capabilities.drop=["ALL"])`,
    `runAsNonRoot != true (pod or container "${container}" must set securityContext.runAsNonRoot=true)`,
    `seccompProfile (pod or container "${container}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
  ].join(', ');
}

interface JsonReport {
  level: string;
  version: string;
  resolvedVersion: string;
  results: Array<{
    file: string;
    document: string;
    line?: number;
    kind: string;
    namespace: string | null;
    name: string;
    allowed: boolean;
    exempt?: string;
    violations: Array<{ check: string; reason: string; detail: string }>;
  }>;
  skipped: Array<{ file: string; document: string; kind: string; name: string; why: string }>;
  errors: Array<{ file: string; document: string | null; line?: number; field?: string; message: string }>;
}

function parseJson(run: CliRun): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    assert.fail(`stdout is not JSON:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

function describeRun(run: CliRun): string {
  return `exit ${run.code}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

function assertNoStackTrace(run: CliRun): void {
  assert.deepEqual(stackTraceSignsIn(run.stderr), [], `stderr shows a stack trace:\n${run.stderr}`);
  assert.deepEqual(stackTraceSignsIn(run.stdout), [], `stdout shows a stack trace:\n${run.stdout}`);
}

describe('--version and the demo', CONCURRENT, () => {
  test('--version prints the version from package.json', async () => {
    const packageJson = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version']);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(run.stdout, `${packageJson.version}\n`);
    assert.equal(run.stderr, '');
  });

  test('check --help prints the usage and exits 0', async () => {
    const run = await runCli(['check', '--help']);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(linesOf(run.stdout)[0], 'Usage: kube-harden check [options] [paths...]');
    for (const option of ['--level <level>', '--pss-version <version>', '-o, --output <format>', '--admission-config <file>']) {
      assert.ok(run.stdout.includes(option), `help lacks ${option}`);
    }
  });

  const DEMO_WORKLOADS = [
    { kind: 'Deployment', name: 'api', file: 'api.yaml', container: 'api' },
    { kind: 'CronJob', name: 'nightly-report', file: 'nightly-report.yaml', container: 'report' },
    { kind: 'StatefulSet', name: 'postgres', file: 'postgres.yaml', container: 'postgres' },
    { kind: 'Deployment', name: 'redis', file: 'redis.yaml', container: 'redis' },
    { kind: 'Deployment', name: 'web', file: 'web.yaml', container: 'nginx' },
  ];

  test('check templates/demo at restricted: 6 violating workloads, exit 1', async () => {
    const run = await runCli(['check', DEMO]);
    assert.equal(run.code, 1, describeRun(run));
    assert.equal(run.stderr, '');
    const lines = linesOf(run.stdout);
    assert.equal(lines.length, 7, run.stdout);
    assert.deepEqual(
      lines.slice(0, 6).map((line) => line.split(':')[0]),
      [
        'Deployment/api (templates/demo/api.yaml#1)',
        'DaemonSet/log-shipper (templates/demo/log-shipper.yaml#1)',
        'CronJob/nightly-report (templates/demo/nightly-report.yaml#1)',
        'StatefulSet/postgres (templates/demo/postgres.yaml#1)',
        'Deployment/redis (templates/demo/redis.yaml#1)',
        'Deployment/web (templates/demo/web.yaml#1)',
      ],
    );
    for (const workload of DEMO_WORKLOADS) {
      const line = `${workload.kind}/${workload.name} (templates/demo/${workload.file}#1): would violate PodSecurity "restricted:latest": ${unhardenedContainer(workload.container)}`;
      assert.ok(lines.includes(line), `missing line:\n${line}\nin:\n${run.stdout}`);
    }
    assert.equal(
      lines[1],
      'DaemonSet/log-shipper (templates/demo/log-shipper.yaml#1): would violate PodSecurity "restricted:latest": ' +
        'allowPrivilegeEscalation != false (container "fluent-bit" must set securityContext.allowPrivilegeEscalation=false), ' +
        'unrestricted capabilities (container "fluent-bit" must set securityContext.capabilities.drop=["ALL"]), ' +
        'restricted volume types (volume "varlog" uses restricted volume type "hostPath"), ' +
        'runAsNonRoot != true (pod or container "fluent-bit" must set securityContext.runAsNonRoot=true), ' +
        'runAsUser=0 (container "fluent-bit" must not set runAsUser=0), ' +
        'seccompProfile (pod or container "fluent-bit" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    assert.equal(lines[6], `6 workloads checked against restricted:latest${EVALUATED_AS}, 0 allowed, 6 would violate, 7 skipped`);
  });

  test('check templates/demo --level baseline reports only log-shipper (hostPath)', async () => {
    const run = await runCli(['check', DEMO, '--level', 'baseline']);
    assert.equal(run.code, 1, describeRun(run));
    assert.equal(run.stderr, '');
    assert.deepEqual(linesOf(run.stdout), [
      'DaemonSet/log-shipper (templates/demo/log-shipper.yaml#1): would violate PodSecurity "baseline:latest": hostPath volumes (volume "varlog")',
      `6 workloads checked against baseline:latest${EVALUATED_AS}, 5 allowed, 1 would violate, 7 skipped`,
    ]);
  });

  test('check templates/demo --level privileged allows everything, exit 0', async () => {
    const run = await runCli(['check', DEMO, '--level', 'privileged']);
    assert.equal(run.code, 0, describeRun(run));
    assert.equal(run.stderr, '');
    assert.deepEqual(linesOf(run.stdout), [
      `6 workloads checked against privileged:latest${EVALUATED_AS}, 6 allowed, 0 would violate, 7 skipped`,
    ]);
  });

  for (const args of [[], ['--demo'], ['wizard', DEMO]]) {
    test(`kube-harden ${args.join(' ') || '(no arguments)'} without a terminal refuses in one line naming the non-interactive commands`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, describeRun(run));
      assert.equal(run.stdout, '');
      assert.deepEqual(linesOf(run.stderr), [
        'kube-harden: the wizard needs an interactive terminal (for scripts and CI use kube-harden check, kube-harden plan or kube-harden export; see kube-harden --help)',
      ]);
    });
  }
});

describe('text output', CONCURRENT, () => {
  const SHOP_WEB_LINE =
    'Deployment/web (test/fixtures/cli/shop.yaml#3): would violate PodSecurity "restricted:latest": ' +
    'allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), ' +
    'unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), ' +
    'runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), ' +
    'seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

  interface TextCase {
    readonly name: string;
    readonly args: readonly string[];
    readonly stdin?: string;
    readonly stdout: readonly string[];
    readonly code: number;
  }

  const TEXT_CASES: readonly TextCase[] = [
    {
      name: 'a hardened Pod is allowed: only the summary, exit 0',
      args: [fixture('hardened.yaml')],
      stdout: [`1 workload checked against restricted:latest${EVALUATED_AS}, 1 allowed, 0 would violate`],
      code: 0,
    },
    {
      name: 'a multi-document file: one line for the violating Deployment (#3), skipped ConfigMap and Service counted',
      args: [fixture('shop.yaml')],
      stdout: [SHOP_WEB_LINE, `2 workloads checked against restricted:latest${EVALUATED_AS}, 1 allowed, 1 would violate, 2 skipped`],
      code: 1,
    },
    {
      name: 'defaults are --level restricted --pss-version latest -o text',
      args: [fixture('shop.yaml'), '--level', 'restricted', '--pss-version', 'latest', '-o', 'text'],
      stdout: [SHOP_WEB_LINE, `2 workloads checked against restricted:latest${EVALUATED_AS}, 1 allowed, 1 would violate, 2 skipped`],
      code: 1,
    },
    {
      name: '--level baseline allows the shop',
      args: [fixture('shop.yaml'), '--level', 'baseline'],
      stdout: [`2 workloads checked against baseline:latest${EVALUATED_AS}, 2 allowed, 0 would violate, 2 skipped`],
      code: 0,
    },
    {
      name: '--pss-version v1.30 is named as asked, with no "evaluated as" note',
      args: [fixture('shop.yaml'), '--pss-version', 'v1.30', '--output', 'text'],
      stdout: [
        SHOP_WEB_LINE.replace('"restricted:latest"', '"restricted:v1.30"'),
        '2 workloads checked against restricted:v1.30, 1 allowed, 1 would violate, 2 skipped',
      ],
      code: 1,
    },
    {
      name: 'a version newer than any known is evaluated as the newest',
      args: [fixture('hardened.yaml'), '--pss-version', 'v1.999'],
      stdout: [`1 workload checked against restricted:v1.999${EVALUATED_AS}, 1 allowed, 0 would violate`],
      code: 0,
    },
    {
      name: 'stdin "-" (the demo\'s web.yaml) is reported as file "-"',
      args: ['-'],
      stdin: 'web.yaml',
      stdout: [
        `Deployment/web (-#1): would violate PodSecurity "restricted:latest": ${unhardenedContainer('nginx')}`,
        `1 workload checked against restricted:latest${EVALUATED_AS}, 0 allowed, 1 would violate, 1 skipped`,
      ],
      code: 1,
    },
    {
      name: 'documents that are valid YAML but not Kubernetes objects are skipped, exit 0',
      args: [fixture('not-kubernetes.yaml')],
      stdout: [`0 workloads checked against restricted:latest${EVALUATED_AS}, 0 allowed, 0 would violate, 4 skipped`],
      code: 0,
    },
    {
      name: 'namespace and runtimeClass exemptions from a standalone PodSecurityConfiguration',
      args: [fixture('exemptions.yaml'), '--admission-config', fixture('pod-security-configuration.yaml')],
      stdout: [
        `Pod/plain (test/fixtures/cli/exemptions.yaml#3): would violate PodSecurity "restricted:latest": ${unhardenedContainer('app')}`,
        `3 workloads checked against restricted:latest${EVALUATED_AS}, 2 allowed (2 exempt), 1 would violate`,
      ],
      code: 1,
    },
    {
      name: 'the same exemptions inside an AdmissionConfiguration',
      args: [fixture('exemptions.yaml'), '--admission-config', fixture('admission-configuration.yaml')],
      stdout: [
        `Pod/plain (test/fixtures/cli/exemptions.yaml#3): would violate PodSecurity "restricted:latest": ${unhardenedContainer('app')}`,
        `3 workloads checked against restricted:latest${EVALUATED_AS}, 2 allowed (2 exempt), 1 would violate`,
      ],
      code: 1,
    },
    {
      name: 'without the admission config nothing is exempt',
      args: [fixture('exemptions.yaml'), '--level', 'baseline'],
      stdout: [
        'Pod/agent (test/fixtures/cli/exemptions.yaml#1): would violate PodSecurity "baseline:latest": privileged (container "agent" must not set securityContext.privileged=true)',
        `3 workloads checked against baseline:latest${EVALUATED_AS}, 2 allowed, 1 would violate`,
      ],
      code: 1,
    },
  ];

  for (const testCase of TEXT_CASES) {
    test(testCase.name, async () => {
      const stdin = testCase.stdin === undefined ? undefined : await readFile(path.join(DEMO, testCase.stdin), 'utf8');
      const run = await runCli(['check', ...testCase.args], { stdin });
      assert.equal(run.stderr, '', describeRun(run));
      assert.deepEqual(linesOf(run.stdout), testCase.stdout);
      assert.equal(run.code, testCase.code, describeRun(run));
    });
  }
});

describe('JSON output', CONCURRENT, () => {
  const SHOP_WEB_VIOLATIONS = [
    {
      check: 'allowPrivilegeEscalation',
      reason: 'allowPrivilegeEscalation != false',
      detail: 'container "nginx" must set securityContext.allowPrivilegeEscalation=false',
    },
    {
      check: 'capabilities_restricted',
      reason: 'unrestricted capabilities',
      detail: 'container "nginx" must set securityContext.capabilities.drop=["ALL"]',
    },
    {
      check: 'runAsNonRoot',
      reason: 'runAsNonRoot != true',
      detail: 'pod or container "nginx" must set securityContext.runAsNonRoot=true',
    },
    {
      check: 'seccompProfile_restricted',
      reason: 'seccompProfile',
      detail: 'pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    },
  ];

  test('the full report for a multi-document file', async () => {
    const run = await runCli(['check', fixture('shop.yaml'), '-o', 'json']);
    assert.equal(run.code, 1, describeRun(run));
    assert.equal(run.stderr, '');
    assert.deepEqual(parseJson(run), {
      level: 'restricted',
      version: 'latest',
      resolvedVersion: NEWEST,
      results: [
        {
          file: 'test/fixtures/cli/shop.yaml',
          document: '3',
          line: 21,
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
          allowed: false,
          violations: SHOP_WEB_VIOLATIONS,
        },
        {
          file: 'test/fixtures/cli/shop.yaml',
          document: '4',
          line: 39,
          kind: 'Pod',
          namespace: 'shop',
          name: 'hardened',
          allowed: true,
          violations: [],
        },
      ],
      skipped: [
        { file: 'test/fixtures/cli/shop.yaml', document: '1', kind: 'ConfigMap', name: 'settings', why: 'not a pod-bearing kind' },
        { file: 'test/fixtures/cli/shop.yaml', document: '2', kind: 'Service', name: 'web', why: 'not a pod-bearing kind' },
      ],
      errors: [],
    });
  });

  test('a broken document in the middle; the documents before and after are evaluated', async () => {
    const run = await runCli(['check', fixture('broken-middle.yaml'), '--output', 'json']);
    assert.equal(run.code, 2, describeRun(run));
    const report = parseJson(run);
    assert.deepEqual(
      report.results.map(({ document, kind, name, allowed }) => ({ document, kind, name, allowed })),
      [
        { document: '1', kind: 'Deployment', name: 'before', allowed: false },
        { document: '3', kind: 'Pod', name: 'after', allowed: true },
      ],
    );
    assert.deepEqual(
      report.results[0]?.violations.map((violation) => violation.check),
      ['hostNamespaces', 'allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'seccompProfile_restricted'],
    );
    assert.deepEqual(report.errors, [
      { file: 'test/fixtures/cli/broken-middle.yaml', document: '2', line: 24, message: 'YAML syntax error: bad indentation of a mapping entry' },
    ]);
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(linesOf(run.stderr), ['error: test/fixtures/cli/broken-middle.yaml#2:24: YAML syntax error: bad indentation of a mapping entry']);
  });

  test('exemptions are marked "exempt" with their kind', async () => {
    const run = await runCli(['check', fixture('exemptions.yaml'), '-o', 'json', '--admission-config', fixture('admission-configuration.yaml')]);
    assert.equal(run.code, 1, describeRun(run));
    const report = parseJson(run);
    assert.deepEqual(
      report.results.map(({ name, namespace, allowed, exempt, violations }) => ({ name, namespace, allowed, exempt, violations: violations.length })),
      [
        { name: 'agent', namespace: 'kube-system', allowed: true, exempt: 'namespace', violations: 0 },
        { name: 'sandboxed', namespace: 'shop', allowed: true, exempt: 'runtimeClass', violations: 0 },
        { name: 'plain', namespace: 'shop', allowed: false, exempt: undefined, violations: 4 },
      ],
    );
    assert.equal('exempt' in (report.results[2] ?? {}), false, 'a workload that is not exempt has no "exempt" field');
  });

  test('not-Kubernetes documents are listed as skipped with why', async () => {
    const run = await runCli(['check', fixture('not-kubernetes.yaml'), '-o', 'json']);
    assert.equal(run.code, 0, describeRun(run));
    const report = parseJson(run);
    assert.deepEqual(report.results, []);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(report.skipped, [
      { file: 'test/fixtures/cli/not-kubernetes.yaml', document: '1', kind: '', name: '', why: 'not a Kubernetes object: a string, not a mapping' },
      { file: 'test/fixtures/cli/not-kubernetes.yaml', document: '2', kind: '', name: '', why: 'not a Kubernetes object: a list, not a mapping' },
      { file: 'test/fixtures/cli/not-kubernetes.yaml', document: '3', kind: '', name: '', why: 'not a Kubernetes object: no kind or apiVersion' },
      { file: 'test/fixtures/cli/not-kubernetes.yaml', document: '4', kind: 'Widget', name: 'no-api-version', why: 'not a Kubernetes object: no apiVersion' },
    ]);
  });

  test('stdin is file "-", version as asked and as evaluated', async () => {
    const stdin = await readFile(path.join(DEMO, 'web.yaml'), 'utf8');
    const run = await runCli(['check', '-', '-o', 'json', '--level', 'baseline', '--pss-version', 'v1.25'], { stdin });
    assert.equal(run.code, 0, describeRun(run));
    const report = parseJson(run);
    assert.deepEqual(
      { level: report.level, version: report.version, resolvedVersion: report.resolvedVersion },
      { level: 'baseline', version: 'v1.25', resolvedVersion: 'v1.25' },
    );
    assert.deepEqual(
      report.results.map(({ file, document, kind, name, allowed }) => ({ file, document, kind, name, allowed })),
      [{ file: '-', document: '1', kind: 'Deployment', name: 'web', allowed: true }],
    );
    assert.deepEqual(
      report.skipped.map(({ file, kind }) => ({ file, kind })),
      [{ file: '-', kind: 'Service' }],
    );
  });

  test('an input error outside any document has "document": null; the other paths are still evaluated', async () => {
    const run = await runCli(['check', fixture('hardened.yaml'), 'no/such/folder', fixture('shop.yaml'), '-o', 'json']);
    assert.equal(run.code, 2, describeRun(run));
    const report = parseJson(run);
    assert.deepEqual(
      report.results.map(({ file, name }) => `${file} ${name}`),
      ['test/fixtures/cli/hardened.yaml hardened', 'test/fixtures/cli/shop.yaml web'],
    );
    // shop.yaml#4 is the same Pod as hardened.yaml: identical content is evaluated once.
    assert.deepEqual(report.skipped.map(({ document, why }) => `#${document} ${why}`).sort(), [
      '#1 not a pod-bearing kind',
      '#2 not a pod-bearing kind',
      '#4 identical to test/fixtures/cli/hardened.yaml#1',
    ]);
    assert.deepEqual(report.errors, [{ file: 'no/such/folder', document: null, message: 'no such file or folder' }]);
    assert.deepEqual(linesOf(run.stderr), ['error: no/such/folder: no such file or folder']);
  });
});

describe('SARIF output', CONCURRENT, () => {
  interface SarifLog {
    version: string;
    runs: Array<{
      tool: { driver: { name: string; version: string; rules: Array<{ id: string }> } };
      invocations?: Array<{ executionSuccessful: boolean }>;
      results: Array<{
        ruleId: string;
        ruleIndex?: number;
        level: string;
        message: { text: string };
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
      }>;
    }>;
  }

  type Validate = ((data: unknown) => boolean) & { errors?: unknown };
  let sarifValidator: Promise<Validate> | undefined;

  /** Compiles the SARIF 2.1.0 schema once (draft-04, as published). */
  function validateSarif(): Promise<Validate> {
    sarifValidator ??= (async () => {
      // Both packages are CommonJS with `exports.default`; under NodeNext the default import is
      // `module.exports`, so take `.default` when it is there.
      type AjvClass = new (options: Record<string, unknown>) => { compile(schema: unknown): Validate };
      const Ajv = ((AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule) as unknown as AjvClass;
      const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => void;
      const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
      addFormats(ajv);
      const schemaPath = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
      return ajv.compile(JSON.parse(await readFile(schemaPath, 'utf8')));
    })();
    return sarifValidator;
  }

  async function assertValidSarif(run: CliRun): Promise<SarifLog> {
    let log: unknown;
    try {
      log = JSON.parse(run.stdout);
    } catch {
      assert.fail(`stdout is not JSON:\n${describeRun(run)}`);
    }
    const validate = await validateSarif();
    assert.ok(validate(log), `not valid SARIF 2.1.0: ${JSON.stringify(validate.errors, null, 2)}`);
    return log as SarifLog;
  }

  const SARIF_CASES: ReadonlyArray<{ name: string; args: readonly string[]; stdin?: string; code: number }> = [
    { name: 'the demo at restricted', args: [DEMO], code: 1 },
    { name: 'the demo at baseline', args: [DEMO, '--level', 'baseline'], code: 1 },
    { name: 'the demo at privileged (no rules, no results)', args: [DEMO, '--level', 'privileged'], code: 0 },
    { name: 'an old policy version', args: [DEMO, '--pss-version', 'v1.0'], code: 1 },
    { name: 'a multi-document file', args: [fixture('shop.yaml')], code: 1 },
    { name: 'a file with a broken document', args: [fixture('broken-middle.yaml')], code: 2 },
    { name: 'a hardened Pod (no results)', args: [fixture('hardened.yaml')], code: 0 },
    { name: 'stdin', args: ['-'], stdin: 'web.yaml', code: 1 },
  ];

  for (const testCase of SARIF_CASES) {
    test(`${testCase.name} validates against the SARIF 2.1.0 schema, one rule per check, a result per violation`, async () => {
      const stdin = testCase.stdin === undefined ? undefined : await readFile(path.join(DEMO, testCase.stdin), 'utf8');
      const [sarifRun, jsonRun] = await Promise.all([
        runCli(['check', ...testCase.args, '-o', 'sarif'], { stdin }),
        runCli(['check', ...testCase.args, '-o', 'json'], { stdin }),
      ]);
      assert.equal(sarifRun.code, testCase.code, describeRun(sarifRun));
      const log = await assertValidSarif(sarifRun);
      const report = parseJson(jsonRun);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const sarifRunOut = log.runs[0]!;
      assert.equal(sarifRunOut.tool.driver.name, 'kube-harden');
      const ruleIds = sarifRunOut.tool.driver.rules.map((rule) => rule.id);
      assert.equal(new Set(ruleIds).size, ruleIds.length, `duplicate rule IDs: ${ruleIds.join(', ')}`);
      const violations = report.results.flatMap((row) => row.violations.map((violation) => ({ row, violation })));
      assert.equal(sarifRunOut.results.length, violations.length, 'one SARIF result per violation');
      sarifRunOut.results.forEach((result, index) => {
        const { row, violation } = violations[index]!;
        assert.equal(result.ruleId, violation.check);
        assert.equal(result.ruleIndex, ruleIds.indexOf(violation.check), `ruleIndex of ${result.ruleId}`);
        assert.equal(result.level, 'error');
        const location = result.locations[0]?.physicalLocation;
        assert.equal(location?.artifactLocation.uri, row.file);
        assert.equal(location?.region.startLine, row.line);
      });
      assert.equal(sarifRunOut.invocations?.[0]?.executionSuccessful, testCase.code !== 2);
    });
  }

  test('one rule per check that runs at the level, by its upstream ID', async () => {
    const baseline = await assertValidSarif(await runCli(['check', DEMO, '-o', 'sarif', '--level', 'baseline']));
    assert.deepEqual(baseline.runs[0]?.tool.driver.rules.map((rule) => rule.id), [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ]);
    assert.deepEqual(baseline.runs[0]?.results.map((result) => result.ruleId), ['hostPathVolumes']);
    const restricted = await assertValidSarif(await runCli(['check', DEMO, '-o', 'sarif']));
    const ids = restricted.runs[0]?.tool.driver.rules.map((rule) => rule.id) ?? [];
    for (const id of ['allowPrivilegeEscalation', 'capabilities_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted']) {
      assert.ok(ids.includes(id), `restricted rules lack ${id}`);
    }
    // Restricted checks replace the baseline checks they override.
    for (const id of ['capabilities_baseline', 'hostPathVolumes', 'seccompProfile_baseline']) {
      assert.ok(!ids.includes(id), `restricted rules still list the overridden ${id}`);
    }
  });

  test('a result sits at the first line of its document in a multi-document file', async () => {
    const run = await runCli(['check', fixture('shop.yaml'), '-o', 'sarif']);
    const log = await assertValidSarif(run);
    const fixtureLines = (await readFile(fixture('shop.yaml'), 'utf8')).split('\n');
    const results = log.runs[0]?.results ?? [];
    assert.equal(results.length, 4);
    for (const result of results) {
      const location = result.locations[0]?.physicalLocation;
      assert.equal(location?.artifactLocation.uri, 'test/fixtures/cli/shop.yaml');
      assert.equal(location?.region.startLine, 21);
      assert.match(result.message.text, /^Deployment\/web would violate PodSecurity "restricted:latest": /);
    }
    // Line 21 is where document #3 (the Deployment) begins, right after its `---`.
    assert.equal(fixtureLines[19], '---');
    assert.equal(fixtureLines[20], 'apiVersion: apps/v1');
    assert.equal(fixtureLines[21], 'kind: Deployment');
  });
});

describe('exit codes', CONCURRENT, () => {
  const EXIT_CASES: ReadonlyArray<{ name: string; args: readonly string[]; code: number }> = [
    { name: 'all allowed', args: [fixture('hardened.yaml')], code: 0 },
    { name: 'nothing to evaluate', args: [fixture('not-kubernetes.yaml')], code: 0 },
    { name: 'some violation', args: [fixture('shop.yaml')], code: 1 },
    { name: 'some violation, json', args: [fixture('shop.yaml'), '-o', 'json'], code: 1 },
    { name: 'some violation, sarif', args: [fixture('shop.yaml'), '-o', 'sarif'], code: 1 },
    { name: 'an input error beats a violation', args: [fixture('shop.yaml'), fixture('no-template.yaml')], code: 2 },
    { name: 'an input error with everything else allowed', args: [fixture('hardened.yaml'), 'no/such/folder'], code: 2 },
    { name: 'a usage error', args: ['--level', 'bogus', fixture('hardened.yaml')], code: 2 },
  ];

  for (const testCase of EXIT_CASES) {
    test(`exit code ${testCase.code}: ${testCase.name}`, async () => {
      const run = await runCli(['check', ...testCase.args]);
      assert.equal(run.code, testCase.code, describeRun(run));
    });
  }
});

describe('bad input: one line per problem on stderr, the rest evaluated, exit 2', CONCURRENT, () => {
  interface BadInputCase {
    readonly name: string;
    /** Builds the input (in a temporary folder when it needs one) and returns the paths to check. */
    readonly paths: (folder: string) => Promise<readonly string[]>;
    /** Exact stderr lines; `FOLDER` stands for the temporary folder. */
    readonly stderr: readonly string[];
    /** `kind/name` of the workloads still evaluated, in order. */
    readonly evaluated: readonly string[];
    /** Set when the case shows a known bug: the test is reported as TODO instead of failing the run. */
    readonly todo?: string;
    readonly skip?: string | false;
  }

  const given = (...names: string[]) => async (): Promise<readonly string[]> => names.map(fixture);

  const BAD_INPUT_CASES: readonly BadInputCase[] = [
    {
      name: 'a YAML syntax error in the middle of a multi-document file',
      paths: given('broken-middle.yaml'),
      stderr: ['error: test/fixtures/cli/broken-middle.yaml#2:24: YAML syntax error: bad indentation of a mapping entry'],
      evaluated: ['Deployment/before', 'Pod/after'],
    },
    {
      name: 'a duplicate key',
      paths: given('duplicate-key.yaml'),
      stderr: ['error: test/fixtures/cli/duplicate-key.yaml#1:9: YAML syntax error: duplicated mapping key "image"'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'tab indentation',
      paths: given('tab-indent.yaml'),
      stderr: ['error: test/fixtures/cli/tab-indent.yaml#1:4: YAML syntax error: tab characters must not be used in indentation'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'absurdly deep nesting (5000 levels)',
      paths: given('deep-nesting.yaml'),
      stderr: ['error: test/fixtures/cli/deep-nesting.yaml#1:6: nested more than 200 levels deep; refusing it'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a YAML alias bomb (a billion laughs)',
      paths: given('alias-bomb.yaml'),
      stderr: ['error: test/fixtures/cli/alias-bomb.yaml#1:1: aliases expand this document to more than 1000000 values; refusing it (an alias bomb?)'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'containers: "nginx" and securityContext: 5 (wrong field types)',
      paths: given('wrong-types.yaml', 'hardened.yaml'),
      stderr: [
        'error: test/fixtures/cli/wrong-types.yaml#1:1: spec.containers: expected a list, got string "nginx"',
        'error: test/fixtures/cli/wrong-types.yaml#2:8: spec.template.spec.securityContext: expected an object, got number 5',
      ],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'securityContext: 5 (a wrong field type)',
      paths: async (folder) => {
        const text = (await readFile(fixture('wrong-types.yaml'), 'utf8')).split('---\n')[1] ?? '';
        await writeFile(path.join(folder, 'security-context.yaml'), `${text}---\n${await readFile(fixture('hardened.yaml'), 'utf8')}`);
        return [path.join(folder, 'security-context.yaml')];
      },
      stderr: ['error: FOLDER/security-context.yaml#1:1: spec.template.spec.securityContext: expected an object, got number 5'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a Deployment without spec.template is an input error, not a pass',
      paths: given('no-template.yaml', 'hardened.yaml'),
      stderr: ['error: test/fixtures/cli/no-template.yaml#1:1: spec.template: missing: a Deployment needs a pod template to be evaluated'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a binary file',
      paths: async (folder) => {
        await writeFile(path.join(folder, 'image.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
        return [path.join(folder, 'image.yaml'), fixture('hardened.yaml')];
      },
      stderr: ['error: FOLDER/image.yaml: binary file (contains NUL bytes), not YAML or JSON'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a file that is not UTF-8 text',
      paths: async (folder) => {
        await writeFile(path.join(folder, 'latin1.yaml'), Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'));
        return [path.join(folder, 'latin1.yaml'), fixture('hardened.yaml')];
      },
      stderr: ['error: FOLDER/latin1.yaml: not valid UTF-8 text (a binary file?), not YAML or JSON'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a folder that does not exist',
      paths: async () => ['no/such/folder', fixture('hardened.yaml')],
      stderr: ['error: no/such/folder: no such file or folder'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'a symlink loop inside a folder',
      paths: async (folder) => {
        await mkdir(path.join(folder, 'manifests', 'nested'), { recursive: true });
        await writeFile(path.join(folder, 'manifests', 'pod.yaml'), await readFile(fixture('hardened.yaml')));
        await symlink('..', path.join(folder, 'manifests', 'nested', 'up'));
        return [path.join(folder, 'manifests')];
      },
      stderr: ['error: FOLDER/manifests/nested/up: symlink loop: leads back to FOLDER/manifests, which is being read already'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'symlinks that point at each other',
      paths: async (folder) => {
        await symlink('b.yaml', path.join(folder, 'a.yaml'));
        await symlink('a.yaml', path.join(folder, 'b.yaml'));
        return [path.join(folder, 'a.yaml'), fixture('hardened.yaml')];
      },
      stderr: ['error: FOLDER/a.yaml: symlink loop (too many levels of symbolic links)'],
      evaluated: ['Pod/hardened'],
    },
    {
      name: 'an unreadable file',
      skip: process.getuid?.() === 0 && 'root reads every file',
      paths: async (folder) => {
        await writeFile(path.join(folder, 'secret.yaml'), await readFile(fixture('hardened.yaml')));
        await chmod(path.join(folder, 'secret.yaml'), 0o000);
        return [path.join(folder, 'secret.yaml'), fixture('shop.yaml')];
      },
      stderr: ['error: FOLDER/secret.yaml: permission denied'],
      evaluated: ['Deployment/web', 'Pod/hardened'],
    },
    {
      name: 'a path through a file, as if it were a folder',
      paths: async () => [`${fixture('hardened.yaml')}/pod.yaml`, fixture('shop.yaml')],
      stderr: ['error: test/fixtures/cli/hardened.yaml/pod.yaml: no such file or folder'],
      evaluated: ['Deployment/web', 'Pod/hardened'],
    },
  ];

  for (const testCase of BAD_INPUT_CASES) {
    test(testCase.name, { todo: testCase.todo, skip: testCase.skip }, async () => {
      await withTemporaryFolder(async (folder) => {
        const paths = await testCase.paths(folder);
        const expected = testCase.stderr.map((line) => line.split('FOLDER').join(folder));
        const run = await runCli(['check', ...paths, '-o', 'json']);
        assert.equal(run.timedOut, false, `timed out: ${describeRun(run)}`);
        assert.equal(run.code, 2, describeRun(run));
        assert.deepEqual(linesOf(run.stderr), expected);
        assertNoStackTrace(run);
        const report = parseJson(run);
        assert.deepEqual(report.results.map(({ kind, name }) => `${kind}/${name}`), testCase.evaluated);
        assert.equal(report.errors.length, expected.length);
      });
    });
  }

  test('every error line names the file#document and a line or field path', async () => {
    const run = await runCli([
      'check',
      ...['broken-middle.yaml', 'duplicate-key.yaml', 'tab-indent.yaml', 'deep-nesting.yaml', 'alias-bomb.yaml', 'wrong-types.yaml', 'no-template.yaml'].map(fixture),
    ]);
    assert.equal(run.code, 2, describeRun(run));
    assertNoStackTrace(run);
    const lines = linesOf(run.stderr);
    assert.ok(lines.length >= 8, run.stderr);
    // The text report still ends with its summary, counting what could be read and every error.
    assert.equal(
      linesOf(run.stdout).at(-1),
      // The identical `hardened` Pods after each broken document are evaluated once, the rest skipped.
      `3 workloads checked against restricted:latest${EVALUATED_AS}, 2 allowed, 1 would violate, 3 skipped, ${lines.length} input errors`,
    );
    for (const line of lines) {
      const [, file = '', message = ''] = /^error: test\/fixtures\/cli\/([a-z-]+\.yaml)#\d+:\d+: (\S.*)$/.exec(line) ?? [];
      assert.ok(message, `no file#document:line and message in: ${line}`);
      // Problems in the object's structure also name the field path.
      if (file === 'wrong-types.yaml' || file === 'no-template.yaml') assert.match(message, /^spec(\.[A-Za-z]+)+: /, line);
    }
  });

  test('stdin given twice is read once, with one error', async () => {
    const run = await runCli(['check', '-', '-'], { stdin: await readFile(fixture('hardened.yaml'), 'utf8') });
    assert.equal(run.code, 2, describeRun(run));
    assert.deepEqual(linesOf(run.stderr), ['error: -: standard input is given more than once; it can be read only once']);
    assert.deepEqual(linesOf(run.stdout), [`1 workload checked against restricted:latest${EVALUATED_AS}, 1 allowed, 0 would violate, 1 input error`]);
  });

  test('the alias bomb and the deep nesting finish quickly, without exhausting memory', async () => {
    const run = await runCli(['check', fixture('alias-bomb.yaml'), fixture('deep-nesting.yaml'), '-o', 'json'], {
      // A bomb that got expanded would need gigabytes; 256 MiB of heap is plenty for refusing it.
      env: { NODE_OPTIONS: '--max-old-space-size=256' },
    });
    assert.equal(run.timedOut, false, describeRun(run));
    assert.equal(run.code, 2, describeRun(run));
    assert.ok(run.durationMs < 10_000, `took ${Math.round(run.durationMs)} ms`);
    assert.deepEqual(parseJson(run).errors.map(({ file, document, message }) => `${file}#${document} ${message}`), [
      'test/fixtures/cli/alias-bomb.yaml#1 aliases expand this document to more than 1000000 values; refusing it (an alias bomb?)',
      'test/fixtures/cli/deep-nesting.yaml#1 nested more than 200 levels deep; refusing it',
    ]);
  });

  test('an alias bomb on stdin is refused too', async () => {
    const run = await runCli(['check', '-'], { stdin: await readFile(fixture('alias-bomb.yaml'), 'utf8') });
    assert.equal(run.timedOut, false, describeRun(run));
    assert.equal(run.code, 2, describeRun(run));
    assert.deepEqual(linesOf(run.stderr), ['error: -#1:1: aliases expand this document to more than 1000000 values; refusing it (an alias bomb?)']);
  });

  test('--debug adds no stack trace to input errors (they are values, not crashes)', async () => {
    const run = await runCli(['--debug', 'check', fixture('broken-middle.yaml')]);
    assert.equal(run.code, 2, describeRun(run));
    assert.deepEqual(linesOf(run.stderr), ['error: test/fixtures/cli/broken-middle.yaml#2:24: YAML syntax error: bad indentation of a mapping entry']);
  });
});

describe('--admission-config', CONCURRENT, () => {
  const ADMISSION_CONFIG_ERRORS: ReadonlyArray<{ name: string; config: string; stderr: string }> = [
    {
      name: 'exemptions that are not a list',
      config: fixture('admission-bad-exemptions.yaml'),
      stderr: 'kube-harden: test/fixtures/cli/admission-bad-exemptions.yaml: exemptions.namespaces: expected a list of non-empty names',
    },
    {
      name: 'another kind of object',
      config: fixture('admission-wrong-kind.yaml'),
      stderr:
        'kube-harden: test/fixtures/cli/admission-wrong-kind.yaml: kind: expected kind PodSecurityConfiguration with apiVersion pod-security.admission.config.k8s.io/v1',
    },
    {
      name: 'a YAML syntax error',
      config: fixture('admission-syntax-error.yaml'),
      stderr: 'kube-harden: test/fixtures/cli/admission-syntax-error.yaml: not valid YAML: deficient indentation (5:1)',
    },
    {
      name: 'two problems, still one line',
      config: fixture('admission-two-problems.yaml'),
      stderr:
        'kube-harden: test/fixtures/cli/admission-two-problems.yaml: defaults.enforce: must be one of privileged, baseline, restricted; exemptions.namespaces: expected a list of non-empty names',
    },
    {
      name: 'an AdmissionConfiguration without the PodSecurity plugin',
      config: fixture('admission-no-pod-security.yaml'),
      stderr: 'kube-harden: test/fixtures/cli/admission-no-pod-security.yaml: plugins: no plugin named PodSecurity',
    },
    {
      name: 'a file that does not exist',
      config: fixture('no-such-config.yaml'),
      stderr: 'kube-harden: test/fixtures/cli/no-such-config.yaml: cannot read the admission configuration: no such file',
    },
  ];

  for (const testCase of ADMISSION_CONFIG_ERRORS) {
    test(`${testCase.name} is a one-line error, exit 2`, async () => {
      const run = await runCli(['check', fixture('exemptions.yaml'), '--admission-config', testCase.config]);
      assert.equal(run.code, 2, describeRun(run));
      assert.equal(run.stdout, '');
      assert.deepEqual(linesOf(run.stderr), [testCase.stderr]);
      assertNoStackTrace(run);
    });
  }
});

describe('usage errors', CONCURRENT, () => {
  const USAGE_ERRORS: ReadonlyArray<{ name: string; args: readonly string[]; message: string }> = [
    { name: 'an unknown option', args: ['check', '--bogus', fixture('hardened.yaml')], message: "kube-harden: unknown option '--bogus' (see kube-harden --help)" },
    {
      name: '--level bogus',
      args: ['check', '--level', 'bogus', fixture('hardened.yaml')],
      message: "kube-harden: option '--level <level>' argument 'bogus' is invalid. Allowed choices are privileged, baseline, restricted. (see kube-harden --help)",
    },
    {
      name: '--pss-version 1.30 (no "v")',
      args: ['check', '--pss-version', '1.30', fixture('hardened.yaml')],
      message: 'kube-harden: --pss-version 1.30: must be "latest" or "v1.x" (for example v1.30)',
    },
    {
      name: '--pss-version v2.0',
      args: ['check', '--pss-version', 'v2.0', fixture('hardened.yaml')],
      message: 'kube-harden: --pss-version v2.0: must be "latest" or "v1.x" (for example v1.30)',
    },
    {
      name: '-o xml',
      args: ['check', '-o', 'xml', fixture('hardened.yaml')],
      message: "kube-harden: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, json, sarif. (see kube-harden --help)",
    },
    { name: 'no paths', args: ['check'], message: 'kube-harden: no input given (pass files, folders, or - to read standard input; or --context/-n to read a cluster)' },
    { name: 'an option without its value', args: ['check', fixture('hardened.yaml'), '--level'], message: "kube-harden: option '--level <level>' argument missing (see kube-harden --help)" },
    { name: 'an unknown command', args: ['chekc', fixture('hardened.yaml')], message: 'kube-harden: too many arguments. Expected 0 arguments but got 2. (see kube-harden --help)' },
  ];

  for (const testCase of USAGE_ERRORS) {
    test(`${testCase.name} exits 2 with a one-line message`, async () => {
      const run = await runCli(testCase.args);
      assert.equal(run.code, 2, describeRun(run));
      assert.equal(run.stdout, '');
      assert.deepEqual(linesOf(run.stderr), [testCase.message]);
      assertNoStackTrace(run);
    });
  }
});

describe('pipes', CONCURRENT, () => {
  test('a reader that closes the pipe early (| head) gets no EPIPE stack trace', { skip: process.platform === 'win32' }, async () => {
    // `true` exits without reading, long before Node has started, so every write meets a closed pipe.
    const script = '{ "$0" "$@"; echo "exit $?" >&2; } | true';
    for (const args of [['check', DEMO], ['check', DEMO, '-o', 'json']]) {
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const child = spawn('sh', ['-c', script, process.execPath, CLI_PATH, ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
        let text = '';
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (exitCode) => resolve({ code: exitCode, stderr: text }));
      });
      assert.equal(code, 0);
      const expectedCode = args[0] === '--demo' ? 0 : 1;
      assert.equal(stderr, `exit ${expectedCode}\n`, `kube-harden ${args.join(' ')} | true`);
    }
  });
});

describe('objects an operator owns', CONCURRENT, () => {
  test('are evaluated and reported as "fix in its owner", in text and JSON', async () => {
    const text = await runCli(['check', fixture('operator-owned.yaml')]);
    assert.equal(text.code, 1, describeRun(text));
    const lines = linesOf(text.stdout);
    assert.match(lines[0]!, /^Pod\/canary-pod \(test\/fixtures\/cli\/operator-owned\.yaml#1\): would violate PodSecurity "restricted:latest": /);
    assert.equal(lines[1], '  fix in its owner (owned by Rollout/canary)');
    const json = JSON.parse((await runCli(['check', fixture('operator-owned.yaml'), '-o', 'json'])).stdout) as { results: { managedBy?: unknown }[] };
    assert.deepEqual(json.results[0]!.managedBy, { tool: 'operator', detail: 'owned by Rollout/canary' });
  });
});
