import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Generates the first data/licenses/classification.yaml from the SPDX License List and the
 * curated lists below. Run it once after an SPDX list update, then review the diff: the YAML
 * file is the source of truth afterwards (hand edits stay; regenerate only to add new ids).
 *
 *   npm run build && node dist/licenses/generate-classification.js data/licenses/classification.yaml
 */

const require = createRequire(import.meta.url);

/** Curated categories, first match wins. Patterns are anchored to whole ids. */
const CURATED: Array<[string, RegExp[]]> = [
  [
    'source-available',
    [
      /^BUSL-.*/, /^SSPL-.*/, /^Elastic-.*/, /^PolyForm-.*/, /^CC-BY-NC.*/, /^CC-BY-ND-.*/, /^FSL-.*/,
      /^Prosperity-.*/, /^Hippocratic-.*/, /^NCGL-UK-.*/, /^MS-LPL$/, /^Aladdin$/, /^JSON$/, /^NCL$/,
      /^Community-Spec-.*/, /^Sun-PPP.*/, /^TPDL$/, /^D-FSL-.*/, /^NPL-.*-NC$/,
    ],
  ],
  [
    'network-copyleft',
    [/^AGPL-.*/, /^OSL-.*/, /^NPOSL-.*/, /^RPL-.*/, /^CPAL-.*/, /^Parity-.*/, /^ESA-PL-strong.*/],
  ],
  [
    'strong-copyleft',
    [
      /^GPL-.*/, /^EUPL-.*/, /^CECILL-[12]\..*/, /^Sleepycat$/, /^copyleft-next-.*/, /^CC-BY-SA-.*/, /^CC-SA-.*/,
      /^GFDL-.*/, /^SimPL-.*/, /^NGPL$/, /^QPL-.*/, /^LiLiQ-Rplus-.*/, /^eCos-.*/, /^SMAIL-GPL$/, /^ODbL-.*/,
      /^TOSL$/, /^Linux-man-pages-copyleft.*/, /^AGPL$/, /^OpenPBS-.*/,
    ],
  ],
  [
    'weak-copyleft',
    [
      /^LGPL.*/, /^MPL-.*/, /^EPL-.*/, /^CDDL-.*/, /^CPL-.*/, /^IPL-.*/, /^APSL-.*/, /^MS-RL$/, /^Artistic-1\.0.*/,
      /^CECILL-C$/, /^NPL-.*/, /^SPL-.*/, /^Motosoto$/, /^Nokia$/, /^ErlPL-.*/, /^RPSL-.*/, /^SISSL.*/, /^gSOAP-.*/,
      /^CUA-OPL-.*/, /^OCCT-PL$/, /^wxWindows$/, /^CDLA-Sharing-.*/, /^OFL-.*/, /^Vim$/, /^Watcom-.*/, /^NASA-.*/,
      /^RSCPL$/, /^Frameworx-.*/, /^Zimbra-.*/, /^SugarCRM-.*/, /^APL-.*/, /^BitTorrent-.*/, /^CATOSL-.*/,
      /^LPL-.*/, /^Interbase-.*/, /^LiLiQ-R-.*/, /^OSET-PL-.*/, /^ESA-PL-weak.*/, /^MMPL-.*/, /^EUDatagrid$/,
      /^Ms-RL$/, /^MulanPSL-.*-copyleft$/, /^SPL$/, /^OLDAP-.*-copyleft$/, /^Nokia-Qt.*/, /^CC-BY-SA$/, /^TMate$/,
      /^LGPLLR$/, /^YPL-.*/, /^RHeCos-.*/, /^UCL-.*/, /^OGL-UK-.*-share/,
    ],
  ],
  [
    'public-domain',
    [
      /^CC0-.*/, /^Unlicense$/, /^CC-PDDC$/, /^CC-PDM-.*/, /^PDDL-.*/, /^SAX-PD.*/, /^.*-PD$/, /^.*-PD-.*/,
      /^libselinux-.*/, /^blessing$/, /^NIST-Software$/, /^Unlicense-libtelnet$/, /^Unlicense-libwhirlpool$/,
      /^LPD-document$/,
    ],
  ],
  [
    'permissive',
    [
      /^MIT.*/, /^BSD-.*/, /^Apache-.*/, /^ISC.*/, /^Zlib$/, /^zlib-acknowledgement$/, /^0BSD$/, /^BSL-1\.0$/,
      /^PostgreSQL$/, /^X11.*/, /^Python-.*/, /^PSF-.*/, /^CNRI-.*/, /^Unicode-.*/, /^WTFPL$/, /^UPL-.*/, /^NCSA$/,
      /^AFL-.*/, /^Artistic-2\.0$/, /^BlueOak-.*/, /^CC-BY-\d.*/, /^curl$/, /^HPND.*/, /^ICU$/, /^IJG.*/,
      /^Info-ZIP$/, /^libpng.*/, /^OpenSSL.*/, /^SSLeay.*/, /^W3C.*/, /^Zend-.*/, /^ZPL-.*/, /^MulanPSL-.*/,
      /^ECL-.*/, /^EFL-.*/, /^MS-PL$/, /^Beerware$/, /^bzip2-.*/, /^Fair$/, /^FTL$/, /^MirOS$/, /^NTP.*/,
      /^OLDAP-.*/, /^PHP-.*/, /^Ruby.*/, /^TCL$/, /^XFree86-.*/, /^JasPer-.*/, /^Sendmail.*/, /^SGI-B-.*/,
      /^Spencer-.*/, /^Xnet$/, /^Naumen$/, /^Entessa$/, /^EUDatagrid$/, /^AAL$/, /^VSL-.*/, /^W3C$/, /^Xerox$/,
      /^Intel.*/, /^MIT-CMU$/, /^SMLNJ$/, /^Unlicense-.*/, /^CECILL-B$/, /^OGL-.*/, /^OGC-.*/, /^NLOD-.*/,
      /^CDLA-Permissive-.*/, /^O-UDA-.*/, /^ODC-By-.*/, /^Boehm-GC.*/, /^Latex2e.*/, /^LPPL-.*/, /^Imlib2$/,
      /^Plexus$/, /^Multics$/, /^Jam$/, /^TU-Berlin-.*/, /^Vixie-Cron$/, /^snprintf$/, /^ADSL$/, /^AMDPLPA$/,
      /^FSFAP.*/, /^FSFUL.*/, /^GD$/, /^HTMLTIDY$/, /^Libpng$/, /^MTLL$/, /^Net-SNMP$/, /^NetCDF$/, /^OML$/,
      /^Qhull$/, /^SWL$/, /^Saxpath$/, /^TCP-wrappers$/, /^UCAR$/, /^Wsuipa$/, /^xinetd$/, /^xpp$/, /^ZPL$/,
    ],
  ],
];

