// The `scan` job: a server-side scan of a directory on the worker's disk or of a git repository.
// Nothing from the scanned repository is ever run: scanners only read files (ARCHITECTURE.md,
// "Untrusted input"), and git clones shallowly with hooks, submodules, LFS smudging, fsmonitor
// and the user's and system's git configuration all switched off, under a time limit.
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import { buildInventory } from '../../inventory/build.js';
import { InputError } from '../../model/errors.js';
import { withoutCredentials } from '../../model/url.js';
import { ingestSnapshot } from '../../store/repo/ingest.js';
import { noteSnapshotWritten } from '../../store/maintenance.js';
import { optionalString, payloadObject, PayloadError, uuidField, type JobDefinition, type JobRequest, type ScanSettings } from '../job.js';

/** The scan job's payload: exactly one of `path` and `git`. */
export interface ScanPayload {
  projectId: string;
  /** A directory on the worker's disk. */
  path?: string;
  /** A git repository URL (https://, ssh://, git://, or scp-like user@host:path). */
  git?: string;
  /** A branch or tag to clone (default the remote's HEAD). */
  ref?: string;
  actor?: string;
}

/** Returns the request that scans a directory or git repository into a project. */
export function scanJob(payload: ScanPayload): JobRequest {
  return { name: SCAN.name, data: { ...payload } };
}

const DEFAULT_PROTOCOLS = ['https', 'ssh', 'git'];

/**
 * Checks a git URL before git sees it: an allowed scheme only (never `ext::`, which runs a
 * command, nor `file` unless allowed), no leading `-` (it would be read as an option), no
 * control characters. Returns the URL unchanged.
 */
export function checkGitUrl(url: string, protocols: readonly string[] = DEFAULT_PROTOCOLS): string {
  const shown = withoutCredentials(url);
  if (url.startsWith('-') || /\s/.test(url) || [...url].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) throw new InputError('not a git URL (leading "-", spaces or control characters)', { file: shown });
  if (/^[a-z][a-z0-9+.-]*::/i.test(url)) throw new InputError('git transport helpers ("<helper>::") are not allowed', { file: shown });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  let protocol: string;
  if (scheme) protocol = scheme === 'git+ssh' || scheme === 'ssh+git' ? 'ssh' : scheme;
  else if (/^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/]/.test(url) || /^[A-Za-z0-9.-]+:[^/\\]/.test(url)) protocol = 'ssh';
  else throw new InputError('not a git URL: use https://host/owner/repo.git or git@host:owner/repo.git', { file: shown });
  if (!protocols.includes(protocol)) throw new InputError(`git over ${protocol} is not allowed here (allowed: ${protocols.join(', ')})`, { file: shown });
  return url;
}

/** Checks a ref name the way `git check-ref-format` would for a branch or tag given to --branch; returns it unchanged. */
export function checkGitRef(ref: string): string {
  if (ref.startsWith('-') || !/^[A-Za-z0-9._/+-]{1,200}$/.test(ref) || ref.includes('..') || ref.endsWith('.lock') || ref.endsWith('/')) {
    throw new InputError('not a branch or tag name', { file: ref });
  }
  return ref;
}

/**
 * Clones a repository shallowly into a new directory under `parent` and returns it. No hooks
 * (core.hooksPath=/dev/null), no submodules, no LFS smudge, no fsmonitor, no global or system
 * configuration, no terminal prompts; killed (and the directory removed) after `timeoutMs`.
 */
