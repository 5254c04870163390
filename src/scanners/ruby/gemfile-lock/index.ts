/**
 * Bundler lockfiles (`Gemfile.lock`, `gems.locked`). The format is line-based and defined by
 * Bundler's own parser (https://github.com/rubygems/rubygems/blob/master/bundler/lib/bundler/lockfile_parser.rb):
 * unindented section headings; source sections (GEM, GIT, PATH, PLUGIN SOURCE) with 2-space
 * options (`remote:`, `revision:`), `specs:`, 4-space locked gems `name (version[-platform])`
 * and 6-space dependencies of each gem; DEPENDENCIES lists what the Gemfile asks for (`!` marks
 * a gem pinned to a non-default source); CHECKSUMS (Bundler 2.5+) records artifact hashes.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Hash, PackageSource } from '../../../model/package.js';
import { looksBinary } from '../../../parsers/limits.js';
import { stripBom } from '../../../parsers/lines.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { gemfileLockInfo } from './info.js';

/** Sections that hold `specs:`; every other known section is metadata. */
const SOURCE_SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const KNOWN_SECTIONS = new Set([...SOURCE_SECTIONS, 'PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS']);
/** The default registry: gems from it get no `source`. */
const RUBYGEMS = /^https?:\/\/rubygems\.org\/?$/;

/** `name (version[-platform])` with an optional `!`; the version itself never contains `-`. */
const SPEC_LINE = /^(\S+?)(?: \(([^)]*)\))?(!)?$/;

interface Section {
  name: string;
  line: number;
  options: Map<string, string[]>;
}

interface Spec {
  pkg: FoundPackage;
  key: string;
  deps: string[];
}

/** Splits `1.13.3-x86_64-linux` into the version and the platform, as RubyGems writes them. */
function splitPlatform(raw: string): { version: string; platform?: string } {
  const dash = raw.indexOf('-');
  return dash === -1 ? { version: raw } : { version: raw.slice(0, dash), platform: raw.slice(dash + 1) };
}

/** Maps a source section to where its gems come from (none for rubygems.org). */
function sectionSource(section: Section): PackageSource | undefined {
  const remotes = section.options.get('remote') ?? [];
  const remote = remotes[0];
  switch (section.name) {
    case 'GIT': {
      const src: PackageSource = { kind: 'git' };
      if (remote) src.url = remote;
      const ref = section.options.get('revision')?.[0] ?? section.options.get('ref')?.[0];
      if (ref) src.ref = ref;
      return src;
    }
    case 'PATH':
      // `remote: .` is the project's own gemspec (`gemspec` in the Gemfile).
      return remote === '.' || remote === './' ? { kind: 'workspace', url: remote } : { kind: 'file', url: remote ?? '' };
    case 'PLUGIN SOURCE':
      return remote ? { kind: 'registry', url: remote } : { kind: 'registry' };
    default:
      if (remotes.length === 0 || remotes.some((r) => RUBYGEMS.test(r))) return undefined;
      return { kind: 'registry', url: remotes[0] };
  }
}

/** Parses checksum tokens such as `sha256=ab12...` into hashes. */
function parseChecksums(text: string): Hash[] {
  const hashes: Hash[] = [];
  for (const token of text.split(/[\s,]+/)) {
    const m = /^(sha256|sha512)=([0-9a-f]+)$/i.exec(token);
    if (m?.[1] && m[2]) hashes.push({ alg: m[1].toLowerCase() === 'sha256' ? 'SHA-256' : 'SHA-512', value: m[2].toLowerCase() });
  }
  return hashes;
}

