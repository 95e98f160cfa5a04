/**
 * A Change is a fix as data: what it targets, the field operations on the pod template, a one-line
 * plan for humans, the checks it resolves and its risk. Never a closure, never applied in place:
 * `plan/apply-changes.ts` applies operations to copies.
 */
import type { JsonValue } from './kube.js';
import type { CheckId } from '../pss/types.js';
import type { ObjectRef } from './workload.js';

export type RiskLevel = 'none' | 'restart' | 'may-break';

export interface Risk {
  readonly level: RiskLevel;
  readonly why: string;
}

/**
 * One step of a path inside a pod template. A string is an object key; a keyed step picks the
 * list item whose `key` field equals `value` (containers by name, volumes by name), which is how
 * strategic-merge patches and server-side apply address them too.
 */
export type PathStep = string | { readonly list: string; readonly key: string; readonly value: string };
export type FieldPath = readonly PathStep[];

export type Operation =
  /** Sets a value, creating missing parents (and a missing keyed list item). */
  | { readonly op: 'set'; readonly path: FieldPath; readonly value: JsonValue }
  /** Removes a field; a no-op when it is already absent. */
  | { readonly op: 'remove'; readonly path: FieldPath }
  /** Adds a value to a list of scalars unless already present. */
  | { readonly op: 'include'; readonly path: FieldPath; readonly value: JsonValue }
  /** Removes every occurrence of a value from a list of scalars (the list is removed if it ends empty). */
  | { readonly op: 'exclude'; readonly path: FieldPath; readonly value: JsonValue };

export interface ChangeParameter {
  readonly value: number | string;
  readonly type: 'integer' | 'string';
  readonly description: string;
  /** Inclusive bounds for integers. */
  readonly min?: number;
  readonly max?: number;
}

export type ChangeCategory = 'pss' | 'optional';

export interface Change {
  /** Stable across runs: `<kind>/<name>/<fix>[/<container>]`, lower-case kind. */
  readonly id: string;
  readonly target: ObjectRef;
  /** Where the pod template sits in the target object (empty for a Pod). */
  readonly templatePath: readonly string[];
  readonly summary: string;
  readonly resolves: readonly CheckId[];
  readonly risk: Risk;
  /** `pss` fixes a Pod Security check; `optional` is hardening beyond the standard, off by default. */
  readonly category: ChangeCategory;
  /** Operations relative to the pod template, already computed from `params`. */
  readonly operations: readonly Operation[];
  /** Editable values the operations were computed from (`runAsUser`, ...). */
  readonly params: Readonly<Record<string, ChangeParameter>>;
  /** Accepted by default: every PSS fix; optional hardening is opt-in. */
  readonly acceptedByDefault: boolean;
}

/** A violation that kube-harden will not fix silently, with what the user can do. */
export interface ManualItem {
  readonly target: ObjectRef;
  readonly check: CheckId;
  readonly guidance: string;
}
