// The admin pages as an administrator uses them, in a real browser: create a team, a user in it
// and an API token (shown once), then revoke the token. Any console error or failed request
// fails the test.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, openPage, setValue, type World } from './harness.js';

let world: World;
let browser: Browser;
browserSuite({}, (w, b) => {
  world = w;
  browser = b;
});

it('creates a team, a user in it and an API token, then revokes the token', async () => {
  const { page, problems } = await openPage(browser, world, { token: world.token });

  await page.goto(`${world.url}/admin/teams`);
  await page.getByTestId('teams').getByText('Platform').waitFor();
  await setValue(page, 'form input[required]', 'Payments');
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.getByTestId('teams').getByText('Payments').waitFor();
  expect(await page.locator('form input[required]').inputValue()).toBe('');

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByTestId('users').getByText('admin@example.com').waitFor();
  const teams = await world.api<Array<{ id: string; name: string }>>('GET', '/teams');
  const payments = teams.find((t) => t.name === 'Payments')!;
  await setValue(page, 'form input[type=email]', 'lee@example.com');
  await page.locator('form label', { hasText: 'Role' }).locator('select').selectOption('legal');
  await page.locator('form label', { hasText: 'Team' }).locator('select').selectOption(payments.id);
  await setValue(page, 'form input[type=password]', 'a long enough password');
  await page.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId('users').locator('tr', { hasText: 'lee@example.com' });
  await row.waitFor();
  expect(await row.textContent()).toContain('legal');
  expect(await row.textContent()).toContain('Payments');

  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByText('Your tokens').waitFor();
  await setValue(page, 'form input[required]', 'ci-deploy');
  await page.getByRole('button', { name: 'Create token' }).click();
  const issued = page.getByRole('status').filter({ hasText: 'shown only this once' });
  await issued.waitFor();
  const shown = /^export OSPO_TOKEN=(\S+)$/.exec(((await issued.locator('pre.command').first().textContent()) ?? '').trim())?.[1];
  expect(shown).toBeTruthy();
  const tokenRow = page.getByTestId('tokens').locator('tr', { hasText: 'ci-deploy' });
  await tokenRow.waitFor();
  // The shown token works against the API until it is revoked.
  expect((await fetch(`${world.url}/api/v1/me`, { headers: { authorization: `Bearer ${shown}` } })).status).toBe(200);
  await tokenRow.getByRole('button', { name: 'Revoke' }).click();
  await tokenRow.getByText('revoked').waitFor();
  expect((await fetch(`${world.url}/api/v1/me`, { headers: { authorization: `Bearer ${shown}` } })).status).toBe(401);

  expect(problems).toEqual([]);
}, 120_000);
