import type { KubeObject, PodTemplate } from './kube.js';

/**
 * Where a document came from: the file as the user gave it (`-` for stdin) and its position
 * counting from 1 (`3`; an item of a `List` in document 3 is `3.2`).
 */
export interface SourceRef {
  readonly file: string;
  readonly document: string;
  /** First line of the document in its file, counting from 1, when known. */
  readonly line?: number;
}

export function formatSource(source: SourceRef): string {
  return `${source.file}#${source.document}`;
}

export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export function formatRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.name}`;
}

/** `kind/namespace/name`: unique within one input set. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** One Kubernetes object read from input, with where it came from. */
export interface SourcedObject {
  readonly object: KubeObject;
  readonly source: SourceRef;
}

/** The kinds whose objects carry a pod template that Pod Security Admission evaluates. */
export const POD_BEARING_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
] as const;
export type PodBearingKind = (typeof POD_BEARING_KINDS)[number];

export function isPodBearingKind(kind: unknown): kind is PodBearingKind {
  return typeof kind === 'string' && (POD_BEARING_KINDS as readonly string[]).includes(kind);
}

/**
 * A pod-bearing object, ready for evaluation: `pod` is its pod template after the API-server
 * defaults that change Pod Security verdicts; `templatePath` says where that template sits in
 * `object` (empty for a Pod, `['spec','jobTemplate','spec','template']` for a CronJob).
 */
export interface Workload {
  readonly ref: ObjectRef;
  readonly kind: PodBearingKind;
  readonly source: SourceRef;
  readonly object: KubeObject;
  readonly templatePath: readonly string[];
  readonly pod: PodTemplate;
}

/** An input problem: never hides the other documents, always makes the exit code 2. */
export interface InputError {
  readonly file: string;
  /** Document position, when the problem is inside one document. */
  readonly document?: string;
  readonly line?: number;
  /** Field path inside the document, such as `spec.template.spec.containers`. */
  readonly field?: string;
  readonly message: string;
}

export function formatInputError(error: InputError): string {
  const where = error.document ? `${error.file}#${error.document}` : error.file;
  const line = error.line ? `:${error.line}` : '';
  const field = error.field ? ` ${error.field}:` : '';
  return `${where}${line}:${field} ${error.message}`;
}

/** A document that is read but not evaluated (not pod-bearing, owned by another input object, ...). */
export interface Skipped {
  readonly file: string;
  readonly document: string;
  readonly kind: string;
  readonly name: string;
  readonly why: string;
}
