/**
 * License text identification. Contract: `identifyLicenseText(text)` returns the SPDX
 * expression a text holds (or null, or LicenseRef-unknown when a known license was modified),
 * a confidence 0..1 (accepted at ACCEPT_THRESHOLD and above) and every match with its line
 * range and method (exact, similarity; notice, reference, url for the texts that name a license
 * rather than reproduce it, see notices.ts and data/licenses/notices.yaml). `findSpdxTags` and `normaliseExpression` read
 * `SPDX-License-Identifier:` tags; `scanHeaders` walks a tree reading only file headers. The
 * SPDX License List texts come from the installed spdx-license-list: nothing touches the network.
 */
export { ACCEPT_THRESHOLD, UNKNOWN_LICENSE, combine, identifyLicenseText, matchLicenseText, type TextIdentification, type TextMatch, type TextMatchMethod } from './matcher.js';
export { referenceIndex, type Reference, type ReferenceIndex } from './references.js';
export { ExpressionError, MAX_EXPRESSION_DEPTH, canonicalLicenseId, findSpdxTags, normaliseExpression, type SpdxTag } from './spdx-tags.js';
export {
  DEFAULT_HEADER_BYTES,
  DEFAULT_LICENSE_FILE_MAX_BYTES,
  identifyLicenseFile,
  isSourceFile,
  readPrefix,
  scanHeaders,
  type FileIdentification,
  type HeaderScan,
} from './files.js';
export { NOTICE_PATTERNS, compileNoticePatterns, findNotices } from './notices.js';
export { tokenize, type TokenStream } from './normalize.js';
