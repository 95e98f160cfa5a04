/**
 * Masks what looks like a secret before anything is shown or written as a preview or plan:
 * values of env vars and ConfigMap keys with secret-looking names, and credentials inside URLs.
 * Secret objects themselves are never shown at all (see `isSecret`).
 */
import type { KubeObject } from '../model/kube.js';

export const MASK = '***';

const SECRET_NAME =
  /(pass(word|wd|phrase)?|pwd|secret|token|credential|auth(?!or)|(api|private|access|signing|client|session|encryption|master|secret)[-_]?key|(^|[-_])pat($|[-_]))/i;
/** Scheme, then the user-info: everything up to the authority's last `@` (passwords may hold a raw `@`). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;

export function looksSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * `postgres://shop:hunter2@db` → `postgres://shop:***@db`; user-info without a colon is often a
 * token (`https://ghp_xxx@github.com`) and is masked whole, as the network planner does.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return `${scheme}${colon >= 0 ? `${userInfo.slice(0, colon)}:${MASK}` : MASK}@`;
  });
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
