#!/usr/bin/env node
// Version scheme benchmark: compares per second per scheme on warm parse caches (the matcher's
// steady state), and parses per second on cold input. Run after `npm run build`:
//   node bench/versions.js [--compares N]
// Target: >= 1,000,000 compares/s for semver, pypi and maven on warm caches.
import { performance } from 'node:perf_hooks';
import { allSchemes } from '../dist/versions/index.js';

const argv = process.argv.slice(2);
const compares = Number(argv[argv.indexOf('--compares') + 1]) || 2_000_000;

// Deterministic pseudo-random numbers, so every run compares the same pairs.
let seed = 20240601;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

/** Realistic version strings in each scheme's own spelling. */
const SHAPES = {
  semver: (a, b, c, i) => (i % 5 === 0 ? `${a}.${b}.${c}-rc.${i % 7}` : `${a}.${b}.${c}`),
  npm: (a, b, c, i) => (i % 5 === 0 ? `${a}.${b}.${c}-beta.${i % 7}` : `${a}.${b}.${c}`),
  go: (a, b, c, i) => (i % 4 === 0 ? `${a}.${b}.${c + 1}-0.2021${String(100 + (i % 89)).slice(1)}01000000-abcdef123456` : `${a}.${b}.${c}`),
  hex: (a, b, c) => `${a}.${b}.${c}`,
  pub: (a, b, c, i) => (i % 6 === 0 ? `${a}.${b}.${c}+${i % 3}` : `${a}.${b}.${c}`),
  pypi: (a, b, c, i) => [`${a}.${b}.${c}`, `${a}.${b}`, `${a}.${b}.${c}rc${i % 3}`, `${a}.${b}.${c}.post${i % 2}`, `${a}.${b}.dev${i % 4}`][i % 5],
  maven: (a, b, c, i) => [`${a}.${b}.${c}`, `${a}.${b}.${c}.Final`, `${a}.${b}-SNAPSHOT`, `${a}.${b}.${c}-jre`, `${a}.${b}.${c}.RELEASE`, `${a}.${b}.${c}-M${i % 3}`][i % 6],
  rubygems: (a, b, c, i) => (i % 4 === 0 ? `${a}.${b}.${c}.rc${i % 3}` : `${a}.${b}.${c}`),
  nuget: (a, b, c, i) => (i % 4 === 0 ? `${a}.${b}.${c}-preview.${i % 5}` : i % 4 === 1 ? `${a}.${b}.${c}.${i % 3}` : `${a}.${b}.${c}`),
  packagist: (a, b, c, i) => (i % 4 === 0 ? `v${a}.${b}.${c}-beta${i % 3}` : `${a}.${b}.${c}`),
  generic: (a, b, c) => `${a}.${b}.${c}`,
};

function versionsFor(id, count, unique = false) {
  const shape = SHAPES[id];
  const out = [];
  for (let i = 0; i < count; i++) out.push(shape(rand(12), rand(30), unique ? 1000 + i : rand(40), i));
  return out;
}

console.log(`version schemes: ${compares.toLocaleString('en')} compares per scheme on warm caches`);
console.log('scheme      compares/s (warm)   parses/s (cold)');
for (const scheme of allSchemes()) {
  // Cold: distinct strings never seen before, each parsed once (plus one cached lookup).
  const cold = versionsFor(scheme.id, 20_000, true);
  let t = performance.now();
  let valid = 0;
  for (const v of cold) if (scheme.isValid(v)) valid++;
  const parses = cold.length / ((performance.now() - t) / 1000);
  if (valid < cold.length * 0.99) throw new Error(`${scheme.id}: only ${valid} of ${cold.length} generated versions valid`);

  // Warm: a working set like one package's advisories and inventory versions.
  const pool = versionsFor(scheme.id, 500);
  const left = new Array(compares);
  const right = new Array(compares);
  for (let i = 0; i < compares; i++) {
    left[i] = pool[rand(pool.length)];
    right[i] = pool[rand(pool.length)];
  }
  for (const v of pool) scheme.compare(v, pool[0]);
  let sink = 0; // keeps the loop from being optimised away
  t = performance.now();
  for (let i = 0; i < compares; i++) sink += scheme.compare(left[i], right[i]);
  const seconds = (performance.now() - t) / 1000;
  const rate = compares / seconds;
  if (Number.isNaN(sink)) throw new Error('unreachable');
  console.log(`${scheme.id.padEnd(11)} ${Math.round(rate).toLocaleString('en').padStart(16)}   ${Math.round(parses).toLocaleString('en').padStart(15)}`);
}
