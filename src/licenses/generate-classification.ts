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

/**
 * Ids the curated patterns do not cover, reviewed one by one against the license's terms (and
 * the SPDX list's OSI/FSF flags): [category, obligations when not the category's defaults,
 * why, when the category is not obvious]. The rest of the list falls back to "permissive"
 * and is marked "# default" for review.
 */
const REVIEWED: Record<string, [string, string[] | undefined, string?]> = {
  '3D-Slicer-1.0': ['permissive', undefined],
  'Abstyles': ['permissive', undefined],
  'AdaCore-doc': ['permissive', undefined],
  'Adobe-2006': ['permissive', undefined],
  'Adobe-Display-PostScript': ['permissive', undefined],
  'Adobe-Glyph': ['permissive', undefined],
  'Adobe-Utopia': ['permissive', undefined],
  'Advanced-Cryptics-Dictionary': ['permissive', undefined],
  'Afmparse': ['permissive', undefined],
  'ALGLIB-Documentation': ['permissive', undefined],
  'AMD-newlib': ['permissive', undefined],
  'AML': ['permissive', undefined],
  'AML-glslang': ['permissive', undefined],
  'AMPAS': ['permissive', undefined],
  'any-OSI': ['permissive', undefined, 'any OSI-approved licence, at the recipient\'s choice'],
  'any-OSI-perl-modules': ['permissive', undefined, 'any OSI-approved licence, at the recipient\'s choice'],
  'APAFML': ['permissive', undefined],
  'App-s2p': ['permissive', undefined],
  'Arphic-1999': ['weak-copyleft', undefined, 'copyleft on the font itself, as the OFL'],
  'Artistic-dist': ['weak-copyleft', undefined, 'Artistic 1.0 family'],
  'Aspell-RU': ['permissive', undefined],
  'ASWF-Digital-Assets-1.0': ['source-available', undefined, 'only for education, research, development, benchmarking and demonstrations'],
  'ASWF-Digital-Assets-1.1': ['source-available', undefined, 'only for education, research, development, benchmarking and demonstrations'],
  'atc-game': ['permissive', undefined],
  'Baekmuk': ['permissive', undefined],
  'Bahyph': ['permissive', undefined],
  'Barr': ['permissive', undefined],
  'bcrypt-Solar-Designer': ['permissive', undefined],
  'Bitstream-Charter': ['permissive', undefined],
  'Bitstream-Vera': ['permissive', undefined],
  'BOLA-1.1': ['public-domain', undefined, 'no conditions, only a request to be nice'],
  'Borceux': ['permissive', undefined],
  'Brian-Gladman-2-Clause': ['permissive', undefined],
  'Brian-Gladman-3-Clause': ['permissive', undefined],
  'Brian-Gladman-3-Clause-no-conversion': ['permissive', undefined],
  'Buddy': ['permissive', undefined],
  'Bugroff': ['public-domain', undefined, 'no conditions'],
  'C-UDA-1.0': ['permissive', undefined],
  'CAL-1.0': ['network-copyleft', undefined, 'Cryptographic Autonomy License: source and user data must be offered to network users'],
  'CAL-1.0-Combined-Work-Exception': ['network-copyleft', undefined, 'Cryptographic Autonomy License, with a combined-work exception'],
  'Caldera': ['permissive', undefined],
  'Caldera-no-preamble': ['permissive', undefined],
  'CAPEC-tou': ['permissive', undefined],
  'Catharon': ['permissive', undefined],
  'CDL-1.0': ['weak-copyleft', undefined, 'modified documentation stays under the CDL'],
  'CERN-OHL-1.1': ['weak-copyleft', undefined, 'reciprocal for the hardware design'],
  'CERN-OHL-1.2': ['weak-copyleft', undefined, 'reciprocal for the hardware design'],
  'CERN-OHL-P-2.0': ['permissive', undefined],
  'CERN-OHL-S-2.0': ['strong-copyleft', undefined, 'strongly reciprocal hardware licence'],
  'CERN-OHL-W-2.0': ['weak-copyleft', undefined, 'weakly reciprocal hardware licence'],
  'CFITSIO': ['permissive', undefined],
  'check-cvs': ['permissive', undefined],
  'checkmk': ['permissive', undefined],
  'ClArtistic': ['weak-copyleft', undefined, 'Clarified Artistic License'],
  'Clips': ['permissive', undefined],
  'CMU-Mach': ['permissive', undefined],
  'CMU-Mach-nodoc': ['permissive', undefined],
  'COIL-1.0': ['permissive', undefined],
  'Condor-1.1': ['permissive', undefined],
  'Cornell-Lossless-JPEG': ['permissive', undefined],
  'CPOL-1.02': ['source-available', undefined, 'forbids "illegal, immoral or improper" uses: a field-of-use restriction, not OSI or FSF free'],
  'Cronyx': ['permissive', undefined],
  'Crossword': ['permissive', undefined],
  'CryptoSwift': ['permissive', undefined],
  'CrystalStacker': ['permissive', undefined],
  'Cube': ['permissive', undefined],
  'cve-tou': ['permissive', undefined],
  'DEC-3-Clause': ['permissive', undefined],
  'diffmark': ['permissive', undefined],
  'DL-DE-BY-2.0': ['permissive', undefined],
  'DL-DE-ZERO-2.0': ['public-domain', undefined, 'no conditions'],
  'DOC': ['permissive', undefined],
  'DocBook-DTD': ['permissive', undefined],
  'DocBook-Schema': ['permissive', undefined],
  'DocBook-Stylesheet': ['permissive', undefined],
  'DocBook-XML': ['permissive', undefined],
  'Dotseqn': ['permissive', undefined],
  'DRL-1.0': ['permissive', undefined],
  'DRL-1.1': ['permissive', undefined],
  'DSDP': ['permissive', undefined],
  'dtoa': ['permissive', undefined],
  'dvipdfm': ['permissive', undefined],
  'eGenix': ['permissive', undefined],
  'EPICS': ['permissive', undefined],
  'ESA-PL-permissive-2.4': ['permissive', undefined],
  'etalab-2.0': ['permissive', undefined],
  'Eurosym': ['permissive', ['attribution', 'state-changes'], 'modified versions must say so'],
  'FBM': ['permissive', undefined],
  'FDK-AAC': ['permissive', undefined, 'copyright licence only: no patent licence for AAC'],
  'FDK-MPEG-H': ['permissive', undefined, 'copyright licence only: no patent licence for MPEG-H'],
  'Ferguson-Twofish': ['permissive', undefined],
  'FreeBSD-DOC': ['permissive', undefined],
  'FreeImage': ['weak-copyleft', undefined, 'MPL-based FreeImage Public License'],
  'Furuseth': ['permissive', undefined],
  'fwlw': ['permissive', undefined],
  'Game-Programming-Gems': ['permissive', undefined],
  'GCR-docs': ['permissive', undefined],
  'generic-xts': ['permissive', undefined],
  'Giftware': ['permissive', undefined],
  'GL2PS': ['permissive', ['attribution', 'state-changes'], 'changes must be documented'],
  'Glide': ['source-available', undefined, 'use limited to 3dfx hardware'],
  'Glulxe': ['permissive', undefined],
  'GLWTPL': ['permissive', undefined],
  'gnuplot': ['permissive', ['attribution', 'state-changes'], 'changes may be distributed only as patches'],
  'Graphics-Gems': ['permissive', undefined],
  'gtkbook': ['permissive', undefined],
  'Gutmann': ['permissive', undefined],
  'HaskellReport': ['permissive', undefined],
  'HDF5': ['permissive', undefined],
  'hdparm': ['permissive', undefined],
  'HIDAPI': ['permissive', undefined],
  'HP-1986': ['permissive', undefined],
  'HP-1989': ['permissive', undefined],
  'hyphen-bulgarian': ['permissive', undefined],
  'IBM-pibs': ['permissive', undefined],
  'IEC-Code-Components-EULA': ['source-available', undefined, 'use limited to implementing IEC standards'],
  'ImageMagick': ['permissive', ['attribution', 'notice']],
  'iMatix': ['permissive', undefined],
  'Inner-Net-2.0': ['permissive', undefined],
  'InnoSetup': ['permissive', undefined],
  'IPA': ['weak-copyleft', undefined, 'IPA Font License: derived fonts stay under it'],
  'ISO-permission': ['permissive', undefined],
  'jove': ['permissive', undefined],
  'JPL-image': ['permissive', undefined],
  'JPNIC': ['permissive', undefined],
  'Kastrup': ['permissive', undefined],
  'Kazlib': ['permissive', undefined],
  'Knuth-CTAN': ['permissive', ['attribution', 'state-changes'], 'changed files must be renamed'],
  'LAL-1.2': ['strong-copyleft', undefined, 'Licence Art Libre: copyleft for works of art'],
  'LAL-1.3': ['strong-copyleft', undefined, 'Licence Art Libre: copyleft for works of art'],
  'Leptonica': ['permissive', undefined],
  'libtiff': ['permissive', undefined],
  'libutil-David-Nugent': ['permissive', undefined],
  'LiLiQ-P-1.1': ['permissive', undefined],
  'Linux-man-pages-1-para': ['permissive', undefined],
  'Linux-OpenIB': ['permissive', undefined],
  'LOOP': ['permissive', undefined],
  'lsof': ['permissive', undefined],
  'Lucida-Bitmap-Fonts': ['permissive', undefined],
  'LZMA-SDK-9.11-to-9.20': ['public-domain', undefined, 'placed in the public domain'],
  'LZMA-SDK-9.22': ['public-domain', undefined, 'placed in the public domain'],
  'Mackerras-3-Clause': ['permissive', undefined],
  'Mackerras-3-Clause-acknowledgment': ['permissive', undefined],
  'magaz': ['permissive', undefined],
  'mailprio': ['permissive', undefined],
  'MakeIndex': ['permissive', ['attribution', 'state-changes'], 'changed versions must be renamed'],
  'man2html': ['permissive', undefined],
  'Martin-Birgmeier': ['permissive', undefined],
  'McPhee-slideshow': ['permissive', undefined],
  'metamail': ['permissive', undefined],
  'Minpack': ['permissive', undefined],
  'MIPS': ['permissive', undefined],
  'MMIXware': ['permissive', ['attribution', 'state-changes'], 'changed files must be renamed'],
  'MPEG-SSG': ['permissive', undefined],
  'mpi-permissive': ['permissive', undefined],
  'mpich2': ['permissive', undefined],
  'mplus': ['permissive', undefined],
  'Mup': ['permissive', undefined],
  'MVT-1.1': ['weak-copyleft', undefined, 'MPL-based'],
  'NAIST-2003': ['permissive', undefined],
  'NBPL-1.0': ['permissive', undefined],
  'Newsletr': ['permissive', undefined],
  'ngrep': ['permissive', undefined],
  'NICTA-1.0': ['permissive', undefined],
  'NLPL': ['public-domain', undefined, 'no conditions'],
  'NOSL': ['weak-copyleft', undefined, 'MPL-based Netizen Open Source License'],
  'Noweb': ['permissive', undefined],
  'NRL': ['permissive', undefined],
  'Nunit': ['permissive', undefined],
  'OAR': ['permissive', undefined],
  'OCLC-2.0': ['weak-copyleft', undefined, 'changes to covered files stay under it'],
  'OFFIS': ['permissive', undefined],
  'OGDL-Taiwan-1.0': ['permissive', undefined],
  'OGTSL': ['weak-copyleft', undefined, 'Artistic-derived'],
  'OLFL-1.3': ['permissive', undefined],
  'OpenMDW-1.0': ['permissive', ['attribution', 'patent-terms']],
  'OpenVision': ['permissive', undefined],
  'OPL-1.0': ['weak-copyleft', undefined, 'MPL-based'],
  'OPL-UK-3.0': ['permissive', undefined],
  'OPUBL-1.0': ['weak-copyleft', undefined, 'modified versions stay under it and must be marked'],
  'OSC-1.0': ['permissive', undefined, 'MIT-style, in German'],
  'OSSP': ['permissive', undefined],
  'PADL': ['permissive', undefined],
  'ParaType-Free-Font-1.3': ['weak-copyleft', undefined, 'like the OFL: derived fonts stay under it'],
  'Pixar': ['permissive', ['attribution', 'notice', 'patent-terms'], 'Apache-2.0 with a changed patent clause'],
  'pkgconf': ['permissive', undefined],
  'pnmstitch': ['permissive', undefined],
  'PPL': ['source-available', undefined, 'Peer Production License: commercial use only by worker-owned organisations'],
  'psfrag': ['permissive', undefined],
  'psutils': ['permissive', undefined],
  'python-ldap': ['permissive', undefined],
  'radvd': ['permissive', undefined],
  'Rdisc': ['permissive', undefined],
  'RSA-MD': ['permissive', undefined],
  'SCEA': ['source-available', undefined, 'SCEA Shared Source License: restricted use'],
  'SchemeReport': ['permissive', undefined],
  'SGI-OpenGL': ['permissive', undefined],
  'SGMLUG-PM': ['permissive', undefined],
  'SGP4': ['permissive', undefined],
  'SHL-0.5': ['permissive', ['attribution', 'notice', 'patent-terms'], 'Solderpad, Apache-based'],
  'SHL-0.51': ['permissive', ['attribution', 'notice', 'patent-terms'], 'Solderpad, Apache-based'],
  'SL': ['permissive', undefined],
  'SMPPL': ['weak-copyleft', undefined, 'modified versions must be offered as source'],
  'SNIA': ['weak-copyleft', undefined, 'MPL-based'],
  'SOFA': ['permissive', ['attribution', 'state-changes'], 'changed versions must be renamed'],
  'softSurfer': ['permissive', undefined],
  'Soundex': ['permissive', undefined],
  'ssh-keyscan': ['permissive', undefined],
  'SSH-OpenSSH': ['permissive', undefined],
  'SSH-short': ['permissive', undefined],
  'StandardML-NJ': ['permissive', undefined],
  'SUL-1.0': ['source-available', undefined, 'Sustainable Use License: internal and non-commercial use only'],
  'SunPro': ['permissive', undefined],
  'swrule': ['permissive', undefined],
  'Symlinks': ['permissive', undefined],
  'TAPR-OHL-1.0': ['strong-copyleft', undefined, 'reciprocal hardware licence'],
  'TekHVC': ['permissive', undefined],
  'TermReadKey': ['permissive', undefined],
  'TGPPL-1.0': ['strong-copyleft', undefined, 'copyleft after a grace period'],
  'ThirdEye': ['permissive', undefined],
  'threeparttable': ['permissive', undefined],
  'TORQUE-1.1': ['permissive', undefined],
  'TPL-1.0': ['weak-copyleft', undefined, 'MPL-based'],
  'TrustedQSL': ['permissive', undefined],
  'TTWL': ['permissive', undefined],
  'TTYP0': ['permissive', undefined],
  'Ubuntu-font-1.0': ['weak-copyleft', undefined, 'derived fonts stay under it'],
  'ulem': ['permissive', undefined],
  'UMich-Merit': ['permissive', undefined],
  'UnixCrypt': ['permissive', undefined],
  'UnRAR': ['source-available', undefined, 'may not be used to re-create the RAR compression algorithm'],
  'URT-RLE': ['permissive', undefined],
  'VOSTROM': ['weak-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes'], 'modified versions with source, labelled'],
  'w3m': ['permissive', undefined],
  'Widget-Workshop': ['permissive', undefined],
  'WordNet': ['permissive', undefined],
  'WTFNMFPL': ['permissive', undefined],
  'wwl': ['permissive', undefined],
  'Xdebug-1.03': ['permissive', undefined],
  'Xfig': ['permissive', undefined],
  'xkeyboard-config-Zinoviev': ['permissive', undefined],
  'xlock': ['permissive', undefined],
  'XSkat': ['permissive', ['attribution', 'state-changes'], 'changed versions must be marked'],
  'xzoom': ['permissive', undefined],
  'Zed': ['permissive', undefined],
  'Zeeff': ['permissive', undefined],
};

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
  const reviewed = Object.hasOwn(REVIEWED, id) ? REVIEWED[id] : undefined;
  if (reviewed) return { category: reviewed[0], how: 'reviewed' };
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
    '# Generated by src/licenses/generate-classification.ts from the SPDX License List, curated',
    "# patterns and ids reviewed one by one against each license's terms (and the list's OSI/FSF",
    '# flags). A trailing comment gives the reason where the category is not obvious; ids marked',
    '# "by name" or "default" were not reviewed and deserve a look.',
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
    const reviewed = how === 'reviewed' ? REVIEWED[id] : undefined;
    const extra = reviewed ? reviewed[1] : OBLIGATIONS.find(([p]) => p.test(id))?.[1];
    const comment = how === 'curated' ? '' : reviewed ? (reviewed[2] ? `  # ${reviewed[2]}` : '') : `  # ${how}`;
    if (extra) {
      const base = defaults.get(category) ?? [];
      const merged = reviewed ? extra : extra.length === 0 ? [] : [...new Set([...base, ...extra])];
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
