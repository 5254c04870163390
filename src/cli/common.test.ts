import { mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emit } from './common.js';
import type { CliIo } from './io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ospo-emit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(): { io: CliIo; out: () => string } {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  return { io: { stdout, stderr: new PassThrough(), env: {} }, out: () => Buffer.concat(chunks).toString('utf8') };
}

// More than one write's worth (about a million characters), with text outside ASCII in some pieces.
const pieces = (): string[] => Array.from({ length: 3000 }, (_, i) => `${i % 7 === 0 ? 'Überprüfung ─│ ' : 'plain '}${'x'.repeat(700)}\n`);

describe('emit', () => {
  it('writes a document given in pieces to a file as the same bytes as the joined string', () => {
    const file = join(dir, 'sub', 'report.txt');
    emit(io().io, pieces(), file);
    expect(readFileSync(file, 'utf8')).toBe(pieces().join(''));
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.txt']);
  });

  it('writes pieces to stdout in order', async () => {
    const { io: cli, out } = io();
    emit(cli, pieces(), undefined);
    await new Promise((r) => setImmediate(r));
    expect(out()).toBe(pieces().join(''));
  });

  it('replaces the file a symlink points to, and keeps the link', () => {
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'old');
    symlinkSync(target, join(dir, 'link.txt'));
    emit(io().io, ['new ', 'text'], join(dir, 'link.txt'));
    expect(readFileSync(target, 'utf8')).toBe('new text');
    expect(readFileSync(join(dir, 'link.txt'), 'utf8')).toBe('new text');
  });

  it('leaves FILE as it was and no temp file behind when the pieces fail half way', () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, 'previous report');
    function* failing(): Generator<string> {
      yield* pieces();
      throw new Error('renderer failed');
    }
    expect(() => emit(io().io, failing(), file)).toThrow('renderer failed');
    expect(readFileSync(file, 'utf8')).toBe('previous report');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes pieces in place to a file that is not a regular file', () => {
    expect(() => emit(io().io, pieces(), '/dev/null')).not.toThrow();
  });
});
