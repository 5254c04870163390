import { isObject } from '../../parsers/json.js';
import { fail } from './raw.js';

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/**
 * Reads typed fields of one parsed JSON object, throwing an InputError with the field's JSON
 * pointer when a field has the wrong type or a required one is missing. Pointers are built
 * only on failure, so reading stays cheap for large documents.
 */
export class JsonFields {
  constructor(
    readonly file: string,
    readonly obj: Record<string, unknown>,
    readonly pointer: string,
  ) {}

  /** The pointer of one field of this object. */
  at(key: string | number): string {
    return `${this.pointer}/${pointerSegment(key)}`;
  }

  /** An optional string field. */
  str(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') fail(this.file, `"${key}" must be a string, found ${typeName(v)}`, { pointer: this.at(key) });
    return v;
  }

  /** A required string field. */
  reqStr(key: string, what = 'object'): string {
    const v = this.str(key);
    if (v === undefined) fail(this.file, `${what} has no "${key}" (required)`, { pointer: this.pointer });
    return v;
  }

  /** An optional array field. */
  arr(key: string): unknown[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) fail(this.file, `"${key}" must be an array, found ${typeName(v)}`, { pointer: this.at(key) });
    return v;
  }

  /** An optional object field. */
  sub(key: string): JsonFields | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) fail(this.file, `"${key}" must be an object, found ${typeName(v)}`, { pointer: this.at(key) });
    return new JsonFields(this.file, v, this.at(key));
  }

  /** Element `i` of an array field, which must be an object. */
  item(key: string, list: unknown[], i: number): JsonFields {
    const v = list[i];
    const pointer = `${this.at(key)}/${i}`;
    if (!isObject(v)) fail(this.file, `each entry of "${key}" must be an object, found ${typeName(v)}`, { pointer });
    return new JsonFields(this.file, v, pointer);
  }

  /** Element `i` of an array field, which must be a string. */
  itemStr(key: string, list: unknown[], i: number): string {
    const v = list[i];
    if (typeof v !== 'string') {
      fail(this.file, `each entry of "${key}" must be a string, found ${typeName(v)}`, { pointer: `${this.at(key)}/${i}` });
    }
    return v;
  }
}

/** Names a JSON value's type for messages. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}
