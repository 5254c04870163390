// Serves the built web dashboard (dist/web) at `/`: files read into memory once at start,
// hashed assets with a year-long immutable cache, index.html for every other path (deep links),
// and the security headers every response carries (a strict Content-Security-Policy first).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { problem } from './problem.js';

/**
 * The Content-Security-Policy of every response: scripts, styles and connections only from this
 * origin, no inline script or style, no plugins, no framing, no <base> rewriting.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries (API and dashboard alike). */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

interface WebFile {
  body: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

/** Most bytes of dashboard files held in memory; a larger directory is not the built dashboard. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Reads the built dashboard under `root` into memory; throws naming the directory when it has no index.html. */
export function loadWebFiles(root: string): Map<string, WebFile> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root} has no index.html: build the dashboard with \`npm run build\``);
  const files = new Map<string, WebFile>();
  let total = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        total += statSync(path).size;
        if (total > MAX_BYTES) throw new Error(`${root} holds more than ${MAX_BYTES} bytes: not the built dashboard`);
        const body = readFileSync(path);
        const url = `/${relative(root, path).split(sep).join('/')}`;
        files.set(url, {
          body,
          type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
          // Vite names everything under assets/ by its content hash.
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return files;
}

/**
 * Registers the dashboard routes on `app`: the files of `root` and, for any other GET outside
 * /api, index.html (the app routes in the browser). Paths under /api and missing assets answer
 * 404 problem+json.
 */
export function registerWeb(app: FastifyInstance, root: string): void {
  const files = loadWebFiles(root);
  const index = files.get('/index.html')!;
  app.get('/*', { config: { access: { permission: 'public' } }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const notFound = () =>
      reply
        .code(404)
        .type('application/problem+json')
        .send(JSON.stringify(problem(404, 'not-found', `no route GET ${path}`, request.url)));
    if (path === '/api' || path.startsWith('/api/')) return notFound();
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return notFound();
    }
    const file = files.get(decoded);
    // A missing file with an extension under assets/ is a stale or wrong link, not a page.
    if (!file && decoded.startsWith('/assets/')) return notFound();
    const f = file && decoded !== '/index.html' ? file : index;
    void reply.header('etag', f.etag);
    void reply.header('cache-control', f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === f.etag) return reply.code(304).send();
    return reply.type(f.type).send(f.body);
  });
}
