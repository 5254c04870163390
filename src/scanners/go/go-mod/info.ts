// go/go-mod: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of goModScanner: its identity and file checks, loaded with the registry. */
export const goModInfo: ScannerInfo = {
  id: 'go/go-mod',
  ecosystem: 'Go',
  kind: 'lockfile',
  group: 'go',
  description: 'Go go.mod (go 1.17+ lists all needed modules; older files are completed from go.sum)',
  matches(path: string): boolean {
    return baseName(path) === 'go.mod';
  },
  fallback(path: string): boolean {
    return /\.mod$/.test(path);
  },
  sniff(content: string): boolean {
    return /^(?:\uFEFF)?(?:[ \t]*(?:\/\/[^\n]*)?\r?\n)*[ \t]*module[ \t]+\S+[ \t]*(?:\/\/[^\n]*)?\r?\n/.test(content.slice(0, 4096));
  },
};
