// Speed in the browser: the first page interactive (target <= 1 s on localhost), and a
// 10,000-component project page that renders, searches, sorts, filters and scrolls within 300 ms
// per interaction. Figures are printed with the machine's load (BENCHMARKS.md records them).
import { cpus, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, openPage, type World } from './harness.js';
import { TIME_FACTOR } from '../../src/test-support/budget.js';
import type { OsvRecord } from '../../src/vulns/osv/types.js';

const N = 10_000;
/**
 * How far over target the test still passes. `npm run bench:web` sets OSPO_PERF_SLACK=1 (the
 * targets exactly); in the test command it is 3 times the unit tests' TIME_FACTOR, because CI
 * shares its cores with the other test files and may run on a slower machine, so there it guards
 * against a page that has become many times slower. Figures are printed either way.
 */
const SLACK = Number(process.env.OSPO_PERF_SLACK ?? 3 * TIME_FACTOR);
let world: World;
let browser: Browser;
let projectId: string;

function bigBom(): string {
  const components = [];
  const deps = [];
  for (let i = 0; i < N; i++) {
    const pypi = i % 5 === 4;
    const name = `pkg-${String(i).padStart(5, '0')}`;
    const version = `${i % 7}.${i % 13}.${i % 3}`;
    const ref = `${name}@${version}`;
    components.push({ type: 'library', name, version, purl: pypi ? `pkg:pypi/${name}@${version}` : `pkg:npm/${name}@${version}`, 'bom-ref': ref, licenses: [{ license: { id: ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause'][i % 4] } }], scope: i % 3 === 0 ? 'optional' : 'required' });
    if (i >= 100) deps.push({ ref: `pkg-${String(i % 100).padStart(5, '0')}@${(i % 100) % 7}.${(i % 100) % 13}.${(i % 100) % 3}`, dependsOn: [ref] });
  }
  const merged = new Map<string, string[]>();
  for (const d of deps) merged.set(d.ref, [...(merged.get(d.ref) ?? []), ...d.dependsOn]);
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: { component: { type: 'application', name: 'monolith', 'bom-ref': 'app' } },
    components,
    dependencies: [{ ref: 'app', dependsOn: components.slice(0, 100).map((c) => c['bom-ref']) }, ...[...merged].map(([ref, dependsOn]) => ({ ref, dependsOn }))],
  });
}

/** One advisory for every 97th package, affecting every version. */
function advisories(): OsvRecord[] {
  const out: OsvRecord[] = [];
  for (let i = 0; i < N; i += 97) {
    const name = `pkg-${String(i).padStart(5, '0')}`;
    out.push({ schema_version: '1.7.0', id: `GHSA-perf-${i}`, modified: '2024-01-01T00:00:00Z', summary: `Flaw in ${name}`, affected: [{ package: { ecosystem: i % 5 === 4 ? 'PyPI' : 'npm', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }], database_specific: { severity: 'HIGH' } } as OsvRecord);
  }
  return out;
}

browserSuite(
  { advisories: advisories() },
  async (w, b) => {
    world = w;
    browser = b;
    projectId = (await world.api<{ id: string }>('POST', '/projects', { teamId: world.teamId, name: 'monolith' })).id;
    await world.api('POST', `/projects/${projectId}/snapshots`, bigBom(), 'application/vnd.cyclonedx+json');
  },
  240_000,
);

/** Milliseconds since the page's navigation started, once the main thread is idle after `selector` shows `text`. */
async function readyAt(page: Page, text: string): Promise<number> {
  await page.getByText(text).first().waitFor({ timeout: 30_000 });
  return page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))));
}

/**
 * Runs `action` in the page and returns the milliseconds until the components table changed
 * and the next frame was painted.
 */
