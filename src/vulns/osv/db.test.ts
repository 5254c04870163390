import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { HAVE_SHARED, independentCounts, RECORDS, SHARED_OSV, tarOfDirectory, zipOfDirectory } from './__fixtures__/support.js';
import { importRecords, openDatabase, osvDir, readManifest, type Manifest } from './db.js';
import { advisoryFacts, refsOf, type AdvisoryRef } from '../source.js';
import { openOsvPath } from './read.js';
import { evaluateAffected } from '../match/evaluate.js';
import { covers, regionOf } from '../match/regions.js';
import { SEMVER, schemeFor } from '../../versions/index.js';
import { buildZip } from './zip-write.js';
import { budget } from '../../test-support/budget.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ospo-osv-db-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function generations(dataDir: string): string[] {
  return readdirSync(osvDir(dataDir)).filter((n) => n.startsWith('gen-'));
}

function digestOfData(dataDir: string): Record<string, string> {
  const found = readManifest(dataDir)!;
  const out: Record<string, string> = {};
  for (const [eco, e] of Object.entries(found.manifest.ecosystems)) {
    const h = createHash('sha256');
    for (const ext of ['ndjson', 'mx', 'fx', 'idx', 'ids']) h.update(readFileSync(join(found.dir, `${e.stem}.${ext}`)));
    out[eco] = h.digest('hex');
  }
  return out;
}

function counts(m: Manifest): Record<string, number> {
  return Object.fromEntries(Object.entries(m.ecosystems).map(([eco, e]) => [eco, e.records]));
}

describe('openDatabase without a database', () => {
  it('says to run `ospo db update`', () => {
    const err = (() => {
      try {
        openDatabase(join(tmp, 'empty'));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/no OSV database yet; run `ospo db update`/);
  });

  it('refuses a damaged pointer with the same advice', async () => {
    const dir = join(tmp, 'damaged');
    await importRecords(dir, [RECORDS]);
    writeFileSync(join(osvDir(dir), 'current'), '../../etc\n');
    expect(() => openDatabase(dir)).toThrow(/damaged; run `ospo db update`/);
  });
});

describe('a damaged database', () => {
  it('a lookup that meets damaged records says so and what to run', async () => {
    const dir = join(tmp, 'damaged-records');
    await importRecords(dir, [RECORDS]);
    const { dir: gen, manifest } = readManifest(dir)!;
    const file = join(gen, `${manifest.ecosystems['npm']!.stem}.ndjson`);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"id"/g, '"id'));
    expect(() => openDatabase(dir).lookup('npm', 'left-pad')).toThrow(/the database is damaged at byte 0 .*run `ospo db update` to rebuild it/);
  });
});

describe('scenario records', () => {
  it('imports the valid records, quarantines the others, and reports them', async () => {
    const dir = join(tmp, 'scenario');
    const report = await importRecords(dir, [RECORDS]);
    expect(report.quarantinedCount).toBe(18);
    expect(report.quarantined.map((q) => q.file.split('/').pop()).sort()).toContain('missing-id.json');
    expect(counts(report.manifest)).toEqual({ PyPI: 1, npm: 2 });
    const source = Object.values(report.manifest.sources)[0]!;
    expect(source).toMatchObject({ kind: 'directory', files: 22, records: 5, quarantined: 18 });
    const db = openDatabase(dir);
    expect(db.lookup('npm', 'left-pad').map((r) => r.id)).toEqual(['OSV-FULL-1', 'OSV-LIST-2']);
    expect(db.lookup('PyPI', 'SOME.package').map((r) => r.id)).toEqual(['PYSEC-TEST-1']);
    // A record without packages is counted nowhere and found by no lookup.
    expect(report.manifest.records).toBe(3);
  });

  it('the same id in two inputs keeps the newer `modified`, whichever comes first', async () => {
    const rec = (modified: string, fixed: string) => JSON.stringify({ id: 'DUP-1', modified, affected: [{ package: { ecosystem: 'npm', name: 'dup' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }] });
    for (const order of [['old', 'new'], ['new', 'old']]) {
      const inputs = order.map((which) => {
        const d = join(tmp, `dup-${which}`);
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, 'DUP-1.json'), which === 'new' ? rec('2025-02-01T00:00:00Z', '2.0.0') : rec('2024-02-01T00:00:00Z', '1.0.0'));
        return d;
      });
      const dir = join(tmp, `dup-db-${order[0]}`);
      const report = await importRecords(dir, inputs);
      expect(report.manifest.ecosystems['npm']!.records).toBe(1);
      const found = openDatabase(dir).lookup('npm', 'dup');
      expect(found.map((r) => [r.modified, r.affected![0]!.ranges![0]!.events[1]!.fixed])).toEqual([['2025-02-01T00:00:00Z', '2.0.0']]);
    }
  });

  it('refuses an input with no record files at all and writes nothing', async () => {
    const dir = join(tmp, 'nothing');
    const emptyInput = join(tmp, 'no-records');
    mkdirSync(emptyInput);
    writeFileSync(join(emptyInput, 'readme.txt'), 'x');
    await expect(importRecords(dir, [emptyInput])).rejects.toThrow(/no OSV records found \(looked for \.json, \.yaml and \.yml files\)/);
    await expect(importRecords(dir, [join(emptyInput, 'readme.txt')])).rejects.toThrow(/not a directory, zip, tarball or OSV record file/);
    expect(existsSync(join(osvDir(dir), 'current'))).toBe(false);
    expect(generations(dir)).toEqual([]);
  });
});

