// The demo portfolio of `ospo serve --demo`: real projects' lockfiles from examples/, three
// snapshots each, matched against real OSV records and a policy, and a demo admin. Loading is
// idempotent: what exists (teams, projects with snapshots, the user) is left alone.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSnapshot } from '../analysis/index.js';
import { buildInventory } from '../inventory/build.js';
import type { Inventory } from '../model/inventory.js';
import { parsePolicy, type Policy } from '../policy/index.js';
import { createProject, createTeam, ingestSnapshot, type Store } from '../store/index.js';
import { listProjects, listTeams } from '../store/repo/portfolio.js';
import { createUser, findUserByEmail } from '../store/repo/users.js';
import { createWaiver } from '../store/repo/waivers.js';
import type { AdvisorySource } from '../vulns/index.js';
import { openOsvPath } from '../vulns/osv/read.js';

/** The examples/ folder of this package (beside src/ and dist/). */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples', import.meta.url));

/** The demo admin's email. */
export const DEMO_EMAIL = 'demo@ospo.example';

type Distribution = 'internal' | 'saas' | 'distributed' | 'open-source';
/** One project of the demo. */
export interface DemoProject {
  name: string;
  /** Relative to examples/. */
  dir: string;
  team: string;
  distribution: Distribution;
  tags: string[];
}

/** The demo's projects: the sample portfolio and real projects' lockfiles. */
export const DEMO_PROJECTS: readonly DemoProject[] = [
  { name: 'web-shop', dir: 'sample-portfolio/web-shop', team: 'Storefront', distribution: 'saas', tags: ['npm'] },
  { name: 'billing-api', dir: 'sample-portfolio/billing-api', team: 'Payments', distribution: 'saas', tags: ['go'] },
  { name: 'catalog-service', dir: 'sample-portfolio/catalog-service', team: 'Storefront', distribution: 'saas', tags: ['maven'] },
  { name: 'data-pipeline', dir: 'sample-portfolio/data-pipeline', team: 'Data', distribution: 'internal', tags: ['python'] },
  { name: 'ledger', dir: 'sample-portfolio/ledger', team: 'Payments', distribution: 'distributed', tags: ['rust'] },
  { name: 'axios', dir: 'demo/projects/axios', team: 'Storefront', distribution: 'open-source', tags: ['npm', 'real'] },
  { name: 'webpack', dir: 'demo/projects/webpack', team: 'Platform', distribution: 'open-source', tags: ['yarn', 'real'] },
  { name: 'vuejs-core', dir: 'demo/projects/vuejs-core', team: 'Storefront', distribution: 'open-source', tags: ['pnpm', 'real'] },
  { name: 'github-cli', dir: 'demo/projects/github-cli', team: 'Platform', distribution: 'distributed', tags: ['go', 'real'] },
  { name: 'ripgrep', dir: 'demo/projects/ripgrep', team: 'Platform', distribution: 'distributed', tags: ['rust', 'real'] },
  { name: 'poetry', dir: 'demo/projects/poetry', team: 'Data', distribution: 'internal', tags: ['python', 'real'] },
  { name: 'spring-petclinic', dir: 'demo/projects/spring-petclinic', team: 'Payments', distribution: 'saas', tags: ['maven', 'real'] },
];

/** Shares of packages the snapshots before the last leave out (oldest first); the last has all. */
const HISTORY = [0.2, 0.08, 0];

/** What the demo needs from examples/: advisories and the policy. */
export async function loadDemoSources(examples = EXAMPLES_DIR): Promise<{ advisories: AdvisorySource; policy: Policy }> {
  const advisories = await openOsvPath(join(examples, 'demo', 'osv'));
  const policyFile = join(examples, 'policies', 'distributed-product.policy.yaml');
  const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);
  return { advisories, policy };
}

/** What {@link loadDemo} did. */
export interface DemoResult {
  email: string;
  password: string;
  /** Projects that got their snapshots now (0 on a second run). */
  loaded: number;
  snapshots: number;
}

/**
 * Returns the inventory without a deterministic `share` of its components (by a hash of each
 * id) and without the edges that touch them: an earlier state of the project for the demo.
 */
export function withoutShare(inv: Inventory, share: number): Inventory {
  if (share <= 0) return inv;
  const keep = (id: string) => createHash('sha256').update(id).digest().readUInt16BE(0) / 65536 >= share;
  const components = inv.components.filter((c) => keep(c.id));
  const kept = new Set(components.map((c) => c.id));
  const dependencies = new Map<string, Set<string>>();
  for (const [from, to] of inv.dependencies) {
    if (!kept.has(from) && inv.components.some((c) => c.id === from)) continue;
    dependencies.set(from, new Set([...to].filter((t) => kept.has(t))));
  }
  return { ...inv, components, dependencies };
}

/**
 * Loads the demo portfolio into `store` (see the file comment). The demo admin's password is
 * made once and kept in `<dataDir>/demo-admin.txt` (mode 0600), so a second run prints it again.
 */
export async function loadDemo(
  store: Store,
  options: { dataDir: string; advisories: AdvisorySource; policy: Policy; examples?: string; projects?: readonly DemoProject[]; onProgress?: (message: string) => void },
): Promise<DemoResult> {
  const examples = options.examples ?? EXAMPLES_DIR;
  const actor = 'system:demo';
  const say = options.onProgress ?? (() => undefined);

  const teams = new Map((await listTeams(store)).map((t) => [t.name, t.id]));
  const projects = options.projects ?? DEMO_PROJECTS;
  for (const name of new Set(projects.map((p) => p.team))) {
    if (!teams.has(name)) teams.set(name, (await createTeam(store, name, actor)).id);
  }

  let loaded = 0;
  let snapshots = 0;
  for (const def of projects) {
    const found = (await listProjects(store, { q: def.name, limit: 1000 })).items.find((p) => p.name === def.name && p.teamId === teams.get(def.team));
    if (found?.latestSnapshotId != null) continue;
    const project = found ?? (await createProject(store, { teamId: teams.get(def.team)!, name: def.name, distribution: def.distribution, tags: def.tags, lifecycle: 'active' }, actor));
    if (def.name === 'ripgrep') {
      // One waiver, so the waivers page and suppressed findings show something.
      await createWaiver(
        store,
        { projectId: project.id, ruleId: 'license-unknown', reason: 'will-fix', owner: 'ospo@ospo.example', comment: 'Cargo.lock carries no licenses; the crates are MIT/Apache-2.0 per crates.io (OSPO-42).', expiresAt: new Date(Date.now() + 90 * 86_400_000) },
        actor,
      );
    }
    say(`demo: scanning ${def.dir}`);
    const inventory = await buildInventory([join(examples, def.dir)]);
    for (const share of HISTORY) {
      const r = await ingestSnapshot(store, project.id, withoutShare(inventory, share), { source: 'demo', tool: 'ospo demo', actor });
      if (!r.created) continue;
      await analyzeSnapshot(store, r.snapshot.id, { advisories: options.advisories, policy: options.policy, actor, audit: false });
      snapshots++;
    }
    loaded++;
  }

  const file = join(options.dataDir, 'demo-admin.txt');
  let password = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!(await findUserByEmail(store, DEMO_EMAIL))) {
    password ||= `demo-${randomBytes(12).toString('base64url')}`;
    await createUser(store, { email: DEMO_EMAIL, name: 'Demo admin', role: 'admin', password }, actor);
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { email: DEMO_EMAIL, password, loaded, snapshots };
}
