import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { MAX_SPDX_XML_BYTES, spdxXmlToEntry } from './spdx-xml.js';

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