async function interaction(page: Page, action: string): Promise<number> {
  return page.evaluate(async (code) => {
    const root = document.querySelector('[data-testid=components]')!;
    let changed = false;
    const observer = new MutationObserver(() => (changed = true));
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    new Function(code)();
    await new Promise<void>((resolve, reject) => {
      const deadline = t0 + 10_000;
      const check = () => {
        if (changed) requestAnimationFrame(() => setTimeout(resolve, 0));
        else if (performance.now() > deadline) reject(new Error(`nothing changed after: ${code}`));
        else requestAnimationFrame(check);
      };
      check();
    });
    observer.disconnect();
    return performance.now() - t0;
  }, action);
}

const setInput = (selector: string, value: string) =>
  `const el = document.querySelector('${selector}'); Object.getOwnPropertyDescriptor(el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype, 'value').set.call(el, ${JSON.stringify(value)}); el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));`;

it('is interactive within 1 s, and the 10,000-component page renders and filters within 300 ms per interaction', async () => {
  const figures: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  // A fresh browser context: nothing cached.
  {
    const { page, context, problems } = await openPage(browser, world);
    await page.goto(`${world.url}/login`);
    figures['sign-in page interactive'] = await readyAt(page, 'Sign in');
    expect(problems).toEqual([]);
    await context.close();
  }
  {
    const { page, context, problems } = await openPage(browser, world, { token: world.token });
    await page.goto(`${world.url}/`);
    figures['overview interactive (signed in, data shown)'] = await readyAt(page, 'compliance rate');
    await page.goto(`${world.url}/projects/${projectId}/components`);
    figures[`project page, ${N} components rendered (incl. fetching them)`] = await readyAt(page, `${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} components`);
    const count = () => page.getByTestId('components-count').textContent();

    figures['search "pkg-0004" (10,000 -> 10)'] = await interaction(page, setInput('[data-testid=component-search]', 'pkg-0004'));
    expect(await count()).toBe(`10 of ${N.toLocaleString('en-US')} components`);
    figures['clear search (-> 10,000)'] = await interaction(page, setInput('[data-testid=component-search]', ''));
    expect(await count()).toBe(`${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} components`);
    figures['search "3.1" (many matches)'] = await interaction(page, setInput('[data-testid=component-search]', '3.1'));
    await interaction(page, setInput('[data-testid=component-search]', ''));
    figures['sort by version'] = await interaction(page, `[...document.querySelectorAll('th button.sort')].find((b) => b.textContent.startsWith('Version')).click()`);
    figures['sort by vulnerabilities'] = await interaction(page, `[...document.querySelectorAll('th button.sort')].find((b) => b.textContent.startsWith('Vulnerabilities')).click()`);
    figures['filter ecosystem = PyPI'] = await interaction(page, setInput('select[aria-label=Ecosystem]', 'PyPI'));
    expect(await count()).toBe(`${(N / 5).toLocaleString('en-US')} of ${N.toLocaleString('en-US')} components`);
    figures['filter vulnerable only'] = await interaction(page, `document.querySelector('[data-testid=vulnerable-only]').click()`);
    expect(Number((await count())!.split(' ')[0])).toBeGreaterThan(0);
    await interaction(page, `document.querySelector('[data-testid=vulnerable-only]').click()`);
    await interaction(page, setInput('select[aria-label=Ecosystem]', ''));
    figures['scroll to the middle'] = await interaction(page, `const s = document.querySelector('[data-testid=components] .table-scroll'); s.scrollTop = s.scrollHeight / 2; s.dispatchEvent(new Event('scroll'));`);
    expect(problems).toEqual([]);
    await context.close();
  }
  const cpu = process.cpuUsage(cpu0);
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  console.log(
    [
      `browser performance (chromium ${browser.version()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores; test process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms):`,
      ...Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v.toFixed(0).padStart(5)} ms`),
    ].join('\n'),
  );
  for (const [k, v] of Object.entries(figures)) {
    const target = k.includes('interactive') ? 1000 : k.startsWith('project page') ? 1000 : 300;
    expect(v, `${k}: ${v.toFixed(0)} ms (target ${target} ms, allowed ${target * SLACK} ms on a loaded machine)`).toBeLessThanOrEqual(target * SLACK);
  }
}, 180_000);
