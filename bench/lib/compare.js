// Accuracy: turns tool outputs (Ospo scan JSON, CycloneDX JSON from Ospo or cdxgen) into sets of
// `ecosystem\tname@version` keys and compares them with what the generator wrote.
import { readFileSync } from 'node:fs';

const PURL_TYPES = { npm: 'npm', pypi: 'PyPI', golang: 'Go', cargo: 'crates.io', maven: 'Maven', gem: 'RubyGems', composer: 'Packagist' };

/** Parses a purl into `{ type, name, version }` with the ecosystem's own name spelling, or null. */
export function purlKey(purl) {
  const m = /^pkg:([a-zA-Z0-9.+-]+)\/([^@?#]+)(?:@([^?#]*))?/.exec(purl ?? '');
  if (!m) return null;
  const type = m[1].toLowerCase();
  const parts = m[2].split('/').map((s) => decodeURIComponent(s));
  let version = m[3] === undefined ? '' : decodeURIComponent(m[3]);
  const eco = PURL_TYPES[type] ?? type;
  let name;
  if (type === 'maven') name = parts.length > 1 ? `${parts.slice(0, -1).join('.')}:${parts[parts.length - 1]}` : parts[0];
  else name = parts.join('/');
  if (type === 'golang' && /^v\d/.test(version)) version = version.slice(1);
  if (type === 'pypi') name = name.toLowerCase().replace(/[-_.]+/g, '-');
  return `${eco}\t${name}@${version}`;
}

/** Keys of the packages in an Ospo `scan --format json` document. */
export function keysFromOspoScan(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  return { keys: new Set(doc.packages.map((p) => `${p.ecosystem}\t${p.name}@${p.version}`)), doc };
}

/** Keys of the components (nested ones included) of a CycloneDX JSON document, by purl. */
export function keysFromCycloneDx(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const keys = new Set();
  let withoutPurl = 0;
  const visit = (list) => {
    for (const c of list ?? []) {
      const k = purlKey(c.purl);
      if (k) keys.add(k);
      else withoutPurl++;
      visit(c.components);
    }
  };
  visit(doc.components);
  return { keys, withoutPurl, count: countComponents(doc.components) };
}

function countComponents(list) {
  let n = 0;
  for (const c of list ?? []) n += 1 + countComponents(c.components);
  return n;
}

/** Reads the generator's expected keys (optionally only for projects under the given repos). */
export function expectedKeys(byProjectFile, repos) {
  const keep = repos ? new Set(repos) : null;
  const out = new Set();
  for (const line of readFileSync(byProjectFile, 'utf8').split('\n')) {
    if (!line) continue;
    const t = line.indexOf('\t');
    if (keep && !keep.has(line.slice(0, t).split('/')[0])) continue;
    out.add(line.slice(t + 1));
  }
  return out;
}

/** Compares found keys with expected keys: totals, misses and extras per ecosystem, examples. */
export function compare(found, expected) {
  const perEco = {};
  const bump = (key, field) => {
    const eco = key.slice(0, key.indexOf('\t'));
    (perEco[eco] ??= { expected: 0, found: 0, matched: 0 })[field]++;
  };
  let matched = 0;
  const missing = [];
  const extra = [];
  for (const k of expected) {
    bump(k, 'expected');
    if (found.has(k)) {
      matched++;
      bump(k, 'matched');
    } else missing.push(k);
  }
  for (const k of found) {
    bump(k, 'found');
    if (!expected.has(k)) extra.push(k);
  }
  return {
    expected: expected.size,
    found: found.size,
    matched,
    missing: missing.length,
    extra: extra.length,
    recall: expected.size ? matched / expected.size : 1,
    precision: found.size ? matched / found.size : 1,
    exact: missing.length === 0 && extra.length === 0,
    perEcosystem: perEco,
    missingExamples: missing.slice(0, 8),
    extraExamples: extra.slice(0, 8),
  };
}
