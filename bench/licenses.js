// Benchmark: license text identification and SPDX header scanning, with Debian's licensecheck
// measured on the same files when it is installed (`apt-get install -y licensecheck`).
// Run after `npm run build`: node bench/licenses.js [--files N] [--sources N] [--no-peer]
// Generated data goes to bench/out/licenses/ (git-ignored).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const LICENSE_FILES = opt('--files', 2000);
const SOURCE_FILES = opt('--sources', 20000);
const root = fileURLToPath(new URL('./out/licenses/', import.meta.url));
const list = require('spdx-license-list/full.js');

// A deterministic pseudo-random sequence, so every run benchmarks the same files.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

// The mix of licenses found in real repositories, most common first (weights roughly as in
// public surveys of GitHub repositories).
const MIX = [
  ['MIT', 30], ['Apache-2.0', 20], ['BSD-3-Clause', 8], ['BSD-2-Clause', 6], ['GPL-3.0-only', 6], ['GPL-2.0-only', 5],
  ['ISC', 5], ['LGPL-2.1-only', 3], ['LGPL-3.0-only', 2], ['MPL-2.0', 4], ['Unlicense', 3], ['0BSD', 2], ['AGPL-3.0-only', 2],
  ['Zlib', 1], ['EPL-2.0', 1], ['MIT-0', 1], ['X11', 1],
];
const weighted = MIX.flatMap(([id, w]) => Array(w).fill(id));
const holders = ['Jane Doe', 'Example Corp.', 'The Widget Authors', 'ACME, Inc.', 'Contributors to the foo project'];

function rewrap(text, width) {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(new RegExp(`(.{${width}}\\S*) `, 'g'), '$1\n'))
    .join('\n\n');
}

function variant(id, i) {
  let text = list[id].licenseText.replace(/<year>|YEAR|\[yyyy\]/g, String(1990 + (i % 35))).replace(/<copyright holders>|<owner>|\bAUTHOR\b|\[name of copyright owner\]/g, pick(holders));
  const kind = i % 6;
  if (kind === 1) text = `Copyright (c) ${2000 + (i % 24)} ${pick(holders)}\n\n${text}`;
  if (kind === 2) text = rewrap(text, 60 + (i % 20));
  if (kind === 3) text = `# project-${i}\n\nA library that does things.\n\n## License\n\n${text}\n\n## Contributing\n\nPull requests welcome.\n`;
  if (kind === 4) text = text.replace(/\n/g, '\r\n');
  if (kind === 5 && id === 'Apache-2.0') text = text.replace(/APPENDIX[^]*/, '');
  return text;
}

function generate() {
  rmSync(root, { recursive: true, force: true });
  const licDir = join(root, 'files');
  mkdirSync(licDir, { recursive: true });
  const expected = [];
  for (let i = 0; i < LICENSE_FILES; i++) {
    const id = pick(weighted);
    const path = join(licDir, `LICENSE-${String(i).padStart(5, '0')}`);
    writeFileSync(path, variant(id, i));
    expected.push([path, id]);
  }
  const srcDir = join(root, 'src');
  const exprs = ['MIT', 'Apache-2.0', 'GPL-2.0-only', 'GPL-2.0+', 'BSD-3-Clause', 'MIT OR Apache-2.0', 'LGPL-2.1-or-later', 'MPL-2.0'];
  const styles = [
    ['ts', (e) => `// SPDX-License-Identifier: ${e}\n// Copyright 2024 Example Corp.\n\nexport function f(x: number): number {\n  return x * 2;\n}\n`],
    ['py', (e) => `#!/usr/bin/env python3\n# SPDX-License-Identifier: ${e}\n"""Module docstring."""\n\ndef f(x):\n    return x * 2\n`],
    ['c', (e) => `/* SPDX-License-Identifier: ${e} */\n#include <stdio.h>\n\nint f(int x) { return x * 2; }\n`],
    ['go', () => `package main\n\nfunc f(x int) int { return x * 2 }\n`],
    ['rs', (e) => `// SPDX-License-Identifier: ${e}\n\npub fn f(x: i32) -> i32 { x * 2 }\n`],
  ];
  const body = '\n' + Array.from({ length: 120 }, (_, k) => `// line ${k}: some code that is not a license header at all`).join('\n') + '\n';
  for (let i = 0; i < SOURCE_FILES; i++) {
    const dir = join(srcDir, `pkg${Math.floor(i / 200)}`);
    if (i % 200 === 0) mkdirSync(dir, { recursive: true });
    const [ext, make] = styles[i % styles.length];
    writeFileSync(join(dir, `file${i}.${ext}`), make(pick(exprs)) + body);
  }
  // The answers, for tools that look at the misses one by one.
  writeFileSync(join(root, 'expected.json'), JSON.stringify(expected));
  return { licDir, srcDir, expected };
}

