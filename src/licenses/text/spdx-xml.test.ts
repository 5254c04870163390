import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { MAX_SPDX_XML_BYTES, readSpdxXml, spdxXmlToEntry, spdxXmlToTemplate } from './spdx-xml.js';

const doc = (inner: string, attrs = 'licenseId="Test-1.0" name="Test License 1.0"', kind = 'license') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SPDXLicenseCollection xmlns="http://www.spdx.org/license">\n  <${kind} ${attrs}>\n${inner}\n  </${kind}>\n</SPDXLicenseCollection>\n`;

describe('spdxXmlToEntry', () => {
  it('reads the id, name and kind, and only the <text> as text (not notes or crossRefs)', () => {
    const e = spdxXmlToEntry(
      doc(
        `<crossRefs><crossRef>https://example.org/test</crossRef></crossRefs>
         <notes>Not license text.</notes>
         <text><p>Permission is
           granted,   freely.</p></text>`,
        'licenseId="Foo-exception" name="Foo\n   exception"',
        'exception',
      ),
    );
    expect(e).toEqual({ kind: 'exception', id: 'Foo-exception', name: 'Foo exception', obsoletedBy: [], text: 'Permission is granted, freely.\n' });
  });

  it('keeps optional passages and takes each <alt> as its default text, apart from the words around it', () => {
    const e = spdxXmlToEntry(
      doc(`<text>
        <titleText><p>The Test License</p></titleText>
        <copyrightText><p>Copyright (c) <alt match=".+" name="year">&lt;year&gt;</alt> <alt match=".+" name="owner">&lt;owner&gt;</alt></p></copyrightText>
        <p>THE SOFTWARE IS PROVIDED "AS IS" AND ANY<alt name="express" match="EXPRESS(ED)?">EXPRESS</alt> WARRANTY IS DISCLAIMED<optional>, TO THE EXTENT PERMITTED</optional>.</p>
        <p>See the license<optional spacing="none">s</optional> of <alt match="this Program|FRYSK" name="name">this Program</alt>.</p>
        <optional><p>END OF TERMS</p></optional>
      </text>`),
    );
    expect(e.text).toBe(
      [
        'The Test License',
        '',
        'Copyright (c) <year> <owner>',
        '',
        'THE SOFTWARE IS PROVIDED "AS IS" AND ANY EXPRESS WARRANTY IS DISCLAIMED , TO THE EXTENT PERMITTED .',
        '',
        'See the licenses of this Program .',
        '',
        'END OF TERMS',
        '',
      ].join('\n'),
    );
    // Copies often leave the optional passages out: the text without them too.
    expect(e.minimal).toBe(['The Test License', '', 'Copyright (c) <year> <owner>', '', 'THE SOFTWARE IS PROVIDED "AS IS" AND ANY EXPRESS WARRANTY IS DISCLAIMED .', '', 'See the license of this Program .', ''].join('\n'));
    expect(spdxXmlToEntry(doc('<text><p>No optional text.</p></text>')).minimal).toBeUndefined();
  });

  it('puts bullets before their items, list items and paragraphs apart, and <br/> as a line break', () => {
    const e = spdxXmlToEntry(
      doc(`<text>
        <p>Conditions:<br/>read them.</p>
        <list>
          <item><bullet>1.</bullet> Keep the notice.
            <list>
              <item><bullet>(a)</bullet><p>in source;</p></item>
              <item><bullet>(b)</bullet>in binaries.</item>
            </list>
          </item>
          <item>
            <bullet>2.</bullet>
            Do not sue.
          </item>
        </list>
      </text>`),
    );
    expect(e.text).toBe(['Conditions:', 'read them.', '', '1. Keep the notice.', '', '(a)', '', 'in source;', '', '(b) in binaries.', '', '2. Do not sue.', ''].join('\n'));
  });

  it('reports deprecation and what replaces a deprecated id', () => {
    const e = spdxXmlToEntry(
      doc(
        `<obsoletedBys><obsoletedBy>GPL-2.0-or-later WITH eCos-exception-2.0</obsoletedBy></obsoletedBys><text><p>eCos</p></text>`,
        'licenseId="eCos-2.0" name="eCos license version 2.0" deprecatedVersion="2.0rc2"',
      ),
    );
    expect(e.deprecatedVersion).toBe('2.0rc2');
    expect(e.obsoletedBy).toEqual(['GPL-2.0-or-later WITH eCos-exception-2.0']);
  });

  it('refuses DOCTYPE and entity declarations, without expanding anything', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<SPDXLicenseCollection><license licenseId="X"><text><p>&e;</p></text></license></SPDXLicenseCollection>`;
    expect(() => spdxXmlToEntry(xxe, 'x.xml')).toThrow(/DOCTYPE or entity declaration is refused/);
    // An undeclared entity is an error, not text.
    expect(() => spdxXmlToEntry(doc('<text><p>&e;</p></text>'))).toThrow(InputError);
  });

  it('refuses what is not one license or exception with a text', () => {
    expect(() => spdxXmlToEntry('<SPDXLicenseCollection/>')).toThrow(/no <license> or <exception>/);
    expect(() => spdxXmlToEntry(doc('<notes>n</notes>'))).toThrow(/no <text>/);
    expect(() => spdxXmlToEntry(doc('<text><p>x</p></text>', 'licenseId="../../etc/passwd"'))).toThrow(/valid licenseId/);
    expect(() => spdxXmlToEntry(doc('<text><p>x</p></text>').replace('</SPDXLicenseCollection>', ''))).toThrow(/invalid XML/);
    expect(() => spdxXmlToEntry(' '.repeat(MAX_SPDX_XML_BYTES + 1))).toThrow(/over/);
  });
});

