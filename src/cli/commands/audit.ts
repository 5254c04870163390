import type { Command } from 'commander';
import type { CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { openStoreFromFlags } from './admin.js';

/** `ospo audit verify`: recompute the audit log's hash chain. */
export function registerAudit(root: Command, { io, state }: CommandContext): void {
  const audit = root.command('audit').description('the tamper-evident audit log of the portfolio server');
  audit
    .command('verify')
    .description('recompute the hash chain; exit 1 naming the first edited, deleted or reordered record')
    .option('--database <url>', 'a postgres:// URL (default: OSPO_DATABASE_URL, else the embedded database)')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)')
    .addHelpText('after', '\nExamples:\n  ospo audit verify\n  ospo audit verify --database postgres://ospo@db/ospo')
    .action(async (opts: { database?: string; dataDir?: string }) => {
      const store = await openStoreFromFlags(opts, io);
      try {
        const { verifyAudit } = await import('../../store/index.js');
        const result = await verifyAudit(store);
        if (result.ok) {
          io.stdout.write(`audit log intact: ${result.records} records\n`);
          state.code = EXIT.ok;
        } else {
          io.stdout.write(`audit log broken at record ${result.id} (${result.problem}): ${result.message}\n`);
          io.stderr.write(`${result.records} records before it are intact; restore the database from a backup and investigate who had write access\n`);
          state.code = EXIT.gateFailed;
        }
      } finally {
        await store.close();
      }
    });
}