describe.skipIf(!HAVE_SHARED)('the shared real advisories', () => {
  const expected = HAVE_SHARED ? independentCounts(SHARED_OSV) : undefined;
  const expectedCounts = () => Object.fromEntries([...expected!.perEcosystem].map(([eco, ids]) => [eco, ids.size]));
  const main = () => join(tmp, 'shared');

  beforeAll(async () => {
    await importRecords(main(), [SHARED_OSV]);
  }, 120_000);

  it('holds every record under each ecosystem it affects (counted independently, with JSON.parse and js-yaml)', () => {
    const { manifest } = readManifest(main())!;
    expect(counts(manifest)).toEqual(expectedCounts());
    expect(manifest.records).toBe(expected!.ids.size);
    expect(Object.values(manifest.sources)[0]).toMatchObject({ kind: 'directory', files: expected!.files, quarantined: 0 });
  });

  it('answers every package exactly as the in-memory source over the same directory does', async () => {
    const memory = await openOsvPath(SHARED_OSV);
    const db = openDatabase(main());
    const packages = new Set<string>();
    for (const { file } of expected!.byId.values()) {
      const doc = file.endsWith('.json') ? (JSON.parse(readFileSync(join(SHARED_OSV, file), 'utf8')) as { affected?: Array<{ package?: { ecosystem: string; name: string } }> }) : undefined;
      for (const a of doc?.affected ?? []) if (a.package) packages.add(`${a.package.ecosystem}\u0000${a.package.name}`);
    }
    expect(packages.size).toBeGreaterThan(2000);
    const started = Date.now();
    let planned = 0;
    let probes = 0;
    for (const p of packages) {
      const [eco, name] = p.split('\u0000') as [string, string];
      const got = db.lookup(eco, name);
      const want = memory.lookup(eco, name);
      expect(got.map((r) => `${r.id}@${r.modified}`).sort()).toEqual(want.map((r) => `${r.id}@${r.modified}`).sort());
      // The match index says what the records say: same ids, withdrawn flags, ranges and lists.
      const refs = db.lookupRefs!(eco, name);
      const wantRefs = refsOf(memory, eco, name);
      const view = (r: AdvisoryRef) => JSON.stringify([r.id, r.aliases, r.withdrawn, r.affected.map((a) => [a.ranges?.map((g) => [g.type, g.repo, g.events]), a.versions])]);
      expect(refs.map(view).sort()).toEqual(wantRefs.map(view).sort());
      for (const r of refs.slice(0, 3)) {
        const whole = want.find((w) => w.id === r.id)!;
        expect(r.record()).toEqual(whole);
        // The facts kept beside the match index are what the whole record gives.
        const entries = wantRefs.find((w) => w.id === r.id)!.affected;
        // (plus, for a package with a region plan, the entries the .mx line then leaves out)
        const { affected, ...facts } = r.facts!();
        expect(facts).toEqual(JSON.parse(JSON.stringify(advisoryFacts(whole, entries))));
        if (affected !== undefined) expect(affected).toEqual(r.affected);
      }
      // Where the database made a region plan, it answers as evaluateAffected does on the
      // entries, for every version the advisories name and versions beside them.
      const plan = db.regionPlan!(refs);
      if (plan) {
        planned++;
        const ecoScheme = schemeFor(eco);
        const scheme = plan.scheme === ecoScheme.id ? ecoScheme : SEMVER;
        for (const v of probeVersions(plan.boundaries)) {
          if (!scheme.isValid(v)) continue;
          const region = regionOf(plan.boundaries, v, scheme);
          expect(region).toBeGreaterThanOrEqual(0);
          refs.forEach((ref, k) => {
            if (ref.withdrawn) return;
            const want = ref.affected.some((e) => evaluateAffected(e, v, ecoScheme, SEMVER).affected);
            if (covers(plan.spans[k]!, region) !== want) throw new Error(`${eco} ${name} ${v}: plan says ${!want} for ${ref.id}`);
          });
          probes++;
        }
      }
    }
    expect(planned).toBeGreaterThan(2000);
    expect(probes).toBeGreaterThan(20_000);
    // A loose guard against pathological slowness; speed is measured by bench/osv-import.js.
    expect(Date.now() - started).toBeLessThan(budget(20_000));
    expect(db.lookup('npm', 'lodash').map((r) => r.id)).toEqual(['GHSA-jf85-cpcp-j695', 'GHSA-p6mc-m468-83gw']);
    expect(db.lookup('crates.io', 'regex').map((r) => r.id)).toContain('GHSA-m5pq-gvj9-9vr8');
    expect(db.lookup('Go', 'stdlib').length).toBeGreaterThan(100);
    expect(db.lookup('Maven', 'org.apache.logging.log4j:log4j-core').map((r) => r.id)).toContain('GHSA-jfh8-c2jp-5v3q');
    expect(db.lookup('npm', 'not-a-vulnerable-package')).toEqual([]);
    expect(db.lookup('Hex', 'phoenix')).toEqual([]);
    expect(db.describe()).toMatchObject({ kind: 'database', records: expected!.ids.size, modified: '2026-08-21T06:28:40Z' });
    db.close();
  });

  it('answers a repeated lookup from memory (the same array)', () => {
    const db = openDatabase(main());
    const first = db.lookup('PyPI', 'django');
    expect(db.lookup('PyPI', 'Django')).toBe(first);
    db.close();
    const fresh = openDatabase(main());
    const refs = fresh.lookupRefs!('PyPI', 'django');
    expect(fresh.lookupRefs!('PyPI', 'Django')).toBe(refs);
    // A ref reads its record on each call and keeps nothing (matching keeps what it derives).
    expect(refs[0]!.record()).toEqual(refs[0]!.record());
    expect(refs[0]!.record()).not.toBe(refs[0]!.record());
    fresh.close();
  });

  it('a damaged match index says so and what to run', async () => {
    const dir = join(tmp, 'damaged-mx');
    await importRecords(dir, [RECORDS]);
    const { dir: gen, manifest } = readManifest(dir)!;
    writeFileSync(join(gen, `${manifest.ecosystems['npm']!.stem}.mx`), 'x'.repeat(manifest.ecosystems['npm']!.mxBytes));
    expect(() => openDatabase(dir).lookupRefs!('npm', 'left-pad')).toThrow(/the database is damaged at byte 0 .*run `ospo db update` to rebuild it/);
    rmSync(join(gen, `${manifest.ecosystems['npm']!.stem}.mx`));
    expect(() => openDatabase(dir).lookupRefs!('npm', 'left-pad')).toThrow(/the database is incomplete .*run `ospo db update`/);
    // The facts file is read only when a finding needs it, and its absence is named the same way.
    const fresh = join(tmp, 'missing-fx');
    await importRecords(fresh, [RECORDS]);
    const again = readManifest(fresh)!;
    rmSync(join(again.dir, `${again.manifest.ecosystems['npm']!.stem}.fx`));
    const refs = openDatabase(fresh).lookupRefs!('npm', 'left-pad');
    expect(() => refs[0]!.facts!()).toThrow(/the database is incomplete .*\.fx.*|the database is incomplete .*run `ospo db update`/);
  });


  it('a damaged facts block says so when a finding asks for it, and nothing before', async () => {
    const dir = join(tmp, 'damaged-facts');
    await importRecords(dir, [RECORDS]);
    const { dir: gen, manifest } = readManifest(dir)!;
    const fxFile = join(gen, `${manifest.ecosystems['npm']!.stem}.fx`);
    const idx = readFileSync(join(gen, `${manifest.ecosystems['npm']!.stem}.idx`), 'utf8');
    const line = idx.split('\n').find((l) => l.startsWith('left-pad\t'))!;
    const [factsAt, factsLength] = line.split('\t').slice(3, 5).map(Number) as [number, number];
    // One record's facts line broken in two: the block no longer has a line per record.
    const bytes = readFileSync(fxFile);
    bytes[factsAt + Math.floor(factsLength / 2)] = 0x0a;
    writeFileSync(fxFile, bytes);
    const refs = openDatabase(dir).lookupRefs!('npm', 'left-pad');
    expect(refs.length).toBeGreaterThan(0);
    expect(() => refs[0]!.facts!()).toThrow(/the database is damaged at byte \d+ \((facts do not match the index|.*JSON.*)\); run `ospo db update`/);
  });
  it('re-import is idempotent: same counts, byte-identical data, two generations kept', async () => {
    const before = digestOfData(main());
    const report = await importRecords(main(), [SHARED_OSV]);
    expect(counts(report.manifest)).toEqual(expectedCounts());
    expect(digestOfData(main())).toEqual(before);
    await importRecords(main(), [SHARED_OSV]);
    expect(generations(main())).toHaveLength(2);
    expect(existsSync(join(osvDir(main()), 'update.lock'))).toBe(false);
  }, 120_000);

  it.each([
    ['zip', async (f: string) => writeFileSync(f, zipOfDirectory(SHARED_OSV))],
    ['tarball', async (f: string) => writeFileSync(f, await tarOfDirectory(SHARED_OSV))],
  ])('imports the same data from a %s', async (kind, make) => {
    const file = join(tmp, `shared.${kind === 'zip' ? 'zip' : 'tgz'}`);
    await make(file);
    const dir = join(tmp, `from-${kind}`);
    const report = await importRecords(dir, [file]);
    expect(counts(report.manifest)).toEqual(expectedCounts());
    expect(Object.values(report.manifest.sources)[0]).toMatchObject({ kind: 'archive', files: expected!.files });
    expect(digestOfData(dir)).toEqual(digestOfData(main()));
  }, 120_000);

  it.each([
    ['a corrupt zip', () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]), 'bad.zip', /not a readable zip archive/],
    ['a zip bomb after valid entries', () => buildZip([{ name: 'ok.json', data: '{"id":"NEW-1","modified":"2025-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"Go","name":"stdlib"}}]}' }, { name: 'bomb.json', data: Buffer.alloc(40 * 1024 * 1024) }]), 'bomb.zip', /zip bomb/],
  ])('a failed update (%s) leaves the previous database live and usable', async (_what, make, name, message) => {
    const dir = join(tmp, 'failing');
    if (!existsSync(join(osvDir(dir), 'current'))) await importRecords(dir, [SHARED_OSV]);
    const pointer = readFileSync(join(osvDir(dir), 'current'), 'utf8');
    const gens = generations(dir);
    const stdlib = openDatabase(dir).lookup('Go', 'stdlib').length;
    const bad = join(tmp, name);
    writeFileSync(bad, make());
    await expect(importRecords(dir, [bad])).rejects.toThrow(message);
    expect(readFileSync(join(osvDir(dir), 'current'), 'utf8')).toBe(pointer);
    expect(generations(dir)).toEqual(gens);
    expect(existsSync(join(osvDir(dir), 'update.lock'))).toBe(false);
    const db = openDatabase(dir);
    expect(db.lookup('Go', 'stdlib')).toHaveLength(stdlib);
    expect(db.lookup('Go', 'stdlib').map((r) => r.id)).not.toContain('NEW-1');
    expect(counts(db.manifest)).toEqual(expectedCounts());
  }, 120_000);

  it('an import of some ecosystems keeps the others; --replace drops them; --ecosystem filters', async () => {
    const dir = join(tmp, 'partial');
    await importRecords(dir, [SHARED_OSV]);
    const pypi = await importRecords(dir, [RECORDS], { ecosystems: ['pypi'] });
    expect(pypi.updated).toEqual(['PyPI']);
    expect(counts(pypi.manifest)).toEqual({ ...expectedCounts(), PyPI: 1 });
    const db = openDatabase(dir);
    expect(db.lookup('PyPI', 'django')).toEqual([]);
    expect(db.lookup('PyPI', 'some-package').map((r) => r.id)).toEqual(['PYSEC-TEST-1']);
    expect(db.lookup('Go', 'stdlib').length).toBeGreaterThan(100);
    const replaced = await importRecords(dir, [RECORDS], { replace: true });
    expect(counts(replaced.manifest)).toEqual({ PyPI: 1, npm: 2 });
    expect(openDatabase(dir).lookup('Go', 'stdlib')).toEqual([]);
  }, 120_000);
});

/** Versions to probe a plan with: its boundaries, their numeric neighbours, pre-releases, and the extremes. */
function probeVersions(boundaries: readonly string[]): string[] {
  const out = new Set<string>(['0', '0.0.0', '0.0.1', '99999.0.0']);
  for (const b of boundaries) {
    out.add(b);
    out.add(`${b}.1`);
    out.add(`${b}-alpha`);
    out.add(`${b}rc1`);
    const m = /^(.*?)(\d+)(\D*)$/.exec(b);
    if (m) {
      const n = Number(m[2]);
      out.add(`${m[1]}${n + 1}${m[3]}`);
      if (n > 0) out.add(`${m[1]}${n - 1}${m[3]}`);
    }
  }
  return [...out];
}