/** Name fragments that decide the category of an id the curated lists do not name. */
const BY_NAME: Array<[string, RegExp]> = [
  ['source-available', /non-?commercial|no derivatives/i],
  ['network-copyleft', /affero/i],
  ['strong-copyleft', /share.?alike|\bgeneral public license\b/i],
  ['public-domain', /public domain/i],
];

/** Obligations a license has beyond its category's defaults, keyed by id pattern. */
const OBLIGATIONS: Array<[RegExp, string[]]> = [
  [/^Apache-2\.0$/, ['attribution', 'notice', 'state-changes', 'patent-terms']],
  [/^Apache-1\.[01]$/, ['attribution', 'notice']],
  [/^(MIT-0|0BSD|WTFPL|BSD-1-Clause-NoAttribution|Fair)$/, []],
  [/^(MPL-2\.0|EPL-2\.0|EPL-1\.0|CDDL-1\.[01]|MS-PL|MS-RL|ECL-2\.0|Artistic-2\.0|UPL-1\.0|BSL-1\.0-patent|BlueOak-1\.0\.0)$/, ['patent-terms']],
  [/^(GPL-3\.0.*|LGPL-3\.0.*|AGPL-3\.0.*)$/, ['patent-terms', 'state-changes']],
  [/^(GPL-2\.0.*|LGPL-2\.[01].*|GPL-1\.0.*)$/, ['state-changes']],
  [/^(OSL-3\.0|AFL-3\.0|EUPL-1\.2)$/, ['patent-terms']],
  [/^(BSL-1\.0)$/, ['attribution']],
];

