import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { parseJson, parseJsonObject } from './json.js';
import { looksBinary, stripForbiddenKeys } from './limits.js';
import { LineIndex } from './lines.js';
import { parseToml } from './toml.js';
import { parseXml } from './xml.js';
import { parseYaml } from './yaml.js';
import { budget } from '../test-support/budget.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('parseJson', () => {
  it('parses ordinary JSON and strips a BOM', () => {
    expect(parseJson('\uFEFF{"a":[1,2,{"b":null}]}')).toEqual({ a: [1, 2, { b: null }] });
  });

  it('reports the line and column of a syntax error and names the file', () => {
    const e = inputError(() => parseJson('{\n  "a": 1,\n  "b": }\n', 'package-lock.json'));
    expect(e.file).toBe('package-lock.json');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/invalid JSON/);
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['[1, 2', 1, 6],
    ['{"a": tru}', 1, 7],
    ['{}\n{}', 2, 1],
    ['{"a": "x\ny"}', 1, 9],
  ])('locates the error in %j at line %i column %i', (text, line, column) => {
    const e = inputError(() => parseJson(text, 'x.json'));
    expect(e.line).toBe(line);
    expect(e.message).toContain(`column ${column}`);
  });

  it('says an empty file is empty', () => {
    expect(inputError(() => parseJson('  \n', 'x.json')).message).toMatch(/empty file/);
  });

  it('refuses 10,000-deep nesting quickly, without overflowing the stack', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const started = Date.now();
    const e = inputError(() => parseJson(deep, 'deep.json'));
    expect(e.message).toMatch(/nested deeper than 1000/);
    expect(Date.now() - started).toBeLessThan(budget(2000));
  });

  it('ignores brackets inside strings when measuring depth', () => {
    const text = JSON.stringify({ s: '['.repeat(5000) });
    expect(parseJson(text)).toEqual({ s: '['.repeat(5000) });
  });

  it('drops __proto__, constructor and prototype keys so nothing is polluted', () => {
    const value = parseJson('{"__proto__":{"polluted":true},"a":{"constructor":{"prototype":{"polluted":true}}},"ok":1}') as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(['a', 'ok']);
    expect(value.a).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('requires an object where one is expected', () => {
    expect(inputError(() => parseJsonObject('[1]', 'a.json')).pointer).toBe('');
  });
});

describe('parseYaml', () => {
  it('parses YAML', () => {
    expect(parseYaml('a: 1\nb:\n  - x\n  - y\n')).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const e = inputError(() => parseYaml(lines.join('\n'), 'pnpm-lock.yaml'));
    expect(e.message).toMatch(/alias/);
    expect(Date.now() - started).toBeLessThan(budget(2000));
  });

  it('refuses 10,000-deep flow nesting', () => {
    expect(inputError(() => parseYaml(`a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'x.yaml')).message).toMatch(/nested/);
  });

  it('reports the line of a syntax error', () => {
    const e = inputError(() => parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'x.yaml'));
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('keeps __proto__ keys away from objects', () => {
    const v = parseYaml('__proto__:\n  polluted: true\nok: 1\n') as Record<string, unknown>;
    expect(v).toEqual({ ok: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseToml', () => {
  it('parses TOML and reports errors with the line', () => {
    expect(parseToml('a = 1\n[b]\nc = "d"\n')).toEqual({ a: 1, b: { c: 'd' } });
    expect(inputError(() => parseToml('a = 1\nb = \n', 'Cargo.lock')).line).toBe(2);
  });

  it('keeps __proto__ keys away from objects', () => {
    const v = parseToml('[__proto__]\npolluted = true\n[ok]\nx = 1\n');
    expect(v).toEqual({ ok: { x: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting', () => {
    expect(() => parseToml(`a = ${'['.repeat(5000)}${']'.repeat(5000)}`, 'x.toml')).toThrow(InputError);
  });
});

describe('parseXml', () => {
  it('parses elements, attributes and the predefined entities', () => {
    const v = parseXml('<a x="1"><b>one &amp; two</b><b>3</b></a>', 'a.xml', { arrays: ['b'] });
    expect(v).toEqual({ a: { '@_x': '1', b: ['one & two', '3'] } });
  });

  it('refuses a DOCTYPE with an external entity and never reads the file it names', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<project>&xxe;</project>';
    const e = inputError(() => parseXml(xxe, 'pom.xml'));
    expect(e.message).toMatch(/DOCTYPE/);
    expect(e.line).toBe(2);
  });

  it('refuses a billion-laughs document', () => {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    expect(() => parseXml(lol, 'bom.xml')).toThrow(/DOCTYPE/);
  });

  it('reports malformed XML with a line', () => {
    const e = inputError(() => parseXml('<a>\n<b>\n</a>', 'x.xml'));
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses 10,000-deep nesting', () => {
    expect(inputError(() => parseXml('<a>'.repeat(10_000) + '</a>'.repeat(10_000), 'x.xml')).message).toMatch(/nested deeper/);
  });

  it('refuses __proto__ element names before they reach an object', () => {
    expect(inputError(() => parseXml('<a><__proto__><polluted>yes</polluted></__proto__><ok>1</ok></a>', 'x.xml')).message).toMatch(/prototype/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('helpers', () => {
  it('maps offsets to lines and columns', () => {
    const idx = new LineIndex('ab\ncd\n\nef');
    expect([idx.lineAt(0), idx.lineAt(3), idx.lineAt(6), idx.lineAt(7)]).toEqual([1, 2, 3, 4]);
    expect(idx.columnAt(4)).toBe(2);
  });

  it('detects binary data by NUL bytes', () => {
    expect(looksBinary('abc\u0000def')).toBe(true);
    expect(looksBinary('plain text')).toBe(false);
  });

  it('strips forbidden keys without recursion on deep trees', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 50_000; i++) deep = { child: deep };
    expect(() => stripForbiddenKeys(deep)).not.toThrow();
  });
});
