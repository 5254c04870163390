import type { Command } from 'commander';
import { addInputOptions, reportIssues, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory, type InputFlags } from '../inputs.js';

interface PushFlags extends InputFlags {
  server: string;
  project: string;
  team?: string;
  token?: string;
  format: 'text' | 'json';
}

interface Problem {
  title?: string;
  detail?: string;
}

/** `ospo push`: scan (or read an SBOM) locally and upload it to the portfolio server as a snapshot. */
export function registerPush(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('push')
      .description('scan a directory, lockfile or SBOM locally and upload it to an Ospo server as a new snapshot')
      .argument('<path>', 'a directory, one manifest or lockfile, or a CycloneDX/SPDX document')
      .requiredOption('--server <url>', 'the server, e.g. http://127.0.0.1:8080')
      .requiredOption('--project <name>', 'the project to add the snapshot to')
      .option('--team <name>', 'the team that owns the project (needed when the name is not unique, or to create it)')
      .option('--token <token>', 'an API token (default: OSPO_TOKEN)')
      .option('--format <format>', 'text or json (the server answer)', 'text'),
  )
    .addHelpText(
      'after',
      `
The project is found by name (and --team); with --team it is created when missing.
Prints the snapshot id and the finding counts; exit 1 when open critical or high findings exist.

Examples:
  OSPO_TOKEN=ospo_... ospo push . --server http://127.0.0.1:8080 --project checkout
  ospo push bom.cdx.json --server https://ospo.example.com --project checkout --team payments`,
    )
    .action(async (path: string, opts: PushFlags) => {
      const { UsageError, InputError } = await import('../../model/errors.js');
      const token = opts.token ?? io.env.OSPO_TOKEN;
      if (!token) throw new UsageError('no token: pass --token or set OSPO_TOKEN (an admin creates one with ospo admin create-token)');
      let base: URL;
      try {
        base = new URL('/api/v1/', opts.server);
      } catch {
        throw new UsageError(`--server must be a URL such as http://127.0.0.1:8080 (got "${opts.server}")`);
      }
      const inv = await loadInventory([path], opts, io);
      const issues = reportIssues(io, inv);
      if (issues !== EXIT.ok && inv.components.length === 0 && inv.projects.length === 0) {
        io.stderr.write('nothing pushed: the input could not be read\n');
        state.code = issues;
        return;
      }
      const call = async (method: string, rel: string, body?: string, type = 'application/json') => {
        let res: Response;
        try {
          res = await fetch(new URL(rel, base), {
            method,
            headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': type } : {}) },
            ...(body !== undefined ? { body } : {}),
          });
        } catch (err) {
          throw new InputError(`cannot reach the server: ${(err as Error).message}`, { file: opts.server });
        }
        const text = await res.text();
        const json = text ? (JSON.parse(text) as unknown) : undefined;
        if (!res.ok) {
          const p = (json ?? {}) as Problem;
          throw new InputError(`${method} ${rel}: ${res.status} ${p.title ?? ''}${p.detail ? `: ${p.detail}` : ''}`, { file: opts.server });
        }
        return json;
      };
      let teamId: string | undefined;
      if (opts.team) {
        const teams = (await call('GET', 'teams')) as { id: string; name: string }[];
        teamId = teams.find((t) => t.name === opts.team)?.id;
        if (!teamId) throw new UsageError(`no team "${opts.team}" on the server`);
      }
      const found = (await call('GET', `projects?q=${encodeURIComponent(opts.project)}&limit=1000${teamId ? `&team=${teamId}` : ''}`)) as { items: { id: string; name: string }[] };
      const matches = found.items.filter((p) => p.name === opts.project);
      if (matches.length > 1) throw new UsageError(`${matches.length} projects are named "${opts.project}"; pass --team`);
      let projectId = matches[0]?.id;
      if (!projectId) {
        if (!teamId) throw new UsageError(`no project "${opts.project}" on the server; pass --team to create it`);
        projectId = ((await call('POST', 'projects', JSON.stringify({ teamId, name: opts.project }))) as { id: string }).id;
        io.stderr.write(`created project ${opts.project}\n`);
      }
      const { writeCycloneDxJson } = await import('../../sbom/write/cyclonedx-json.js');
      const result = (await call('POST', `projects/${projectId}/snapshots?source=push`, writeCycloneDxJson(inv), 'application/vnd.cyclonedx+json')) as {
        snapshot: { id: number; componentCount: number };
        created: boolean;
        findings: { total: number; open: number; bySeverity: Record<string, number> } | null;
      };
      if (opts.format === 'json') io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const f = result.findings;
        const sev = f ? Object.entries(f.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ') : '';
        io.stdout.write(
          `snapshot ${result.snapshot.id} of ${opts.project}${result.created ? '' : ' (unchanged: same as the latest)'}: ${result.snapshot.componentCount} components; ` +
            `${f ? `${f.total} findings, ${f.open} open${sev ? ` (${sev})` : ''}` : 'no findings'}\n`,
        );
      }
      const bad = (result.findings?.bySeverity.critical ?? 0) + (result.findings?.bySeverity.high ?? 0);
      state.code = bad > 0 ? EXIT.gateFailed : issues;
    });
}
