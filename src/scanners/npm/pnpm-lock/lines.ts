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
  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    const c0 = text.charCodeAt(pos);
    if (c0 !== 32 && c0 !== 10 && c0 !== 13 && c0 !== 35 /* # */) {
      const key = readYamlKey(text.slice(pos, end));
      current = key !== undefined && sections.has(key) ? new Map() : undefined;
      if (current && key !== undefined) out.set(key, current);
    } else if (current && c0 === 32 && text.charCodeAt(pos + 1) === 32 && text.charCodeAt(pos + 2) !== 32) {
      const line = text.slice(pos + 2, end);
      if (line !== '' && line[0] !== '#') {
        const key = readYamlKey(line);
        if (key !== undefined && !current.has(key)) current.set(key, lineNo);
      }
    }
    pos = end + 1;
  }
  return out;
}
