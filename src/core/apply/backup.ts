/**
 * The backup `apply` writes before its first real write: per object, what kube-harden is about to
 * change and the values before (created objects: that they were created). It never holds a
 * Secret: kube-harden never reads or writes one. `rollback` reads it back.
 */
import type { FieldPath, PathStep } from '../model/change.js';
import type { JsonValue } from '../model/kube.js';
import type { ApplyPhase, ApplySteps, FieldChange, StepKind, StepTarget } from './apply-steps.js';
import { isObject } from '../model/json.js';

export const BACKUP_API_VERSION = 'kube-harden.dev/v1alpha1';
export const BACKUP_KIND = 'ApplyBackup';

export type BackupOutcome = 'pending' | 'applied' | 'failed' | 'not-attempted';

export interface BackupObject {
  readonly step: StepKind;
  readonly target: StepTarget;
  /** `patch`: fields changed in place; `create`: the object did not exist before. */
  readonly action: 'patch' | 'create';
  readonly uid?: string;
  /** The resourceVersion before (patch) or right after kube-harden created it (create). */
  readonly resourceVersion?: string;
  readonly fields: readonly FieldChange[];
  readonly outcome: BackupOutcome;
}

export interface Backup {
  readonly apiVersion: typeof BACKUP_API_VERSION;
  readonly kind: typeof BACKUP_KIND;
  readonly context: string;
  readonly server: string;
  readonly namespace: string;
  readonly phase: ApplyPhase;
  readonly createdAt: string;
  readonly objects: readonly BackupObject[];
}

export function createBackup(plan: ApplySteps, where: { context: string; server: string; createdAt: string }): Backup {
  return {
    apiVersion: BACKUP_API_VERSION,
    kind: BACKUP_KIND,
    context: where.context,
    server: where.server,
    namespace: plan.namespace,
    phase: plan.phase,
    createdAt: where.createdAt,
    objects: plan.steps.map((step) => ({
      step: step.kind,
      target: step.target,
      action: step.kind === 'network-policy' ? 'create' : 'patch',
      ...(step.uid ? { uid: step.uid } : {}),
      ...(step.resourceVersion ? { resourceVersion: step.resourceVersion } : {}),
      fields: step.fields,
      outcome: 'pending',
    })),
  };
}

/** The backup with one object's outcome (and, for a created object, its uid and resourceVersion). */
export function recordOutcome(backup: Backup, index: number, outcome: BackupOutcome, created?: { uid?: string; resourceVersion?: string }): Backup {
  const objects = backup.objects.map((object, position) =>
    position === index ? { ...object, outcome, ...(created?.uid ? { uid: created.uid } : {}), ...(created?.resourceVersion ? { resourceVersion: created.resourceVersion } : {}) } : object,
  );
  return { ...backup, objects };
}

/** `kube-harden-backups/shop-20250101T120000Z.yaml` */
export function backupFileName(namespace: string, date: Date): string {
  return `${namespace}-${date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.yaml`;
}

function parseStep(value: unknown): PathStep | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.list === 'string' && typeof value.key === 'string' && typeof value.value === 'string') return { list: value.list, key: value.key, value: value.value };
  return undefined;
}

function parseFields(value: unknown, entry: string, problems: string[]): FieldChange[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${entry}: expected a list`);
    return [];
  }
  return value.flatMap((item, index) => {
    const path = isObject(item) && Array.isArray(item.path) ? item.path.map(parseStep) : undefined;
    if (!path || path.length === 0 || path.some((step) => step === undefined)) {
      problems.push(`${entry}[${index}].path: expected a list of keys and {list, key, value} steps`);
      return [];
    }
    const field = item as { before?: JsonValue; after?: JsonValue };
    return [{ path: path as FieldPath, ...('before' in field ? { before: field.before } : {}), ...('after' in field ? { after: field.after } : {}) }];
  });
}

/** Reads a backup document; returns it, or the problems found (each naming its entry). */
export function parseBackup(document: unknown): { backup?: Backup; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(document) || document.apiVersion !== BACKUP_API_VERSION || document.kind !== BACKUP_KIND) {
    return { problems: [`not a kube-harden backup (expected apiVersion ${BACKUP_API_VERSION} and kind ${BACKUP_KIND})`] };
  }
  for (const key of ['context', 'server', 'namespace', 'createdAt'] as const) if (typeof document[key] !== 'string') problems.push(`${key}: expected a string`);
  if (document.phase !== 'prepare' && document.phase !== 'enforce') problems.push('phase: expected prepare or enforce');
  const objects = Array.isArray(document.objects) ? document.objects : (problems.push('objects: expected a list'), []);
  const parsed = objects.flatMap((item: unknown, index: number): BackupObject[] => {
    const entry = `objects[${index}]`;
    const target = isObject(item) && isObject(item.target) ? item.target : undefined;
    if (!isObject(item) || !target || typeof target.kind !== 'string' || typeof target.name !== 'string' || typeof target.apiVersion !== 'string') {
      problems.push(`${entry}: expected step, target {apiVersion, kind, name}, action and fields`);
      return [];
    }
    if (item.action !== 'patch' && item.action !== 'create') problems.push(`${entry}.action: expected patch or create`);
    return [
      {
        step: item.step as StepKind,
        target: { apiVersion: target.apiVersion, kind: target.kind, name: target.name, ...(typeof target.namespace === 'string' ? { namespace: target.namespace } : {}) },
        action: item.action === 'create' ? 'create' : 'patch',
        ...(typeof item.uid === 'string' ? { uid: item.uid } : {}),
        ...(typeof item.resourceVersion === 'string' ? { resourceVersion: item.resourceVersion } : {}),
        fields: parseFields(item.fields, `${entry}.fields`, problems),
        outcome: (['pending', 'applied', 'failed', 'not-attempted'] as const).find((outcome) => outcome === item.outcome) ?? 'pending',
      },
    ];
  });
  if (problems.length > 0) return { problems };
  return { backup: { ...(document as unknown as Backup), objects: parsed }, problems };
}
