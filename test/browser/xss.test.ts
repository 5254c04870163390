// Untrusted strings never execute: script payloads planted in package names, versions,
// descriptions, license names and texts, a project name and an advisory summary are shown as
// text on every page that shows them, nothing runs, and the CSP would block inline script anyway.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { POLICY, advisory, browserSuite, cyclonedx, openPage, type World } from './harness.js';

const PAYLOADS = [
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '"><script>window.__xss=(window.__xss||0)+1</script>',
  "javascript:window.__xss=1//",
  '<svg/onload=window.__xss=1>',
];
let world: World;
let browser: Browser;
let projectId: string;

browserSuite({ advisories: [advisory('GHSA-xss1-evil', PAYLOADS[0]!, '9.9.9', 'HIGH', `Summary ${PAYLOADS[1]}`)], policy: POLICY }, async (w, b) => {
  world = w;
  browser = b;
  const p = await world.api<{ id: string }>('POST', '/projects', { teamId: world.teamId, name: `shop ${PAYLOADS[1]}` });
  projectId = p.id;
  const bom = cyclonedx('evil-app', [
    { name: PAYLOADS[0]!, version: '1.0.0', description: PAYLOADS[1], licenseName: PAYLOADS[3], licenseText: PAYLOADS[1] },
    { name: PAYLOADS[2]!, version: '2.0.0', licenseName: PAYLOADS[0], dependsOn: [`${PAYLOADS[0]}@1.0.0`] },
    { name: 'plain', version: '1.0.0', license: 'MIT' },
  ]);
  await world.api('POST', `/projects/${p.id}/snapshots`, bom, 'application/vnd.cyclonedx+json');
});

it('shows planted payloads as text on every page, and none of them runs', async () => {
  const { page, problems } = await openPage(browser, world, { token: world.token });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const pages = [
    '/',
    '/projects',
    `/projects/${projectId}/components`,
    `/projects/${projectId}/tree`,
    `/projects/${projectId}/licenses`,
    `/projects/${projectId}/vulnerabilities`,
    `/projects/${projectId}/policy`,
    `/projects/${projectId}/history`,
    `/component?ecosystem=npm&name=${encodeURIComponent(PAYLOADS[0]!)}`,
    `/component?ecosystem=npm&name=${encodeURIComponent(PAYLOADS[2]!)}`,
    '/advisories',
    '/advisories/GHSA-xss1-evil',
    '/licenses',
    '/audit',
  ];
  for (const path of pages) {
    await page.goto(`${world.url}${path}`);
    await page.waitForLoadState('networkidle');
    await page.locator('main h1').first().waitFor();
    // Open every collapsed detail (license evidence) and tree node, so their text renders too.
    await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.$$eval('button.twisty', (bs) => bs.forEach((b) => (b as HTMLButtonElement).click()));
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), `a payload ran on ${path}`).toBeUndefined();
    // Nothing the payloads name reached the DOM as an element.
    expect(await page.evaluate(() => document.querySelectorAll('main img, main svg:not([aria-hidden]), main script').length), `markup from data on ${path}`).toBe(0);
    // No link points at a javascript: URL.
    expect(await page.$$eval('a[href]', (as) => as.filter((a) => /^javascript:/i.test((a as HTMLAnchorElement).getAttribute('href') ?? '')).length)).toBe(0);
  }
  // The payloads are there, as text.
  await page.goto(`${world.url}/projects/${projectId}/components`);
  await page.getByText(PAYLOADS[0]!).first().waitFor();
  await page.goto(`${world.url}/advisories/GHSA-xss1-evil`);
  await page.getByText(`Summary ${PAYLOADS[1]}`).first().waitFor();
  expect(dialogs).toBe(0);
  expect(problems).toEqual([]);
}, 120_000);

it('blocks inline script by its Content-Security-Policy even if markup got in', async () => {
  const { page } = await openPage(browser, world, { token: world.token });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(`${world.url}/`);
  await page.locator('main h1').first().waitFor();
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    const d = document.createElement('div');
    d.innerHTML = '<img src="x" onerror="window.__inline = 2">';
    document.body.append(d);
    await new Promise((r) => setTimeout(r, 300));
    return (window as unknown as { __inline?: number }).__inline;
  });
  expect(ran).toBeUndefined();
  expect(violations.length).toBeGreaterThan(0);
});
