import parseSpdxExpression from 'spdx-expression-parse';
import type { Component } from '../../model/inventory.js';
import type { Scope } from '../../model/package.js';

// What CycloneDX says about one component, shared by the direct JSON writer and the CycloneDX
// library's model (XML), so the two cannot drift apart. No library import here: it is slow to load.

function isSpdxExpression(value: string): boolean {
  try {
    parseSpdxExpression(value);
    return true;
  } catch {
    return false;
  }
}

/** How a license string is said in CycloneDX: an SPDX id, an SPDX expression, or a name. */
export type LicenseChoice = { kind: 'id' | 'expression' | 'name'; value: string };

/** Choices already made, by license string: an inventory repeats a few licenses thousands of times. */
const CHOICES = new Map<string, Readonly<LicenseChoice>>();
/** Bounds the memo: hostile input may give every component its own license string. */
const MAX_CHOICES = 4096;

function licenseChoice(value: string): Readonly<LicenseChoice> {
  let choice = CHOICES.get(value);
  if (choice) return choice;
  if (isSpdxExpression(value)) {
    choice = /^[A-Za-z0-9.+-]+$/.test(value) && !value.endsWith('+') ? { kind: 'id', value } : { kind: 'expression', value };
  } else choice = { kind: 'name', value };
  if (CHOICES.size >= MAX_CHOICES) CHOICES.clear();
  CHOICES.set(value, choice);
  return choice;
}

/** Splits a package name into CycloneDX group and name, per ecosystem convention. */
function groupAndName(c: Component): { group?: string; name: string } {
  if (c.ecosystem === 'Maven') {
    const i = c.name.indexOf(':');
    if (i > 0) return { group: c.name.slice(0, i), name: c.name.slice(i + 1) };
  }
  if ((c.ecosystem === 'npm' && c.name.startsWith('@')) || c.ecosystem === 'Packagist') {
    const i = c.name.indexOf('/');
    if (i > 0) return { group: c.name.slice(0, i), name: c.name.slice(i + 1) };
  }
  return { name: c.name };
}

/** Everything CycloneDX says about one component, shared by the JSON writer and the library model. */
export interface ComponentFacts {
  group?: string;
  name: string;
  version?: string;
  purl?: string;
  scope: 'required' | 'optional' | 'excluded';
  license?: Readonly<LicenseChoice>;
  hashes: Array<{ alg: string; content: string }>;
  externalReference?: { url: string; type: 'vcs' | 'distribution' };
  properties: Array<{ name: string; value: string }>;
}

const SCOPE_NAME: Record<Scope, ComponentFacts['scope']> = {
  runtime: 'required',
  provided: 'required',
  optional: 'optional',
  peer: 'optional',
  dev: 'excluded',
  test: 'excluded',
};

/** CycloneDX 1.6 hash algorithm names (`hash-alg` in the schema; the model uses the same spelling). */
const HASH_ALGS: ReadonlySet<string> = new Set(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-384', 'SHA3-512', 'BLAKE2b-256', 'BLAKE2b-384', 'BLAKE2b-512', 'BLAKE3']);

export function componentFacts(c: Component): ComponentFacts {
  const { group, name } = groupAndName(c);
  const facts: ComponentFacts = { name, scope: SCOPE_NAME[c.scope], hashes: [], properties: [] };
  if (group !== undefined) facts.group = group;
  if (c.version !== null) facts.version = c.version;
  if (c.purl) facts.purl = c.purl;
  if (c.license) facts.license = licenseChoice(c.license);
  for (const h of c.hashes ?? []) {
    if (HASH_ALGS.has(h.alg) && /^[0-9a-f]+$/.test(h.value) && !facts.hashes.some((x) => x.alg === h.alg)) facts.hashes.push({ alg: h.alg, content: h.value });
  }
  const props = facts.properties;
  if (c.scope !== 'runtime') props.push({ name: 'ospo:scope', value: c.scope });
  props.push({ name: 'ospo:direct', value: String(c.direct) });
  if (c.declared !== undefined) props.push({ name: 'ospo:declared', value: c.declared });
  for (const l of c.locations) props.push({ name: 'ospo:location', value: l.line !== undefined ? `${l.file}:${l.line}` : l.file });
  for (const n of c.notes ?? []) props.push({ name: 'ospo:note', value: n });
  if (c.source?.url && (c.source.kind === 'git' || c.source.kind === 'url')) {
    const url = c.source.ref && c.source.kind === 'git' ? `${c.source.url}#${c.source.ref}` : c.source.url;
    facts.externalReference = { url, type: c.source.kind === 'git' ? 'vcs' : 'distribution' };
  }
  return facts;
}

