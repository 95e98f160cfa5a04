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
import type { ReadInputs } from './app/check/build-report.js';
import { UserError, describeError } from './app/errors.js';
import { buildCheckReport, checkExitCode } from './app/check/build-report.js';
import { formatErrors, formatJson, formatText } from './app/check/format-report.js';
import { readInputs } from './adapters/files/index.js';
import { demoPath } from './adapters/templates/locate.js';
import { fileExportPorts } from './adapters/files/export-ports.js';
import { exportPlan } from './app/export/export-plan.js';
import { parsePlanSettings, renderPlanDocument } from './core/plan/plan-file.js';
import { formatInputError } from './core/model/workload.js';
import type { Plan, PlanSettings } from './core/model/plan.js';
import { planPaths, preparePlan, type PlanRequest, type PreparedPlan } from './app/plan/prepare-plan.js';
import { planExitCode, planToJson, planToText } from './app/plan/format-plan.js';
import { toYaml } from './app/export/render-export.js';
import type { InitialOptions, SourceChoice } from './app/session/wizard-state.js';
import type { LiveSource } from './adapters/cluster/live-source.js';
import { resolveNamespacePolicy } from './core/model/admission.js';
import { formatVersion } from './core/model/policy.js';
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

async function loadPlanFile(file: string | undefined): Promise<{ path: string; settings: PlanSettings; document: unknown } | undefined> {
  if (!file) return undefined;
  const document = await readYamlFile(file, 'plan file');
  const { settings, problems } = parsePlanSettings(document);
  if (!settings) throw new UserError(problems.map((problem) => `${file}: ${problem.entry || 'document'}: ${problem.message}`).join('\n'));
  return { path: file, settings, document };
}

interface ClusterFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
}

interface PlanFlags extends ClusterFlags {
  level?: string;
  kubeVersion?: string;
  plan?: string;
  admissionConfig?: string;
}

/** Reads one namespace of a live cluster (client-node is loaded only here). */
async function readCluster(flags: ClusterFlags): Promise<LiveSource> {
  const { readLiveNamespace } = await import('./adapters/cluster/live-source.js');
  return readLiveNamespace({ kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace });
}

/** Reads inputs and builds the plan; input errors and plan-file problems end the command (exit 2). */
async function planFromFlags(
  paths: string[],
  flags: PlanFlags,
): Promise<PreparedPlan & { plan: NonNullable<PreparedPlan['plan']>; live?: LiveSource; admission: AdmissionConfig }> {
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
  const planSource = request.planFile?.settings.source;
  if (inputPaths.length === 0) {
    // No files: the namespace of a live cluster (-n, --context, or the plan file's source).
    const fromPlan = planSource && 'context' in planSource ? planSource : undefined;
    const live = await readCluster({ ...flags, context: flags.context ?? fromPlan?.context, namespace: flags.namespace ?? fromPlan?.namespace });
    const prepared = preparePlan(live.scan, {
      ...request,
      kubeVersion: request.kubeVersion ?? (request.planFile ? undefined : live.minor),
      cluster: { context: live.context, namespace: live.namespace },
    });
    if (!prepared.plan) throw new UserError(prepared.problems.join('\n'));
    return { ...prepared, plan: prepared.plan, live, admission: request.admission ?? DEFAULT_ADMISSION };
  }
  const input = await readInputs([...inputPaths], { readStdin });
  if (input.errors.length > 0) {
    await write(process.stderr, input.errors.map((error) => `error: ${formatInputError(error)}\n`).join(''));
  }
  const prepared = preparePlan(input, request);
  const errors = [...prepared.collected.errors.filter((error) => !input.errors.includes(error))];
  if (errors.length > 0) await write(process.stderr, errors.map((error) => `error: ${formatInputError(error)}\n`).join(''));
  if (input.errors.length > 0 || errors.length > 0) throw new UserError('input errors above; nothing was planned or written');
  if (!prepared.plan) throw new UserError(prepared.problems.join('\n'));
  return { ...prepared, plan: prepared.plan, admission: request.admission ?? DEFAULT_ADMISSION };
}

interface WizardFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
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
  const [{ runWizard }, { fileWizardPorts }, { clusterWizardPorts }] = await Promise.all([
    import('./ui/run-wizard.js'),
    import('./adapters/wizard/file-ports.js'),
    import('./adapters/wizard/cluster-ports.js'),
  ]);
  return runWizard(initial, { ...fileWizardPorts, cluster: clusterWizardPorts({ kubeconfig: flags.kubeconfig, context: flags.context }) });
}

