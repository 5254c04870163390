// The OSPO workflow pages: the inbox (what waits for the caller's review), every visible request
// with state and type filters, the form of a request type, and a request's page with exactly the
// actions the API lists for the caller. Changes send the version the page shows as If-Match, so a
// request someone else changed meanwhile answers 409 instead of being overwritten.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError } from '../api';
import { href, Link, useQueryParam, useRouter } from '../router';
import { REQUEST_STATE_NAMES, type Decision, type FormField, type Page, type RequestActionName, type RequestDetail, type RequestType, type User, type WorkflowRequest } from '../types';
import { Badge, Card, Empty, ErrorNote, Loaded, PageHeader, When } from '../ui/common';
import { DataTable } from '../ui/data-table';

/** The request types with their forms (GET /request-types), shared by the workflow pages. */
export function useRequestTypes() {
  return useQuery({ queryKey: ['request-types'], queryFn: () => api<RequestType[]>('/request-types'), staleTime: 5 * 60_000 });
}

/** The request-type filter of the list pages ("any" or one type), bound to a query parameter. */
export function TypeFilter({ value, onChange, testId }: { value: string; onChange: (type: string) => void; testId?: string }) {
  const types = useRequestTypes();
  return (
    <label className="inline">
      Type
      <select aria-label="Type" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {(types.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
    </label>
  );
}

const STATE_TONE: Record<string, 'neutral' | 'good' | 'bad' | 'warn'> = { approved: 'good', rejected: 'bad', changes_requested: 'warn', withdrawn: 'neutral' };

/** A request's state as a badge. */
export function StateBadge({ state }: { state: string }) {
  return <Badge tone={STATE_TONE[state] ?? 'neutral'}>{state.replace(/_/g, ' ')}</Badge>;
}

/** A due date, flagged when the SLA is breached. */
function Due({ r }: { r: WorkflowRequest }) {
  if (!r.dueAt) return <span className="muted">—</span>;
  return (
    <span>
      <When at={r.dueAt} /> {r.slaBreached ? <Badge tone="bad">SLA breached</Badge> : null}
    </span>
  );
}

const col = createColumnHelper<WorkflowRequest & { typeTitle: string }>();

function RequestTable({ requests, empty, testId }: { requests: WorkflowRequest[]; empty: ReactNode; testId: string }) {
  const { navigate } = useRouter();
  const types = useRequestTypes();
  const title = useMemo(() => new Map((types.data ?? []).map((t) => [t.id, t.title])), [types.data]);
  const columns = useMemo(
    () => [
      col.accessor('number', { header: '#', size: 70, cell: (c) => <Link to={`/requests/${c.getValue()}`}>#{c.getValue()}</Link> }),
      col.accessor('title', { header: 'Title', size: 320, cell: (c) => <Link to={`/requests/${c.row.original.number}`}>{c.getValue()}</Link> }),
      col.accessor('typeTitle', { header: 'Type', size: 220 }),
      col.accessor('state', { header: 'State', size: 150, cell: (c) => <StateBadge state={c.getValue()} /> }),
      col.accessor('requesterEmail', { header: 'Requester', size: 220 }),
      col.accessor('dueAt', { header: 'Due', size: 260, cell: (c) => <Due r={c.row.original} /> }),
    ],
    [],
  );
  const data = useMemo(() => requests.map((r) => ({ ...r, typeTitle: title.get(r.type) ?? r.type })), [requests, title]);
  return (
    <DataTable
      data={data}
      columns={columns}
      label="Requests"
      height={Math.min(560, 120 + data.length * 34)}
      onOpen={(r) => navigate(`/requests/${r.number}`)}
      empty={empty}
      countLabel={(shown, total) => `${shown} of ${total} requests`}
      testId={testId}
    />
  );
}

function RequestTabs({ tab }: { tab: 'inbox' | 'all' }) {
  return (
    <nav className="tabs" aria-label="Request views">
      <Link to="/requests" aria-current={tab === 'inbox' ? 'page' : undefined}>
        Inbox
      </Link>
      <Link to="/requests/all" aria-current={tab === 'all' ? 'page' : undefined}>
        All requests
      </Link>
    </nav>
  );
}

const NEW_BUTTON = (
  <Link to="/requests/new" className="button primary">
    New request
  </Link>
);

/** The inbox (`/requests`) or every visible request (`/requests/all?state=&type=`). */
export function RequestsPage({ tab }: { tab: 'inbox' | 'all' }) {
  // The same query as the shell's useMe (app.tsx), without importing the shell into a page.
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<User>('/me') });
  const types = useRequestTypes();
  const [state, setState] = useQueryParam('state');
  const [type, setType] = useQueryParam('type');
  const path = tab === 'inbox' ? href('/requests', { inbox: 'true', limit: 500 }) : href('/requests', { state, type, limit: 500 });
  const list = useQuery({ queryKey: ['requests', path], queryFn: () => api<Page<WorkflowRequest>>(path) });
  const role = me.data?.role ?? '';
  const reviews = (types.data ?? []).filter((t) => role === 'admin' || t.reviewers.includes(role));
  return (
    <>
      <PageHeader title="Requests" subtitle="Questions to the OSPO: a form, reviews by the right roles, and a documented decision." actions={NEW_BUTTON} />
      <RequestTabs tab={tab} />
      {tab === 'all' ? (
        <div className="toolbar">
          <label className="inline">
            State
            <select aria-label="State" data-testid="state-filter" value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">any</option>
              {REQUEST_STATE_NAMES.map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <TypeFilter value={type} onChange={setType} testId="type-filter" />
        </div>
      ) : (
        <p className="muted" data-testid="inbox-roles">
          {reviews.length
            ? `Open requests you review as ${role}, not yours, without your verdict yet, oldest due first: ${reviews.map((t) => t.title.toLowerCase()).join(', ')}.`
            : `As ${role || 'a signed-in user'} you review no request type; your own requests are under All requests.`}
        </p>
      )}
      <Card>
        <Loaded query={list} what="requests">
          {(page) => (
            <RequestTable
              requests={page.items}
              testId={tab === 'inbox' ? 'inbox' : 'requests'}
              empty={
                tab === 'inbox' ? (
                  <Empty title="Nothing waits for your review">
                    <p>
                      Submitted requests of the types you review appear here. To ask the OSPO something yourself, file a <Link to="/requests/new">new request</Link>.
                    </p>
                  </Empty>
                ) : state || type ? (
                  <Empty title="No request matches these filters">
                    <p>
                      Clear a filter, or see <Link to="/requests/all">every request</Link>.
                    </p>
                  </Empty>
                ) : (
                  <Empty title="No requests yet">
                    <p>
                      Adopting a component, contributing upstream, publishing a project, an exception or a question: file a <Link to="/requests/new">new request</Link>.
                    </p>
                  </Empty>
                )
              }
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}

/** Maps a problem's field pointers (`/body/answers/purl`, `/body/title`) to the form's inputs. */
function fieldErrors(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(error instanceof ApiError)) return out;
  for (const e of error.errors) {
    const key = e.field.replace(/^\/body\//, '').replace(/^answers\//, 'answer:');
    out.set(key, out.has(key) ? `${out.get(key)}; ${e.message}` : e.message);
  }
  return out;
}

function FieldError({ errors, name }: { errors: Map<string, string>; name: string }) {
  const m = errors.get(name);
  return m ? (
    <span className="field-error" id={`err-${name.replace(/[^a-z0-9-]/gi, '-')}`} role="alert">
      {m}
    </span>
  ) : null;
}

/** One form field of a request type, as the API's kinds say. */
function FieldInput({ field, value, onChange, error }: { field: FormField; value: string; onChange: (v: string) => void; error: boolean }) {
  const common = { id: `f-${field.id}`, name: field.id, required: field.required, 'aria-invalid': error || undefined, 'data-testid': `field-${field.id}` };
  switch (field.type) {
    case 'text':
      return <textarea {...common} rows={4} maxLength={field.maxLength} value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'enum':
      return (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">choose…</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">choose…</option>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      );
    default:
      return (
        <input
          {...common}
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : field.type === 'url' ? 'url' : 'text'}
          maxLength={field.maxLength}
          placeholder={field.type === 'purl' ? 'pkg:npm/left-pad@1.3.0' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** The answers as the API takes them: numbers and booleans typed, empty fields left out. */
function typedAnswers(type: RequestType, raw: Record<string, string>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const f of type.fields) {
    const v = raw[f.id]?.trim() ?? '';
    if (v === '') continue;
    out[f.id] = f.type === 'number' && Number.isFinite(Number(v)) ? Number(v) : f.type === 'boolean' ? v === 'true' : v;
  }
  return out;
}

/** The "New request" page: the types to choose from, then the chosen type's form (`?type=`). */
export function NewRequestPage() {
  const types = useRequestTypes();
  const [typeId] = useQueryParam('type');
  return (
    <Loaded query={types} what="the request types">
      {(all) => {
        const type = all.find((t) => t.id === typeId);
        if (!type) {
          return (
            <>
              <PageHeader title="New request" subtitle="Choose what you want to ask the OSPO; each kind has its own form and reviewers." />
              {typeId ? (
                <p className="note error" role="alert">
                  There is no request type “{typeId}”; choose one below.
                </p>
              ) : null}
              <div className="grid-3" data-testid="request-types">
                {all.map((t) => (
                  <Card key={t.id} title={<Link to={href('/requests/new', { type: t.id })}>{t.title}</Link>}>
                    <p>{t.description}</p>
                    <p className="muted small">
                      Reviewed by {t.reviewers.join(', ')}
                      {t.requiredRoles.length ? `; ${t.requiredRoles.join(' and ')} must approve` : ''}. Answer within {t.slaDays} days.
                    </p>
                  </Card>
                ))}
              </div>
            </>
          );
        }
        return <RequestForm key={type.id} type={type} />;
      }}
    </Loaded>
  );
}

function RequestForm({ type }: { type: RequestType }) {
  const { navigate } = useRouter();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [checks, setChecks] = useState<Record<string, boolean>>({});
  const create = useMutation({
    mutationFn: async (submit: boolean) => {
      // Validated whole by the server: a submission with problems writes nothing.
      let r = await api<RequestDetail>('/requests', { method: 'POST', body: { type: type.id, title, ...(body ? { body } : {}), answers: typedAnswers(type, answers), submit } });
      const ticked = Object.fromEntries(Object.entries(checks).filter(([, v]) => v));
      if (Object.keys(ticked).length) r = await api<RequestDetail>(`/requests/${r.number}`, { method: 'PATCH', body: { checklist: ticked }, headers: { 'if-match': `"${r.version}"` } });
      return r;
    },
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: ['requests'] });
      navigate(`/requests/${r.number}`);
    },
  });
  const errors = fieldErrors(create.error);
  const send = (submit: boolean) => (e?: FormEvent) => {
    e?.preventDefault();
    create.mutate(submit);
  };
  return (
    <>
      <PageHeader title={`New request: ${type.title}`} subtitle={type.description} />
      <p className="muted">
        <Link to="/requests/new">← Other request types</Link> · Reviewed by {type.reviewers.join(', ')}
        {type.requiredRoles.length ? `; ${type.requiredRoles.join(' and ')} must approve` : ''}
        {type.minApprovers > 1 ? `; ${type.minApprovers} distinct approvers` : ''}. Due {type.slaDays} days after submission.
        {type.training.courses.length ? ` Needs training: ${type.training.courses.join(', ')}.` : ''}
      </p>
      <Card>
        <form className="request-form" onSubmit={send(true)} noValidate data-testid="request-form">
          <div className="field">
            <label htmlFor="f-title">
              Title <span className="required">required</span>
            </label>
            <input id="f-title" data-testid="field-title" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} aria-invalid={errors.has('title') || undefined} />
            <FieldError errors={errors} name="title" />
          </div>
          <div className="field">
            <label htmlFor="f-body">Details</label>
            <textarea id="f-body" data-testid="field-body" rows={3} maxLength={20_000} value={body} onChange={(e) => setBody(e.target.value)} />
            <FieldError errors={errors} name="body" />
          </div>
          {type.fields.map((f) => (
            <div className="field" key={f.id}>
              <label htmlFor={`f-${f.id}`}>
                {f.label} {f.required ? <span className="required">required</span> : null}
              </label>
              <FieldInput field={f} value={answers[f.id] ?? ''} onChange={(v) => setAnswers((a) => ({ ...a, [f.id]: v }))} error={errors.has(`answer:${f.id}`)} />
              {f.help ? <span className="muted small">{f.help}</span> : null}
              <FieldError errors={errors} name={`answer:${f.id}`} />
            </div>
          ))}
          {type.checklist.length ? (
            <fieldset className="field">
              <legend>Checklist</legend>
              {type.checklist.map((c) => (
                <label className="check" key={c.id}>
                  <input type="checkbox" data-testid={`check-${c.id}`} checked={checks[c.id] ?? false} onChange={(e) => setChecks((s) => ({ ...s, [c.id]: e.target.checked }))} /> {c.label}
                </label>
              ))}
            </fieldset>
          ) : null}
          {create.isError && errors.size === 0 ? <ErrorNote error={create.error} what="the request" /> : null}
          {errors.size ? (
            <p className="note error" role="alert">
              The form has problems: see the fields marked above.
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={create.isPending}>
              Submit
            </button>
            <button type="button" onClick={() => send(false)()} disabled={create.isPending}>
              Save as draft
            </button>
          </div>
        </form>
      </Card>
    </>
  );
}

const ACTION_LABEL: Record<RequestActionName, string> = {
  submit: 'Submit',
  review: 'Start review',
  approve: 'Approve',
  reject: 'Reject',
  request_changes: 'Request changes',
  withdraw: 'Withdraw',
};
/** Actions the API refuses without a rationale. */
const NEEDS_RATIONALE: RequestActionName[] = ['approve', 'reject', 'request_changes'];

/** Says what a failed change means: a 409 is someone else's change (or a state that moved on). */
function ChangeError({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (error instanceof ApiError && error.status === 409) {
    return (
      <div className="note error" role="alert" data-testid="conflict">
        <strong>Someone changed this request; reload</strong> to see its current state before you act ({error.message}).{' '}
        <button type="button" onClick={onReload}>
          Reload
        </button>
      </div>
    );
  }
  return <ErrorNote error={error} what="the change" />;
}

/** A request's page (`/requests/:number`). */
export function RequestPage({ id }: { id: string }) {
  const client = useQueryClient();
  const key = ['request', id];
  const request = useQuery({ queryKey: key, queryFn: () => api<RequestDetail>(`/requests/${encodeURIComponent(id)}`) });
  const reload = () => {
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: ['requests'] });
  };
  return (
    <Loaded query={request} what={`request ${id}`}>
      {(r) => <RequestView r={r} onChanged={(d) => (client.setQueryData(key, d), reload())} onReload={reload} />}
    </Loaded>
  );
}

function RequestView({ r, onChanged, onReload }: { r: RequestDetail; onChanged: (d: RequestDetail) => void; onReload: () => void }) {
  const type = r.requestType;
  const [pending, setPending] = useState<RequestActionName | null>(null);
  const [rationale, setRationale] = useState('');
  const [clauses, setClauses] = useState('');
  const [comment, setComment] = useState('');
  const ifMatch = { 'if-match': `"${r.version}"` };
  const transition = useMutation({
    mutationFn: (action: RequestActionName) =>
      api<RequestDetail>(`/requests/${r.number}/transitions`, {
        method: 'POST',
        headers: ifMatch,
        body: {
          action,
          ...(rationale.trim() ? { rationale: rationale.trim() } : {}),
          ...(clauses.trim() ? { clauses: [...new Set(clauses.split(/[\s,]+/).filter(Boolean))] } : {}),
        },
      }),
    onSuccess: (d) => {
      setPending(null);
      setRationale('');
      setClauses('');
      onChanged(d);
    },
  });
  const tick = useMutation({
    mutationFn: (change: Record<string, boolean>) => api<RequestDetail>(`/requests/${r.number}`, { method: 'PATCH', headers: ifMatch, body: { checklist: change } }),
    onSuccess: onChanged,
  });
  const addComment = useMutation({
    mutationFn: () => api(`/requests/${r.number}/comments`, { method: 'POST', body: { body: comment } }),
    onSuccess: () => {
      setComment('');
      onReload();
    },
  });
  const act = (a: RequestActionName) => {
    transition.reset();
    if (NEEDS_RATIONALE.includes(a) || a === 'withdraw') setPending(a);
    else transition.mutate(a);
  };
  const rationaleErrors = fieldErrors(transition.error);
  const canTick = r.state === 'draft' || r.state === 'submitted' || r.state === 'in_review' || r.state === 'changes_requested';
  const currentReviews = r.reviews.filter((v) => v.round === r.round);
  return (
    <>
      <PageHeader
        title={`#${r.number} ${r.title}`}
        subtitle={
          <>
            {type?.title ?? r.type} · filed by {r.requesterEmail} · <When at={r.createdAt} />
          </>
        }
        actions={<StateBadge state={r.state} />}
      />
      <p>
        <Link to="/requests">← Inbox</Link> · <Link to="/requests/all">All requests</Link>
      </p>
      <Card title="What you can do" className="request-actions">
        {r.actions.length === 0 ? (
          <p className="muted" data-testid="no-actions">
            {r.decision
              ? 'This request is closed: its decision is below and in the register.'
              : 'Nothing for you to do on this request now. Reviewers of its type act on it; nobody reviews their own request.'}
          </p>
        ) : (
          <div className="actions" data-testid="actions">
            {r.actions.map((a) => (
              <button key={a} type="button" className={a === 'approve' || a === 'submit' ? 'primary' : a === 'reject' || a === 'withdraw' ? 'danger' : undefined} onClick={() => act(a)} disabled={transition.isPending}>
                {ACTION_LABEL[a]}
              </button>
            ))}
          </div>
        )}
        {pending ? (
          <form
            className="request-form"
            data-testid="rationale-form"
            onSubmit={(e) => {
              e.preventDefault();
              transition.mutate(pending);
            }}
          >
            <div className="field">
              <label htmlFor="rationale">
                Rationale for “{ACTION_LABEL[pending]}” {pending !== 'withdraw' ? <span className="required">required</span> : null}
              </label>
              <textarea id="rationale" data-testid="rationale" rows={3} maxLength={20_000} value={rationale} onChange={(e) => setRationale(e.target.value)} aria-invalid={rationaleErrors.has('rationale') || undefined} />
              <FieldError errors={rationaleErrors} name="rationale" />
            </div>
            {pending !== 'withdraw' ? (
              <div className="field">
                <label htmlFor="clauses">Policy clauses it relies on (comma-separated, such as licenses/permissive)</label>
                <input id="clauses" data-testid="clauses" maxLength={2000} value={clauses} onChange={(e) => setClauses(e.target.value)} />
              </div>
            ) : null}
            <div className="actions">
              <button type="submit" className="primary" disabled={transition.isPending}>
                Confirm: {ACTION_LABEL[pending]}
              </button>
              <button type="button" className="ghost" onClick={() => setPending(null)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
        {transition.isError && rationaleErrors.size === 0 ? <ChangeError error={transition.error} onReload={onReload} /> : null}
        {tick.isError ? <ChangeError error={tick.error} onReload={onReload} /> : null}
      </Card>
      <div className="grid-2">
        <Card title="Form answers">
          <dl className="facts" data-testid="answers">
            {r.body ? (
              <div>
                <dt>Details</dt>
                <dd className="prewrap">{r.body}</dd>
              </div>
            ) : null}
            {(type?.fields ?? Object.keys(r.answers).map((id) => ({ id, label: id }))).map((f) => (
              <div key={f.id}>
                <dt>{f.label}</dt>
                <dd className="prewrap">{r.answers[f.id] === undefined || r.answers[f.id] === null ? <span className="muted">—</span> : String(r.answers[f.id])}</dd>
              </div>
            ))}
          </dl>
          {type?.checklist.length ? (
            <fieldset className="field" data-testid="checklist">
              <legend>Checklist</legend>
              {type.checklist.map((c) => (
                <label className="check" key={c.id}>
                  <input type="checkbox" checked={r.checklist[c.id] ?? false} disabled={!canTick || tick.isPending} onChange={(e) => tick.mutate({ [c.id]: e.target.checked })} /> {c.label}
                </label>
              ))}
            </fieldset>
          ) : null}
        </Card>
        <Card title="Review">
          <dl className="facts" data-testid="review">
            <div>
              <dt>State</dt>
              <dd>
                <StateBadge state={r.state} /> round {r.round}
              </dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd>
                <Due r={r} />
              </dd>
            </div>
            <div>
              <dt>Reviewers</dt>
              <dd>{type?.reviewers.join(', ') ?? '—'} (and admins)</dd>
            </div>
            <div>
              <dt>Must approve</dt>
              <dd>
                {r.approvals.requiredRoles.length ? r.approvals.requiredRoles.join(', ') : 'any reviewer'}; {r.approvals.required} distinct {r.approvals.required === 1 ? 'approver' : 'approvers'}
              </dd>
            </div>
            <div>
              <dt>Approvals so far</dt>
              <dd data-testid="approvals">
                {r.approvals.approvers.length ? r.approvals.approvers.join(', ') : 'none yet'}
                {r.approvals.complete ? (
                  <>
                    {' '}
                    <Badge tone="good">complete</Badge>
                  </>
                ) : r.approvals.missingRoles.length ? (
                  <span className="muted"> · still needs {r.approvals.missingRoles.join(', ')}</span>
                ) : null}
              </dd>
            </div>
            <div>
              <dt>Training</dt>
              <dd data-testid="training">
                {r.training.required.length === 0 ? (
                  'none needed'
                ) : r.training.satisfied ? (
                  <Badge tone="good">{r.training.required.join(', ')} done</Badge>
                ) : (
                  <>
                    <Badge tone="warn">missing {r.training.missing.join(', ')}</Badge> <span className="muted">(checked at {r.training.enforce})</span>
                  </>
                )}
              </dd>
            </div>
            {r.repoCheckPassed !== null || type?.requireRepoCheck ? (
              <div>
                <dt>Repository check</dt>
                <dd>{r.repoCheckPassed === null ? <Badge tone="warn">not attached (ospo request attach-check)</Badge> : r.repoCheckPassed ? <Badge tone="good">passes</Badge> : <Badge tone="bad">fails</Badge>}</dd>
              </div>
            ) : null}
          </dl>
          {currentReviews.length || r.reviews.length ? (
            <ul className="timeline" data-testid="reviews">
              {r.reviews.map((v, i) => (
                <li key={i}>
                  <StateBadge state={v.verdict} /> {v.reviewerEmail} ({v.role}), round {v.round}, <When at={v.createdAt} />
                  {v.comment ? <div className="prewrap">{v.comment}</div> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
      {r.decision ? (
        <Card title="Decision">
          <DecisionFacts d={r.decision} />
        </Card>
      ) : null}
      <Card title="Similar past decisions">
        {r.similar.length === 0 ? (
          <p className="muted">No past decision looks like this one. Search the <Link to="/decisions">decision register</Link> for related words.</p>
        ) : (
          <ul className="timeline" data-testid="similar">
            {r.similar.map((d) => (
              <li key={d.id}>
                <StateBadge state={d.outcome} /> <Link to={`/requests/${d.requestNumber}`}>#{d.requestNumber} {d.title}</Link> <span className="muted">— {d.rationale}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Comments">
        {r.comments.length === 0 ? <p className="muted">No comments yet: ask or answer a question here; everyone who can see the request reads it.</p> : null}
        <ul className="timeline" data-testid="comments">
          {r.comments.map((c) => (
            <li key={c.id}>
              <strong>{c.authorEmail}</strong> <When at={c.createdAt} />
              <div className="prewrap">{c.body}</div>
            </li>
          ))}
        </ul>
        <form
          className="request-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) addComment.mutate();
          }}
        >
          <div className="field">
            <label htmlFor="comment">Add a comment</label>
            <textarea id="comment" data-testid="comment" rows={2} maxLength={20_000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" disabled={addComment.isPending || !comment.trim()}>
              Comment
            </button>
          </div>
          {addComment.isError ? <ErrorNote error={addComment.error} what="the comment" /> : null}
        </form>
      </Card>
    </>
  );
}

/** A decision's outcome, rationale, clauses and who decided. */
export function DecisionFacts({ d }: { d: Decision }) {
  return (
    <dl className="facts" data-testid="decision">
      <div>
        <dt>Outcome</dt>
        <dd>
          <StateBadge state={d.outcome} />
        </dd>
      </div>
      <div>
        <dt>Rationale</dt>
        <dd className="prewrap">{d.rationale}</dd>
      </div>
      <div>
        <dt>Policy clauses</dt>
        <dd>{d.clauses.length ? d.clauses.join(', ') : '—'}</dd>
      </div>
      <div>
        <dt>Decided</dt>
        <dd>
          {d.decidedByEmail ?? 'the system'}, <When at={d.decidedAt} />
        </dd>
      </div>
      {d.allowlistId ? (
        <div>
          <dt>Effect</dt>
          <dd>allowlisted {d.componentPurl ?? ''}</dd>
        </div>
      ) : d.waiverId ? (
        <div>
          <dt>Effect</dt>
          <dd>
            a waiver (see <Link to="/policy">Policy & waivers</Link>)
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
