/** The nesting depth past which a document is rejected as hostile; real lockfiles stay far below. */
export const MAX_DEPTH = 1000;

/** Keys that must never reach an object: they would change its prototype. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Returns whether `key` may be used as a plain object key. */
export function isSafeKey(key: string): boolean {
  return !FORBIDDEN_KEYS.has(key);
}

/**
 * Removes `__proto__`, `constructor` and `prototype` keys from a parsed document, in place,
 * without recursion (so it cannot overflow the stack on deep input), each shared node once.
 */
export function stripForbiddenKeys<T>(value: T): T {
  const stack: unknown[] = [value];
  // Shared nodes (YAML aliases) are visited once, so this stays linear in the document's size.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const rec = node as Record<string, unknown>;
    for (const key of Object.keys(rec)) {
      if (FORBIDDEN_KEYS.has(key)) {
        delete rec[key];
        continue;
      }
      const child = rec[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return value;
}

/** Returns true when text has a NUL byte in its first 8 KiB, a sign of binary data. */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, 8192);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}
