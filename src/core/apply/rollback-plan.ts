/**
 * From a backup and the live objects, what rollback does: put back the values kube-harden changed,
 * delete what it created, and refuse (before any write) where someone else changed the object since.
 */
import type { KubeObject } from '../model/kube.js';
import type { Backup, BackupObject } from './backup.js';
import { sameJson, describeTarget, type FieldChange } from './apply-steps.js';
import { formatPath, patchFromValues, valueAt } from './field-path.js';

export const FIELD_MANAGER = 'kube-harden';

export type RollbackAction =
  | { readonly kind: 'patch'; readonly object: BackupObject; readonly patch: Record<string, unknown>; readonly fields: readonly FieldChange[] }
  | { readonly kind: 'delete'; readonly object: BackupObject; readonly uid: string };

export interface RollbackConflict {
  readonly object: string;
  readonly why: string;
}

export interface RollbackPlan {
  /** In reverse order of the apply: NetworkPolicies first, the labels last. */
  readonly actions: readonly RollbackAction[];
  readonly conflicts: readonly RollbackConflict[];
  /** Objects with nothing to put back (never applied, or already as before). */
  readonly unchanged: readonly string[];
}

function managedByKubeHarden(object: KubeObject): boolean {
  const entries = (object.metadata as { managedFields?: { manager?: string }[] } | undefined)?.managedFields ?? [];
  return entries.some((entry) => entry.manager === FIELD_MANAGER);
}

function planDelete(object: BackupObject, live: KubeObject | undefined, force: boolean): RollbackAction | RollbackConflict | undefined {
  const name = describeTarget(object.target);
  if (!live) return undefined;
  const uid = String(live.metadata?.uid ?? '');
  if (object.uid && object.uid !== uid) return force ? undefined : { object: name, why: 'it was deleted and created again by someone else since' };
  if (!object.uid && !managedByKubeHarden(live)) return force ? { kind: 'delete', object, uid } : { object: name, why: 'kube-harden did not create it (no kube-harden field manager)' };
  if (object.resourceVersion && live.metadata?.resourceVersion !== object.resourceVersion && !force) return { object: name, why: 'it was changed by someone else since kube-harden created it' };
  return { kind: 'delete', object, uid };
}

function planPatch(object: BackupObject, live: KubeObject | undefined, force: boolean): RollbackAction | RollbackConflict | undefined {
  const name = describeTarget(object.target);
  if (!live) return { object: name, why: 'it no longer exists' };
  if (object.uid && live.metadata?.uid !== object.uid) return { object: name, why: 'it was deleted and created again since' };
  const restore: FieldChange[] = [];
  const changedByOthers: string[] = [];
  for (const field of object.fields) {
    const now = valueAt(live, field.path);
    if (sameJson(now, field.before)) continue;
    if (!sameJson(now, field.after)) changedByOthers.push(formatPath(field.path));
    if (sameJson(now, field.after) || force) restore.push(field);
  }
  if (changedByOthers.length > 0 && !force) return { object: name, why: `changed by someone else since: ${changedByOthers.join(', ')}` };
  if (restore.length === 0) return undefined;
  return { kind: 'patch', object, patch: patchFromValues(restore.map((field) => ({ path: field.path, value: field.before }))), fields: restore };
}

/** `live[i]` is the live object for `backup.objects[i]`, or undefined when it does not exist. */
export function planRollback(backup: Backup, live: readonly (KubeObject | undefined)[], options: { force?: boolean } = {}): RollbackPlan {
  const actions: RollbackAction[] = [];
  const conflicts: RollbackConflict[] = [];
  const unchanged: string[] = [];
  for (let index = backup.objects.length - 1; index >= 0; index--) {
    const object = backup.objects[index]!;
    const result = object.action === 'create' ? planDelete(object, live[index], options.force ?? false) : planPatch(object, live[index], options.force ?? false);
    if (!result) unchanged.push(describeTarget(object.target));
    else if ('why' in result) conflicts.push(result);
    else actions.push(result);
  }
  return { actions, conflicts, unchanged };
}
