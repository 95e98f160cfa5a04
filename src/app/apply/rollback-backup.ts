/**
 * The rollback use case: read the live objects a backup names, refuse (before any write) where
 * someone else changed them since unless forced, then put the values back in reverse order.
 * Exit codes as apply's: 0 rolled back, 1 nothing to do or refused, 3 stopped midway.
 */
import type { KubeObject } from '../../core/model/kube.js';
import type { StepTarget } from '../../core/apply/apply-steps.js';
import { describeTarget } from '../../core/apply/apply-steps.js';
import type { Backup } from '../../core/apply/backup.js';
import { planRollback, type RollbackAction } from '../../core/apply/rollback-plan.js';
import type { StepResult } from './apply-plan.js';

export interface RollbackPorts {
  getObject(target: StepTarget): Promise<KubeObject | undefined>;
  runAction(action: RollbackAction): Promise<StepResult>;
}

export interface RollbackOutcome {
  readonly exitCode: 0 | 1 | 3;
  readonly lines: readonly string[];
}

function describeAction(action: RollbackAction): string {
  return action.kind === 'delete' ? `delete ${describeTarget(action.object.target)} (kube-harden created it)` : `restore ${describeTarget(action.object.target)} (${action.fields.length} field(s))`;
}

export async function rollbackBackup(backup: Backup, ports: RollbackPorts, options: { force: boolean; dryRun: boolean }): Promise<RollbackOutcome> {
  const live = await Promise.all(backup.objects.map((object) => ports.getObject(object.target)));
  const plan = planRollback(backup, live, { force: options.force });
  const lines = [`rollback of the ${backup.phase} phase applied to namespace ${backup.namespace} at ${backup.createdAt} (context ${backup.context})`];
  if (plan.conflicts.length > 0) {
    lines.push('changed by someone else since the apply:', ...plan.conflicts.map((conflict) => `  ${conflict.object}: ${conflict.why}`));
    lines.push('refused: nothing was changed (--force puts kube-harden\'s "before" values back anyway)');
    return { exitCode: 1, lines };
  }
  if (plan.actions.length === 0) {
    lines.push('nothing to do: every object is as it was before the apply');
    return { exitCode: 1, lines };
  }
  if (options.dryRun) {
    lines.push('would:', ...plan.actions.map((action) => `  ${describeAction(action)}`), 'dry run only: nothing was changed');
    return { exitCode: 0, lines };
  }
  const done: string[] = [];
  for (const [position, action] of plan.actions.entries()) {
    const result = await ports.runAction(action);
    if (!result.ok) {
      lines.push(`stopped: ${describeAction(action)}: ${result.message}`);
      lines.push(`rolled back (${done.length}):`, ...done.map((line) => `  ${line}`));
      lines.push(`not rolled back (${plan.actions.length - position}):`, ...plan.actions.slice(position).map((item) => `  ${describeAction(item)}`));
      return { exitCode: 3, lines };
    }
    done.push(describeAction(action));
  }
  lines.push(`rolled back ${done.length} object(s):`, ...done.map((line) => `  ${line}`));
  return { exitCode: 0, lines };
}
