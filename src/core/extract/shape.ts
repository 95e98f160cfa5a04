/**
 * A small description language for the fields kube-harden reads, and one pass that both checks a
 * parsed value against it and returns a copy with `null`s removed (Kubernetes reads an explicit
 * null as "unset"). Fields not described are copied as they are: they are not ours to judge.
 */
import { isObject } from '../model/json.js';

export type Shape =
  | { readonly type: 'string' | 'boolean' | 'integer' | 'any' }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Shape>>; readonly required?: readonly string[] }
  | { readonly type: 'list'; readonly item: Shape }
  | { readonly type: 'map'; readonly value: Shape };

export const string: Shape = { type: 'string' };
export const boolean: Shape = { type: 'boolean' };
export const integer: Shape = { type: 'integer' };
export const any: Shape = { type: 'any' };
export const object = (fields: Record<string, Shape>, required?: readonly string[]): Shape => ({ type: 'object', fields, required });
export const list = (item: Shape): Shape => ({ type: 'list', item });
export const map = (value: Shape): Shape => ({ type: 'map', value });

export interface ShapeError {
  readonly field: string;
  readonly message: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  return `${typeof value} ${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'an integer',
  object: 'an object',
  list: 'a list',
  map: 'an object of key/value pairs',
};

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Checks `value` against `shape`; returns the value without nulls (undefined for null/absent).
 * Copy-on-write: a value that needs no change is returned as is, so clean manifests cost no copies.
 */
export function conform(value: unknown, shape: Shape, path: string, errors: ShapeError[]): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'any':
      return value;
    case 'string':
    case 'boolean':
      if (typeof value === shape.type) return value;
      break;
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      break;
    case 'list':
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          const conformed = conform(item, shape.item, join(path, index), errors) ?? {};
          if (conformed !== item) (copy ??= value.slice())[index] = conformed;
        }
        return copy ?? value;
      }
      break;
    case 'map':
    case 'object':
      if (isObject(value)) {
        let copy: Record<string, unknown> | undefined;
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          const item = value[key];
          const fieldShape = shape.type === 'map' ? shape.value : shape.fields[key];
          const conformed = fieldShape ? conform(item, fieldShape, join(path, key), errors) : item;
          if (conformed === item) continue;
          copy ??= { ...value };
          if (conformed === undefined) delete copy[key];
          else copy[key] = conformed;
        }
        if (shape.type === 'object') {
          for (const key of shape.required ?? []) {
            // Judged on the input: a present value of the wrong type is already reported as such.
            if (value[key] == null) errors.push({ field: join(path, key), message: 'required field is missing' });
          }
        }
        return copy ?? value;
      }
      break;
  }
  errors.push({ field: path, message: `expected ${EXPECTED[shape.type]}, got ${describe(value)}` });
  return undefined;
}

