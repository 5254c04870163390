import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandContext } from '../common.js';
import type { DemoResult, loadDemoSources } from '../demo.js';
import type { Policy } from '../../policy/index.js';
import type { AdvisorySource } from '../../vulns/index.js';
import type { Worker } from '../../jobs/worker.js';
import { addOidcOptions, OIDC_SECRET_ENV, type OidcFlags } from './serve-oidc.js';

interface ServeFlags extends OidcFlags {
  port: string;
  host: string;
  database?: string;
  dataDir?: string;
  sbomLimit?: string;
  policy?: string;
  osv?: string;
  demo?: boolean;
  scanRoot?: string[];
}

/** `ospo serve`: the portfolio server (HTTP API) on the embedded database or PostgreSQL. */
export function registerServe(root: Command, { io, state }: CommandContext): void {
  const cmd = root
    .command('serve')
    .description('run the portfolio server: the HTTP API under /api/v1 over the embedded database or PostgreSQL')
    .option('--port <port>', 'TCP port to listen on', '8080')
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--database <url>', 'a postgres:// URL (default: OSPO_DATABASE_URL, else the embedded database in the data directory)')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)')
    .option('--sbom-limit <size>', 'largest SBOM upload accepted (e.g. 64MB)', '64MB')
    .option('--policy <file>', 'the policy uploads are evaluated against (license and policy findings); checked at start like `ospo check`')
    .option('--osv <path>', 'match uploads against OSV records in PATH (directory, zip, tarball) instead of the imported database')
    .option('--scan-root <dir...>', 'directories POST /projects/{id}/scans may scan by path (repeatable; default: path scans refused, git https URLs only)')
    .option('--demo', 'load the demo portfolio (real lockfiles, OSV advisories, a policy) and a demo admin, then serve it');
  addOidcOptions(cmd)
    .addHelpText(
      'after',
      `
The embedded database (PGlite) lives in <data-dir>/db and needs nothing installed; one process
at a time may open it, so this server also runs the background jobs (daily metrics and database
upkeep, the OSV refresh). Use PostgreSQL to run several servers, and \`ospo worker\`s for the
jobs, on one database.
Advisories come from the OSV database in the data directory (\`ospo db update\`), when there is one,
or from --osv PATH (then no scheduled OSV refresh runs). Without --policy, uploads get
vulnerability findings only.
OIDC sign-in (optional): GET /api/v1/auth/oidc/login starts it; the client secret comes from
--oidc-client-secret-file or $${OIDC_SECRET_ENV}, never from the command line. With
--oidc-role-claim and --oidc-teams-claim the provider's claims set role and teams at every sign-in.
The API is described at /api/v1/openapi.json; see docs/api.md for roles, tokens and OIDC.
Server-side scans: POST /api/v1/projects/{id}/scans {"git": "https://..."} queues a scan job
(GET /api/v1/jobs/{id} follows it); {"path": "/srv/checkouts/app"} only inside a --scan-root.
Stops cleanly on SIGINT (Ctrl-C) or SIGTERM: in-flight requests finish, then the database closes.

The web dashboard is served at / (built by \`npm run build\` into dist/web).
--demo loads examples/demo into the data directory (default: <data-dir>/demo) once (a second
run changes nothing) and prints the demo admin's email and password; its advisories and policy
come from examples/ too (--policy and --osv still take precedence).

Examples:
  ospo serve                                        the embedded database in ~/.ospo
  ospo serve --demo --data-dir /tmp/ospo-demo       a populated dashboard to try, on http://127.0.0.1:8080
  ospo serve --port 9000 --data-dir /srv/ospo
  ospo serve --host 0.0.0.0 --database postgres://ospo@db/ospo
  ospo serve --policy ospo.policy.yaml --osv osv-all.zip
  ospo serve --scan-root /srv/checkouts --scan-root /srv/mirrors   path scans under these only
  OSPO_OIDC_CLIENT_SECRET=... ospo serve --oidc-issuer https://login.example.com \\
    --oidc-client-id ospo --oidc-redirect-url https://ospo.example.com/api/v1/auth/oidc/callback \\
    --oidc-role-claim groups --oidc-role-map "ospo-admins=admin,appsec=security" --oidc-teams-claim groups`,
    )
    .action(async (opts: ServeFlags) => {
      // Loaded here, not at the top: `ospo scan` must not pay for Fastify and the database drivers.
      const [{ openStore }, { buildServer }, { countUsers }, { dataDir }, { parseSize }, { oidcOptionsFromFlags }] = await Promise.all([
        import('../../store/index.js'),
        import('../../server/index.js'),
        import('../../store/repo/users.js'),
        import('../../config/data-dir.js'),
        import('../inputs.js'),
        import('./serve-oidc.js'),
      ]);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        const { UsageError } = await import('../../model/errors.js');
        throw new UsageError(`--port must be a number from 0 to 65535 (got "${opts.port}")`);
      }
      // The demo keeps to its own folder unless told otherwise: it must not fill a real portfolio.
      const dir = opts.demo && !opts.dataDir ? join(dataDir(undefined, io.env), 'demo') : dataDir(opts.dataDir, io.env);
      const url = opts.database ?? io.env.OSPO_DATABASE_URL;
      const sbomLimit = parseSize(opts.sbomLimit);
      const oidc = oidcOptionsFromFlags(opts, io.env);
      // The policy is checked before anything opens: a bad file stops the start, naming its line.
      let policy: Policy | undefined;
      if (opts.policy) {
        const read = (await import('./check.js')).readPolicyFlag(io, opts.policy);
        if (typeof read === 'number') {
          state.code = read;
          return;
        }
        policy = read;
      }
      let advisories: (AdvisorySource & { close?: () => void }) | undefined;
      let demoSources: Awaited<ReturnType<typeof loadDemoSources>> | undefined;
      if (opts.demo) {
        demoSources = await (await import('../demo.js')).loadDemoSources();
        policy ??= demoSources.policy;
      }
      if (opts.osv) {
        io.stderr.write(`reading OSV records from ${opts.osv}...\n`);
        const { openOsvPath } = await import('../../vulns/osv/read.js');
        advisories = await openOsvPath(opts.osv);
      } else if (demoSources) {
        advisories = demoSources.advisories;
      } else {
        try {
          const { openDatabase } = await import('../../vulns/osv/db.js');
          advisories = openDatabase(dir);
        } catch {
          io.stderr.write(`note: no OSV database in ${dir}; uploads get no vulnerability findings until \`ospo db update\` runs (or pass --osv PATH)\n`);
        }
      }
      const scanRoots = await checkScanRoots(opts.scanRoot ?? []);
      const store = await openStore({ ...(url ? { url } : {}), dataDir: dir });
      let demo: DemoResult | undefined;
      if (demoSources) {
        mkdirSync(dir, { recursive: true });
        const { loadDemo } = await import('../demo.js');
        demo = await loadDemo(store, { dataDir: dir, ...demoSources, ...(advisories ? { advisories } : {}), ...(policy ? { policy } : {}), onProgress: (m) => io.stderr.write(`${m}\n`) });
      }
      // One process owns a PGlite data directory, so on PGlite the server runs the jobs itself
      // (metrics and its VACUUM, OSV refresh, rematch); on PostgreSQL `ospo worker`s do (ADR 0007).
      let worker: Worker | undefined;
      if (store.engine === 'pglite') {
        const [{ startWorker }, { analyzeSnapshot }] = await Promise.all([import('../../jobs/worker.js'), import('../../analysis/snapshot.js')]);
        worker = await startWorker({
          store,
          dataDir: dir,
          analyze: (s, id, o) => analyzeSnapshot(s, id, { ...o, ...(policy ? { policy } : {}) }),
          // With --osv PATH the operator supplies the advisories: no scheduled download.
          ...(opts.osv ? { refreshCron: null } : {}),
          // The API queues git scans of https URLs only, and paths under --scan-root (checked again here).
          scan: { roots: scanRoots, protocols: ['https'] },
          log: (m) => io.stderr.write(`${new Date().toISOString()} job ${m}\n`),
        });
      }
      // On PostgreSQL the server only sends scan jobs (no handlers, no schedules): `ospo worker`s run them.
      let sendOnly: Worker | undefined;
      if (!worker) {
        const [{ startWorker }, { SCAN }, { WEBHOOK }] = await Promise.all([import('../../jobs/worker.js'), import('../../jobs/kinds/scan.js'), import('../../jobs/kinds/webhook.js')]);
        sendOnly = await startWorker({ store, ...(url ? { url } : {}), dataDir: dir, work: false, jobs: [SCAN, WEBHOOK], log: (m) => io.stderr.write(`${new Date().toISOString()} queue ${m}\n`) });
      }
      const scanQueue = (worker ?? sendOnly)!.queue;
      // Webhook deliveries are queued as jobs: on PGlite this process runs them, on PostgreSQL
      // the send-only queue hands them to the workers at once (ADR 0008).
      const jobSender = (worker ?? sendOnly)!;
      const sendJob = (r: { name: string; data: object }) => jobSender.send(r);
      const webRoot = fileURLToPath(new URL('../../web', import.meta.url));
      const hasWeb = existsSync(join(webRoot, 'index.html'));
      if (!hasWeb) io.stderr.write(`note: no web dashboard in ${webRoot}; run \`npm run build\` to build it (the API works without)\n`);
      const app = await buildServer({ store, ...(advisories ? { advisories } : {}), ...(policy ? { policy } : {}), ...(oidc ? { oidc } : {}), sendJob, scans: { queue: scanQueue, scanRoots }, sbomLimit, ...(hasWeb ? { webRoot } : {}) });
      let address: string;
      try {
        address = await app.listen({ port, host: opts.host });
      } catch (err) {
        // Let go of what was opened, so the process ends with the message instead of hanging.
        await app.close();
        await worker?.stop(5000);
        await sendOnly?.stop(5000);
        await store.close();
        advisories?.close?.();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
          const { UsageError } = await import('../../model/errors.js');
          throw new UsageError(`cannot listen on ${opts.host}:${port}: ${code === 'EADDRINUSE' ? 'the port is in use (another server? choose one with --port)' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : 'no such address on this machine (--host)'}`);
        }
        throw err;
      }
      io.stderr.write(`ospo server on ${address}/api/v1 (database: ${store.location})\n`);
      if (hasWeb) io.stderr.write(`dashboard: ${address}/\n`);
      if (policy) io.stderr.write(`policy: ${policy.name ?? policy.source}\n`);
      if (worker) io.stderr.write('background jobs run in this process (embedded database)\n');
      if (oidc) io.stderr.write(`OIDC sign-in via ${oidc.issuer}: ${address}/api/v1/auth/oidc/login${oidc.clientSecret ? '' : ' (public client: no secret)'}\n`);
      io.stdout.write(`${address}\n`);
      if (demo) {
        io.stderr.write(
          `demo: ${demo.loaded ? `loaded ${demo.loaded} projects (${demo.snapshots} snapshots)` : 'the demo portfolio is already loaded'}\n` +
            `demo: open ${address}/ and sign in as ${demo.email} with password ${demo.password || '(unknown: its file in the data directory was removed; use a fresh --data-dir)'}\n`,
        );
      } else if ((await countUsers(store)) === 0) {
        io.stderr.write(
          `no users yet: create the first admin with\n  ospo admin create-user --email you@example.com --role admin --password-stdin${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}${url && opts.database ? ` --database ${opts.database}` : ''}\n` +
            `  (with the embedded database, stop the server first: one process at a time), then\n  ospo admin create-token --email you@example.com\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.stderr.write(`${signal}: shutting down\n`);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          void app
            .close()
            .then(() => worker?.stop(30_000))
            .then(() => sendOnly?.stop(5000))
            .then(() => store.close())
            .then(() => {
              advisories?.close?.();
              resolve();
            });
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
      state.code = 0;
    });
}

/** Resolves each --scan-root to its real path (symlinks followed), refusing one that is not a directory. */
async function checkScanRoots(roots: readonly string[]): Promise<string[]> {
  const { realpathSync, statSync } = await import('node:fs');
  const { UsageError } = await import('../../model/errors.js');
  return roots.map((root) => {
    try {
      const real = realpathSync(root);
      if (!statSync(real).isDirectory()) throw new Error('not a directory');
      return real;
    } catch (err) {
      throw new UsageError(`--scan-root ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (give an existing directory)`);
    }
  });
}
