/**
 * License compliance data per component. Contract: `analyzeLicenses(inventory, rootDir, options)`
 * returns one ComponentLicense per component (then per project), with the declared expression
 * (normalised metadata) and the concluded one kept apart and every piece of evidence (file,
 * line, method, score); it reads the tree only through a read-only TreeReader and never runs
 * package code. `normalizeLicense` turns declared strings into SPDX expressions (LicenseRef- for
 * anything unknown; bombs refused). `classify` gives an expression's category and obligations
 * from data/licenses/classification.yaml (overridable). `buildNotice`/`renderNotice` make the
 * attribution file. Full-text identification lives in text/.
 */
export * from './types.js';
export * from './expression.js';
export * from './classification.js';
export * from './copyright.js';
export * from './declared.js';
export * from './tree.js';
export * from './analyze.js';
export * from './notice.js';
