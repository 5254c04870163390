import { parse, TomlError } from 'smol-toml';
import { InputError } from '../model/errors.js';
import { stripBom } from './lines.js';
import { MAX_DEPTH, stripForbiddenKeys } from './limits.js';

/** Parses untrusted TOML into plain objects (dates stay strings), with a capped depth and positioned errors. */
export function parseToml(text: string, file?: string): Record<string, unknown> {
  try {
    const value = parse(stripBom(text), { maxDepth: MAX_DEPTH }) as Record<string, unknown>;
    return stripForbiddenKeys(value);
  } catch (err) {
    if (err instanceof TomlError) {
      throw new InputError(`invalid TOML: ${err.message.split('\n')[0]}`, { file, line: err.line });
    }
    if (err instanceof RangeError) throw new InputError('TOML nested too deeply to parse', { file });
    throw new InputError(`invalid TOML: ${(err as Error).message}`, { file });
  }
}
