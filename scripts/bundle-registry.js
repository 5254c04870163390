// Build step (part of `npm run build`, after tsc): turns dist/scanners/registry.js and the 28
// small info.js modules it imports (each format's identity, `matches` and `sniff`) into one
// module, so a run loads one file for the registry instead of ~30. In Node 20 each ES module
// costs about a millisecond to resolve, read, compile and link, which made the registry ~30 ms
// of every `ospo sbom` run (3 ms as one file). Only the static imports are inlined: every
// scanner's `import('./<ecosystem>/<format>/index.js')` stays a dynamic import of its own
// compiled module, so scanners still load on demand, and the sources keep one folder per format.
//
// The inlined modules must stay pure (functions and constant tables, no classes checked with
// instanceof, no state shared with other modules): the scanners load their own copies of
// helpers such as types.js. This script fails when the bundle takes in anything else.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const target = fileURLToPath(new URL('../dist/scanners/registry.js', import.meta.url));
/** What the registry may inline: its info modules and the pure helpers they use. */
const ALLOWED = [/^dist\/scanners\/registry\.js$/, /^dist\/scanners\/[^/]+\/[^/]+\/info\.js$/, /^dist\/scanners\/types\.js$/, /^dist\/parsers\/lines\.js$/, /^dist\/scanners\/python\/common\/pep508\.js$/, /^dist\/model\/names\.js$/];

const source = readFileSync(target, 'utf8');
if (source.startsWith('// bundled by scripts/bundle-registry.js')) throw new Error(`${target} is already bundled: run tsc first`);

const result = await build({
  entryPoints: [target],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: target,
  allowOverwrite: true,
  sourcemap: true, // composed with tsc's map, so stacks still point at src/
  write: false,
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'scanner-modules-stay-dynamic',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
      },
    },
  ],
});

const inputs = Object.keys(result.metafile.inputs).map((p) => relative(ROOT, p.startsWith('/') ? p : `${ROOT}/${p}`));
const foreign = inputs.filter((p) => !ALLOWED.some((re) => re.test(p)));
if (foreign.length > 0) throw new Error(`the registry bundle would inline modules that are not known to be pure: ${foreign.join(', ')} (see scripts/bundle-registry.js)`);
const infos = inputs.filter((p) => p.endsWith('/info.js')).length;
const dynamic = (source.match(/\bimport\(/g) ?? []).length;
const js = result.outputFiles.find((f) => f.path === target);
const map = result.outputFiles.find((f) => f.path === `${target}.map`);
if (!js || !map) throw new Error('esbuild wrote no registry module or source map');
if ((js.text.match(/\bimport\(/g) ?? []).length !== dynamic) throw new Error('the registry bundle lost a dynamic scanner import');

// The first line is added in front, so the map's lines move down by one (`;` in `mappings`).
const mapJson = JSON.parse(map.text);
mapJson.mappings = `;${mapJson.mappings}`;
for (const [file, text] of [
  [`${target}.map`, JSON.stringify(mapJson)],
  [target, `// bundled by scripts/bundle-registry.js from the tsc output of src/scanners/registry.ts and ${infos} info modules\n${js.text}`],
]) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