const dist = new URL('../dist/licenses/text/index.js', import.meta.url);
const { identifyLicenseFile, referenceIndex, scanHeaders } = await import(dist.href);

console.log(`generating ${LICENSE_FILES} license files and ${SOURCE_FILES} source files under ${root}`);
const { licDir, srcDir, expected } = generate();

let t = performance.now();
const index = referenceIndex();
const indexMs = performance.now() - t;
console.log(`reference index: ${index.refs.length} texts built in ${indexMs.toFixed(0)} ms (once per process)`);

// Warm-up on a few files; the first pass then still includes the JIT compiling the matcher's
// loops (a one-off cost of a few hundred ms), the second is the steady rate of a long scan.
for (const [path] of expected.slice(0, 50)) identifyLicenseFile(path, path);
const cpuMsOf = (c) => (c.user + c.system) / 1000;
for (const pass of ['first pass', 'second pass']) {
  t = performance.now();
  const cpu0 = process.cpuUsage();
  let correct = 0;
  const wrong = [];
  for (const [path, id] of expected) {
    const r = identifyLicenseFile(path, path);
    if (r.license === id) correct++;
    else if (wrong.length < 5) wrong.push(`${path.slice(root.length)}: expected ${id}, got ${r.license} (${r.confidence})`);
  }
  const identifyMs = performance.now() - t;
  const cpuMs = cpuMsOf(process.cpuUsage(cpu0));
  const filesPerSec = (expected.length / identifyMs) * 1000;
  // CPU time beside wall time: on a shared machine the wall figure moves with the neighbours' load.
  console.log(
    `ospo license identify (${pass}): ${expected.length} files in ${identifyMs.toFixed(0)} ms = ${filesPerSec.toFixed(0)} files/s ` +
      `(${cpuMs.toFixed(0)} ms CPU = ${((expected.length / cpuMs) * 1000).toFixed(0)} files/CPU-s); ${correct}/${expected.length} correct (${((correct / expected.length) * 100).toFixed(1)}%)`,
  );
  for (const w of wrong) console.log(`  wrong: ${w}`);
}

t = performance.now();
const hcpu0 = process.cpuUsage();
const scan = scanHeaders(srcDir);
const headersMs = performance.now() - t;
const hcpuMs = cpuMsOf(process.cpuUsage(hcpu0));
console.log(
  `ospo license headers: ${scan.scanned} source files in ${headersMs.toFixed(0)} ms = ${((scan.scanned / headersMs) * 1000).toFixed(0)} files/s ` +
    `(${hcpuMs.toFixed(0)} ms CPU = ${((scan.scanned / hcpuMs) * 1000).toFixed(0)} files/CPU-s); ${scan.tagged} tagged`,
);
console.log(`load average: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).availableParallelism()} cores`);

const have = args.includes('--no-peer') ? undefined : spawnSync('licensecheck', ['--version'], { encoding: 'utf8' });
if (!have) {
  console.log('licensecheck: skipped (--no-peer)');
} else if (have.status === 0 || have.stdout) {
  t = performance.now();
  const out = execFileSync('licensecheck', ['--machine', '--recursive', '--check', '.', licDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const lcMs = performance.now() - t;
  const lines = out.trim().split('\n').length;
  console.log(`licensecheck (same license files): ${lines} files in ${lcMs.toFixed(0)} ms = ${((lines / lcMs) * 1000).toFixed(0)} files/s`);
  t = performance.now();
  const out2 = execFileSync('licensecheck', ['--machine', '--recursive', '--lines', '40', srcDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const lc2Ms = performance.now() - t;
  const lines2 = out2.trim().split('\n').length;
  console.log(`licensecheck --lines 40 (same source files): ${lines2} files in ${lc2Ms.toFixed(0)} ms = ${((lines2 / lc2Ms) * 1000).toFixed(0)} files/s`);
} else {
  console.log('licensecheck: not installed (apt-get install -y licensecheck), peer figures skipped');
}
