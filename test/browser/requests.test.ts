// The OSPO workflow as new users meet it, in a real browser: a developer signs in and files an
// adoption request through the form (first with problems the API names by field), is not offered
// to approve it; an ospo reviewer and then a legal reviewer find it in their inbox and approve it
// with a rationale (the second after a 409 from someone else's change and a reload); the decision
// is in the register and found by search, linking back to the request. Any console error or
// failed request beyond the expected 400 and 409 fails the test.
import type { Browser, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { createUser } from '../../src/store/repo/users.js';
import { browserSuite, eventually, openPage, screenshot, setValue, type World } from './harness.js';

const PASSWORD = 'a long enough password for tests';
const DEV = { email: 'dana.dev@example.com', role: 'developer' as const };
const OSPO = { email: 'oscar.ospo@example.com', role: 'ospo' as const };
const LEGAL = { email: 'lena.legal@example.com', role: 'legal' as const };

let world: World;
let browser: Browser;
browserSuite({}, async (w, b) => {
  world = w;
  browser = b;
  for (const u of [DEV, OSPO, LEGAL]) await createUser(world.store, { email: u.email, role: u.role, name: u.email.split('@')[0]!, password: PASSWORD });
});

/** Signs in through the sign-in page, starting from a deep link. */
async function signIn(page: Page, email: string, path: string): Promise<void> {
  await page.goto(`${world.url}${path}`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${world.url}${path}`);
}

const actionButtons = async (page: Page) => (await page.getByTestId('actions').getByRole('button').allTextContents()).map((t) => t.trim());

it('files an adoption request, has it approved by ospo and legal, and finds the decision in the register', async () => {
  // The developer: an empty inbox that says what to do, then the form.
  const dev = await openPage(browser, world, { allowStatus: [400] });
  await signIn(dev.page, DEV.email, '/requests');
  await dev.page.getByText('Nothing waits for your review').waitFor();
  expect(await dev.page.getByTestId('inbox-roles').textContent()).toContain('you review no request type');
  await dev.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Requests' }).waitFor();
  await dev.page.getByRole('link', { name: 'New request' }).first().click();
  await dev.page.waitForURL(`${world.url}/requests/new`);
  await dev.page.getByTestId('request-types').getByRole('link', { name: 'Adopt a component' }).click();
  await dev.page.waitForURL(`${world.url}/requests/new?type=adopt`);
  await dev.page.getByTestId('field-purl').waitFor();

  // Submitting an incomplete form: the API's problems appear at their fields, nothing is filed.
  await setValue(dev.page, '[data-testid=field-title]', 'Adopt left-pad for the checkout service');
  await setValue(dev.page, '[data-testid=field-purl]', 'left-pad');
  await dev.page.getByRole('button', { name: 'Submit' }).click();
  await dev.page.getByText('The form has problems').waitFor();
  const form = dev.page.getByTestId('request-form');
  await eventually(async () => expect(await form.locator('.field-error').count()).toBeGreaterThanOrEqual(2));
  const purlField = form.locator('.field', { has: dev.page.getByTestId('field-purl') });
  expect(await purlField.locator('.field-error').count()).toBe(1);
  expect(await form.locator('.field', { has: dev.page.getByTestId('field-license') }).locator('.field-error').count()).toBe(1);
  await screenshot(dev.page, 'request-form-errors');
  expect((await world.api<{ total: number }>('GET', '/requests')).total).toBe(0);

  // The complete form, with a checklist item ticked.
  await setValue(dev.page, '[data-testid=field-purl]', 'pkg:npm/left-pad@1.3.0');
  await setValue(dev.page, '[data-testid=field-license]', 'WTFPL');
  await setValue(dev.page, '[data-testid=field-usage]', 'saas');
  await setValue(dev.page, '[data-testid=field-alternatives]', 'String.prototype.padStart, but the legacy bundle needs it.');
  await dev.page.getByTestId('check-license-reviewed').click();
  await screenshot(dev.page, 'request-form');
  await dev.page.getByRole('button', { name: 'Submit' }).click();
  await dev.page.waitForURL(`${world.url}/requests/1`);
  await dev.page.getByTestId('answers').getByText('pkg:npm/left-pad@1.3.0').waitFor();
  // No self-approval: the requester may only withdraw.
  expect(await actionButtons(dev.page)).toEqual(['Withdraw']);
  expect(await dev.page.getByTestId('review').textContent()).toContain('still needs legal');
  expect(await dev.page.getByTestId('checklist').getByRole('checkbox').first().isChecked()).toBe(true);
  await dev.page.getByRole('heading', { name: /#1 Adopt left-pad/ }).waitFor();
  await screenshot(dev.page, 'request-submitted');

  // The ospo reviewer: the inbox has it; approve with a rationale; legal is still missing.
  const ospo = await openPage(browser, world);
  await signIn(ospo.page, OSPO.email, '/requests');
  const inbox = ospo.page.getByTestId('inbox');
  await inbox.getByRole('link', { name: 'Adopt left-pad for the checkout service' }).waitFor();
  await screenshot(ospo.page, 'requests-inbox');
  await inbox.getByRole('link', { name: 'Adopt left-pad for the checkout service' }).click();
  await ospo.page.waitForURL(`${world.url}/requests/1`);
  expect(await actionButtons(ospo.page)).toEqual(['Start review', 'Approve', 'Reject', 'Request changes']);
  await ospo.page.getByTestId('actions').getByRole('button', { name: 'Approve' }).click();
  await setValue(ospo.page, '[data-testid=rationale]', 'Tiny, stable and permissively licensed; fine for SaaS use.');
  await setValue(ospo.page, '[data-testid=clauses]', 'licenses/permissive');
  await ospo.page.getByRole('button', { name: 'Confirm: Approve' }).click();
  await ospo.page.getByTestId('approvals').getByText(OSPO.email).waitFor();
  expect(await ospo.page.getByTestId('review').textContent()).toContain('in review');
  // Approved once this round: nothing waits for this reviewer any more.
  await ospo.page.getByRole('link', { name: '← Inbox' }).click();
  await ospo.page.getByText('Nothing waits for your review').waitFor();

  // The legal reviewer opens it; meanwhile someone changes it (a checklist tick by the admin).
  const legal = await openPage(browser, world, { allowStatus: [409] });
  await signIn(legal.page, LEGAL.email, '/requests');
  await legal.page.getByTestId('inbox').getByRole('link', { name: 'Adopt left-pad for the checkout service' }).click();
  await legal.page.waitForURL(`${world.url}/requests/1`);
  await legal.page.getByTestId('actions').waitFor();
  const { version } = await world.api<{ version: number }>('GET', '/requests/1');
  await world.api('PATCH', '/requests/1', { checklist: { 'health-checked': true }, version });
  await legal.page.getByTestId('actions').getByRole('button', { name: 'Approve' }).click();
  await setValue(legal.page, '[data-testid=rationale]', 'WTFPL is permissive; no obligations for SaaS use.');
  await setValue(legal.page, '[data-testid=clauses]', 'licenses/permissive, handbook/4.2');
  await legal.page.getByRole('button', { name: 'Confirm: Approve' }).click();
  await legal.page.getByTestId('conflict').getByText('Someone changed this request; reload').waitFor();
  expect((await world.api<{ state: string }>('GET', '/requests/1')).state).toBe('in_review');
  await legal.page.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click();
  await eventually(async () => expect(await legal.page.getByTestId('checklist').getByRole('checkbox').nth(1).isChecked()).toBe(true));
  await legal.page.getByTestId('actions').getByRole('button', { name: 'Approve' }).click();
  await setValue(legal.page, '[data-testid=rationale]', 'WTFPL is permissive; no obligations for SaaS use.');
  await setValue(legal.page, '[data-testid=clauses]', 'licenses/permissive, handbook/4.2');
  await legal.page.getByRole('button', { name: 'Confirm: Approve' }).click();
  await legal.page.getByTestId('decision').getByText('WTFPL is permissive; no obligations for SaaS use.').waitFor();
  expect(await legal.page.getByTestId('no-actions').textContent()).toContain('This request is closed');
  expect(await legal.page.getByTestId('decision').textContent()).toContain('allowlisted pkg:npm/left-pad@1.3.0');
  await screenshot(legal.page, 'request-approved');

  // The register: the decision is there, found by a stemmed word, not by an unrelated one.
  await legal.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Decisions' }).click();
  await legal.page.waitForURL(`${world.url}/decisions`);
  const register = legal.page.getByTestId('decisions');
  await register.getByRole('link', { name: 'Adopt left-pad for the checkout service' }).waitFor();
  await setValue(legal.page, '[data-testid=decision-search]', 'obligation');
  await legal.page.waitForURL(`${world.url}/decisions?q=obligation`);
  await legal.page.getByTestId('decisions-count').getByText('1 decision matches “obligation”').waitFor();
  await screenshot(legal.page, 'decisions');
  await setValue(legal.page, '[data-testid=decision-search]', 'kubernetes');
  await legal.page.getByText('No decision matches').waitFor();
  // A deep link to the search works as well, and its row links to the request.
  await legal.page.goto(`${world.url}/decisions?q=${encodeURIComponent('"SaaS use"')}`);
  await register.getByRole('link', { name: '#1' }).click();
  await legal.page.waitForURL(`${world.url}/requests/1`);

  // The requester sees the outcome, and the state filter of all requests is in the URL.
  await dev.page.goto(`${world.url}/requests/all?state=approved`);
  await dev.page.getByTestId('requests').getByRole('link', { name: 'Adopt left-pad for the checkout service' }).waitFor();
  expect(await dev.page.getByTestId('state-filter').inputValue()).toBe('approved');
  await dev.page.goto(`${world.url}/requests/all?state=rejected`);
  await dev.page.getByText('No request matches these filters').waitFor();
  // The dark theme, for the request page.
  await dev.page.goto(`${world.url}/requests/1`);
  await dev.page.getByTestId('decision').waitFor();
  await dev.page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await screenshot(dev.page, 'request-approved-dark');

  // The API agrees: approved, with the allowlist entry the approval created.
  const detail = await world.api<{ state: string; decision: { outcome: string; clauses: string[]; allowlistId: string | null } }>('GET', '/requests/1');
  expect(detail).toMatchObject({ state: 'approved', decision: { outcome: 'approved', clauses: ['licenses/permissive', 'handbook/4.2'] } });
  expect(detail.decision.allowlistId).not.toBeNull();
  expect([...dev.problems, ...ospo.problems, ...legal.problems]).toEqual([]);
}, 120_000);
