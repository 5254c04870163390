import { forEachLine } from '../shared/lines.js';

/** Reads one YAML key written at the start of `s` (plain, 'single' or "double" quoted); undefined if none. */
function readYamlKey(s: string): string | undefined {
  const q = s[0];
  if (q === "'") {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        return s[i + 1] === ':' ? out : undefined;
      }
      out += s[i];
    }
    return undefined;
  }
  if (q === '"') {
    const end = s.indexOf('":');
    if (end === -1) return undefined;
    const raw = s.slice(1, end);
    // pnpm never writes escapes in keys; decode the common ones if someone did.
    return raw.includes('\\') ? raw.replace(/\\(["\\/])/g, '$1') : raw;
  }
  const m = /^(.*?):(?:\s|$)/.exec(s);
  return m ? m[1] : undefined;
}

/**
 * Maps the keys directly under the top-level `sections` (such as `packages`) to their 1-based
 * lines, reading the text once: the YAML parser keeps no positions. pnpm writes those keys
 * indented by two spaces; other indentations are ignored (the line is then simply unknown).
 */
export function sectionKeyLines(text: string, sections: ReadonlySet<string>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let current: Map<string, number> | undefined;
  forEachLine(text, (raw, lineNo) => {
    if (raw === '') return;
    const c0 = raw.charCodeAt(0);
    if (c0 !== 32 && c0 !== 13 && c0 !== 35 /* # */) {
      const key = readYamlKey(raw);
      current = key !== undefined && sections.has(key) ? new Map() : undefined;
      if (current && key !== undefined) out.set(key, current);
    } else if (current && c0 === 32 && raw.charCodeAt(1) === 32 && raw.charCodeAt(2) !== 32) {
      const line = raw.slice(2);
      if (line !== '' && line[0] !== '#') {
        const key = readYamlKey(line);
        if (key !== undefined && !current.has(key)) current.set(key, lineNo);
      }
    }
  });
  return out;
}
