// Python (PyPI): lockfiles of Poetry, PDM, uv, Pipenv and PEP 751, requirements files, pyproject.toml.
import type { Scanner } from '../types.js';
import { pdmLockScanner } from './pdm-lock/index.js';
import { pipfileLockScanner } from './pipfile-lock/index.js';
import { poetryLockScanner } from './poetry-lock/index.js';
import { pylockScanner } from './pylock/index.js';
import { pyprojectScanner } from './pyproject/index.js';
import { requirementsScanner } from './requirements/index.js';
import { uvLockScanner } from './uv-lock/index.js';

/** The Python lockfile scanners, in sniffing order. */
export const pythonLockfileScanners: Scanner[] = [pylockScanner, uvLockScanner, pdmLockScanner, poetryLockScanner, pipfileLockScanner];
/** pyproject.toml, a manifest. */
export const pythonManifestScanners: Scanner[] = [pyprojectScanner];
/** requirements files: tried last when sniffing, their syntax is the least distinctive. */
export const pythonRequirementsScanners: Scanner[] = [requirementsScanner];
