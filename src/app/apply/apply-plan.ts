/**
 * The apply use case, behind ports: check permissions (and hand off what needs a cluster admin),
 * dry-run every step, ask for confirmation, write the backup, then write the steps in order and
 * stop at the first failure. Returns the exit code and the report; never throws for a refusal.
 *
 * Exit codes: 0 applied (or a clean dry run), 1 nothing to do or refused, 2 error before any
 * write, 3 stopped midway (the report and the backup say what was applied).
 */
import type { ApplySteps, WriteStep } from '../../core/apply/apply-steps.js';
import { describeTarget } from '../../core/apply/apply-steps.js';
import { createBackup, recordOutcome, type Backup } from '../../core/apply/backup.js';
import { describeNeed, permissionsFor, splitMissing, type PermissionCheck, type PermissionNeed } from '../../core/apply/permissions.js';

export type StepResult =
  | { readonly ok: true; readonly warnings: readonly string[]; readonly uid?: string; readonly resourceVersion?: string }
  | { readonly ok: false; readonly status?: number; readonly message: string };

export interface WritePorts {
  checkPermissions(needs: readonly PermissionNeed[]): Promise<PermissionCheck[]>;
  applyStep(step: WriteStep, options: { dryRun: boolean; forceConflicts: boolean }): Promise<StepResult>;
  writeBackup(file: string, backup: Backup): Promise<void>;
  writeHandoff(file: string, document: unknown): Promise<void>;
}

