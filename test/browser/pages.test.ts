// Every main page with real data in a real browser: no console error, no failed request, no dead
// link (every in-app link on each page opens a page that renders), a screenshot of each (light,
// and a few dark), and the security headers on the app and the API.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { POLICY, advisory, browserSuite, cyclonedx, openPage, screenshot, type World } from './harness.js';

let world: World;
let browser: Browser;
let projectId: string;
const CDX = 'application/vnd.cyclonedx+json';

const ADVISORIES = [advisory('GHSA-pg01-lodash', 'lodash', '4.17.21', 'HIGH', 'Prototype pollution in lodash'), advisory('GHSA-pg02-minimist', 'minimist', '1.2.6', 'CRITICAL', 'Prototype pollution in minimist')];

browserSuite({ advisories: ADVISORIES, policy: POLICY }, async (w, b) => {
  world = w;
  browser = b;
  const projects: string[] = [];
  for (const [name, distribution] of [['checkout', 'distributed'], ['storefront', 'saas']] as const) {
    const p = await world.api<{ id: string }>('POST', '/projects', { teamId: world.teamId, name, distribution });
    projects.push(p.id);
    const base = [
      { name: 'lodash', version: '4.17.20', license: 'MIT' },
      { name: 'minimist', version: '1.2.5', license: 'MIT', dependsOn: ['lodash@4.17.20'] },
      { name: 'readline-sync', version: '1.4.10', license: 'GPL-3.0-only' },
    ];
    await world.api('POST', `/projects/${p.id}/snapshots`, cyclonedx(name, base), CDX);
    await world.api('POST', `/projects/${p.id}/snapshots`, cyclonedx(name, [...base.slice(0, 2), { name: 'chalk', version: '5.3.0', license: 'MIT' }, { name: 'mystery', version: '0.0.1' }]), CDX);
  }
  projectId = projects[0]!;
  await world.api('POST', '/waivers', { projectId, ruleId: 'license-unknown', reason: 'will-fix', owner: 'legal@example.com', comment: 'Asked upstream' });
}, 180_000);

/** The main pages: the path and what shows that the page has its data. */
const PAGES = (): [string, string, string][] => [
  ['overview', '/', 'Open vulnerabilities by severity'],
  ['projects', '/projects', 'storefront'],
  ['project-components', `/projects/${projectId}/components`, '4 of 4 components'],
  ['project-tree', `/projects/${projectId}/tree`, 'direct dependencies'],
  ['project-licenses', `/projects/${projectId}/licenses`, 'License mix'],
  ['project-vulnerabilities', `/projects/${projectId}/vulnerabilities`, 'GHSA-pg02-minimist'],
  ['project-policy', `/projects/${projectId}/policy`, 'Policy violations'],
  ['project-history', `/projects/${projectId}/history`, 'added'],
  ['component', '/component?ecosystem=npm&name=lodash', 'Versions across the portfolio'],
  ['advisories', '/advisories', 'GHSA-pg01-lodash'],
  ['advisory', '/advisories/GHSA-pg02-minimist', 'Affected projects'],
  ['licenses', '/licenses', 'Top licenses'],
  ['policy', '/policy', 'browser test policy'],
  ['audit', '/audit', 'snapshot.create'],
  ['admin-users', '/admin/users', 'admin@example.com'],
  ['admin-teams', '/admin/teams', 'Platform'],
  ['admin-tokens', '/admin/tokens', 'Your tokens'],
];

it('renders every main page with its data, no console error or failed request, and saves a screenshot of each', async () => {
  const { page, problems } = await openPage(browser, world, { token: world.token });
  const shots: string[] = [];
  for (const [name, path, marker] of PAGES()) {
    await page.goto(`${world.url}${path}`);
    await page.getByText(marker).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('alert').count(), `${path} shows an error`).toBe(0);
    shots.push(await screenshot(page, name));
  }
  console.log(`screenshots: ${shots.join(', ')}`);
  expect(problems).toEqual([]);
}, 120_000);

it('renders in the dark theme too', async () => {
  const { page, problems } = await openPage(browser, world, { token: world.token, theme: 'dark' });
  for (const [name, path, marker] of PAGES().filter(([n]) => ['overview', 'project-components', 'advisory'].includes(n))) {
    await page.goto(`${world.url}${path}`);
    await page.getByText(marker).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, `${name}-dark`);
  }
  expect(problems).toEqual([]);
}, 60_000);

it('has no dead link: every in-app link on each main page opens a page that renders', async () => {
  const { page, problems } = await openPage(browser, world, { token: world.token });
  const links = new Map<string, string>();
  for (const [, path, marker] of PAGES()) {
    await page.goto(`${world.url}${path}`);
    await page.getByText(marker).first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      const u = new URL(href);
      if (u.origin === world.url && !links.has(u.pathname + u.search)) links.set(u.pathname + u.search, path);
    }
  }
  expect(links.size).toBeGreaterThan(30);
  for (const [link, from] of links) {
    const res = await page.goto(`${world.url}${link}`);
    expect(res?.status(), `${link} (linked from ${from})`).toBe(200);
    await page.waitForLoadState('networkidle');
    // The page rendered: a heading, no "No such page", no error.
    await page.locator('main h1').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('main h1').first().textContent(), `${link} (linked from ${from})`).not.toBe('No such page');
    expect(await page.getByRole('alert').count(), `${link} (linked from ${from}) shows an error`).toBe(0);
  }
  console.log(`followed ${links.size} links`);
  expect(problems).toEqual([]);
}, 180_000);

it('sends a strict Content-Security-Policy and the other security headers, on the app and the API', async () => {
  for (const path of ['/', `/projects/${projectId}`, '/api/v1/health']) {
    const res = await fetch(`${world.url}${path}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  }
  // Hashed assets are cached for a year; index.html is revalidated; a missing asset is a 404.
  const html = await (await fetch(`${world.url}/`)).text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  expect((await fetch(`${world.url}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await fetch(`${world.url}/projects/x`)).headers.get('cache-control')).toBe('no-cache');
  expect((await fetch(`${world.url}/assets/nope.js`)).status).toBe(404);
  expect((await fetch(`${world.url}/api/v1/nope`)).headers.get('content-type')).toMatch(/problem\+json/);
});
