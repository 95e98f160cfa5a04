/**
 * The one composition root: argv → options → adapters → a headless command (or, later, the wizard).
 * Heavy modules (Ink, React, @kubernetes/client-node) are imported lazily, only by the commands
 * that need them, so `check` on a file starts as fast as Node itself allows.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { load } from 'js-yaml';
import { DEFAULT_ADMISSION, parseAdmissionConfig, type AdmissionConfig } from './core/model/admission.js';
import { LEVELS, parseLevel, parseVersion, type LevelVersion } from './core/model/policy.js';
import { UserError, describeError } from './app/errors.js';
import { buildCheckReport, checkExitCode } from './app/check/build-report.js';
import { formatErrors, formatJson, formatText } from './app/check/format-report.js';
import { readInputs } from './adapters/files/index.js';
import { demoPath } from './adapters/templates/locate.js';
import { fileExportPorts } from './adapters/files/export-ports.js';
import { exportPlan } from './app/export/export-plan.js';
import { parsePlanSettings, renderPlanDocument } from './core/plan/plan-file.js';
import { formatInputError } from './core/model/workload.js';
import type { PlanSettings } from './core/model/plan.js';
import { planPaths, preparePlan, type PlanRequest, type PreparedPlan } from './app/plan/prepare-plan.js';
import { planExitCode, planToJson, planToText } from './app/plan/format-plan.js';
import { toYaml } from './app/export/render-export.js';
import type { InitialOptions, SourceChoice } from './app/session/wizard-state.js';
import { VERSION } from './version.js';

interface GlobalOptions {
  debug?: boolean;
  demo?: boolean;
}

const OUTPUTS = ['text', 'json', 'sarif'] as const;
type Output = (typeof OUTPUTS)[number];

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => (text ? stream.write(text, () => resolve()) : resolve()));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(error);
}

/** The demo's path as a user would type it: relative to the working directory when inside it. */
function demoInput(): string {
  const path = relative(process.cwd(), demoPath());
  return path && !path.startsWith('..') ? path : demoPath();
}

function policyFrom(options: { level: string; pssVersion: string }): LevelVersion {
  const level = parseLevel(options.level);
  if (!level) throw new UserError(`--level ${options.level}: must be one of ${LEVELS.join(', ')}`);
  const version = parseVersion(options.pssVersion);
  if (!version) throw new UserError(`--pss-version ${options.pssVersion}: must be "latest" or "v1.x" (for example v1.30)`);
  return { level, version };
}

export async function loadAdmissionConfig(file: string | undefined): Promise<AdmissionConfig> {
  if (!file) return DEFAULT_ADMISSION;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`${file}: cannot read the admission configuration: ${describeFileError(error)}`);
  }
  let document: unknown;
  try {
    document = load(text, { maxAliases: 100 });
  } catch (error) {
    throw new UserError(`${file}: not valid YAML: ${String((error as Error).message).split('\n')[0]}`);
  }
  const { config, problems } = parseAdmissionConfig(document);
  if (!config) {
    // One line, however many problems: every error is one line on stderr.
    const described = problems.map((problem) => `${problem.field ? `${problem.field}: ` : ''}${problem.message}`);
    throw new UserError(`${file}: ${described.join('; ')}`);
  }
  return config;
}

function parseKubeVersion(text: string | undefined): number | 'latest' | undefined {
  if (text === undefined) return undefined;
  const version = parseVersion(text);
  if (!version) throw new UserError(`--kube-version ${text}: must be "v1.N" (the cluster's minor, for example v1.30) or "latest"`);
  return version.latest ? 'latest' : version.minor;
}

async function readYamlFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`${file}: cannot read the ${what}: ${describeFileError(error)}`);
  }
  try {
    return load(text, { maxAliases: 100 });
  } catch (error) {
    throw new UserError(`${file}: not valid YAML: ${String((error as Error).message).split('\n')[0]}`);
  }
}

async function loadPlanFile(file: string | undefined): Promise<{ path: string; settings: PlanSettings } | undefined> {
  if (!file) return undefined;
  const { settings, problems } = parsePlanSettings(await readYamlFile(file, 'plan file'));
  if (!settings) throw new UserError(problems.map((problem) => `${file}: ${problem.entry || 'document'}: ${problem.message}`).join('\n'));
  return { path: file, settings };
}

