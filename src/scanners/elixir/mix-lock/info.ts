// elixir/mix-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of mixLockScanner: its identity and file checks, loaded with the registry. */
export const mixLockInfo: ScannerInfo = {
  id: 'elixir/mix-lock',
  ecosystem: 'Hex',
  kind: 'lockfile',
  group: 'mix',
  description: 'mix.lock (Elixir Mix, Hex and git dependencies)',
  matches(path: string): boolean {
    return baseName(path) === 'mix.lock';
  },
  sniff(content: string): boolean {
    return /^\uFEFF?%\{\s*(?:\}|"[^"\n]+": \{:(?:hex|git),)/.test(content.slice(0, 1024));
  },
};
