// The dashboard as a security engineer uses it, in a real browser: sign in, create a project,
// upload an SBOM, find the vulnerability, triage it as not_affected with a justification, and see
// the triage in the audit log. Any console error or failed request fails the test.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { ADMIN, POLICY, advisory, browserSuite, cyclonedx, eventually, openPage, screenshot, setValue, type World } from './harness.js';

let world: World;
let browser: Browser;
browserSuite({ advisories: [advisory('GHSA-wf01-lodash', 'lodash', '4.17.21', 'HIGH', 'Prototype pollution in lodash')], policy: POLICY }, (w, b) => {
  world = w;
  browser = b;
});

it('signs in, uploads an SBOM, triages its vulnerability as not_affected and shows it in the audit log', async () => {
  // A 401 is expected once: the wrong password first.
  const { page, problems } = await openPage(browser, world, { allowStatus: [401] });
  await page.goto(`${world.url}/advisories`);
  // Not signed in: the deep link waits behind the sign-in page.
  await page.waitForURL(/\/login\?next=%2Fadvisories/);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${world.url}/advisories`);
  await page.getByText('No vulnerabilities found').waitFor();
  await screenshot(page, 'empty-vulnerabilities');

  const nav = page.getByRole('navigation', { name: 'Sections' });
  // The overview says how to push the first SBOM.
  await nav.getByRole('link', { name: 'Overview' }).click();
  await page.getByText('No projects yet').waitFor();
  expect(await page.locator('pre.command').textContent()).toContain(`ospo push . --server ${world.url}`);
  await screenshot(page, 'empty-overview');

  // Create a project and upload an SBOM through the page.
  await nav.getByRole('link', { name: 'Projects' }).click();
  await page.getByRole('button', { name: 'New project' }).click();
  await setValue(page, 'form input[required]', 'checkout');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  await page.getByText('No snapshot yet').waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'ospo-browser-'));
  const file = join(dir, 'checkout.cdx.json');
  writeFileSync(
    file,
    cyclonedx('checkout', [
      { name: 'lodash', version: '4.17.20', license: 'MIT' },
      { name: 'left-pad', version: '1.3.0', license: 'WTFPL' },
      { name: 'express', version: '4.18.2', license: 'MIT', dependsOn: ['lodash@4.17.20'] },
    ]),
  );
  await page.getByTestId('sbom-file').setInputFiles(file);
  await page.getByTestId('upload-result').filter({ hasText: /Snapshot \d+: 3 components/ }).waitFor();
  await page.getByTestId('components-count').getByText('3 of 3 components').waitFor();

  // Find the vulnerability: the Vulnerabilities page, a search, the advisory.
  await nav.getByRole('link', { name: 'Vulnerabilities' }).click();
  await setValue(page, '[data-testid=advisory-search]', 'pollution');
  await page.getByText('1 of 1 advisories').waitFor();
  await page.getByRole('link', { name: 'GHSA-wf01-lodash' }).click();
  await page.waitForURL(`${world.url}/advisories/GHSA-wf01-lodash`);
  await page.getByText('Prototype pollution in lodash').first().waitFor();
  const impact = page.getByTestId('impact');
  await impact.getByRole('link', { name: 'checkout' }).waitFor();

  // Triage: not_affected needs a justification.
  await impact.getByRole('button', { name: 'Triage' }).click();
  await setValue(page, '[data-testid=vex-state]', 'not_affected');
  await setValue(page, '[data-testid=vex-justification]', 'code_not_reachable');
  await setValue(page, '[data-testid=vex-detail]', 'We never call _.merge on user input.');
  await page.getByRole('button', { name: 'Save triage' }).click();
  await impact.getByText('not_affected').waitFor();
  await screenshot(page, 'advisory-triaged');

  // The API agrees, and the audit log shows who did it.
  const findings = await world.api<{ items: { ruleId: string; status: string; analysis: { state: string; justification: string; detail: string } }[] }>('GET', '/findings?kind=vulnerability');
  expect(findings.items.find((f) => f.ruleId === 'GHSA-wf01-lodash')).toMatchObject({ status: 'suppressed', analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'We never call _.merge on user input.' } });
  await nav.getByRole('link', { name: 'Audit log' }).click();
  const audit = page.getByTestId('audit');
  const row = audit.locator('tr', { hasText: 'finding.triage' });
  await eventually(async () => expect(await row.count()).toBe(1));
  expect(await row.textContent()).toContain('code_not_reachable');
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await page.getByRole('status').filter({ hasText: 'The chain verifies' }).waitFor();
  await screenshot(page, 'audit');
  expect(problems).toEqual([]);
}, 90_000);