export interface ApplyOptions {
  readonly context: string;
  readonly server: string;
  readonly dryRun: boolean;
  /** `--yes`, or the wizard's typed confirmation already given. */
  readonly confirmed: boolean;
  readonly forceConflicts: boolean;
  readonly backupFile: string;
  /** Folder for the cluster admin's hand-off files. */
  readonly handoffDir: string;
  /** Requests in flight at once while writing workloads and NetworkPolicies. @default 8 */
  readonly concurrency?: number;
  readonly now?: () => Date;
  /** Called as each step is written (for a progress line). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ApplyOutcome {
  readonly exitCode: 0 | 1 | 2 | 3;
  readonly lines: readonly string[];
  readonly backupFile?: string;
  readonly handoffFiles?: readonly string[];
}

function describeStep(step: WriteStep): string {
  return `${describeTarget(step.target)}: ${step.summary}`;
}

/** Runs `work` over `items` with at most `limit` in flight; stops starting new ones once `stop()` is true. */
async function runBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, stop: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function listItems(plan: ApplySteps, lines: string[]): void {
  for (const item of plan.recreate) lines.push(`  manual (recreate): ${item.target.kind}/${item.target.name}: ${item.why} (changes: ${item.changes.join(', ')})`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
}

/** The Namespace apply configuration and the command a cluster admin runs. */
function handoffFor(step: WriteStep, dir: string): { file: string; document: unknown; command: string } {
  const file = `${dir.replace(/\/$/, '')}/${step.target.name}-namespace-labels.yaml`;
  return { file, document: step.configuration, command: `kubectl apply --server-side --field-manager=kube-harden -f ${file}` };
}

interface PermissionVerdict {
  /** The steps this identity may write; the rest are handed off or refused. */
  readonly steps: readonly WriteStep[];
  readonly lines: readonly string[];
  readonly handoffFiles: readonly string[];
  /** Set when nothing may go ahead. */
  readonly refusal?: ApplyOutcome;
}

/**
 * Separates what the user can apply from what a cluster admin must. Labelling a Namespace needs
 * cluster-scoped `patch namespaces`, which namespace admins usually lack: those steps become a
 * hand-off (the apply file and the command) and the rest goes ahead. A missing namespace-scoped
 * permission refuses everything, since the plan cannot be applied in part there.
 */
async function sortByPermissions(plan: ApplySteps, checks: readonly PermissionCheck[], ports: WritePorts, options: ApplyOptions): Promise<PermissionVerdict> {
  const { namespaceAdmin, clusterAdmin } = splitMissing(checks);
  if (namespaceAdmin.length === 0 && clusterAdmin.length === 0) return { steps: plan.steps, lines: [], handoffFiles: [] };
  const lines = ['permissions (SelfSubjectAccessReview):'];
  for (const check of checks) lines.push(`  ${check.allowed ? 'ok     ' : 'missing'} ${describeNeed(check)}: ${check.why}`);
  if (namespaceAdmin.length > 0) lines.push(`a namespace admin of ${plan.namespace} can grant: ${namespaceAdmin.map(describeNeed).join(', ')}`);
  const handoffFiles: string[] = [];
  const handedOff = plan.steps.filter((step) => step.kind === 'labels');
  if (clusterAdmin.length > 0) {
    lines.push(`a cluster admin must apply what needs ${clusterAdmin.map(describeNeed).join(', ')}:`);
    for (const step of handedOff) {
      const handoff = handoffFor(step, options.handoffDir);
      await ports.writeHandoff(handoff.file, handoff.document);
      handoffFiles.push(handoff.file);
      lines.push(`  hand-off written to ${handoff.file}; the admin runs: ${handoff.command}`);
    }
  }
  const rest = plan.steps.filter((step) => !handedOff.includes(step));
  if (namespaceAdmin.length > 0 || rest.length === 0) {
    lines.push(rest.length === 0 ? 'nothing else to apply: nothing was written to the cluster' : 'refused: nothing was written to the cluster');
    return { steps: [], lines, handoffFiles, refusal: { exitCode: 1, lines, handoffFiles } };
  }
  lines.push(`the other ${rest.length} change(s) are yours to apply; the labels wait for the admin`);
  return { steps: rest, lines, handoffFiles };
}

function withHandoffs(files: readonly string[]): { handoffFiles?: readonly string[] } {
  return files.length > 0 ? { handoffFiles: files } : {};
}

export async function applySteps(plan: ApplySteps, ports: WritePorts, options: ApplyOptions): Promise<ApplyOutcome> {
  const lines: string[] = [];
  const header = `${options.dryRun ? 'dry run of ' : ''}${plan.phase} phase for namespace ${plan.namespace} (context ${options.context}): ${plan.steps.length} object(s) to change`;
  lines.push(header);
  listItems(plan, lines);
  if (plan.steps.length === 0) {
    lines.push('nothing to do');
    return { exitCode: 1, lines };
  }

  const permitted = await sortByPermissions(plan, await ports.checkPermissions(permissionsFor(plan.steps)), ports, options);
  if (permitted.refusal) return { ...permitted.refusal, lines: [...lines, ...permitted.refusal.lines] };
  lines.push(...permitted.lines);
  const handoffFiles = permitted.handoffFiles;
  plan = { ...plan, steps: permitted.steps };

  // Every change first as a dry run (dryRun=All): what the server says, nothing persisted.
  lines.push('server dry run (dryRun=All, nothing persisted):');
  const failures: string[] = [];
  const concurrency = options.concurrency ?? 8;
  const dryResults = new Map<WriteStep, StepResult>();
  await runBounded(plan.steps, concurrency, async (step) => void dryResults.set(step, await ports.applyStep(step, { dryRun: true, forceConflicts: options.forceConflicts })), () => false);
  for (const step of plan.steps) {
    const result = dryResults.get(step)!;
    if (!result.ok) {
      failures.push(`  failed  ${describeStep(step)}: ${result.message}`);
      continue;
    }
    lines.push(`  ok      ${describeStep(step)}`);
    for (const warning of result.warnings) lines.push(`          Warning: ${warning}`);
  }
  if (failures.length > 0) {
    lines.push(...failures, 'stopped before any write: the server refused the dry run above');
    return { exitCode: 2, lines, ...withHandoffs(handoffFiles) };
  }
  if (options.dryRun) {
    lines.push('dry run only: nothing was written');
    return { exitCode: 0, lines, ...withHandoffs(handoffFiles) };
  }
  if (!options.confirmed) {
    lines.push(`refused: pass --yes to write these changes to namespace ${plan.namespace}`);
    return { exitCode: 1, lines, ...withHandoffs(handoffFiles) };
  }

  const now = options.now?.() ?? new Date();
  let backup = createBackup(plan, { context: options.context, server: options.server, createdAt: now.toISOString() });
  try {
    await ports.writeBackup(options.backupFile, backup);
  } catch (error) {
    lines.push(`cannot write the backup ${options.backupFile}: ${String((error as Error).message).split('\n')[0]}; nothing was written to the cluster`);
    return { exitCode: 2, lines, ...withHandoffs(handoffFiles) };
  }
  lines.push(`backup written to ${options.backupFile}`);

  // In order: labels, then workloads, then NetworkPolicies; a group starts only when the one before succeeded.
  const index = new Map(plan.steps.map((step, position) => [step, position]));
  let failed: { step: WriteStep; message: string } | undefined;
  let done = 0;
  for (const kind of ['labels', 'workload', 'network-policy'] as const) {
    if (failed) break;
    const group = plan.steps.filter((step) => step.kind === kind);
    await runBounded(
      group,
      concurrency,
      async (step) => {
        const result = await ports.applyStep(step, { dryRun: false, forceConflicts: options.forceConflicts });
        const position = index.get(step)!;
        if (result.ok) {
          backup = recordOutcome(backup, position, 'applied', step.kind === 'network-policy' ? { uid: result.uid, resourceVersion: result.resourceVersion } : undefined);
          for (const warning of result.warnings) lines.push(`  Warning (${describeTarget(step.target)}): ${warning}`);
        } else {
          backup = recordOutcome(backup, position, 'failed');
          failed ??= { step, message: result.message };
        }
        options.onProgress?.(++done, plan.steps.length);
      },
      () => failed !== undefined,
    );
  }
  backup = { ...backup, objects: backup.objects.map((object) => (object.outcome === 'pending' ? { ...object, outcome: 'not-attempted' } : object)) };
  try {
    await ports.writeBackup(options.backupFile, backup);
  } catch (error) {
    lines.push(`warning: cannot update the backup with the outcome: ${String((error as Error).message).split('\n')[0]} (rollback still works from it)`);
  }
  const applied = plan.steps.filter((_, position) => backup.objects[position]!.outcome === 'applied');
  const notApplied = plan.steps.filter((_, position) => backup.objects[position]!.outcome !== 'applied');
  if (!failed) {
    lines.push(`applied ${applied.length} object(s):`, ...applied.map((step) => `  ${describeStep(step)}`));
    lines.push(`undo with: kube-harden rollback ${options.backupFile}`);
    return { exitCode: 0, lines, backupFile: options.backupFile, ...withHandoffs(handoffFiles) };
  }
  lines.push(`stopped: ${describeTarget(failed.step.target)}: ${failed.message}`);
  lines.push(`applied (${applied.length}):`, ...applied.map((step) => `  ${describeStep(step)}`));
  lines.push(`not applied (${notApplied.length}):`, ...notApplied.map((step) => `  ${describeStep(step)}`));
  lines.push(`undo what was applied with: kube-harden rollback ${options.backupFile}`);
  return { exitCode: 3, lines, backupFile: options.backupFile, ...withHandoffs(handoffFiles) };
}
