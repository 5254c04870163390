import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../inventory/build.js';
import { runCli } from '../test-support/cli.js';
import { collectLicenseDetails, type LicenseTextIdentifier } from './analyze.js';
import { buildNotice, escapeHtml, renderNotice, NOTICE_FORMATS } from './notice.js';

const root = fileURLToPath(new URL('./__fixtures__/installed-tree', import.meta.url));
const goldenDir = fileURLToPath(new URL('./__fixtures__/notice', import.meta.url));

// The fixtures' license files carry a `TEST-LICENSE:` line; text matching is tested in text/.
const fixtureIdentifier: LicenseTextIdentifier = (text) => {
  const m = /^TEST-LICENSE: (.+)$/m.exec(text);
  if (!m) return { license: null, confidence: 0, matches: [] };
  return { license: m[1]!, confidence: 1, matches: [{ expression: m[1]!, confidence: 1, startLine: text.slice(0, m.index).split('\n').length }] };
};

function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  // Regenerate with OSPO_UPDATE_GOLDEN=1 after an intended change, and review the diff.
  if (process.env.OSPO_UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const inventory = await buildInventory([root]);

describe('notice', () => {
  const details = collectLicenseDetails(inventory, root, { identify: fixtureIdentifier });
  const doc = buildNotice(inventory, details);

  it.each(NOTICE_FORMATS.map((f) => [f]))('renders %s like the golden file', (format) => {
    const ext = { text: 'txt', markdown: 'md', html: 'html' }[format];
    golden(`installed-tree.${ext}`, renderNotice(doc, format));
  });

  it('lists components in a deterministic order with their licenses', () => {
    expect(doc.components.map((c) => [c.name, c.version, c.expression])).toEqual([
      ['<script>alert(1)</script>', '1.0.0', 'LicenseRef-b-MIT-b'],
      ['@acme/dual', '2.0.0', 'MIT OR Apache-2.0'],
      ['Newtonsoft.Json', '13.0.3', 'MIT'],
      ['attrs', '23.1.0', 'MIT'],
      ['fixture-app', '1.0.0', 'NOASSERTION'],
      ['foo', '0.1.0', 'MIT OR Apache-2.0'],
      ['left-pad', '1.3.0', 'WTFPL'],
      ['legacy', '1.0.0', 'MIT OR GPL-2.0-only'],
      ['mismatch', '1.0.0', 'MIT AND GPL-3.0-only'],
      ['nolicense', '1.0.0', 'MIT'],
      ['rake', '13.0.6', 'MIT'],
      ['requests', '2.31.0', 'Apache-2.0'],
      ['see-file', '1.0.0', 'LicenseRef-SEE-LICENSE-IN-EULA.txt'],
    ]);
    expect(doc.licenses.map((l) => l.id)).toEqual(['Apache-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'MIT', 'WTFPL']);
    expect(doc.licenses.every((l) => (l.text ?? '').length > 100)).toBe(true);
  });

  it('includes NOTICE files where Apache-2.0 requires them, and the found text for a LicenseRef', () => {
    const dual = doc.components.find((c) => c.name === '@acme/dual')!;
    expect(dual.notices).toEqual([
      { file: 'node_modules/@acme/dual/NOTICE', text: 'Acme Dual\nCopyright 2020 Acme Inc.\n\nThis product includes software developed at Acme (https://acme.example/).' },
    ]);
    const seeFile = doc.components.find((c) => c.name === 'see-file')!;
    expect(seeFile.customTexts.map((t) => t.file)).toEqual(['node_modules/see-file/EULA.txt']);
    expect(seeFile.licenseIds).toEqual([]);
  });

  it('is byte-identical across runs', async () => {
    const again = buildNotice(await buildInventory([root]), collectLicenseDetails(await buildInventory([root]), root, { identify: fixtureIdentifier }));
    for (const f of NOTICE_FORMATS) expect(renderNotice(again, f)).toBe(renderNotice(doc, f));
  });

  it('never lets a package name become markup', () => {
    const html = renderNotice(doc, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<h2>&lt;script&gt;alert(1)&lt;/script&gt; 1.0.0</h2>');
    const md = renderNotice(doc, 'markdown');
    expect(md).not.toContain('<script>');
    expect(md).toContain('## &lt;script&gt;alert(1)&lt;/script&gt; 1.0.0');
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('fences a license text that holds backticks with a longer fence', () => {
    const tricky = buildNotice(
      { ...inventory, components: inventory.components.filter((c) => c.name === 'see-file') },
      {
        ...details,
        components: details.components.map((d) => ({ ...d, files: d.files.map((f) => ({ ...f, text: 'a\n```\n<img src=x onerror=alert(1)>\n```' })) })),
      },
    );
    const md = renderNotice(tricky, 'markdown');
    expect(md).toContain('````text\na\n```\n<img src=x onerror=alert(1)>\n```\n````');
  });

  it('leaves dev dependencies out unless asked', () => {
    const withDev = { ...inventory, components: inventory.components.map((c) => (c.name === 'left-pad' ? { ...c, scope: 'dev' as const } : c)) };
    expect(buildNotice(withDev, details).components.map((c) => c.name)).not.toContain('left-pad');
    expect(buildNotice(withDev, details, { includeDev: true }).components.map((c) => c.name)).toContain('left-pad');
  });
});

describe('ospo notice', () => {
  it('writes an HTML notice to a file atomically and says so', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ospo-notice-')), 'NOTICE.html');
    const r = await runCli(['notice', root, '--format', 'html', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote a html notice for 13 components to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('<li>License: <code>WTFPL</code></li>');
  });

  it('prints text on stdout and names components without a license', async () => {
    const r = await runCli(['notice', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('left-pad 1.3.0\npkg:npm/left-pad@1.3.0\nLicense: WTFPL');
    expect(r.stderr).toMatch(/component\(s\) have no license found \(NOASSERTION\)/);
  });

  it('refuses an unknown format as a usage error', async () => {
    const r = await runCli(['notice', root, '--format', 'pdf']);
    expect(r.code).toBe(2);
  });

  it('names a bad classification file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ospo-notice-')), 'bad.yaml');
    writeFileSync(file, 'licenses:\n  MIT: nope\n');
    const r = await runCli(['notice', root, '--classification', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--classification: ${file} (at /licenses/MIT): "MIT": expected a category`);
  });

  it('says when the input cannot be read', async () => {
    const r = await runCli(['notice', join(root, 'missing-dir')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
  });
});
