import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Returns the directory Ospo keeps its data in (the OSV database, the embedded store):
 * `--data-dir` when given, else OSPO_DATA_DIR, else `~/.ospo`.
 */
export function dataDir(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit) return resolve(explicit);
  if (env.OSPO_DATA_DIR) return resolve(env.OSPO_DATA_DIR);
  return join(homedir(), '.ospo');
}
