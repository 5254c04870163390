// ruby/gemfile-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { stripBom } from '../../../parsers/lines.js';
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of gemfileLockScanner: its identity and file checks, loaded with the registry. */
export const gemfileLockInfo: ScannerInfo = {
  id: 'ruby/gemfile-lock',
  ecosystem: 'RubyGems',
  kind: 'lockfile',
  group: 'bundler',
  description: 'Gemfile.lock and gems.locked (Bundler 1.x to 2.x, with CHECKSUMS)',
  matches(path: string): boolean {
    const name = baseName(path);
    return name === 'Gemfile.lock' || name === 'gems.locked';
  },
  sniff(content: string): boolean {
    const head = stripBom(content.slice(0, 2048));
    if (/^(?:GEM|GIT|PATH|PLUGIN SOURCE)\r?\n {2}(?:remote|revision|specs):/.test(head)) return true;
    // Lockfiles with no gems can start with PLATFORMS or DEPENDENCIES; require a second heading too.
    return /^(?:PLATFORMS|DEPENDENCIES)\r?\n {2}\S/.test(head) && /\n(?:DEPENDENCIES|BUNDLED WITH|PLATFORMS|RUBY VERSION)\r?\n/.test(head);
  },
};
