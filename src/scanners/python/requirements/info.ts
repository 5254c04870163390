// python/requirements: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';
import { parseRequirement } from '../common/pep508.js';

/** What one logical line of a requirements file is, for sniffing. */
function lineKind(line: string): 'requirement' | 'option' | 'url' | 'invalid' {
  if (line.startsWith('-')) return /^(?:-[a-zA-Z]|--[a-z][a-z0-9-]*)(?:[\s=]|$)/.test(line) ? 'option' : 'invalid';
  if (/^(?:https?|file|ftp):\/\/\S+$/.test(line) || /^(?:git|hg|svn|bzr)\+\S+$/.test(line) || /^\.{0,2}\/\S*$/.test(line)) return 'url';
  // Per-requirement options (`--hash=...`) follow the requirement; `${VAR}` stands for a value.
  const requirement = line.replace(/\s+--[a-z][a-z0-9-]*(?:[= ]\S+)?/g, '').replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, '0');
  return parseRequirement(requirement) ? 'requirement' : 'invalid';
}

/**
 * Returns whether text reads as a pip requirements file: its first 60 logical lines are
 * requirements (PEP 508), pip options, or URL and path lines, with at most one in five invalid,
 * and at least one requirement or option. Prose fails at once; used for a file named
 * explicitly under a name that says nothing (`basic-django.txt`).
 */
export function looksLikeRequirements(content: string): boolean {
  let valid = 0;
  let invalid = 0;
  let strong = 0;
  let logical = '';
  for (const raw of content.slice(0, 16384).split(/\r?\n/)) {
    if (raw.charCodeAt(0) === 0) return false;
    const part = raw.replace(/(^|\s)#.*$/, '').trimEnd();
    if (part.endsWith('\\')) {
      logical += `${part.slice(0, -1)} `;
      continue;
    }
    const line = (logical + part).trim();
    logical = '';
    if (line === '') continue;
    const kind = lineKind(line);
    if (kind === 'invalid') invalid++;
    else {
      valid++;
      if (kind !== 'url') strong++;
    }
    if (valid + invalid >= 60) break;
  }
  return strong > 0 && invalid * 5 <= valid + invalid && (invalid === 0 || valid >= 4);
}

/** The cheap part of requirementsScanner: its identity and file checks, loaded with the registry. */
export const requirementsInfo: ScannerInfo = {
  id: 'python/requirements',
  ecosystem: 'PyPI',
  kind: 'lockfile',
  // Its own group, so a poetry.lock or uv.lock in the same directory does not hide it.
  group: 'python-requirements',
  description: 'pip requirements files (requirements*.txt, *requirements.txt, requirements/*.txt, constraints.txt), following -r and -c',
  matches(path) {
    const base = baseName(path);
    if (!base.endsWith('.txt')) return false;
    if (base.includes('requirements') || /(^|[-_.])constraints([-_.]|$)/.test(base.slice(0, -4))) return true;
    // requirements/base.txt, requirements/dev.txt
    const parts = path.split('/');
    return parts.length >= 2 && parts[parts.length - 2] === 'requirements';
  },
  fallback(path: string): boolean {
    return /\.(?:txt|in)$/.test(path);
  },
  sniff(content) {
    return looksLikeRequirements(content);
  },
};
