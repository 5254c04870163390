import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage } from '../../../model/package.js';
import { LineIndex, stripBom } from '../../../parsers/lines.js';
import { parseXml } from '../../../parsers/xml.js';
import { baseName, type DeclaredProject, type ExtractResult, type ScanContext, type Scanner } from '../../types.js';
import { classifyNuGetVersion, collectItems, collectProperties, expandProperties, type MsbuildItem } from './msbuild.js';
import { csprojInfo, PROJECT_FILE } from './info.js';



/** `<PackageReference ... Include|Update="X"` start tags, for the line of each reference. */
const REFERENCE_TAG = /<PackageReference\b[^>]*?\b(?:Include|Update)\s*=\s*(["'])(.*?)\1/gi;

/** How many directories up to look for Directory.Packages.props (MSBuild stops at the first). */
const MAX_PARENT_LEVELS = 10;

type Warnings = NonNullable<ExtractResult['warnings']>;

interface CentralVersions {
  /** Lowercased package id -> version from `<PackageVersion>`. */
  versions: Map<string, { version: string; file: string }>;
  /** `<GlobalPackageReference>` items, added to every project. */
  globals: Array<{ name: string; version: string; file: string }>;
}

function splitNames(value: string): string[] {
  return value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Reads the nearest Directory.Packages.props (central package management,
 * https://learn.microsoft.com/nuget/consume-packages/central-package-management) in this and
 * parent directories; when it imports the one above it (the documented way to nest them), that
 * one is read too, nearer versions winning.
 */
function readCentralVersions(ctx: ScanContext, warnings: Warnings): CentralVersions | undefined {
  let central: CentralVersions | undefined;
  let wantParent = true;
  for (let level = 0; level <= MAX_PARENT_LEVELS && wantParent; level++) {
    const rel = `${'../'.repeat(level)}Directory.Packages.props`;
    const text = ctx.readSibling(rel);
    if (text === undefined) continue;
    let doc: Record<string, unknown>;
    try {
      doc = parseXml(text, rel);
    } catch (err) {
      warnings.push({ message: `could not read ${rel} for central package versions: ${(err as Error).message}` });
      return central;
    }
    central ??= { versions: new Map(), globals: [] };
    const props = collectProperties(doc);
    for (const { tag, item } of collectItems(doc, new Set(['PackageVersion', 'GlobalPackageReference']))) {
      const raw = item.meta.get('version');
      const version = raw === undefined ? undefined : expandProperties(raw, props);
      for (const name of splitNames(item.meta.get('include') ?? item.meta.get('update') ?? '')) {
        if (version === undefined || version === '') continue;
        if (tag === 'GlobalPackageReference') central.globals.push({ name, version, file: rel });
        else if (!central.versions.has(name.toLowerCase())) central.versions.set(name.toLowerCase(), { version, file: rel });
      }
    }
    wantParent = collectItems(doc, new Set(['Import'])).some(({ item }) =>
      /Directory\.Packages\.props/i.test(item.meta.get('project') ?? ''),
    );
  }
  return central;
}

function isDevOnly(item: MsbuildItem): boolean {
  const privateAssets = item.meta.get('privateassets');
  return privateAssets !== undefined && splitNames(privateAssets.toLowerCase()).includes('all');
}

interface Reference {
  name: string;
  raw: string | undefined;
  dev: boolean;
  line: number | undefined;
  /** An `Update` with no `Include` in this file: the reference itself is declared elsewhere. */
  updateOnly: boolean;
}

/**
 * Scans SDK-style and classic MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`) for
 * `<PackageReference>` items (https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files).
 * Versions come from the `Version`/`VersionOverride` attribute or child element, `$(Property)`
 * references in the file, or central package management's Directory.Packages.props.
 * `PrivateAssets="all"` marks development-only packages. A reference whose version cannot be
 * found is skipped with a warning; ranges and floating versions are kept as declared.
 */
export const csprojScanner: Scanner = {
  ...csprojInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    const doc = parseXml(text, file);
    if (!('Project' in doc)) {
      const root = Object.keys(doc)[0];
      throw new InputError(`expected an MSBuild <Project> root element, found ${root ? `<${root}>` : 'none'}`, { file });
    }
    const project = doc.Project;
    const props = collectProperties(project);
    const warnings: Warnings = [];

    const lines = new LineIndex(text);
    const lineQueue = new Map<string, number[]>();
    for (const m of text.matchAll(REFERENCE_TAG)) {
      const id = (m[2] ?? '').trim().toLowerCase();
      const queue = lineQueue.get(id) ?? [];
      queue.push(lines.lineAt(m.index));
      lineQueue.set(id, queue);
    }

    // Apply Include, Update and Remove in document order, as MSBuild evaluates items. The same
    // id may be included twice under different conditions (one per target framework): both count.
    const refs = new Map<string, Reference[]>();
    for (const { item } of collectItems(project, new Set(['PackageReference']))) {
      const include = item.meta.get('include');
      const update = item.meta.get('update');
      const remove = item.meta.get('remove');
      const attrValue = include ?? update ?? '';
      const line = lineQueue.get(attrValue.trim().toLowerCase())?.shift();
      if (remove !== undefined && include === undefined && update === undefined) {
        for (const name of splitNames(remove)) refs.delete(name.toLowerCase());
        continue;
      }
      const names = splitNames(attrValue);
      if (names.length === 0) {
        warnings.push({ message: 'skipped a <PackageReference> without a package id in Include or Update', ...(line ? { line } : {}) });
        continue;
      }
      const raw = item.meta.get('versionoverride') ?? item.meta.get('version');
      for (const name of names) {
        const id = name.toLowerCase();
        const existing = refs.get(id);
        if (include === undefined && existing) {
          // Update: changes metadata of the references included earlier.
          for (const ref of existing) {
            if (raw !== undefined) ref.raw = raw;
            if (item.meta.has('privateassets')) ref.dev = isDevOnly(item);
          }
          continue;
        }
        const ref: Reference = { name, raw, dev: isDevOnly(item), line, updateOnly: include === undefined };
        if (existing) existing.push(ref);
        else refs.set(id, [ref]);
      }
    }

    const allRefs = [...refs.values()].flat();
    const needsCentral = allRefs.some((r) => r.raw === undefined);
    const central = readCentralVersions(ctx, warnings);

    const packages: FoundPackage[] = [];
    const edges: FoundEdge[] = [];
    const seen = new Set<string>();
    const add = (pkg: FoundPackage): void => {
      const key = `${pkg.name}@${pkg.version ?? pkg.declared ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      pkg.key = key;
      packages.push(pkg);
      edges.push({ from: null, to: key });
    };

    for (const ref of allRefs) {
      const at = ref.line !== undefined ? { line: ref.line } : {};
      const notes: string[] = [];
      let raw = ref.raw;
      if (raw === undefined) {
        const cpv = central?.versions.get(ref.name.toLowerCase());
        if (cpv) {
          raw = cpv.version;
          notes.push(`version from ${cpv.file}`);
        }
      } else if (raw.includes('$(')) {
        const expanded = expandProperties(raw, props);
        if (expanded === undefined) {
          warnings.push({ message: `skipped ${ref.name}: version ${raw} uses a property this file does not define`, ...at });
          continue;
        }
        raw = expanded;
      }
      if (raw === undefined || raw === '') {
        const why = needsCentral && !central ? ' and no Directory.Packages.props was found' : '';
        warnings.push({ message: `skipped ${ref.name}: no version${why}`, ...at });
        continue;
      }
      const req = classifyNuGetVersion(raw);
      if (ref.updateOnly) notes.push('updates a PackageReference included by another file (Directory.Build.props or an import)');
      const pkg: FoundPackage = {
        ecosystem: 'NuGet',
        name: ref.name,
        version: req.version,
        declared: req.declared,
        scope: ref.dev ? 'dev' : 'runtime',
        direct: true,
        ...at,
      };
      if (notes.length > 0) pkg.notes = notes;
      add(pkg);
    }

    // Global package references apply to every project under central package management.
    for (const g of central?.globals ?? []) {
      if (refs.has(g.name.toLowerCase())) continue;
      const req = classifyNuGetVersion(g.version);
      add({
        ecosystem: 'NuGet',
        name: g.name,
        version: req.version,
        declared: req.declared,
        scope: 'dev',
        direct: true,
        notes: [`GlobalPackageReference from ${g.file}`],
      });
    }

    const result: ExtractResult = { packages, edges };
    const declared = declaredProject(props, file);
    if (declared) result.project = declared;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};

/** The project's package id (or assembly name, or file name) and version, when plainly set. */
function declaredProject(props: ReadonlyMap<string, string>, file: string): DeclaredProject | undefined {
  const plain = (key: string): string | undefined => {
    const v = props.get(key);
    if (v === undefined) return undefined;
    const expanded = expandProperties(v, props);
    return expanded && expanded !== '' ? expanded : undefined;
  };
  const name = plain('packageid') ?? plain('assemblyname') ?? baseName(file).replace(PROJECT_FILE, '');
  const version = plain('version') ?? plain('versionprefix');
  if (!name) return undefined;
  return version ? { name, version } : { name };
}