async function runCheck(
  paths: string[],
  options: ClusterFlags & { level?: string; pssVersion: string; output: Output; admissionConfig?: string },
): Promise<number> {
  const admission = await loadAdmissionConfig(options.admissionConfig);
  const live = paths.length === 0 && (options.namespace || options.context || options.kubeconfig);
  if (paths.length === 0 && !live) {
    throw new UserError('no input given', 'pass files, folders, or - to read standard input; or --context/-n to read a cluster');
  }
  let input: ReadInputs;
  let policy: LevelVersion;
  if (live) {
    const source = await readCluster(options);
    input = source.scan;
    // Without --level, each workload is judged as its namespace's labels would judge it (enforce).
    policy = options.level
      ? policyFrom({ level: options.level, pssVersion: options.pssVersion })
      : resolveNamespacePolicy(source.labels, admission.defaults).policy.enforce;
  } else {
    policy = policyFrom({ level: options.level ?? 'restricted', pssVersion: options.pssVersion });
    input = await readInputs(paths, { readStdin });
  }
  const report = buildCheckReport(input, policy, { admission });
  if (options.output === 'json') await write(process.stdout, formatJson(report));
  else if (options.output === 'sarif') {
    const { formatSarif } = await import('./app/check/format-sarif.js');
    await write(process.stdout, formatSarif(report, VERSION));
  } else await write(process.stdout, formatText(report));
  await write(process.stderr, formatErrors(report));
  return checkExitCode(report);
}

interface ServerPreview {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serverEvaluates: boolean;
  readonly predictedWarnings: readonly string[];
  readonly serverWarnings?: readonly string[];
  readonly unavailable?: string;
  readonly agrees?: boolean;
}

/** The recommended labels sent to the server as a dry run (nothing persists), beside our prediction. */
async function serverPreview(plan: Plan, live: LiveSource, admission: AdmissionConfig): Promise<ServerPreview | undefined> {
  const namespace = plan.namespaces.find((item) => item.name === live.namespace);
  if (!namespace) return undefined;
  const { previewEnforce } = await import('./app/plan/server-preview.js');
  const { dryRunNamespaceLabels } = await import('./adapters/cluster/read-namespace.js');
  const { ClusterError } = await import('./adapters/cluster/cluster-error.js');
  const predicted = previewEnforce(namespace, live.scan.pods, admission);
  const base = { namespace: namespace.name, labels: predicted.labels, serverEvaluates: predicted.serverEvaluates, predictedWarnings: predicted.predicted };
  try {
    const serverWarnings = await dryRunNamespaceLabels(live.client, namespace.name, predicted.labels);
    return { ...base, serverWarnings, agrees: JSON.stringify(serverWarnings) === JSON.stringify(predicted.predicted) };
  } catch (error) {
    if (error instanceof ClusterError) return { ...base, unavailable: describeError(error) };
    throw error;
  }
}

function serverPreviewText(preview: ServerPreview): string {
  const lines = [`server dry run of the labels for namespace ${preview.namespace} (nothing persisted):`];
  if (preview.unavailable) lines.push(`  unavailable: ${preview.unavailable}`);
  else if (preview.serverWarnings!.length === 0) lines.push('  no warnings: the existing pods meet the new enforce level');
  else for (const warning of preview.serverWarnings!) lines.push(`  Warning: ${warning}`);
  if (!preview.unavailable) lines.push(preview.agrees ? '  kube-harden predicted exactly these warnings' : `  kube-harden predicted: ${preview.predictedWarnings.join(' | ') || 'no warnings'}`);
  return `${lines.join('\n')}\n`;
}

interface ApplyFlags extends ClusterFlags {
  plan: string;
  phase: string;
  dryRun?: boolean;
  yes?: boolean;
  forceConflicts?: boolean;
  allowSystemNamespace?: boolean;
  backup?: string;
  handoffDir?: string;
  admissionConfig?: string;
}

/** Prints a report and returns its exit code. */
async function report(outcome: { exitCode: number; lines: readonly string[] }): Promise<number> {
  await write(outcome.exitCode === 0 ? process.stdout : process.stderr, `${outcome.lines.join('\n')}\n`);
  return outcome.exitCode;
}

