import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';

interface ServerFlags {
  server?: string;
  token?: string;
  format: 'text' | 'json';
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The server refused a call (a 4xx or 5xx problem): printed, exit 1. */
class Refused extends Error {
  override readonly name = 'Refused';
}

interface RequestView {
  id: string;
  number: number;
  type: string;
  title: string;
  body: string;
  state: string;
  requesterEmail: string;
  version: number;
  dueAt: string | null;
  slaBreached: boolean;
  answers: Record<string, unknown>;
  checklist: Record<string, boolean>;
  repoCheckPassed: boolean | null;
  reviews?: { reviewerEmail: string; role: string; verdict: string; comment: string | null; round: number; createdAt: string }[];
  comments?: { authorEmail: string; body: string; createdAt: string }[];
  approvals?: { required: number; approvers: string[]; missingRoles: string[]; complete: boolean };
  training?: { required: string[]; missing: string[]; enforce: string; satisfied: boolean };
  decision?: { outcome: string; rationale: string; clauses: string[]; decidedByEmail: string | null; decidedAt: string } | null;
  actions?: string[];
  similar?: { requestNumber: number; title: string; outcome: string; rationale: string }[];
  requestType?: { title: string; checklist: { id: string; label: string }[]; fields: { id: string; label: string }[] } | null;
}

const ACTIONS: Record<string, { action: string; needsWhy: boolean; summary: string }> = {
  submit: { action: 'submit', needsWhy: false, summary: 'submit a draft (or a request sent back for changes) for review' },
  approve: { action: 'approve', needsWhy: true, summary: 'approve a request you review (the approval that completes the rules closes it)' },
  reject: { action: 'reject', needsWhy: true, summary: 'reject a request you review (closes it with a decision)' },
  changes: { action: 'request_changes', needsWhy: true, summary: 'send a request back to its requester for changes' },
  review: { action: 'review', needsWhy: false, summary: 'take a submitted request into review' },
  withdraw: { action: 'withdraw', needsWhy: false, summary: 'withdraw your own request (closes it)' },
};

const withServer = (cmd: Command) =>
  cmd
    .option('--server <url>', 'the Ospo server, e.g. http://127.0.0.1:8080 (default: OSPO_SERVER)')
    .option('--token <token>', 'an API token (default: OSPO_TOKEN)')
    .option('--format <format>', 'text or json', 'text');

/** `ospo request ...`: file, list, show, review and decide OSPO requests on a server. */
export function registerRequest(root: Command, { io, state }: CommandContext): void {
  const group = root
    .command('request')
    .description('OSPO requests on a server: file them, see your inbox, approve or reject them, and search past decisions')
    .addHelpText(
      'after',
      `
Requests are filed against a running server (\`ospo serve\`), with a token (\`ospo admin create-token\`).
Types (see \`ospo request types\`): adopt a component, contribute to an external project,
open-source an internal project, license or policy exception, general question.
States: draft -> submitted -> in_review -> approved | rejected (changes_requested sends it back;
withdrawn ends it). Nobody reviews their own request; some types need several approvers.
Exit codes: 0 done; 1 the server refused (the reason is printed); 2 usage; 3 server unreachable.

Examples:
  export OSPO_SERVER=http://127.0.0.1:8080 OSPO_TOKEN=ospo_...
  ospo request types
  ospo request create --type adopt --title "Adopt zod" --field purl=pkg:npm/zod \\
      --field license=MIT --field usage=saas --team payments --submit
  ospo request list --inbox
  ospo request show 12
  ospo request approve 12 --rationale "MIT, maintained" --clause licenses/permissive
  ospo request reject 12 --rationale "use the approved alternative"
  ospo request decisions "zod validation"`,
    );

  const call = async (opts: ServerFlags, method: string, rel: string, body?: unknown, type = 'application/json'): Promise<unknown> => {
    const { UsageError, InputError } = await import('../../model/errors.js');
    const server = opts.server ?? io.env.OSPO_SERVER;
    if (!server) throw new UsageError('no server: pass --server or set OSPO_SERVER (e.g. http://127.0.0.1:8080)');
    const token = opts.token ?? io.env.OSPO_TOKEN;
    if (!token) throw new UsageError('no token: pass --token or set OSPO_TOKEN (an admin creates one with ospo admin create-token)');
    let url: URL;
    try {
      url = new URL(rel, new URL('/api/v1/', server));
    } catch {
      throw new UsageError(`--server must be a URL such as http://127.0.0.1:8080 (got "${server}")`);
    }
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': type } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new InputError(`cannot reach the server: ${(err as Error).message}`, { file: server });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      json = text;
    }
    if (!res.ok) {
      const p = (typeof json === 'object' && json !== null ? json : {}) as Problem;
      const fields = p.errors?.length ? `\n${p.errors.map((e) => `  ${e.field}: ${e.message}`).join('\n')}` : '';
      throw new Refused(`${method} ${url.pathname}: ${res.status} ${p.title ?? res.statusText}${p.detail ? `: ${p.detail}` : ''}${fields}`);
    }
    return json;
  };

