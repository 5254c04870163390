/**
 * Splits an npm descriptor or locator `name@rest` (`@scope/name@^1.0.0`, `lodash@npm:4.17.21`)
 * at the `@` that ends the name; a scoped name keeps its leading `@`. Returns null when there is
 * no name or no `@` after it.
 */
export function splitNameAt(descriptor: string): { name: string; rest: string } | null {
  const from = descriptor.startsWith('@') ? descriptor.indexOf('/') + 1 : 1;
  if (from <= 0) return null;
  const at = descriptor.indexOf('@', from);
  if (at <= 0) return null;
  return { name: descriptor.slice(0, at), rest: descriptor.slice(at + 1) };
}

/** Returns whether a string is a plausible npm package name (`name` or `@scope/name`). */
export function isPackageName(name: string): boolean {
  return /^(?:@[^\s/@]+\/)?[^\s/@][^\s/]*$/.test(name);
}
