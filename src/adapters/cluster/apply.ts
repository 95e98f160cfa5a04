/**
 * Writes to the cluster for `apply` and `rollback`: SelfSubjectAccessReviews, server-side apply
 * with fieldManager=kube-harden (dry run or real; force only when asked), the strategic-merge
 * patches for removals and rollbacks, deletes with a uid precondition, and the backup file
 * (written atomically, mode 0600).
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import type { KubeObject } from '../../core/model/kube.js';
import type { StepTarget, WriteStep } from '../../core/apply/apply-steps.js';
import type { PermissionCheck, PermissionNeed } from '../../core/apply/permissions.js';
import type { RollbackAction } from '../../core/apply/rollback-plan.js';
import { FIELD_MANAGER } from '../../core/apply/rollback-plan.js';
import { objectPath, resourceForKind, type ApiResource } from '../../core/apply/resources.js';
import type { ClusterClient } from './http-client.js';
import { ClusterError } from './cluster-error.js';
import type { StepResult, WritePorts } from '../../app/apply/apply-plan.js';

function resourceOf(target: StepTarget): ApiResource {
  const resource = resourceForKind(target.kind);
  if (!resource) throw new Error(`no API resource known for kind ${target.kind}`);
  return resource;
}

/** One line naming what the server refused and why: the other field manager for a 409, the field for a 422. */
export function describeWriteFailure(error: unknown): { status?: number; message: string } {
  if (!(error instanceof ClusterError)) throw error;
  const status = error.details.status;
  if (error.kind === 'conflict') {
    const manager = /conflicts? with "([^"]+)"/.exec(error.message)?.[1];
    const hint = manager ? `another field manager, ${manager}, owns these fields; --force-conflicts takes them over` : 'the object changed since it was read; plan again';
    return { status, message: `${error.message} (${hint})` };
  }
  // A 403 from admission (a quota, a policy) is not about RBAC: the server's words say which.
  const serverMessage = error.details.serverMessage;
  return { status, message: serverMessage && !error.message.includes(serverMessage) ? `${error.message}: ${serverMessage}` : error.message };
}

export async function checkPermissions(client: ClusterClient, needs: readonly PermissionNeed[]): Promise<PermissionCheck[]> {
  return Promise.all(
    needs.map(async (need) => {
      const response = await client.send<{ status?: { allowed?: boolean; reason?: string } }>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: need.verb, group: need.group, resource: need.resource, ...(need.namespace ? { namespace: need.namespace } : {}), ...(need.name ? { name: need.name } : {}) } },
        },
        verb: 'create',
        resource: 'selfsubjectaccessreviews',
      });
      return { ...need, allowed: response.body.status?.allowed === true, ...(response.body.status?.reason ? { reason: response.body.status.reason } : {}) };
    }),
  );
}

/** Server-side apply of one step, then its removals; with `dryRun` nothing persists. */
export async function applyWriteStep(client: ClusterClient, step: WriteStep, options: { dryRun: boolean; forceConflicts: boolean }): Promise<StepResult> {
  const resource = resourceOf(step.target);
  const path = objectPath(resource, step.target.namespace, step.target.name);
  const common = { path, resource: resource.plural, namespace: step.target.namespace };
  const dryRun = options.dryRun ? 'All' : undefined;
  try {
    const response = await client.send<KubeObject>({
      ...common,
      method: 'PATCH',
      query: { fieldManager: FIELD_MANAGER, force: options.forceConflicts ? 'true' : undefined, dryRun },
      body: step.configuration,
      contentType: 'application/apply-patch+yaml',
      verb: 'patch',
    });
    const warnings = [...response.warnings];
    let object = response.body;
    if (step.removalPatch && !options.dryRun) {
      const removal = await client.send<KubeObject>({ ...common, method: 'PATCH', query: { fieldManager: FIELD_MANAGER }, body: step.removalPatch, contentType: 'application/strategic-merge-patch+json', verb: 'patch' });
      warnings.push(...removal.warnings);
      object = removal.body;
    }
    return { ok: true, warnings, uid: object.metadata?.uid, resourceVersion: object.metadata?.resourceVersion };
  } catch (error) {
    return { ok: false, ...describeWriteFailure(error) };
  }
}

export async function getObject(client: ClusterClient, target: StepTarget): Promise<KubeObject | undefined> {
  const resource = resourceOf(target);
  try {
    const response = await client.send<KubeObject>({ method: 'GET', path: objectPath(resource, target.namespace, target.name), verb: 'get', resource: resource.plural, namespace: target.namespace });
    return response.body;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

export async function runRollbackAction(client: ClusterClient, action: RollbackAction): Promise<StepResult> {
  const target = action.object.target;
  const resource = resourceOf(target);
  const common = { path: objectPath(resource, target.namespace, target.name), resource: resource.plural, namespace: target.namespace };
  try {
    if (action.kind === 'delete') {
      await client.send({ ...common, method: 'DELETE', body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: action.uid } }, verb: 'delete' });
      return { ok: true, warnings: [] };
    }
    // Namespaces take a merge patch; for a Namespace's labels it means the same.
    const contentType = resource.kind === 'Namespace' ? 'application/merge-patch+json' : 'application/strategic-merge-patch+json';
    const response = await client.send<KubeObject>({ ...common, method: 'PATCH', query: { fieldManager: FIELD_MANAGER }, body: action.patch, contentType, verb: 'patch' });
    return { ok: true, warnings: response.warnings };
  } catch (error) {
    return { ok: false, ...describeWriteFailure(error) };
  }
}

/** Writes a YAML file atomically (a temp file renamed over it), readable by its owner only. */
export async function writePrivateYaml(file: string, document: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = join(dirname(file), `.${Date.now()}-${process.pid}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(dump(document, { lineWidth: -1, noRefs: true }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function clusterWritePorts(client: ClusterClient): WritePorts {
  return {
    checkPermissions: (needs) => checkPermissions(client, needs),
    applyStep: (step, options) => applyWriteStep(client, step, options),
    writeBackup: (file, backup) => writePrivateYaml(file, backup),
    writeHandoff: (file, document) => writePrivateYaml(file, document),
  };
}