async function runApply(flags: ApplyFlags): Promise<number> {
  if (flags.phase !== 'prepare' && flags.phase !== 'enforce') throw new UserError(`--phase ${flags.phase}: must be prepare or enforce`);
  const phase = flags.phase;
  const planFile = (await loadPlanFile(flags.plan))!;
  const { document } = planFile;
  const source = planFile.settings.source;
  const fromPlan = 'context' in source ? source : undefined;
  const admission = await loadAdmissionConfig(flags.admissionConfig);
  const { loadClusterTarget } = await import('./adapters/cluster/kubeconfig.js');
  const target = await loadClusterTarget({ kubeconfig: flags.kubeconfig, context: flags.context ?? fromPlan?.context, namespace: flags.namespace ?? fromPlan?.namespace });
  const { refuseTarget, observedAtPlanning } = await import('./app/apply/check-target.js');
  // Refused before anything is read from the cluster.
  const refusal = refuseTarget(source, { context: target.context, namespace: target.namespace }, { allowSystemNamespace: flags.allowSystemNamespace ?? false });
  if (refusal) return report({ exitCode: 1, lines: [`refused: ${refusal}; nothing was written`] });
  const { stepsForLivePlan } = await import('./app/apply/steps-for-live-plan.js');
  const live = await readCluster({ kubeconfig: flags.kubeconfig, context: target.context, namespace: target.namespace });
  const observed = observedAtPlanning(document);
  if (phase === 'prepare' && observed.length === 0) {
    // Only `plan -o yaml` records what it saw (status.patched); a hand-written plan cannot say.
    await write(process.stdout, 'note: the plan file has no status (kube-harden plan -o yaml writes one), so changes made since planning cannot be detected\n');
  }
  const prepared = stepsForLivePlan(live, { phase, planFile, admission, observed, allowSystemNamespace: flags.allowSystemNamespace ?? false, replan: 'kube-harden plan -o yaml' });
  if ('refused' in prepared) return report(prepared.refused);
  const steps = prepared.steps;

  const { backupFileName } = await import('./core/apply/backup.js');
  const { applySteps } = await import('./app/apply/apply-plan.js');
  const { clusterWritePorts } = await import('./adapters/cluster/apply.js');
  const now = new Date();
  const outcome = await applySteps(steps, clusterWritePorts(live.client), {
    context: live.context,
    server: live.client.target.server,
    dryRun: flags.dryRun ?? false,
    confirmed: flags.yes ?? false,
    forceConflicts: flags.forceConflicts ?? false,
    backupFile: flags.backup ?? `kube-harden-backups/${backupFileName(live.namespace, now)}`,
    handoffDir: flags.handoffDir ?? 'kube-harden-handoff',
    now: () => now,
  });
  return report(outcome);
}

async function runRollback(file: string, flags: { kubeconfig?: string; context?: string; force?: boolean; dryRun?: boolean }): Promise<number> {
  const { parseBackup } = await import('./core/apply/backup.js');
  const { backup, problems } = parseBackup(await readYamlFile(file, 'backup'));
  if (!backup) throw new UserError(problems.map((problem) => `${file}: ${problem}`).join('\n'));
  const { loadClusterTarget } = await import('./adapters/cluster/kubeconfig.js');
  const { createClusterClient } = await import('./adapters/cluster/http-client.js');
  const { getObject, runRollbackAction } = await import('./adapters/cluster/apply.js');
  const { rollbackBackup } = await import('./app/apply/rollback-backup.js');
  const target = await loadClusterTarget({ kubeconfig: flags.kubeconfig, context: flags.context ?? backup.context });
  if (target.server !== backup.server) return report({ exitCode: 1, lines: [`refused: the backup was made on ${backup.server}, and context ${target.context} points at ${target.server}; nothing was changed`] });
  const client = createClusterClient(target);
  return report(await rollbackBackup(backup, { getObject: (object) => getObject(client, object), runAction: (action) => runRollbackAction(client, action) }, { force: flags.force ?? false, dryRun: flags.dryRun ?? false }));
}

