// Go: go.mod (with go.sum beside it).
import type { Scanner } from '../types.js';
import { goModScanner } from './go-mod/index.js';

/** The Go scanners. */
export const goScanners: Scanner[] = [goModScanner];
