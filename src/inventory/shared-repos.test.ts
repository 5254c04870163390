import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalCycloneDx, cycloneDxJsonErrors, spdxJsonErrors } from '../test-support/validate.js';
import { writeCycloneDxJson, writeCycloneDxJsonWithLibrary, writeSpdxJson } from '../sbom/write/index.js';
import { buildInventory } from './build.js';

// The real lockfiles in ../shared/data/repos (see its PROVENANCE.md), scanned as one portfolio.
// Each count was verified independently of Ospo by the scanner's own test (a jq, awk or grep
// pipeline quoted there): axios `jq '.packages | keys | length'` less the root and links,
// webpack `awk` over yarn.lock headers with `sort -u`, vuejs-core over pnpm `packages:` keys,
// poetry `grep -c '^\[\[package\]\]'`, github-cli the go.mod requires plus stdlib, ripgrep
// `grep -c '^\[\[package\]\]'`, spring-petclinic the <dependency> elements of its pom.
const repos = new URL('../../../shared/data/repos', import.meta.url).pathname;

const inv = existsSync(repos) ? await buildInventory([repos]) : undefined!;

describe.skipIf(!existsSync(repos))('scanning shared/data/repos as one portfolio', () => {

  it('reads every project without errors', () => {
    expect(inv.errors).toEqual([]);
    expect(inv.projects.map((p) => p.path)).toEqual(['axios', 'github-cli', 'poetry', 'ripgrep', 'spring-petclinic', 'vuejs-core', 'webpack']);
  });

  it.each([
    ['axios', 'npm', 1672, 60],
    ['webpack', 'npm', 1393, 113],
    ['vuejs-core', 'npm', 620, 70],
    ['poetry', 'PyPI', 78, 35],
    ['github-cli', 'Go', 159, 48],
    ['ripgrep', 'crates.io', 63, 40],
    ['spring-petclinic', 'Maven', 24, 24],
  ])('%s: %s, %i packages, %i direct', (path, ecosystem, total, direct) => {
    const p = inv.projects.find((x) => x.path === path)!;
    expect(p.ecosystems).toEqual([ecosystem]);
    expect(p.components).toHaveLength(total);
    expect(p.direct.filter((d) => p.components.includes(d))).toHaveLength(direct);
  });

  it('says why spring-petclinic versions are unknown (its parent POM is remote)', () => {
    const unresolved = inv.components.filter((c) => c.ecosystem === 'Maven' && c.version === null);
    expect(unresolved).toHaveLength(21);
    expect(inv.warnings.some((w) => w.file === 'spring-petclinic/pom.xml' && /spring-boot-starter-parent/.test(w.message))).toBe(true);
  });

  it('writes schema-valid SBOMs of the whole portfolio', async () => {
    const time = new Date('2026-01-01T00:00:00Z');
    const json = writeCycloneDxJson(inv, { timestamp: time });
    expect(await cycloneDxJsonErrors(json)).toBeNull();
    expect(canonicalCycloneDx(json)).toEqual(canonicalCycloneDx(writeCycloneDxJsonWithLibrary(inv, { timestamp: time })));
    expect(spdxJsonErrors(writeSpdxJson(inv))).toBeNull();
  });
});