async function runNamespaces(options: ClusterFlags & { output: string }): Promise<number> {
  const { loadClusterTarget } = await import('./adapters/cluster/kubeconfig.js');
  const { createClusterClient } = await import('./adapters/cluster/http-client.js');
  const { listNamespaces } = await import('./adapters/cluster/read-namespace.js');
  const target = await loadClusterTarget(options);
  const namespaces = await listNamespaces(createClusterClient(target));
  const rows = namespaces.map((namespace) => {
    const policy = resolveNamespacePolicy(namespace.labels).policy;
    const labels = Object.fromEntries(Object.entries(namespace.labels).filter(([key]) => key.startsWith('pod-security.kubernetes.io/')));
    return { name: namespace.name, labels, enforce: policy.enforce, audit: policy.audit, warn: policy.warn };
  });
  if (options.output === 'json') {
    await write(process.stdout, `${JSON.stringify(rows.map((row) => ({ name: row.name, labels: row.labels })), null, 2)}\n`);
    return 0;
  }
  const lines = [['NAMESPACE', 'ENFORCE', 'AUDIT', 'WARN']];
  for (const row of rows) {
    const cell = (mode: 'enforce' | 'audit' | 'warn') => (row.labels[`pod-security.kubernetes.io/${mode}`] ? `${row[mode].level}:${formatVersion(row[mode].version)}` : '-');
    lines.push([row.name, cell('enforce'), cell('audit'), cell('warn')]);
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  await write(process.stdout, lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('   ').trimEnd()).join('\n') + '\n');
  return 0;
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
    .addOption(new Option('--level <level>', 'Pod Security Standards level (default: restricted; on a cluster, each namespace\'s enforce label)').choices([...LEVELS]))
    .option('--pss-version <version>', 'policy version, as in the pod-security.kubernetes.io/*-version labels: latest or v1.N', 'latest')
    .addOption(new Option('-o, --output <format>', 'output format').choices([...OUTPUTS]).default('text'))
    .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)')
    .option('-n, --namespace <namespace>', 'read this namespace of the cluster instead of files')
    .option('--context <name>', 'kubeconfig context to read (default: the current one)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
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
      .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)')
      .option('--context <name>', 'read a namespace of this kubeconfig context instead of files (with -n)')
      .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)');

  program
    .command('namespaces')
    .description('list the cluster\'s namespaces with their Pod Security labels')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (options: ClusterFlags & { output: string }) => run(await runNamespaces(options)));

  addPlanOptions(
    program
      .command('plan')
      .description('classify workloads, recommend levels, and propose securityContext fixes and NetworkPolicies'),
  )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'yaml', 'json']).default('text'))
    .action(async (paths: string[], options: PlanFlags & { output: string }) => {
      const { plan, live, admission } = await planFromFlags(paths, options);
      const preview = live ? await serverPreview(plan, live, admission) : undefined;
      if (options.output === 'json') await write(process.stdout, `${JSON.stringify({ ...planToJson(plan), ...(preview ? { serverPreview: preview } : {}) }, null, 2)}\n`);
      else if (options.output === 'yaml') await write(process.stdout, toYaml(renderPlanDocument(plan, { status: true })));
      else await write(process.stdout, planToText(plan) + (preview ? serverPreviewText(preview) : ''));
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

  program
    .command('apply')
    .description('apply a plan made from a cluster: server-side apply (field manager kube-harden), dry run first, backup before the first write')
    .requiredOption('--plan <file>', 'the plan file (kube-harden plan --context/-n ... -o yaml)')
    .addOption(new Option('--phase <phase>', 'prepare: warn/audit labels, workload changes, NetworkPolicies; enforce: the enforce label').choices(['prepare', 'enforce']).default('prepare'))
    .option('--dry-run', 'send every change with dryRun=All and show what the server says; write nothing')
    .option('--yes', 'write the changes (without it, apply stops after the dry run)')
    .option('--force-conflicts', 'take over fields another field manager owns (server-side apply force)')
    .option('--allow-system-namespace', 'allow kube-system, kube-public and kube-node-lease')
    .option('--backup <file>', 'where to write the backup (default: ./kube-harden-backups/<namespace>-<timestamp>.yaml)')
    .option('--handoff-dir <dir>', 'where to write what a cluster admin must apply', 'kube-harden-handoff')
    .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)')
    .option('-n, --namespace <namespace>', 'target namespace (default: the plan\'s; a different one is refused)')
    .option('--context <name>', 'kubeconfig context (default: the plan\'s; a different one is refused)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .action(async (options: ApplyFlags) => run(await runApply(options)));

  program
    .command('rollback')
    .description('put back what an apply changed, from its backup; refuses where someone else changed an object since')
    .argument('<backup>', 'the backup file apply wrote')
    .option('--force', 'put the values back even where someone else changed them since')
    .option('--dry-run', 'show what would be put back; change nothing')
    .option('--context <name>', 'kubeconfig context (default: the backup\'s)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .action(async (file: string, options: { kubeconfig?: string; context?: string; force?: boolean; dryRun?: boolean }) => run(await runRollback(file, options)));

  const addWizardOptions = (command: Command) =>
    command
      .option('-n, --namespace <namespace>', 'namespace of objects that name none')
      .addOption(new Option('--level <level>', 'target Pod Security level').choices([...LEVELS]))
      .option('--kube-version <version>', 'the cluster\'s minor, to pin the version labels to: v1.N or latest')
      .option('--admission-config <file>', 'the cluster\'s PodSecurityConfiguration (defaults and exemptions)')
      .option('--context <name>', 'kubeconfig context offered on the Source step (default: the current one)')
      .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)');

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