interface PlanFlags {
  namespace?: string;
  level?: string;
  kubeVersion?: string;
  plan?: string;
  admissionConfig?: string;
}

/** Reads inputs and builds the plan; input errors and plan-file problems end the command (exit 2). */
async function planFromFlags(paths: string[], flags: PlanFlags): Promise<PreparedPlan & { plan: NonNullable<PreparedPlan['plan']> }> {
  const level = flags.level === undefined ? undefined : parseLevel(flags.level);
  if (flags.level !== undefined && !level) throw new UserError(`--level ${flags.level}: must be one of ${LEVELS.join(', ')}`);
  const request: PlanRequest = {
    paths,
    namespace: flags.namespace,
    level,
    kubeVersion: parseKubeVersion(flags.kubeVersion),
    planFile: await loadPlanFile(flags.plan),
    admission: await loadAdmissionConfig(flags.admissionConfig),
  };
  const inputPaths = planPaths(request);
  if (inputPaths.length === 0) throw new UserError('no input given', 'pass files, folders, or - for stdin (or a --plan file that lists its source files)');
  const input = await readInputs([...inputPaths], { readStdin });
  if (input.errors.length > 0) {
    await write(process.stderr, input.errors.map((error) => `error: ${formatInputError(error)}\n`).join(''));
  }
  const prepared = preparePlan(input, request);
  const errors = [...prepared.collected.errors.filter((error) => !input.errors.includes(error))];
  if (errors.length > 0) await write(process.stderr, errors.map((error) => `error: ${formatInputError(error)}\n`).join(''));
  if (input.errors.length > 0 || errors.length > 0) throw new UserError('input errors above; nothing was planned or written');
  if (!prepared.plan) throw new UserError(prepared.problems.join('\n'));
  return { ...prepared, plan: prepared.plan };
}

interface WizardFlags {
  namespace?: string;
  level?: string;
  kubeVersion?: string;
  admissionConfig?: string;
}

async function startWizard(source: SourceChoice | undefined, flags: WizardFlags): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the wizard needs an interactive terminal',
      'for scripts and CI use kube-harden check, kube-harden plan or kube-harden export; see kube-harden --help',
    );
  }
  const level = flags.level === undefined ? undefined : parseLevel(flags.level);
  const initial: InitialOptions = {
    source,
    level,
    kubeVersion: parseKubeVersion(flags.kubeVersion),
    namespace: flags.namespace,
    admission: await loadAdmissionConfig(flags.admissionConfig),
  };
  const [{ runWizard }, { fileWizardPorts }] = await Promise.all([import('./ui/run-wizard.js'), import('./adapters/wizard/file-ports.js')]);
  return runWizard(initial, fileWizardPorts);
}

async function runCheck(paths: string[], options: { level: string; pssVersion: string; output: Output; admissionConfig?: string }): Promise<number> {
  const policy = policyFrom(options);
  if (paths.length === 0) throw new UserError('no input given', 'pass files, folders, or - to read standard input');
  const admission = await loadAdmissionConfig(options.admissionConfig);
  const input = await readInputs(paths, { readStdin });
  const report = buildCheckReport(input, policy, { admission });
  if (options.output === 'json') await write(process.stdout, formatJson(report));
  else if (options.output === 'sarif') {
    const { formatSarif } = await import('./app/check/format-sarif.js');
    await write(process.stdout, formatSarif(report, VERSION));
  } else await write(process.stdout, formatText(report));
  await write(process.stderr, formatErrors(report));
  return checkExitCode(report);
}

