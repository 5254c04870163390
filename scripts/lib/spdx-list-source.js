// Reads the XML files of the SPDX License List source (spdx/license-list-XML) from a checkout
// or a bare git directory, offline: scripts/import-spdx-license-xml.js and
// scripts/generate-license-templates.js both read it this way.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Opens `dir` (a checkout or a bare git directory of the list). `read(wanted)` returns the files
 * of src/ and src/exceptions/ whose path `wanted` accepts, path -> text (a bare directory's at
 * HEAD, in one `git cat-file --batch`); `git(...)` runs git there, when `isGit`.
 */
export function openListSource(dir) {
  const bare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const isGit = bare || existsSync(join(dir, '.git'));
  const read = (wanted) => {
    if (!bare) {
      const out = new Map();
      for (const sub of ['src', 'src/exceptions']) {
        if (!existsSync(join(dir, sub))) continue;
        for (const name of readdirSync(join(dir, sub))) if (wanted(`${sub}/${name}`)) out.set(`${sub}/${name}`, readFileSync(join(dir, sub, name), 'utf8'));
      }
      return out;
    }
    const paths = git('ls-tree', '-r', '--name-only', 'HEAD', 'src/').split('\n').filter(wanted);
    const blob = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: paths.map((p) => `HEAD:${p}`).join('\n') + '\n', maxBuffer: 1 << 30 });
    const out = new Map();
    let pos = 0;
    for (const p of paths) {
      const nl = blob.indexOf(10, pos);
      const header = blob.subarray(pos, nl).toString();
      const size = Number(header.split(' ')[2]);
      if (!Number.isFinite(size)) throw new Error(`git cat-file ${p}: ${header}`);
      out.set(p, blob.subarray(nl + 1, nl + 1 + size).toString('utf8'));
      pos = nl + 1 + size + 1;
    }
    return out;
  };
  return { bare, isGit, git, read };
}
