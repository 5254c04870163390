import type { Command } from 'commander';
import type { CommandContext } from '../common.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Policy } from '../../policy/index.js';
import type { AdvisorySource } from '../../vulns/index.js';
import type { OsvDatabase } from '../../vulns/osv/db.js';
import type { DemoResult } from '../demo.js';

interface ServeFlags {
  port: string;
  host: string;
  database?: string;
  dataDir?: string;
  sbomLimit?: string;
  demo?: boolean;
}

/** `ospo serve`: the portfolio server (HTTP API) on the embedded database or PostgreSQL. */
export function registerServe(root: Command, { io, state }: CommandContext): void {
  root
    .command('serve')
    .description('run the portfolio server: the HTTP API under /api/v1 over the embedded database or PostgreSQL')
    .option('--port <port>', 'TCP port to listen on', '8080')
    .option('--host <host>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--database <url>', 'a postgres:// URL (default: OSPO_DATABASE_URL, else the embedded database in the data directory)')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)')
    .option('--sbom-limit <size>', 'largest SBOM upload accepted (e.g. 64MB)', '64MB')
    .option('--demo', 'load the demo portfolio (real lockfiles, OSV advisories, a policy) and a demo admin, then serve it')
    .addHelpText(
      'after',
      `
The embedded database (PGlite) lives in <data-dir>/db and needs nothing installed; one process
at a time may open it. Use PostgreSQL to run several servers and workers on one database.
Advisories come from the OSV database in the data directory (\`ospo db update\`), when there is one.
The API is described at /api/v1/openapi.json; see docs/api.md for roles and tokens.
Stops cleanly on SIGINT (Ctrl-C) or SIGTERM: in-flight requests finish, then the database closes.

The web dashboard is served at / (built by \`npm run build\` into dist/web).
--demo loads examples/demo into the data directory (default: <data-dir>/demo) once (a second
run changes nothing) and prints the demo admin's email and password; its advisories and policy
come from examples/ too.

Examples:
  ospo serve                                        the embedded database in ~/.ospo
  ospo serve --demo --data-dir /tmp/ospo-demo       a populated dashboard to try, on http://127.0.0.1:8080
  ospo serve --port 9000 --data-dir /srv/ospo
  ospo serve --host 0.0.0.0 --database postgres://ospo@db/ospo`,
    )
    .action(async (opts: ServeFlags) => {
      // Loaded here, not at the top: `ospo scan` must not pay for Fastify and the database drivers.
      const [{ openStore }, { buildServer }, { countUsers }, { dataDir }, { parseSize }] = await Promise.all([
        import('../../store/index.js'),
        import('../../server/index.js'),
        import('../../store/repo/users.js'),
        import('../../config/data-dir.js'),
        import('../inputs.js'),
      ]);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        const { UsageError } = await import('../../model/errors.js');
        throw new UsageError(`--port must be a number from 0 to 65535 (got "${opts.port}")`);
      }
      // The demo keeps to its own folder unless told otherwise: it must not fill a real portfolio.
      const dir = opts.demo && !opts.dataDir ? join(dataDir(undefined, io.env), 'demo') : dataDir(opts.dataDir, io.env);
      const url = opts.database ?? io.env.OSPO_DATABASE_URL;
      const store = await openStore({ ...(url ? { url } : {}), dataDir: dir });
      let advisories: OsvDatabase | AdvisorySource | undefined;
      let policy: Policy | undefined;
      let demo: DemoResult | undefined;
      if (opts.demo) {
        const { loadDemo, loadDemoSources } = await import('../demo.js');
        const sources = await loadDemoSources();
        advisories = sources.advisories;
        policy = sources.policy;
        mkdirSync(dir, { recursive: true });
        demo = await loadDemo(store, { dataDir: dir, ...sources, onProgress: (m) => io.stderr.write(`${m}\n`) });
      } else {
        try {
          const { openDatabase } = await import('../../vulns/osv/db.js');
          advisories = openDatabase(dir);
        } catch {
          io.stderr.write(`note: no OSV database in ${dir}; uploads get no vulnerability findings until \`ospo db update\` runs\n`);
        }
      }
      const webRoot = fileURLToPath(new URL('../../web', import.meta.url));
      const hasWeb = existsSync(join(webRoot, 'index.html'));
      if (!hasWeb) io.stderr.write(`note: no web dashboard in ${webRoot}; run \`npm run build\` to build it (the API works without)\n`);
      const app = await buildServer({ store, ...(advisories ? { advisories } : {}), ...(policy ? { policy } : {}), sbomLimit: parseSize(opts.sbomLimit), ...(hasWeb ? { webRoot } : {}) });
      const address = await app.listen({ port, host: opts.host });
      io.stderr.write(`ospo server on ${address}/api/v1 (database: ${store.location})\n`);
      if (hasWeb) io.stderr.write(`dashboard: ${address}/\n`);
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
            .then(() => store.close())
            .then(() => {
              if (advisories && 'close' in advisories) advisories.close();
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