export function buildProgram(run: (code: number) => void): Command {
  const program = new Command('kube-harden')
    .description('Take a Kubernetes namespace from "anything goes" to hardened, safely.')
    .version(VERSION, '--version', 'print the program version')
    .option('--demo', 'use the built-in demo namespace (a small shop)')
    .option('--debug', 'show stack traces for internal errors')
    // Options before a command belong to kube-harden itself, after it to the command.
    .enablePositionalOptions()
    // One line per usage error, with the same prefix as every other error.
    .configureOutput({ outputError: (text, write) => write(`kube-harden: ${text.replace(/^error: /, '').trimEnd()} (see kube-harden --help)\n`) })
    .exitOverride();

  program
    .command('check')
    .description('evaluate workloads against a Pod Security Standards level, as Pod Security Admission would')
    .argument('[paths...]', 'files, folders (recursive; built with kubectl kustomize when they hold a kustomization.yaml), or - for stdin')
    .addOption(new Option('--level <level>', 'Pod Security Standards level').choices([...LEVELS]).default('restricted'))
    .option('--pss-version <version>', 'policy version, as in the pod-security.kubernetes.io/*-version labels: latest or v1.N', 'latest')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUTS]).default('text'))
    .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)')
    .action(async (paths: string[], options) => {
      const global = program.opts<GlobalOptions>();
      run(await runCheck(global.demo && paths.length === 0 ? [demoInput()] : paths, options));
    });

  const addPlanOptions = (command: Command) =>
    command
      .argument('[paths...]', 'files, folders, or - for stdin (default: the --plan file\'s source files)')
      .option('-n, --namespace <namespace>', 'namespace of objects that name none (default: the inputs\' Namespace, else "default")')
      .addOption(new Option('--level <level>', 'target Pod Security level (default: restricted, or the plan file\'s)').choices([...LEVELS]))
      .option('--kube-version <version>', 'the cluster\'s minor, to pin the version labels to: v1.N or latest (default: v1.37, or the plan file\'s)')
      .option('--plan <file>', 'replay the decisions of a plan file')
      .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)');

  addPlanOptions(
    program
      .command('plan')
      .description('classify workloads, recommend levels, and propose securityContext fixes and NetworkPolicies'),
  )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'yaml', 'json']).default('text'))
    .action(async (paths: string[], options: PlanFlags & { output: string }) => {
      const { plan } = await planFromFlags(paths, options);
      if (options.output === 'json') await write(process.stdout, `${JSON.stringify(planToJson(plan), null, 2)}\n`);
      else if (options.output === 'yaml') await write(process.stdout, toYaml(renderPlanDocument(plan, { status: true })));
      else await write(process.stdout, planToText(plan));
      run(planExitCode(plan));
    });

  addPlanOptions(
    program
      .command('export')
      .description('write the plan as a kustomize overlay (kubectl kustomize DIR builds the hardened manifests)'),
  )
    .requiredOption('--out <dir>', 'folder to write (replaced only with --force)')
    .option('--force', 'replace --out if it exists')
    .action(async (paths: string[], options: PlanFlags & { out: string; force?: boolean }) => {
      const prepared = await planFromFlags(paths, options);
      const count = await exportPlan(prepared.plan, prepared.input.objects, options.out, fileExportPorts, { force: options.force });
      await write(process.stdout, `wrote ${options.out} (${count} files)\nnext: kubectl kustomize ${options.out}   then   kubectl apply -k ${options.out}\n`);
      run(0);
    });

  const addWizardOptions = (command: Command) =>
    command
      .option('-n, --namespace <namespace>', 'namespace of objects that name none')
      .addOption(new Option('--level <level>', 'target Pod Security level').choices([...LEVELS]))
      .option('--kube-version <version>', 'the cluster\'s minor, to pin the version labels to: v1.N or latest')
      .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)');

  addWizardOptions(
    program
      .command('wizard')
      .description('open the interactive wizard on manifests (files, folders, kustomize folders)')
      .argument('[paths...]', 'files or folders to open'),
  ).action(async (paths: string[], options: WizardFlags) => {
    run(await startWizard(paths.length > 0 ? { kind: 'files', paths } : undefined, options));
  });

  // `kube-harden` alone opens the wizard: with --demo on the built-in demo namespace.
  addWizardOptions(program).action(async (options: WizardFlags & GlobalOptions) => {
    run(await startWizard(options.demo ? { kind: 'demo', paths: [demoInput()] } : undefined, options));
  });
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; every usage error exits 2 (commander already printed it).
      return error.exitCode === 0 ? 0 : 2;
    }
    const debug = program.opts<GlobalOptions>().debug || argv.includes('--debug');
    await write(process.stderr, `kube-harden: ${describeError(error)}\n`);
    if (debug && error instanceof Error && !(error instanceof UserError)) await write(process.stderr, `${error.stack}\n`);
    return 2;
  }
}

// A reader that stops early (`kube-harden check . | head -1`) closes the pipe: the output was
// wanted no further, so later writes are dropped instead of crashing with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
