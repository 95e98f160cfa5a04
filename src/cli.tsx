#!/usr/bin/env node
/**
 * The one composition root: argv → options → adapters → a headless command (or, later, the wizard).
 * Heavy modules (Ink, React, @kubernetes/client-node) are imported lazily, only by the commands
 * that need them, so `check` on a file starts as fast as Node itself allows.
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { load } from 'js-yaml';
import { DEFAULT_ADMISSION, parseAdmissionConfig, type AdmissionConfig } from './core/model/admission.js';
import { LEVELS, parseLevel, parseVersion, type LevelVersion } from './core/model/policy.js';
import { UserError, describeError } from './app/errors.js';
import { buildCheckReport, checkExitCode } from './app/check/build-report.js';
import { formatErrors, formatJson, formatText } from './app/check/format-report.js';
import { readInputs } from './adapters/files/index.js';
import { demoPath } from './adapters/templates/locate.js';
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
    throw new UserError(`${file}: cannot read the admission configuration: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document: unknown;
  try {
    document = load(text, { maxAliases: 100 });
  } catch (error) {
    throw new UserError(`${file}: not valid YAML: ${String((error as Error).message).split('\n')[0]}`);
  }
  const { config, problems } = parseAdmissionConfig(document);
  if (!config) {
    throw new UserError(problems.map((problem) => `${file}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`).join('\n'));
  }
  return config;
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
    .showHelpAfterError('(run kube-harden --help for usage)')
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
      run(await runCheck(global.demo && paths.length === 0 ? [demoPath()] : paths, options));
    });

  program.action(async () => {
    // Until the wizard lands, the main job on the demo is its check report: a tour, not a gate,
    // so it exits 0 unless the demo itself cannot be read.
    const code = await runCheck([demoPath()], { level: 'restricted', pssVersion: 'latest', output: 'text' });
    await write(process.stdout, '\nThis is the built-in demo namespace. Check your own manifests with: kube-harden check PATH...\n');
    run(code === 2 ? 2 : 0);
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

main(process.argv).then((code) => {
  process.exitCode = code;
});