/** Extracts locked gems, their sources, checksums and the dependency graph from a Gemfile.lock. */
function extractGemfileLock(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected a Gemfile.lock', { file });
  const text = stripBom(content);
  if (text.trim() === '') throw new InputError('empty file, expected a Gemfile.lock with GEM/DEPENDENCIES sections', { file });
  const lines = text.split(/\r?\n/);

  const warnings: Array<{ message: string; line?: number }> = [];
  const specs: Spec[] = [];
  const byKey = new Map<string, Spec>();
  const byName = new Map<string, Spec>();
  const directNames: Array<{ name: string; line: number }> = [];
  const checksums = new Map<string, Hash[]>();
  let sawDependencies = false;
  let section: Section | undefined;
  let current: Spec | undefined;
  let inSpecs = false;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    if (raw.trim() === '') continue;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (indent === 0) {
      // Bundler ignores any unindented line it does not know, with what is indented under it;
      // an unknown heading in capitals (with digits, `-` or `_`) is such a section, while a merge
      // conflict marker or Gemfile code means the file is not a lockfile Bundler wrote.
      if (!/^[A-Z][A-Z0-9 _-]*[A-Z0-9]$/.test(body)) {
        throw new InputError(
          `line ${lineNo}: expected a section heading such as GEM, GIT, PATH, PLATFORMS or DEPENDENCIES, found "${body.slice(0, 40)}"`,
          { file, line: lineNo },
        );
      }
      if (!KNOWN_SECTIONS.has(body)) warnings.push({ message: `unknown section ${body} ignored`, line: lineNo });
      section = { name: body, line: lineNo, options: new Map() };
      current = undefined;
      inSpecs = false;
      if (body === 'DEPENDENCIES') sawDependencies = true;
      continue;
    }
    if (!section) {
      throw new InputError(`line ${lineNo}: indented entry before any section heading; not a Gemfile.lock`, { file, line: lineNo });
    }
    if (SOURCE_SECTIONS.has(section.name)) {
      if (indent === 2) {
        current = undefined;
        if (body === 'specs:') {
          inSpecs = true;
          continue;
        }
        const m = /^([a-z_]+):(?: (.*))?$/.exec(body);
        if (m?.[1]) {
          const list = section.options.get(m[1]) ?? [];
          list.push(m[2] ?? '');
          section.options.set(m[1], list);
        } else {
          warnings.push({ message: `unrecognised line in ${section.name} section: "${body}"`, line: lineNo });
        }
        continue;
      }
      if (!inSpecs) {
        warnings.push({ message: `line outside specs: in ${section.name} section ignored: "${body}"`, line: lineNo });
        continue;
      }
      if (indent === 4) {
        current = undefined;
        const m = SPEC_LINE.exec(body);
        if (!m?.[1] || !m[2]) {
          warnings.push({ message: `spec "${body}" has no version; skipped`, line: lineNo });
          continue;
        }
        const name = m[1];
        const { version, platform } = splitPlatform(m[2]);
        const key = `${name}@${version}`;
        const existing = byKey.get(key);
        if (existing) {
          // The same gem locked for several platforms is one package; its dependencies may differ.
          current = existing;
          if (platform) existing.pkg.notes = [...(existing.pkg.notes ?? []), `also locked for platform ${platform}`];
          continue;
        }
        const pkg: FoundPackage = { ecosystem: 'RubyGems', name, version, scope: 'runtime', line: lineNo };
        const src = sectionSource(section);
        if (src) pkg.source = src;
        if (platform) pkg.notes = [`locked for platform ${platform}`];
        const spec: Spec = { pkg, key, deps: [] };
        specs.push(spec);
        byKey.set(key, spec);
        if (!byName.has(name)) byName.set(name, spec);
        current = spec;
        continue;
      }
      if (indent === 6 && current) {
        const m = SPEC_LINE.exec(body);
        if (m?.[1]) current.deps.push(m[1]);
        continue;
      }
      warnings.push({ message: `unexpected indentation in ${section.name} specs: "${body}"`, line: lineNo });
      continue;
    }
    if (section.name === 'DEPENDENCIES' && indent === 2) {
      const m = SPEC_LINE.exec(body);
      if (m?.[1]) directNames.push({ name: m[1], line: lineNo });
      else warnings.push({ message: `unrecognised dependency "${body}"`, line: lineNo });
      continue;
    }
    if (section.name === 'CHECKSUMS' && indent === 2) {
      const m = /^(\S+) \(([^)]*)\)(.*)$/.exec(body);
      if (m?.[1] && m[2]) {
        const hashes = parseChecksums(m[3] ?? '');
        const key = `${m[1]}@${splitPlatform(m[2]).version}`;
        if (hashes.length > 0 && !checksums.has(key)) checksums.set(key, hashes);
      }
    }
    // PLATFORMS, RUBY VERSION and BUNDLED WITH describe the build, not packages.
  }

  for (const [key, hashes] of checksums) {
    const spec = byKey.get(key);
    if (spec) spec.pkg.hashes = hashes;
  }

  const edges: FoundEdge[] = [];
  const direct = new Set<string>();
  for (const d of directNames) {
    const target = byName.get(d.name);
    if (!target) {
      warnings.push({ message: `dependency ${d.name} has no locked spec (it may be for another platform)`, line: d.line });
      continue;
    }
    if (!direct.has(target.key)) {
      direct.add(target.key);
      edges.push({ from: null, to: target.key });
    }
  }
  for (const spec of specs) {
    if (sawDependencies) spec.pkg.direct = direct.has(spec.key);
    const seen = new Set<string>();
    for (const dep of spec.deps) {
      const target = byName.get(dep);
      if (!target) {
        // Gems such as `bundler` itself or platform-only gems are not locked.
        warnings.push({ message: `dependency ${dep} of ${spec.key} has no locked spec`, line: spec.pkg.line });
        continue;
      }
      if (seen.has(target.key)) continue;
      seen.add(target.key);
      edges.push({ from: spec.key, to: target.key });
    }
  }

  const result: ExtractResult = { packages: specs.map((s) => s.pkg), edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scanner for Bundler lockfiles (RubyGems): `Gemfile.lock` and `gems.locked`. */
export const gemfileLockScanner: Scanner = {
  ...gemfileLockInfo,
  extract: extractGemfileLock,
};
