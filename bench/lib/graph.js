// A generated project's resolved dependency graph, before it is written in any lockfile format.

/**
 * Builds a resolved graph of `count` packages drawn from `pool`: about three quarters runtime,
 * the rest development-only; a handful direct; every other package required by at least one
 * earlier package (so the graph is a DAG and everything is reachable). With `duplicates`, a few
 * packages also appear at a second version required by one dependent, as npm and Cargo allow.
 *
 * Returns `{ pkgs: [{ name, version, dev, deps: number[] }], directProd, directDev }`.
 */
export function buildGraph(r, pool, count, { duplicates = false, devShare = 0.25 } = {}) {
  const dupCount = duplicates ? Math.floor(count * 0.03) : 0;
  const names = pool.sample(r, count - dupCount);
  const n = names.length;
  const prodCount = Math.max(1, Math.round(n * (1 - devShare)));
  const pkgs = names.map((name, i) => ({ name, version: pool.version(r, name), dev: i >= prodCount, deps: [] }));
  const directProd = [];
  const directDev = [];
  const nDirectProd = Math.min(prodCount, r.int(8, Math.max(8, Math.round(prodCount * 0.08))));
  const nDirectDev = Math.min(n - prodCount, r.int(4, Math.max(4, Math.round((n - prodCount) * 0.1))));
  for (let i = 0; i < nDirectProd; i++) directProd.push(i);
  for (let i = 0; i < nDirectDev; i++) directDev.push(prodCount + i);

  const addDep = (from, to) => {
    if (from !== to && !pkgs[from].deps.includes(to)) pkgs[from].deps.push(to);
  };
  for (let i = 0; i < n; i++) {
    const dev = i >= prodCount;
    const start = dev ? prodCount : 0;
    const isDirect = dev ? i < prodCount + nDirectDev : i < nDirectProd;
    if (!isDirect) {
      // One parent among the earlier packages of the same part, biased towards recent ones.
      const lo = Math.max(start, i - 60);
      addDep(r.int(lo, i - 1), i);
    }
    // A few extra edges to later packages of the same part; dev tools also reuse runtime packages.
    const extra = r.weighted([[4, 0], [4, 1], [3, 2], [1, 4]]);
    const end = dev ? n : prodCount;
    for (let k = 0; k < extra && i + 1 < end; k++) addDep(i, r.int(i + 1, Math.min(end - 1, i + 80)));
    if (dev && r.chance(0.15)) addDep(i, r.int(0, prodCount - 1));
  }

  // Second versions: package X at another version, required by one of X's dependents instead.
  const dependents = new Map();
  for (let i = 0; i < n; i++) for (const d of pkgs[i].deps) {
    if (!dependents.has(d)) dependents.set(d, []);
    dependents.get(d).push(i);
  }
  let added = 0;
  const used = new Set();
  for (let tries = 0; added < dupCount && tries < dupCount * 20; tries++) {
    const x = r.int(0, n - 1);
    const parents = dependents.get(x) ?? [];
    if (used.has(x) || parents.length < 2) continue;
    const other = pool.otherVersion(r, pkgs[x].name, pkgs[x].version);
    if (!other) continue;
    const parent = r.pick(parents);
    used.add(x);
    const idx = pkgs.length;
    pkgs.push({ name: pkgs[x].name, version: other, dev: pkgs[parent].dev, deps: [...pkgs[x].deps], parent, of: x });
    pkgs[parent].deps = pkgs[parent].deps.map((d) => (d === x ? idx : d));
    dependents.set(x, parents.filter((p) => p !== parent));
    added++;
  }
  return { pkgs, directProd, directDev };
}

/** The distinct `name@version` pairs of a graph. */
export function distinct(graph) {
  return new Set(graph.pkgs.map((p) => `${p.name}@${p.version}`));
}