export async function cloneShallow(url: string, options: { ref?: string; timeoutMs?: number; protocols?: readonly string[]; parent?: string } = {}): Promise<string> {
  checkGitUrl(url, options.protocols ?? DEFAULT_PROTOCOLS);
  const dir = mkdtempSync(join(options.parent ?? tmpdir(), 'ospo-scan-'));
  const target = join(dir, 'repo');
  const allowed = options.protocols ?? DEFAULT_PROTOCOLS;
  const args = [
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'core.fsmonitor=false',
    '-c', 'core.symlinks=false',
    '-c', 'protocol.allow=never',
    ...allowed.flatMap((p) => ['-c', `protocol.${p}.allow=always`]),
    '-c', 'submodule.recurse=false',
    '-c', 'filter.lfs.smudge=',
    '-c', 'filter.lfs.process=',
    '-c', 'filter.lfs.required=false',
    'clone', '--depth', '1', '--single-branch', '--no-recurse-submodules', '--no-tags', '--quiet',
    ...(options.ref ? ['--branch', checkGitRef(options.ref)] : []),
    '--', url, target,
  ];
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  try {
    await new Promise<void>((resolvePromise, reject) => {
      const child = spawn('git', args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: dir,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_LFS_SKIP_SMUDGE: '1',
          GIT_ASKPASS: '/bin/false',
          SSH_ASKPASS: '/bin/false',
          GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 4000) stderr += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new InputError(`cannot run git: ${err.message}`, { file: withoutCredentials(url) }));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolvePromise();
        else if (signal === 'SIGKILL') reject(new InputError(`git clone took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`, { file: withoutCredentials(url) }));
        else reject(new InputError(`git clone failed: ${stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${code}`}`, { file: withoutCredentials(url) }));
      });
    });
    return target;
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Resolves a path scan's directory and checks it lies inside one of `roots` (when given). */
export function checkScanPath(path: string, roots: readonly string[] | undefined): string {
  if (!isAbsolute(path)) throw new InputError('a server-side scan needs an absolute path', { file: path });
  let real: string;
  try {
    real = realpathSync(path);
    statSync(real);
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file: path });
  }
  if (roots !== undefined) {
    const inside = roots.some((root) => {
      let r: string;
      try {
        r = realpathSync(resolve(root));
      } catch {
        return false;
      }
      const rel = relative(r, real);
      return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
    });
    if (!inside) throw new InputError(`outside the directories this worker may scan (${roots.join(', ')})`, { file: path });
  }
  return real;
}

/** The scan job: clone (for git) or check (for a path), build the inventory, ingest, analyse. */
export const SCAN: JobDefinition<ScanPayload> = {
  name: 'scan',
  description: 'a server-side scan of a directory or git repository into a project snapshot',
  // A clone can fail on a network blip: a few retries with backoff.
  policy: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 30 * 60 },
  parse(data) {
    const obj = payloadObject('scan', data);
    const projectId = uuidField('scan', obj, 'projectId');
    const path = optionalString('scan', obj, 'path');
    const git = optionalString('scan', obj, 'git');
    if ((path === undefined) === (git === undefined)) throw new PayloadError('scan: give exactly one of "path" and "git"');
    const ref = optionalString('scan', obj, 'ref', 200);
    const actor = optionalString('scan', obj, 'actor', 200);
    return { projectId, ...(path ? { path } : {}), ...(git ? { git } : {}), ...(ref ? { ref } : {}), ...(actor ? { actor } : {}) };
  },
  async handle(payload, ctx) {
    const settings: ScanSettings = ctx.scan;
    let root: string;
    let cleanup: string | undefined;
    if (payload.git !== undefined) {
      root = await cloneShallow(payload.git, {
        ...(payload.ref ? { ref: payload.ref } : {}),
        ...(settings.cloneTimeoutMs ? { timeoutMs: settings.cloneTimeoutMs } : {}),
        ...(settings.protocols ? { protocols: settings.protocols } : {}),
        ...(settings.tmpDir ? { parent: settings.tmpDir } : {}),
      });
      cleanup = resolve(root, '..');
    } else {
      root = checkScanPath(payload.path!, settings.roots);
    }
    try {
      const inventory = await buildInventory([root], { onProgress: (m) => ctx.log(`scan: ${m}`) });
      // The name shown for the snapshot: the URL (without credentials) or the path, never the temp dir.
      const name = payload.git !== undefined ? withoutCredentials(payload.git) : root;
      inventory.name = name;
      inventory.root = name;
      const { snapshot, created } = await ingestSnapshot(
        ctx.store,
        payload.projectId,
        inventory,
        { source: 'scan', tool: 'ospo', actor: payload.actor ?? 'system' },
        ctx.ingestOptions,
      );
      await ctx.analyze(ctx.store, snapshot.id, { advisories: ctx.advisories() });
      if (created) await noteSnapshotWritten(ctx.store, snapshot.componentCount);
      return { snapshotId: snapshot.id, created, components: snapshot.componentCount, errors: inventory.errors.length };
    } finally {
      if (cleanup) rmSync(cleanup, { recursive: true, force: true });
    }
  },
};
