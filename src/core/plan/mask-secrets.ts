/**
 * Masks what looks like a secret before anything is shown or written as a preview or plan:
 * values of env vars and ConfigMap keys with secret-looking names, and credentials inside URLs.
 * Secret objects themselves are never shown at all (see `isSecret`).
 */
import type { KubeObject } from '../model/kube.js';

export const MASK = '***';

const SECRET_NAME = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|access[-_]?key|signing[-_]?key|client[-_]?key)/i;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]*)@/gi;

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `postgres://shop:hunter2@db` → `postgres://shop:***@db`. */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
}

export function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && (object.apiVersion === 'v1' || object.apiVersion === undefined);
}

function maskValue(value: unknown, keyLooksSecret: boolean): unknown {
  if (typeof value === 'string') return keyLooksSecret && value !== '' ? MASK : maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, false));
  if (typeof value === 'object' && value !== null) return maskTree(value as Record<string, unknown>);
  return value;
}

/** Env entries (`{name, value}`) and ConfigMap `data` are masked by key name; URLs everywhere. */
function maskTree(tree: Record<string, unknown>, keysAreNames = false): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  const envEntry = typeof tree.name === 'string' && 'value' in tree;
  for (const [key, value] of Object.entries(tree)) {
    const secretKey = (envEntry && key === 'value' && looksSecretName(tree.name as string)) || (keysAreNames && looksSecretName(key));
    Object.defineProperty(copy, key, { value: maskValue(value, secretKey), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** A copy of `object` safe to preview: secret-looking values and URL credentials masked. */
export function maskSecrets<T extends KubeObject>(object: T): T {
  const copy = maskTree(object);
  if (object.kind === 'ConfigMap' && typeof object.data === 'object' && object.data !== null) {
    copy.data = maskTree(object.data as Record<string, unknown>, true);
  }
  return copy as T;
}
