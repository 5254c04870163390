import { isObject, parseJson } from '../parsers/json.js';
import { LineIndex } from '../parsers/lines.js';
import { parseToml } from '../parsers/toml.js';
import { parseXml } from '../parsers/xml.js';
import {
  combineLicenses,
  licenseFromClassifier,
  licenseFromNuspec,
  licenseFromPackageJson,
  normalizeLicense,
  MAX_EXPRESSION_TERMS,
  type NormalizedLicense,
} from './expression.js';

/** A license a package's own metadata declares, with where it says so. */
export interface DeclaredLicense {
  license: NormalizedLicense;
  /** 1-based line of the field in the metadata file, when known. */
  line?: number;
}

/** What a package metadata file says about the package and its license. */
export interface PackageMetadata {
  name?: string;
  version?: string;
  /** The declared license, combined from every field that states one; undefined when none does. */
  declared?: DeclaredLicense;
  /** Each field that stated a license (for evidence), in file order. */
  fields: DeclaredLicense[];
  /** A license file the metadata names (`license-file`, `SEE LICENSE IN`, nuspec `type="file"`). */
  licenseFile?: string;
}

function lineOf(text: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(text);
  return m ? new LineIndex(text).lineAt(m.index) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Reads an installed npm package.json: `license` or the legacy `licenses`. Throws InputError when it is not JSON. */
export function readPackageJsonMetadata(text: string, file: string): PackageMetadata {
  const doc = parseJson(text, file);
  if (!isObject(doc)) return { fields: [] };
  const license = licenseFromPackageJson(doc.license, doc.licenses);
  const meta: PackageMetadata = { name: str(doc.name), version: str(doc.version), fields: [] };
  if (license) {
    const declared = { license, line: lineOf(text, /"licen[cs]es?"\s*:/) };
    meta.declared = declared;
    meta.fields.push(declared);
    if (license.seeFile) meta.licenseFile = license.seeFile;
  }
  return meta;
}

/**
 * Reads Python core metadata (a dist-info METADATA or PKG-INFO; RFC 822 style headers up to the
 * first blank line): `License-Expression` (PEP 639) wins; else `License` when it is a short
 * name; else the `License ::` classifiers, several of which are a choice (OR).
 */
export function readPythonMetadata(text: string): PackageMetadata {
  const meta: PackageMetadata = { fields: [] };
  const lines = text.split(/\r?\n/);
  let expression: DeclaredLicense | undefined;
  let licenseField: DeclaredLicense | undefined;
  const classifiers: DeclaredLicense[] = [];
  for (let i = 0; i < lines.length && i < 10_000; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break; // the body (long description) starts here
    const m = /^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$/.exec(line);
    if (!m) continue;
    const field = m[1]!.toLowerCase();
    let value = m[2]!.trim();
    if (field === 'name') meta.name = value;
    else if (field === 'version') meta.version = value;
    else if (field === 'license-expression') {
      expression = { license: normalizeLicense(value), line: i + 1 };
    } else if (field === 'license') {
      // Continuation lines (indented, or `|`-prefixed by old setuptools) hold a pasted license text.
      let j = i + 1;
      while (j < lines.length && /^(?:\s+|\|)/.test(lines[j]!) && lines[j]!.trim() !== '') {
        value += '\n' + lines[j]!.replace(/^\s*\|?/, '');
        j++;
      }
      if (value !== '' && !/^unknown$/i.test(value)) licenseField = { license: normalizeLicense(value), line: i + 1 };
    } else if (field === 'license-file' && !meta.licenseFile) meta.licenseFile = value;
    else if (field === 'classifier' && classifiers.length < MAX_EXPRESSION_TERMS) {
      const c = licenseFromClassifier(value);
      if (c) classifiers.push({ license: c, line: i + 1 });
    }
  }
  for (const f of [expression, licenseField, ...classifiers]) if (f) meta.fields.push(f);
  const fromClassifiers = combineLicenses(classifiers.map((c) => c.license), 'OR');
  if (expression && expression.license.expression) meta.declared = expression;
  else if (licenseField && licenseField.license.expression && licenseField.license.problem !== 'license text instead of an expression' && licenseField.license.kind !== 'unknown') meta.declared = licenseField;
  else if (fromClassifiers) meta.declared = { license: fromClassifiers, line: classifiers[0]?.line };
  else if (licenseField && licenseField.license.expression) meta.declared = licenseField;
  return meta;
}

/**
 * Reads a vendored crate's Cargo.toml: `package.license` (SPDX, with Cargo's old `/` for OR)
 * and `package.license-file` (https://doc.rust-lang.org/cargo/reference/manifest.html#the-license-and-license-file-fields).
 */
export function readCargoMetadata(text: string, file: string): PackageMetadata {
  const doc = parseToml(text, file);
  const pkg = isObject(doc.package) ? doc.package : {};
  const meta: PackageMetadata = { name: str(pkg.name), version: str(pkg.version), fields: [] };
  const license = str(pkg.license);
  if (license) {
    const declared = { license: normalizeLicense(license), line: lineOf(text, /^\s*license\s*=/m) };
    meta.declared = declared;
    meta.fields.push(declared);
  }
  const lf = str(pkg['license-file']);
  if (lf) meta.licenseFile = lf;
  return meta;
}

const GEM_STRING = /(["'])((?:(?!\1)[^\\\n]|\\.){0,200})\1(?:\.freeze)?/g;

/**
 * Reads a gemspec's `name`, `version` and `license`/`licenses` assignments with regular
 * expressions; the Ruby is never evaluated. Several licenses are a choice (OR), as RubyGems
 * documents (https://guides.rubygems.org/specification-reference/#licenses=).
 */
export function readGemspecMetadata(text: string): PackageMetadata {
  const meta: PackageMetadata = { fields: [] };
  const head = text.length > 1_000_000 ? text.slice(0, 1_000_000) : text;
  const name = /^\s*\w+\.name\s*=\s*(["'])([^"'\n]{1,200})\1/m.exec(head);
  if (name) meta.name = name[2];
  const version = /^\s*\w+\.version\s*=\s*(?:Gem::Version\.new\(\s*)?(["'])([^"'\n]{1,100})\1/m.exec(head);
  if (version) meta.version = version[2];
  const assign = /^\s*\w+\.licen[cs]es?\s*=\s*(\[[^\]\n]{0,2000}\]|%w[[(]([^\])\n]{0,2000})[\])]|["'][^\n]{0,300})/m.exec(head);
  if (assign) {
    const value = assign[1]!;
    let names: string[];
    if (assign[2] !== undefined) names = assign[2].split(/\s+/).filter(Boolean);
    else names = [...value.matchAll(GEM_STRING)].map((m) => m[2]!.replace(/\\(.)/g, '$1'));
    const list = names.slice(0, MAX_EXPRESSION_TERMS).map((n) => normalizeLicense(n));
    const combined = combineLicenses(list, 'OR');
    if (combined) {
      const declared = { license: combined, line: new LineIndex(head).lineAt(assign.index + assign[0].search(/\S/)) };
      meta.declared = declared;
      meta.fields.push(declared);
    }
  }
  return meta;
}

/** Reads a nuspec's id, version, `<license>` and `<licenseUrl>` (XML, entities refused). */
export function readNuspecMetadata(text: string, file: string): PackageMetadata {
  const doc = parseXml(text, file);
  const pkg = isObject(doc.package) ? doc.package : {};
  const md = isObject(pkg.metadata) ? pkg.metadata : {};
  const meta: PackageMetadata = { name: str(md.id), version: str(md.version), fields: [] };
  let license: { type?: string; text?: string } | undefined;
  if (typeof md.license === 'string') license = { text: md.license };
  else if (isObject(md.license)) license = { type: str(md.license['@_type']), text: str(md.license['#text']) };
  const url = str(md.licenseUrl);
  const n = licenseFromNuspec(license, url);
  if (n) {
    const declared = { license: n, line: lineOf(text, license ? /<license[\s>]/ : /<licenseUrl[\s>]/) };
    meta.declared = declared;
    meta.fields.push(declared);
    if (n.seeFile) meta.licenseFile = n.seeFile;
  }
  return meta;
}
