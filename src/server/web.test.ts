// Serving the built dashboard: deep links get index.html, hashed assets a long cache, paths that
// try to leave the directory or name missing assets get 404, and every response the CSP.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, loadWebFiles, registerWeb } from './web.js';

describe('registerWeb', () => {
  const root = mkdtempSync(join(tmpdir(), 'ospo-web-'));
  const app = Fastify();
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    writeFileSync(join(tmpdir(), 'ospo-web-secret.txt'), 'TOP-SECRET-CONTENT');
    app.addHook('onSend', async (_r, reply, payload) => {
      void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      return payload;
    });
    registerWeb(app, root);
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(['/', '/projects/123/components?q=x', '/advisories/GHSA-xxxx', '/index.html'])('answers %s with index.html, revalidated', async (url) => {
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body).toContain('/assets/index-abc123.js');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('serves hashed assets with a year-long immutable cache, and 304 for a known etag', async () => {
    const r = await app.inject({ url: '/assets/index-abc123.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const again = await app.inject({ url: '/assets/index-abc123.js', headers: { 'if-none-match': String(r.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: '/favicon.svg' })).headers['content-type']).toBe('image/svg+xml');
  });

  it.each([
    ['a missing asset', '/assets/index-old.js'],
    ['an API path', '/api/v1/nope'],
    ['a path out of the directory', '/assets/..%2f..%2fospo-web-secret.txt'],
  ])('answers %s with 404 problem+json', async (_what, url) => {
    const r = await app.inject({ url });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body).not.toContain('TOP-SECRET-CONTENT');
  });

  it('answers a malformed escape with an error, never a file', async () => {
    const r = await app.inject({ url: '/assets/%E0%A4%A' });
    expect([400, 404]).toContain(r.statusCode);
    expect(r.body).not.toContain('console.log');
  });

  it('refuses a directory without index.html, naming it', () => {
    expect(() => loadWebFiles(join(root, 'assets'))).toThrow(/assets has no index\.html: build the dashboard/);
  });
});
