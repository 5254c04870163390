/**
 * Gradle dependency verification metadata, `gradle/verification-metadata.xml`
 * (https://docs.gradle.org/current/userguide/dependency_verification.html). Each
 * `<components><component group name version>` is a module Gradle has verified, with the
 * checksums of its artifacts (`<artifact name><sha256 value/>...`). The file covers every
 * configuration of the build, build tooling included, and records no graph.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundPackage, Hash } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { parseXml } from '../../../parsers/xml.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { elementLines } from '../element-lines.js';
import { gradleVerificationMetadataInfo } from './info.js';

const COMPONENT_PATH = 'verification-metadata/components/component';

/** Checksum elements Gradle writes, and the algorithm each names. */
const CHECKSUMS: ReadonlyArray<[string, Hash['alg']]> = [
  ['sha512', 'SHA-512'],
  ['sha256', 'SHA-256'],
  ['sha1', 'SHA-1'],
  ['md5', 'MD5'],
];

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function attr(value: unknown, name: string): string {
  if (!isObject(value)) return '';
  const v = value[`@_${name}`];
  return typeof v === 'string' ? v.trim() : '';
}

/** The checksums of all of a component's artifacts, deduplicated, lowercase hex only. */
function hashesOf(component: Record<string, unknown>): Hash[] {
  const seen = new Set<string>();
  const hashes: Hash[] = [];
  for (const artifact of asArray(component.artifact)) {
    if (!isObject(artifact)) continue;
    for (const [element, alg] of CHECKSUMS) {
      for (const checksum of asArray(artifact[element])) {
        // `also-trust` children are alternative accepted values; the primary value is the recorded one.
        const value = attr(checksum, 'value').toLowerCase();
        if (!/^[0-9a-f]+$/.test(value) || seen.has(`${alg}:${value}`)) continue;
        seen.add(`${alg}:${value}`);
        hashes.push({ alg, value });
      }
    }
  }
  return hashes;
}

function extractVerificationMetadata(content: string, ctx: ScanContext): ExtractResult {
  if (looksBinary(content)) throw new InputError('binary data, expected Gradle verification metadata (XML)', { file: ctx.path });
  const doc = parseXml(content, ctx.path, {
    arrays: ['components', 'component', 'artifact', 'sha512', 'sha256', 'sha1', 'md5'],
  });
  if (!Object.prototype.hasOwnProperty.call(doc, 'verification-metadata')) {
    const root = Object.keys(doc)[0];
    throw new InputError(
      `not Gradle verification metadata: the root element is ${root === undefined ? 'missing' : `<${root}>`}, expected <verification-metadata>`,
      { file: ctx.path },
    );
  }
  const root = doc['verification-metadata'];
  const components = asArray(isObject(root) ? root.components : undefined).flatMap((c) =>
    isObject(c) ? asArray(c.component) : [],
  );
  const lines = elementLines(content, [COMPONENT_PATH]).get(COMPONENT_PATH) ?? [];

  const packages = new Map<string, FoundPackage>();
  components.forEach((component, index) => {
    const group = attr(component, 'group');
    const name = attr(component, 'name');
    const version = attr(component, 'version');
    const line = lines[index]?.line;
    const notes: string[] = [];
    for (const [label, value] of [['group', group], ['name', name], ['version', version]] as const) {
      if (!value) notes.push(`component has no ${label} attribute`);
    }
    const fullName = `${group}:${name}`;
    const key = `${fullName}@${version}`;
    const hashes = isObject(component) ? hashesOf(component) : [];
    const existing = packages.get(key);
    if (existing) {
      // Gradle never writes a component twice; if a hand edit did, merge the checksums.
      for (const h of hashes) {
        if (!existing.hashes?.some((e) => e.alg === h.alg && e.value === h.value)) (existing.hashes ??= []).push(h);
      }
      return;
    }
    const pkg: FoundPackage = { ecosystem: 'Maven', name: fullName, version: version || null };
    if (line !== undefined) pkg.line = line;
    if (hashes.length > 0) pkg.hashes = hashes;
    if (notes.length > 0) pkg.notes = notes;
    packages.set(key, pkg);
  });
  return { packages: [...packages.values()] };
}

/** Scans Gradle's `gradle/verification-metadata.xml`: every verified module, with artifact checksums. */
export const gradleVerificationMetadataScanner: Scanner = {
  ...gradleVerificationMetadataInfo,
  extract: extractVerificationMetadata,
};
