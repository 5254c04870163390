import Table from 'cli-table3';
import { describe, expect, it } from 'vitest';
import { boxTableLines, displayWidth, renderBoxTable } from './box-table.js';
import { budget } from '../test-support/budget.js';

describe('renderBoxTable', () => {
  it('draws what cli-table3 draws for the same cells (multi-line cells, empty cells, wide characters)', () => {
    const head = ['package', 'installed', 'fixed in', 'vulnerability'];
    const rows = [
      ['left-pad', '1.0.0', '1.3.0', 'GHSA-xxxx\nCVE-2020-1'],
      ['日本語', '2.0', '-', ''],
      ['x', '', 'a\nb\nc', 'y'],
    ];
    const t = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
    for (const r of rows) t.push(r);
    expect(renderBoxTable(head, rows)).toBe(t.toString());
  });

  it('measures colour codes as nothing and wide characters as two columns', () => {
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('renders 10,000 rows in well under a second', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`pkg-${i}`, '1.0.0', '1.0.1', `GHSA-${i}\nCVE-2024-${i}`, 'a summary that is long enough to matter']);
    const started = performance.now();
    const text = renderBoxTable(['a', 'b', 'c', 'd', 'e'], rows);
    expect(performance.now() - started).toBeLessThan(budget(1000));
    expect(text.split('\n')).toHaveLength(2 + 10_000 * 3 + 1);
  });
});

describe('boxTableLines', () => {
  it('gives the lines of renderBoxTable one at a time', () => {
    const head = ['a', 'b'];
    const rows = [
      ['x', 'two\nlines'],
      ['日本', ''],
    ];
    const lines = Array.from(boxTableLines(head, rows));
    expect(lines.join('\n')).toBe(renderBoxTable(head, rows));
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines).toHaveLength(1 + 1 + 1 + 2 + 1 + 1 + 1);
  });
});
