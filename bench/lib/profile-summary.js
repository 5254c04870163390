// Summarises a V8 .cpuprofile: self time and inclusive time per function (top N), for reports.
import { readFileSync } from 'node:fs';

/** Returns `{ total, self: [[label, ms]], inclusive: [[label, ms]] }` for a .cpuprofile file. */
export function summarizeProfile(file, top = 25) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const label = (n) => {
    const f = n.callFrame;
    const url = f.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/');
    return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const n of prof.nodes) {
    const t = (dt.get(n.id) ?? 0) / 1000;
    if (!t) continue;
    const l = label(n);
    self.set(l, (self.get(l) ?? 0) + t);
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const pl = label(byId.get(id));
      if (seen.has(pl)) continue;
      seen.add(pl);
      incl.set(pl, (incl.get(pl) ?? 0) + t);
    }
  }
  const sort = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  const total = [...dt.values()].reduce((a, b) => a + b, 0) / 1000;
  return { total, self: sort(self), inclusive: sort(incl) };
}

if (process.argv[1]?.endsWith('profile-summary.js')) {
  const s = summarizeProfile(process.argv[2], Number(process.argv[3] ?? 30));
  console.log(`total ${s.total.toFixed(0)} ms\n-- self --`);
  for (const [l, t] of s.self) console.log(`${t.toFixed(0).padStart(7)} ms  ${l}`);
  console.log('-- inclusive --');
  for (const [l, t] of s.inclusive) console.log(`${t.toFixed(0).padStart(7)} ms  ${l}`);
}
