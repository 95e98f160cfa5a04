/** A parsed JSON/YAML mapping (not null, not a list): the guard every reader of input needs. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