/** What each category means and the obligations every license in it carries by default. */
const CATEGORIES: Array<[string, string, string[]]> = [
  ['public-domain', 'no conditions: dedicated to the public domain or equivalent', []],
  ['permissive', 'use, modify and distribute freely; keep the copyright and license text', ['attribution']],
  ['weak-copyleft', 'changes to the component itself stay under its license and must be offered as source; larger works may use other licenses', ['attribution', 'disclose-source', 'same-license']],
  ['strong-copyleft', 'a distributed work that includes the component must be licensed the same way, with its source', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
  ['network-copyleft', 'strong copyleft that also applies when users interact with the software over a network', ['attribution', 'disclose-source', 'same-license', 'state-changes', 'network-use']],
  ['source-available', 'source is visible but use is restricted (non-commercial, no competing service, field of use): not open source', ['attribution']],
  ['proprietary', 'no license to use without an agreement', []],
  ['unknown', 'not identified: a person has to read it', []],
];

const OBLIGATION_TEXT: Array<[string, string]> = [
  ['attribution', 'keep copyright notices and the license text with every copy you distribute'],
  ['notice', 'reproduce the NOTICE file contents in your attribution'],
  ['disclose-source', 'offer the source code of the component (and its changes) to those who receive it'],
  ['same-license', 'distribute changes or derived works under the same license'],
  ['network-use', 'users who interact with it over a network count as receiving it: offer them the source'],
  ['state-changes', 'mark modified files with a notice of the changes'],
  ['patent-terms', 'the license grants patents and ends that grant if you sue over patents'],
];

/** Returns the full list of SPDX license ids (current and deprecated), sorted. */
export function spdxIds(): string[] {
  const list = require('spdx-license-list') as Record<string, { name: string }>;
  const ids = require('spdx-license-ids') as string[];
  const deprecated = require('spdx-license-ids/deprecated.json') as string[];
  return [...new Set([...ids, ...deprecated, ...Object.keys(list)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function categoryOf(id: string, name: string): { category: string; how: string } {
  for (const [category, patterns] of CURATED) if (patterns.some((p) => p.test(id))) return { category, how: 'curated' };
  for (const [category, pattern] of BY_NAME) if (pattern.test(name)) return { category, how: 'by name' };
  return { category: 'permissive', how: 'default' };
}

/** Builds the classification YAML text. */
export function generateClassificationYaml(): string {
  const list = require('spdx-license-list') as Record<string, { name: string }>;
  const exceptions = require('spdx-exceptions') as string[];
  const defaults = new Map(CATEGORIES.map(([c, , o]) => [c, o]));
  const lines: string[] = [
    '# License classification: a category and obligations for every SPDX license id.',
    '# Generated first by src/licenses/generate-classification.ts from the SPDX License List, then',
    '# reviewed: ids marked "by name" or "default" were not in the curated lists and deserve a look.',
    '# Override any entry with your own file (same shape; your entries win): ospo ... --classification FILE.',
    '#',
    '# A license entry is either a category name, or {category, obligations} when its obligations',
    "# differ from the category's defaults.",
    'version: 1',
    '',
    '# From least to most restrictive; "unknown" sorts last so an unidentified license is never a free pass.',
    'categories:',
  ];
  for (const [c, d, o] of CATEGORIES) lines.push(`  ${c}:`, `    description: ${JSON.stringify(d)}`, `    obligations: [${o.join(', ')}]`);
  lines.push('', 'obligations:');
  for (const [o, d] of OBLIGATION_TEXT) lines.push(`  ${o}: ${JSON.stringify(d)}`);
  lines.push('', 'licenses:');
  for (const id of spdxIds()) {
    const name = list[id]?.name ?? '';
    const { category, how } = categoryOf(id, name);
    const extra = OBLIGATIONS.find(([p]) => p.test(id))?.[1];
    const comment = how === 'curated' ? '' : `  # ${how}`;
    if (extra) {
      const base = defaults.get(category) ?? [];
      const merged = extra.length === 0 ? [] : [...new Set([...base, ...extra])];
      lines.push(`  ${JSON.stringify(id)}: { category: ${category}, obligations: [${merged.join(', ')}] }${comment}`);
    } else lines.push(`  ${JSON.stringify(id)}: ${category}${comment}`);
  }
  lines.push(
    '  # Names Ospo gives licenses that have no SPDX id.',
    '  LicenseRef-UNLICENSED: proprietary',
    '  LicenseRef-Proprietary: proprietary',
    '  LicenseRef-Commercial: proprietary',
    '  LicenseRef-Public-Domain: public-domain',
    '  LicenseRef-Commons-Clause: source-available',
    '',
    '# Exceptions add permissions; an expression with WITH takes the more restrictive of the two,',
    '# so these only matter where an exception is listed as more restrictive than its license.',
    'exceptions:',
  );
  for (const e of [...exceptions].sort()) lines.push(`  ${JSON.stringify(e)}: permissive`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2];
  const text = generateClassificationYaml();
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