  /** Runs an action, printing a refusal and setting exit 1 instead of throwing it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander passes positional arguments, options and the command
  const act = <A extends any[]>(fn: (...args: A) => Promise<void>) => async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      io.stderr.write(`ospo: ${err.message}\n`);
      state.code = EXIT.gateFailed;
    }
  };

  const print = (opts: ServerFlags, value: unknown, text: () => string) => io.stdout.write(opts.format === 'json' ? `${JSON.stringify(value, null, 2)}\n` : text());

  withServer(group.command('types').description('list the request types: their forms, reviewers, SLAs and training'))
    .addHelpText('after', `\nExamples:\n  ospo request types\n  ospo request types --format json     the forms as the dashboard reads them`)
    .action(
    act(async (opts: ServerFlags) => {
      const types = (await call(opts, 'GET', 'request-types')) as { id: string; title: string; slaDays: number; reviewers: string[]; requiredRoles: string[]; minApprovers: number; fields: { id: string; type: string; required: boolean; label: string; options?: string[] }[]; training: { courses: string[]; enforce: string } }[];
      print(opts, types, () =>
        types
          .map(
            (t) =>
              `${t.id}: ${t.title} (SLA ${t.slaDays} days; ${t.minApprovers} approver${t.minApprovers > 1 ? 's' : ''}${t.requiredRoles.length ? ` incl. ${t.requiredRoles.join(' and ')}` : ''}; reviewed by ${t.reviewers.join(', ')}${t.training.courses.length ? `; needs ${t.training.courses.join(', ')} before ${t.training.enforce}` : ''})\n` +
              t.fields.map((f) => `  --field ${f.id}=<${f.options ? f.options.join('|') : f.type}>${f.required ? ' (required)' : ''}  ${f.label}\n`).join(''),
          )
          .join('\n'),
      );
    }),
  );

  withServer(
    group
      .command('create')
      .description('file a request (a draft unless --submit)')
      .requiredOption('--type <type>', 'the request type (see `ospo request types`)')
      .requiredOption('--title <title>', 'one line saying what you ask')
      .option('--field <id=value...>', 'a form answer; repeat for each field (values true/false for yes/no fields)')
      .option('--body <text>', 'more detail')
      .option('--body-file <file>', 'read the detail from a file (- for stdin is not supported)')
      .option('--team <name>', 'the team the request is for (needed by developers)')
      .option('--project <name>', 'the project it is about (its team is used)')
      .option('--component <purl>', 'the component it is about')
      .option('--submit', 'submit at once (the form must be complete)'),
  )
    .addHelpText('after', `\nExamples:\n  ospo request create --type question --title "May we use AGPL tools in CI?" --team payments --submit\n  ospo request create --type exception --title "Waive deny-gpl for the build tool" --field rule=deny-gpl \\\n      --field expires=2027-03-31 --field justification="build time only" --project checkout`)
    .action(
      act(async (opts: ServerFlags & { type: string; title: string; field?: string[]; body?: string; bodyFile?: string; team?: string; project?: string; component?: string; submit?: boolean }) => {
        const { UsageError } = await import('../../model/errors.js');
        const answers = await parseFields(opts.field);
        let body = opts.body;
        if (opts.bodyFile) {
          try {
            body = readFileSync(opts.bodyFile, 'utf8');
          } catch (err) {
            throw new UsageError(`--body-file: cannot read ${opts.bodyFile}: ${(err as Error).message}`);
          }
        }
        let teamId: string | undefined;
        if (opts.team) {
          const teams = (await call(opts, 'GET', 'teams')) as { id: string; name: string }[];
          teamId = teams.find((t) => t.name === opts.team)?.id;
          if (!teamId) throw new UsageError(`no team "${opts.team}" on the server (teams: ${teams.map((t) => t.name).join(', ') || 'none'})`);
        }
        let projectId: string | undefined;
        if (opts.project) {
          const found = (await call(opts, 'GET', `projects?q=${encodeURIComponent(opts.project)}&limit=1000${teamId ? `&team=${teamId}` : ''}`)) as { items: { id: string; name: string }[] };
          const matches = found.items.filter((p) => p.name === opts.project);
          if (matches.length !== 1) throw new UsageError(matches.length ? `${matches.length} projects are named "${opts.project}"; pass --team` : `no project "${opts.project}" on the server`);
          projectId = matches[0]!.id;
        }
        const r = (await call(opts, 'POST', 'requests', {
          type: opts.type,
          title: opts.title,
          ...(body !== undefined ? { body } : {}),
          answers: { ...answers },
          ...(teamId && !projectId ? { teamId } : {}),
          ...(projectId ? { projectId } : {}),
          ...(opts.component ? { componentPurl: opts.component } : {}),
          ...(opts.submit ? { submit: true } : {}),
        })) as RequestView;
        print(opts, r, () => `request ${r.number} (${r.type}) ${r.state}: ${r.title}${r.dueAt ? `; due ${r.dueAt.slice(0, 10)}` : ''}\n${similarLines(r)}`);
      }),
    );

  withServer(
    group
      .command('list')
      .description('list requests you can see (newest first); --inbox for those waiting on your review')
      .option('--inbox', 'open requests of types you review, not yours, without your verdict (oldest due first)')
      .option('--mine', 'requests you filed')
      .option('--state <states>', 'comma-separated states (draft, submitted, in_review, changes_requested, approved, rejected, withdrawn)')
      .option('--type <type>', 'one request type')
      .option('--breached', 'open requests past their due date')
      .option('--limit <n>', 'at most this many', '50'),
  )
    .addHelpText('after', `\nExamples:\n  ospo request list --inbox\n  ospo request list --mine --state draft,changes_requested\n  ospo request list --breached --format json`)
    .action(
      act(async (opts: ServerFlags & { inbox?: boolean; mine?: boolean; state?: string; type?: string; breached?: boolean; limit: string }) => {
        const q = new URLSearchParams();
        if (opts.inbox) q.set('inbox', 'true');
        if (opts.mine) q.set('mine', 'true');
        if (opts.breached) q.set('breached', 'true');
        if (opts.state) q.set('state', opts.state);
        if (opts.type) q.set('type', opts.type);
        q.set('limit', opts.limit);
        const page = (await call(opts, 'GET', `requests?${q}`)) as { items: RequestView[]; total: number };
        print(opts, page, () =>
          page.items.length === 0
            ? 'no requests\n'
            : `${page.items.map((r) => `#${r.number}  ${r.state.padEnd(17)} ${r.type.padEnd(10)} ${(r.dueAt ?? '').slice(0, 10).padEnd(10)}${r.slaBreached ? ' OVERDUE' : ''}  ${r.title}  (${r.requesterEmail})`).join('\n')}\n${page.total > page.items.length ? `(${page.items.length} of ${page.total})\n` : ''}`,
        );
      }),
    );

  withServer(group.command('show').description('show a request: form, checklist, reviews, comments, decision and similar past decisions').argument('<request>', 'the request number or id'))
    .addHelpText('after', `\nExample:\n  ospo request show 12`)
    .action(
      act(async (id: string, opts: ServerFlags) => {
        const r = (await call(opts, 'GET', `requests/${encodeURIComponent(id)}`)) as RequestView;
        print(opts, r, () => showText(r));
      }),
    );

  for (const [name, spec] of Object.entries(ACTIONS)) {
    const cmd = withServer(group.command(name).description(spec.summary).argument('<request>', 'the request number or id'))
      .option('--rationale <text>', spec.needsWhy ? 'why (required; becomes the decision\'s rationale when it closes the request)' : 'why (optional)')
      .option('--clause <clause...>', 'policy clauses the decision relies on (e.g. licenses/permissive)')
      .option('--expected-version <n>', 'the version you saw (from `show`): refused with 409 if the request changed since');
    cmd
      .addHelpText('after', `\nExample:\n  ospo request ${name} 12${spec.needsWhy ? ' --rationale "…"' : ''}${name === 'approve' ? ' --clause licenses/permissive' : ''}`)
      .action(
        act(async (id: string, opts: ServerFlags & { rationale?: string; clause?: string[]; expectedVersion?: string }) => {
          const { UsageError } = await import('../../model/errors.js');
          if (spec.needsWhy && !opts.rationale?.trim()) throw new UsageError(`ospo request ${name} needs --rationale "<why>"`);
          let version: number | undefined;
          if (opts.expectedVersion !== undefined) {
            version = Number(opts.expectedVersion);
            if (!Number.isInteger(version) || version < 1) throw new UsageError(`--expected-version must be a whole number (got "${opts.expectedVersion}")`);
          }
          const r = (await call(opts, 'POST', `requests/${encodeURIComponent(id)}/transitions`, {
            action: spec.action,
            ...(opts.rationale ? { rationale: opts.rationale } : {}),
            ...(opts.clause ? { clauses: opts.clause } : {}),
            ...(version !== undefined ? { version } : {}),
          })) as RequestView;
          print(opts, r, () => `request ${r.number} is ${r.state}${r.state === 'in_review' && r.approvals && !r.approvals.complete ? ` (approvals ${r.approvals.approvers.length}/${r.approvals.required}${r.approvals.missingRoles.length ? `, still needs ${r.approvals.missingRoles.join(' and ')}` : ''})` : ''}\n`);
        }),
      );
  }

  withServer(
    group
      .command('edit')
      .description('change your draft (or a request sent back for changes), or tick its checklist')
      .argument('<request>', 'the request number or id')
      .option('--title <title>', 'a new title')
      .option('--field <id=value...>', 'a form answer to set; an empty value clears it')
      .option('--check <item...>', 'checklist items to tick (ids from `show --format json` or `types`)')
      .option('--uncheck <item...>', 'checklist items to untick')
      .option('--expected-version <n>', 'the version you saw: refused with 409 if the request changed since'),
  )
    .addHelpText('after', `\nExamples:\n  ospo request edit 12 --field license=Apache-2.0\n  ospo request edit 12 --check license-reviewed health-checked`)
    .action(
      act(async (id: string, opts: ServerFlags & { title?: string; field?: string[]; check?: string[]; uncheck?: string[]; expectedVersion?: string }) => {
        const { UsageError } = await import('../../model/errors.js');
        const answers = await parseFields(opts.field);
        for (const [k, v] of Object.entries(answers)) if (v === '') answers[k] = null;
        const checklist: Record<string, boolean> = {};
        for (const c of opts.check ?? []) checklist[c] = true;
        for (const c of opts.uncheck ?? []) checklist[c] = false;
        const patch = {
          ...(opts.title ? { title: opts.title } : {}),
          ...(Object.keys(answers).length ? { answers: { ...answers } } : {}),
          ...(Object.keys(checklist).length ? { checklist } : {}),
          ...(opts.expectedVersion !== undefined ? { version: Number(opts.expectedVersion) } : {}),
        };
        if (!patch.title && !patch.answers && !patch.checklist) throw new UsageError('nothing to change: pass --title, --field, --check or --uncheck');
        const r = (await call(opts, 'PATCH', `requests/${encodeURIComponent(id)}`, patch)) as RequestView;
        print(opts, r, () => `request ${r.number} updated (version ${r.version})\n`);
      }),
    );

  withServer(group.command('comment').description('comment on a request').argument('<request>', 'the request number or id').argument('<text>', 'the comment'))
    .addHelpText('after', `\nExample:\n  ospo request comment 12 "security review booked for Tuesday"`)
    .action(
      act(async (id: string, text: string, opts: ServerFlags) => {
        const c = await call(opts, 'POST', `requests/${encodeURIComponent(id)}/comments`, { body: text });
        print(opts, c, () => `commented on request ${id}\n`);
      }),
    );

  withServer(
    group
      .command('attach-check')
      .description('attach an `ospo repo check --format json` result to a publication request')
      .argument('<request>', 'the request number or id')
      .argument('<result>', 'the JSON file `ospo repo check <path> --format json -o FILE` wrote'),
  )
    .addHelpText('after', `\nExample:\n  ospo repo check . --format json -o check.json; ospo request attach-check 12 check.json`)
    .action(
      act(async (id: string, file: string, opts: ServerFlags) => {
        const { UsageError } = await import('../../model/errors.js');
        let report: unknown;
        try {
          const { parseJsonObject } = await import('../../parsers/json.js');
          report = parseJsonObject(readFileSync(file, 'utf8'), file);
        } catch (err) {
          throw new UsageError(`${file} is not an \`ospo repo check --format json\` result: ${(err as Error).message}`);
        }
        const r = (await call(opts, 'PUT', `requests/${encodeURIComponent(id)}/repo-check`, { report })) as RequestView;
        print(opts, r, () => `attached to request ${r.number}: the repository check ${r.repoCheckPassed ? 'passes' : 'does not pass'}\n`);
      }),
    );

  withServer(
    group
      .command('decisions')
      .description('search the decision register (words, "phrases", -exclusions, or)')
      .argument('[query]', 'what to look for')
      .option('--type <type>', 'one request type')
      .option('--outcome <outcome>', 'approved, rejected or withdrawn')
      .option('--clause <clause>', 'decisions relying on this policy clause'),
  )
    .addHelpText('after', `\nExamples:\n  ospo request decisions "agpl saas"\n  ospo request decisions --clause licenses/deny-agpl --outcome approved`)
    .action(
      act(async (query: string | undefined, opts: ServerFlags & { type?: string; outcome?: string; clause?: string }) => {
        const q = new URLSearchParams();
        if (query) q.set('q', query);
        if (opts.type) q.set('type', opts.type);
        if (opts.outcome) q.set('outcome', opts.outcome);
        if (opts.clause) q.set('clause', opts.clause);
        const page = (await call(opts, 'GET', `decisions?${q}`)) as { items: { requestNumber: number; type: string; outcome: string; title: string; rationale: string; clauses: string[]; decidedAt: string }[]; total: number };
        print(opts, page, () =>
          page.items.length === 0
            ? 'no decisions\n'
            : page.items.map((d) => `#${d.requestNumber} ${d.outcome} ${d.decidedAt.slice(0, 10)} ${d.type}: ${d.title}\n  ${d.rationale}${d.clauses.length ? ` [${d.clauses.join(', ')}]` : ''}\n`).join(''),
        );
      }),
    );

  withServer(group.command('allowlist').description('print the components adoption decisions approved, as policy-file package rules for `ospo check`'))
    .addHelpText('after', `\nExample:\n  ospo request allowlist > approved-packages.yaml   (then merge its packages into your policy file)`)
    .action(
      act(async (opts: ServerFlags) => {
        if (opts.format === 'json') io.stdout.write(`${JSON.stringify(await call(opts, 'GET', 'allowlist'), null, 2)}\n`);
        else io.stdout.write(String(await call(opts, 'GET', 'allowlist?format=policy')));
      }),
    );
}

/** Parses repeated `--field id=value` into answers (true/false become booleans); refuses prototype keys. */
async function parseFields(fields: string[] | undefined): Promise<Record<string, string | boolean | null>> {
  const { UsageError } = await import('../../model/errors.js');
  const answers = Object.create(null) as Record<string, string | boolean | null>;
  for (const f of fields ?? []) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field must be id=value (got "${f}")`);
    const key = f.slice(0, eq).trim();
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new UsageError(`--field: "${key}" is not a field name`);
    const value = f.slice(eq + 1);
    answers[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return answers;
}

function similarLines(r: RequestView): string {
  if (!r.similar?.length) return '';
  return `similar past decisions:\n${r.similar.map((s) => `  #${s.requestNumber} ${s.outcome}: ${s.title} (${s.rationale.slice(0, 100)})`).join('\n')}\n`;
}

function showText(r: RequestView): string {
  const lines = [
    `request ${r.number}: ${r.title}`,
    `  type ${r.requestType?.title ?? r.type}, ${r.state} (version ${r.version}), by ${r.requesterEmail}${r.dueAt ? `, due ${r.dueAt.slice(0, 10)}${r.slaBreached ? ' (OVERDUE)' : ''}` : ''}`,
  ];
  if (r.body) lines.push('', ...r.body.split('\n').map((l) => `  ${l}`));
  const labels = new Map(r.requestType?.fields.map((f) => [f.id, f.label]) ?? []);
  const answers = Object.entries(r.answers);
  if (answers.length) lines.push('', 'form:', ...answers.map(([k, v]) => `  ${labels.get(k) ?? k}: ${String(v)}`));
  if (r.requestType?.checklist.length) lines.push('', 'checklist:', ...r.requestType.checklist.map((c) => `  [${r.checklist[c.id] ? 'x' : ' '}] ${c.label}`));
  if (r.training?.required.length) lines.push('', `training: ${r.training.satisfied ? 'complete' : `missing ${r.training.missing.join(', ')}`} (checked at ${r.training.enforce})`);
  if (r.repoCheckPassed !== null) lines.push(`repository check: ${r.repoCheckPassed ? 'passes' : 'does not pass'}`);
  if (r.approvals) lines.push(`approvals: ${r.approvals.approvers.length}/${r.approvals.required}${r.approvals.approvers.length ? ` (${r.approvals.approvers.join(', ')})` : ''}${r.approvals.missingRoles.length ? `; still needs ${r.approvals.missingRoles.join(' and ')}` : ''}`);
  if (r.reviews?.length) lines.push('', 'reviews:', ...r.reviews.map((v) => `  ${v.createdAt.slice(0, 10)} ${v.reviewerEmail} (${v.role}) ${v.verdict}${v.comment ? `: ${v.comment}` : ''}`));
  if (r.comments?.length) lines.push('', 'comments:', ...r.comments.map((c) => `  ${c.createdAt.slice(0, 10)} ${c.authorEmail}: ${c.body}`));
  if (r.decision) lines.push('', `decision: ${r.decision.outcome} by ${r.decision.decidedByEmail ?? 'unknown'} on ${r.decision.decidedAt.slice(0, 10)}`, `  ${r.decision.rationale}`, ...(r.decision.clauses.length ? [`  clauses: ${r.decision.clauses.join(', ')}`] : []));
  if (r.actions?.length) lines.push('', `you may: ${r.actions.map((a) => (a === 'request_changes' ? 'changes' : a)).join(', ')}`);
  const similar = similarLines(r);
  return `${lines.join('\n')}\n${similar ? `\n${similar}` : ''}`;
}
