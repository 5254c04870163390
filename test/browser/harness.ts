// Browser tests' harness: a real server in-process on 127.0.0.1 (fresh PGlite store, the built
// dashboard from dist/web), Debian's chromium driven by playwright-core (never a downloaded
// browser), and a page that records every console error, page error and failed request.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { parsePolicy, type Policy } from '../../src/policy/index.js';
import { buildServer } from '../../src/server/app.js';
import { createTeam, type Store } from '../../src/store/index.js';
import { createToken } from '../../src/store/repo/tokens.js';
import { createUser } from '../../src/store/repo/users.js';
import { testEngines, type TestStore } from '../../src/store/testing.js';
import { memorySource } from '../../src/vulns/index.js';
import type { OsvRecord } from '../../src/vulns/osv/types.js';

/** The built dashboard (npm run build). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));
/** Where screenshots go (gitignored). */
export const OUT = fileURLToPath(new URL('./out', import.meta.url));
/** The browser: OSPO_CHROMIUM, else Debian's. */
export const CHROMIUM = process.env.OSPO_CHROMIUM ?? '/usr/bin/chromium';
export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

/** A running server with an admin, and how to stop it. */
export interface World {
  store: Store;
  url: string;
  token: string;
  teamId: string;
  /** Calls the API as the admin. */
  api<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts the server on a fresh PGlite store with `advisories` and `policy`, and an admin user. */
export async function startWorld(options: { advisories?: OsvRecord[]; policy?: string } = {}): Promise<World> {
  if (!existsSync(`${WEB_ROOT}/index.html`)) throw new Error(`${WEB_ROOT} has no index.html: run \`npm run build\` first`);
  const engine = (await testEngines()).find((e) => e.name === 'pglite')!;
  const t: TestStore = await engine.create();
  const store = t.store;
  const policy: Policy | undefined = options.policy ? parsePolicy(options.policy, 'browser-test.policy.yaml') : undefined;
  const app = await buildServer({ store, advisories: memorySource(options.advisories ?? []), ...(policy ? { policy } : {}), webRoot: WEB_ROOT, sbomLimit: 64 * 1024 * 1024 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const user = await createUser(store, { email: ADMIN.email, role: 'admin', name: 'Ada Admin', password: ADMIN.password });
  const token = (await createToken(store, { userId: user.id, name: 'test', scopes: ['read', 'write', 'admin'] })).token;
  const teamId = (await createTeam(store, 'Platform')).id;
  const api = async <T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    store,
    url,
    token,
    teamId,
    api,
    close: async () => {
      await app.close();
      await t.dispose();
    },
  };
}

/**
 * The world and browser of a test file: before its tests, starts the world with `options`, launches
 * the browser and hands both to `ready` (which may add data through the API); after them, closes
 * the browser and then the world. `timeout` bounds the start, data included.
 */
export function browserSuite(options: Parameters<typeof startWorld>[0], ready: (world: World, browser: Browser) => void | Promise<void>, timeout = 120_000): void {
  let world: World | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
    browser = await launch();
    await ready(world, browser);
  }, timeout);
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  }, 120_000);
}

/** Launches chromium (headless, no sandbox: CI runs as root). */
export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set OSPO_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** A page that records problems: console errors, uncaught errors, failed requests, HTTP errors. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

/** Opens a page in a fresh context, signed in when `token` is given (the token the sign-in stores). */
export async function openPage(browser: Browser, world: World, options: { token?: string; theme?: 'light' | 'dark'; allowStatus?: number[] } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (options.token || options.theme) {
    await context.addInitScript(
      ([token, theme]) => {
        if (token) localStorage.setItem('ospo.token', token);
        if (theme) localStorage.setItem('ospo.theme', theme);
      },
      [options.token ?? '', options.theme ?? ''],
    );
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // The browser logs every HTTP error; a status the test expects (a wrong password's 401) is no problem.
    const status = /status of (\d{3})/.exec(m.text());
    if (status && (options.allowStatus ?? []).includes(Number(status[1]))) return;
    problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation cancels the previous page's requests: that is not a failure of the app.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !(options.allowStatus ?? []).includes(r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return { page, context, problems };
}

/** Saves a screenshot of the page as out/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  return path;
}

/** A CycloneDX 1.6 document of `components` (name, version, license, description) under one app. */
export function cyclonedx(app: string, components: { name: string; version: string; license?: string; licenseName?: string; licenseText?: string; description?: string; dependsOn?: string[] }[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: { component: { type: 'application', name: app, 'bom-ref': 'app' } },
    components: components.map((c) => ({
      type: 'library',
      name: c.name,
      version: c.version,
      purl: `pkg:npm/${encodeURIComponent(c.name).replace(/%40/g, '@').replace(/%2F/gi, '/')}@${c.version}`,
      'bom-ref': `${c.name}@${c.version}`,
      ...(c.description ? { description: c.description } : {}),
      ...(c.license || c.licenseName ? { licenses: [{ license: c.license ? { id: c.license } : { name: c.licenseName, ...(c.licenseText ? { text: { content: c.licenseText } } : {}) } }] } : {}),
    })),
    dependencies: [
      { ref: 'app', dependsOn: components.filter((c) => !components.some((o) => o.dependsOn?.includes(`${c.name}@${c.version}`))).map((c) => `${c.name}@${c.version}`) },
      ...components.filter((c) => c.dependsOn?.length).map((c) => ({ ref: `${c.name}@${c.version}`, dependsOn: c.dependsOn })),
    ],
  });
}

/** An OSV advisory affecting an npm package below `fixed`. */
export function advisory(id: string, name: string, fixed: string, severity: string, summary: string): OsvRecord {
  return {
    schema_version: '1.7.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    published: '2023-06-01T00:00:00Z',
    summary,
    aliases: [`CVE-2099-${id.slice(-4)}`],
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
    references: [{ type: 'ADVISORY', url: `https://example.com/advisories/${id}` }],
    database_specific: { severity },
  } as OsvRecord;
}

/** A policy: copyleft denied in distributed products, unknown licenses reviewed. */
export const POLICY = `version: 1
name: browser test policy
licenses:
  - id: permissive
    action: allow
    categories: [permissive, public-domain]
  - id: no-copyleft
    action: deny
    categories: [strong-copyleft, network-copyleft]
    severity: high
    message: Copyleft license in a shipped product
    howToFix: Replace the component or ask legal for a waiver.
  - id: license-unknown
    action: review
    categories: [unknown]
    severity: low
    message: License unknown
    howToFix: Find and declare the license.
`;

/** Polls until `check` passes or `ms` pass (for assertions on the page that load asynchronously). */
export async function eventually(check: () => Promise<void>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Sets an input's, textarea's or select's value as a user's edit does (the native setter, then input and
 * change events), inside the page. Used instead of locator.fill on pages whose inputs rewrite the
 * URL: with Debian's chromium 156, playwright's fill and keyboard wait forever there.
 */
export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).first().waitFor();
  await page.evaluate(
    ([sel, v]) => {
      const el = document.querySelector(sel!) as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null;
      if (!el) throw new Error(`no element ${sel}`);
      const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value],
  );
}
