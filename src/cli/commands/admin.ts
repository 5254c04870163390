import type { Command } from 'commander';
import type { CommandContext } from '../common.js';
import type { CliIo } from '../io.js';

interface StoreFlags {
  database?: string;
  dataDir?: string;
}

/** Opens the store the flags name (lazily loaded). */
export async function openStoreFromFlags(opts: StoreFlags, io: CliIo) {
  const [{ openStore }, { dataDir }] = await Promise.all([import('../../store/index.js'), import('../../config/data-dir.js')]);
  const url = opts.database ?? io.env.OSPO_DATABASE_URL;
  return openStore({ ...(url ? { url } : {}), dataDir: dataDir(opts.dataDir, io.env) });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const storeOptions = (cmd: Command) =>
  cmd
    .option('--database <url>', 'a postgres:// URL (default: OSPO_DATABASE_URL, else the embedded database)')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)');

/** `ospo admin create-user|create-token`: accounts, straight on the database (for the first admin). */
export function registerAdmin(root: Command, { io, state }: CommandContext): void {
  const admin = root.command('admin').description('create users and API tokens directly in the database (the first admin, automation)');

  storeOptions(
    admin
      .command('create-user')
      .description('create a local user (password hashed with argon2id)')
      .requiredOption('--email <email>', "the user's email (their login)")
      .requiredOption('--role <role>', 'admin, ospo, legal, security, developer or viewer')
      .option('--team <name...>', 'teams the user belongs to (created when missing)')
      .option('--name <name>', 'display name')
      .option('--password-stdin', 'read the password from stdin (without it, the user signs in with tokens or OIDC only)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  echo 'a long passphrase' | ospo admin create-user --email ada@example.com --role admin --password-stdin
  ospo admin create-user --email dev@example.com --role developer --team payments`,
    )
    .action(async (opts: StoreFlags & { email: string; role: string; team?: string[]; name?: string; passwordStdin?: boolean }) => {
      const { ROLES } = await import('../../store/schema.js');
      const { UsageError } = await import('../../model/errors.js');
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got "${opts.role}")`);
      const password = opts.passwordStdin ? await readStdin() : undefined;
      if (password !== undefined && password.length < 12) throw new UsageError('the password must have at least 12 characters');
      const store = await openStoreFromFlags(opts, io);
      try {
        const { createUser } = await import('../../store/repo/users.js');
        const { createTeam } = await import('../../store/index.js');
        const { listTeams } = await import('../../store/repo/portfolio.js');
        const teams = await listTeams(store);
        const teamIds: string[] = [];
        for (const name of opts.team ?? []) teamIds.push((teams.find((t) => t.name === name) ?? (await createTeam(store, name, 'cli:admin'))).id);
        const user = await createUser(store, { email: opts.email, role: opts.role as (typeof ROLES)[number], name: opts.name ?? null, ...(password ? { password } : {}), teamIds }, 'cli:admin');
        io.stdout.write(`${user.id}\n`);
        io.stderr.write(`created ${user.role} ${user.email}; next: ospo admin create-token --email ${user.email}\n`);
        state.code = 0;
      } finally {
        await store.close();
      }
    });

  storeOptions(
    admin
      .command('create-token')
      .description('create an API token for a user and print it (once: it is stored only hashed)')
      .requiredOption('--email <email>', 'whose token')
      .option('--name <name>', 'what the token is for', 'cli')
      .option('--scopes <scope...>', 'read, write, admin', ['read', 'write'])
      .option('--expires <duration>', '90d, 12h, 30m or never', '90d'),
  )
    .addHelpText(
      'after',
      `
Examples:
  ospo admin create-token --email ada@example.com
  OSPO_TOKEN=$(ospo admin create-token --email ci@example.com --scopes read write --expires 30d)`,
    )
    .action(async (opts: StoreFlags & { email: string; name: string; scopes: string[]; expires: string }) => {
      const { UsageError } = await import('../../model/errors.js');
      const { TOKEN_SCOPES, createToken, parseExpiry } = await import('../../store/repo/tokens.js');
      const scopes = opts.scopes.flatMap((s) => s.split(',')).map((s) => s.trim());
      const bad = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
      if (bad.length) throw new UsageError(`unknown scope ${bad.join(', ')}: use ${TOKEN_SCOPES.join(', ')}`);
      let ms: number | undefined;
      try {
        ms = parseExpiry(opts.expires);
      } catch (err) {
        throw new UsageError(`--expires: ${(err as Error).message}`);
      }
      const store = await openStoreFromFlags(opts, io);
      try {
        const { findUserByEmail } = await import('../../store/repo/users.js');
        const user = await findUserByEmail(store, opts.email);
        if (!user) throw new UsageError(`no user ${opts.email}; create one with ospo admin create-user`);
        if (scopes.includes('admin') && user.role !== 'admin') throw new UsageError('only admins hold admin-scoped tokens');
        const { token, record } = await createToken(store, { userId: user.id, name: opts.name, scopes: scopes as ('read' | 'write' | 'admin')[], ...(ms !== undefined ? { expiresInMs: ms } : {}) }, 'cli:admin');
        io.stdout.write(`${token}\n`);
        io.stderr.write(`token for ${user.email} (${record.scopes.join(', ')}; ${record.expiresAt ? `expires ${record.expiresAt.toISOString()}` : 'never expires'}): shown once, store it now\n`);
        state.code = 0;
      } finally {
        await store.close();
      }
    });
}