describe('spdxXmlToTemplate', () => {
  it('keeps literal text with white space collapsed, each element but <alt> and the optional ones set apart by a space', () => {
    const t = spdxXmlToTemplate(doc(`<notes>Not license text.</notes><text>
      <p>Permission is
         granted<!-- a comment -->, freely.</p><p>Second<br/>line.</p>
    </text>`));
    expect(t).toEqual({ kind: 'license', id: 'Test-1.0', parts: [' Permission is granted, freely. Second line. '] });
  });

  it('takes <alt> as its regex and default text, <optional> (nested too) as optional parts, whatever its spacing', () => {
    const { parts } = spdxXmlToTemplate(
      doc(`<text><p>ANY<alt name="e" match="EXPRESS(ED)?">EXPRESS</alt> WARRANTY<optional spacing="none">, freely<optional> and gladly</optional></optional>.</p>
        <p>By <alt name="who">the <p>authors<br/>and friends</p></alt>; <alt match="a &amp; b" name="amp">a &amp;
           b</alt>.</p></text>`),
    );
    expect(parts).toEqual([
      ' ANY',
      { v: 'EXPRESS(ED)?', d: 'EXPRESS' },
      ' WARRANTY',
      { o: [', freely', { o: [' and gladly'] }] },
      '. By ',
      // No match attribute: any text; in the default a paragraph's pieces and a line break are apart.
      { v: '.*', d: 'the authors and friends' },
      '; ',
      { v: 'a & b', d: 'a & b' },
      '. ',
    ]);
  });

  it('makes bullets, the title, the copyright line and the standard header optional', () => {
    const { parts } = spdxXmlToTemplate(
      doc(`<text>
        <titleText><p>The Test License</p></titleText>
        <copyrightText><p>Copyright (c) <alt match=".+" name="year">&lt;year&gt;</alt></p></copyrightText>
        <list>
          <item><bullet>1.</bullet> Keep the notice.</item>
          <item><bullet>(b)</bullet>Do not sue.</item>
        </list>
        <standardLicenseHeader><p>Licensed under the Test License.</p></standardLicenseHeader>
      </text>`),
    );
    expect(parts).toEqual([
      { o: [' The Test License '] },
      { o: [' Copyright (c) ', { v: '.+', d: '<year>' }] },
      // Text that is only white space between elements is dropped.
      { o: ['1.'] },
      ' Keep the notice. ',
      { o: ['(b)'] },
      'Do not sue. ',
      { o: [' Licensed under the Test License. '] },
    ]);
  });

  it('reads exceptions too, and refuses what the entry reader refuses', () => {
    expect(spdxXmlToTemplate(doc('<text><p>Exception.</p></text>', 'licenseId="Foo-exception"', 'exception'))).toEqual({ kind: 'exception', id: 'Foo-exception', parts: [' Exception. '] });
    expect(() => spdxXmlToTemplate(doc('<notes>n</notes>'))).toThrow(/no <text>/);
    expect(() => spdxXmlToTemplate(doc('<text><p>&e;</p></text>'))).toThrow(InputError);
    expect(() => spdxXmlToTemplate(`<!DOCTYPE x [<!ENTITY e "boom">]>${doc('<text><p>&e;</p></text>')}`)).toThrow(/DOCTYPE/);
  });
});

describe('readSpdxXml', () => {
  it('gives the <text> as an element tree by local name, comments dropped and text runs kept apart', () => {
    const d = readSpdxXml(doc('<text><p>A<!-- c --><spdx:b x="1">B</spdx:b></p></text>').replace('<SPDXLicenseCollection ', '<SPDXLicenseCollection xmlns:spdx="urn:x" '));
    expect(d.text).toEqual({ name: 'text', attrs: {}, children: [{ name: 'p', attrs: {}, children: ['A', { name: 'b', attrs: { x: '1' }, children: ['B'] }] }] });
    expect(() => readSpdxXml(doc(`<text>${'<p>'.repeat(1100)}x${'</p>'.repeat(1100)}</text>`))).toThrow(/nested deeper/);
  });
});
