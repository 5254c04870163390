/**
 * Maven property interpolation (`${name}`), as in
 * https://maven.apache.org/guides/introduction/introduction-to-the-pom.html#project-interpolation-and-variables
 * Values may refer to other properties; cycles and runaway expansion are stopped, and the
 * names that could not be resolved are reported so a note can say which one is missing.
 */

/** The most characters an interpolated value may grow to (stops "billion laughs" property chains). */
const MAX_LENGTH = 4096;

/** The result of interpolating one value. */
export interface Interpolated {
  value: string;
  /** Property names that are not defined (or form a cycle); empty when fully resolved. */
  missing: string[];
}

/** Resolves `${...}` references against a property map, memoising each property's expansion. */
export class Interpolator {
  private readonly cache = new Map<string, Interpolated>();
  private readonly resolving = new Set<string>();

  constructor(private readonly properties: ReadonlyMap<string, string>) {}

  /** Interpolates `raw`; unresolved references stay in the value as written. */
  interpolate(raw: string): Interpolated {
    if (!raw.includes('${')) return { value: raw, missing: [] };
    const missing: string[] = [];
    let out = '';
    let i = 0;
    while (i < raw.length) {
      const start = raw.indexOf('${', i);
      if (start === -1) break;
      const end = raw.indexOf('}', start + 2);
      if (end === -1) break;
      out += raw.slice(i, start);
      const key = raw.slice(start + 2, end);
      const resolved = this.property(key);
      if (resolved === undefined) {
        out += raw.slice(start, end + 1);
        missing.push(key);
      } else {
        out += resolved.value;
        missing.push(...resolved.missing);
      }
      i = end + 1;
      if (out.length > MAX_LENGTH) return { value: raw, missing: [...missing, key] };
    }
    out += raw.slice(i);
    return { value: out, missing: [...new Set(missing)] };
  }

  /** The expansion of one property, or undefined when it is not defined or refers to itself. */
  private property(key: string): Interpolated | undefined {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const raw = this.properties.get(key);
    if (raw === undefined || this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    const result = this.interpolate(raw);
    this.resolving.delete(key);
    this.cache.set(key, result);
    return result;
  }
}
