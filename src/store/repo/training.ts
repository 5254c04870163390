// Training: courses, completions (by email: records often predate accounts), CSV import, and
// whether a person has the courses a request type needs.
import { sql } from 'drizzle-orm';
import { InputError } from '../../model/errors.js';
import { parseCsv } from '../../workflows/csv.js';
import { rows, type Executor, type Store } from '../engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { appendAudit } from './audit.js';

/** A course. */
export interface Course {
  id: string;
  code: string;
  title: string;
  url: string | null;
  validDays: number | null;
  createdAt: Date;
}

/** A completion. */
export interface Completion {
  id: string;
  courseCode: string;
  email: string;
  completedAt: Date;
  /** When it stops counting (the course's validity), or null. */
  expiresAt: Date | null;
  source: string;
}

/** Whether a person has the courses a request type needs. */
export interface TrainingStatus {
  required: string[];
  missing: string[];
  enforce: 'submit' | 'approve' | 'none';
  satisfied: boolean;
}

const toCourse = (r: { id: string; code: string; title: string; url: string | null; valid_days: number | null; created_at: string | Date }): Course => ({
  id: r.id,
  code: r.code,
  title: r.title,
  url: r.url,
  validDays: r.valid_days === null ? null : Number(r.valid_days),
  createdAt: new Date(r.created_at),
});

/** Lists courses by code. */
export async function listCourses(store: Store): Promise<Course[]> {
  return (await rows<Parameters<typeof toCourse>[0]>(store.db, sql`SELECT * FROM training_courses ORDER BY lower(code)`)).map(toCourse);
}

/** Creates a course, auditing it; ConflictError when the code exists (case-insensitive). */
export async function createCourse(store: Store, input: { code: string; title: string; url?: string | null; validDays?: number | null }, actor: string): Promise<Course> {
  return store.transaction(async (tx) => {
    const [dup] = await rows<{ id: string }>(tx, sql`SELECT id FROM training_courses WHERE lower(code) = lower(${input.code})`);
    if (dup) throw new ConflictError(`a course with code ${input.code} exists`);
    const [row] = await rows<Parameters<typeof toCourse>[0]>(
      tx,
      sql`INSERT INTO training_courses (code, title, url, valid_days) VALUES (${input.code}, ${input.title}, ${input.url ?? null}, ${input.validDays ?? null}) RETURNING *`,
    );
    await appendAudit(tx, { actor, action: 'course.create', target: `course:${row!.id}`, details: { ...input } });
    return toCourse(row!);
  });
}

/** Lists completions, newest first, optionally of one person or course. */
export async function listCompletions(store: Store, filter: { email?: string; course?: string; limit?: number; offset?: number } = {}): Promise<Completion[]> {
  const found = await rows<{ id: string; code: string; email: string; completed_at: string | Date; valid_days: number | null; source: string }>(
    store.db,
    sql`SELECT c.id, k.code, c.email, c.completed_at, k.valid_days, c.source FROM training_completions c JOIN training_courses k ON k.id = c.course_id
        WHERE true ${filter.email ? sql`AND c.email = lower(${filter.email})` : sql``} ${filter.course ? sql`AND lower(k.code) = lower(${filter.course})` : sql``}
        ORDER BY c.completed_at DESC, c.id LIMIT ${Math.min(Math.max(filter.limit ?? 100, 1), 1000)} OFFSET ${Math.max(filter.offset ?? 0, 0)}`,
  );
  return found.map((r) => {
    const completedAt = new Date(r.completed_at);
    return {
      id: r.id,
      courseCode: r.code,
      email: r.email,
      completedAt,
      expiresAt: r.valid_days === null ? null : new Date(completedAt.getTime() + Number(r.valid_days) * 86_400_000),
      source: r.source,
    };
  });
}

/** One completion to record. */
export interface CompletionInput {
  course: string;
  email: string;
  completedAt: Date;
}

/** A row of an import that cannot be recorded. */
export interface ImportProblem {
  line: number;
  message: string;
}

/** What an import did. */
export interface ImportResult {
  imported: number;
  /** Rows that were already recorded (same person, course and time). */
  duplicates: number;
  problems: ImportProblem[];
}

const EMAIL = /^[^\s@,;<>"]{1,64}@[^\s@,;<>"]{1,255}$/;

/**
 * Records completions in one transaction, auditing the batch. All or nothing: when any row names
 * an unknown course, a bad email or date, nothing is written and every bad row is returned.
 */
export async function recordCompletions(store: Store, items: (CompletionInput & { line?: number })[], source: 'csv' | 'api', actor: string): Promise<ImportResult> {
  const courses = new Map((await listCourses(store)).map((c) => [c.code.toLowerCase(), c]));
  const problems: ImportProblem[] = [];
  const good: { course_id: string; email: string; completed_at: string }[] = [];
  items.forEach((it, i) => {
    const line = it.line ?? i + 1;
    const course = courses.get(it.course.trim().toLowerCase());
    if (!course) problems.push({ line, message: `unknown course "${it.course.slice(0, 64)}" (known: ${[...courses.values()].map((c) => c.code).join(', ') || 'none: create courses first'})` });
    else if (!EMAIL.test(it.email.trim())) problems.push({ line, message: `"${it.email.slice(0, 100)}" is not an email address` });
    else if (Number.isNaN(it.completedAt.getTime())) problems.push({ line, message: 'the completion date is not a date (YYYY-MM-DD or ISO 8601)' });
    else if (it.completedAt.getTime() > Date.now() + 86_400_000) problems.push({ line, message: 'the completion date is in the future' });
    else good.push({ course_id: course.id, email: it.email.trim().toLowerCase(), completed_at: it.completedAt.toISOString() });
  });
  if (problems.length) return { imported: 0, duplicates: 0, problems };
  return store.transaction(async (tx) => {
    const [r] = await rows<{ n: string | number }>(
      tx,
      sql`WITH ins AS (INSERT INTO training_completions (course_id, email, completed_at, source)
            SELECT x.course_id, x.email, x.completed_at, ${source} FROM json_to_recordset(${JSON.stringify(good)}::json) AS x(course_id uuid, email text, completed_at timestamptz)
            ON CONFLICT (course_id, email, completed_at) DO NOTHING RETURNING 1)
          SELECT count(*) AS n FROM ins`,
    );
    const imported = Number(r?.n ?? 0);
    await appendAudit(tx, { actor, action: 'training.import', target: 'training', details: { source, rows: good.length, imported } });
    return { imported, duplicates: good.length - imported, problems: [] };
  });
}

const HEADERS: Record<string, 'email' | 'course' | 'completedAt'> = {
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  course: 'course',
  'course code': 'course',
  course_code: 'course',
  code: 'course',
  completed: 'completedAt',
  completed_at: 'completedAt',
  'completed at': 'completedAt',
  completion_date: 'completedAt',
  date: 'completedAt',
};

/**
 * Reads a training CSV (a header row naming `email`, `course` and `completed_at`, in any order,
 * other columns ignored) into completions, with the problems of each bad row by line. Throws an
 * InputError for a file that is not CSV or lacks a column.
 */
export function readCompletionsCsv(text: string, file = 'training.csv'): { items: (CompletionInput & { line: number })[]; problems: ImportProblem[] } {
  const records = parseCsv(text, file);
  const header = records.shift();
  if (!header) return { items: [], problems: [] };
  const index: Partial<Record<'email' | 'course' | 'completedAt', number>> = {};
  header.fields.forEach((h, i) => {
    const key = HEADERS[h.trim().toLowerCase()];
    if (key && index[key] === undefined) index[key] = i;
  });
  const missing = (['email', 'course', 'completedAt'] as const).filter((k) => index[k] === undefined);
  if (missing.length) {
    throw new InputError(`the header row must name the columns email, course and completed_at (missing: ${missing.map((m) => (m === 'completedAt' ? 'completed_at' : m)).join(', ')})`, { file, line: header.line });
  }
  const items: (CompletionInput & { line: number })[] = [];
  const problems: ImportProblem[] = [];
  for (const r of records) {
    const get = (k: 'email' | 'course' | 'completedAt') => (r.fields[index[k]!] ?? '').trim();
    if (r.fields.length < header.fields.length) {
      problems.push({ line: r.line, message: `has ${r.fields.length} fields, the header ${header.fields.length}` });
      continue;
    }
    const when = get('completedAt');
    const completedAt = /^\d{4}-\d{2}-\d{2}$/.test(when) ? new Date(`${when}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(when) ? new Date(when) : new Date(NaN);
    if (Number.isNaN(completedAt.getTime())) {
      problems.push({ line: r.line, message: `"${when.slice(0, 40)}" is not a date (YYYY-MM-DD or ISO 8601)` });
      continue;
    }
    items.push({ line: r.line, email: get('email'), course: get('course'), completedAt });
  }
  return { items, problems };
}

/** Returns whether `email` has completed each course (a completion still valid at `now`). */
export async function trainingStatus(exec: Executor, rule: { courses: string[]; enforce: TrainingStatus['enforce'] }, email: string, now = new Date()): Promise<TrainingStatus> {
  const { courses } = rule;
  if (courses.length === 0) return { required: [], missing: [], enforce: rule.enforce, satisfied: true };
  const done = await rows<{ code: string }>(
    exec,
    sql`SELECT DISTINCT lower(k.code) AS code FROM training_completions c JOIN training_courses k ON k.id = c.course_id
        WHERE c.email = lower(${email}) AND (k.valid_days IS NULL OR c.completed_at + make_interval(days => k.valid_days) > ${now.toISOString()})`,
  );
  const have = new Set(done.map((d) => d.code));
  const missing = courses.filter((c) => !have.has(c.toLowerCase()));
  return { required: courses, missing, enforce: rule.enforce, satisfied: missing.length === 0 };
}

/** Returns one course by code; NotFoundError when there is none. */
export async function getCourse(store: Store, code: string): Promise<Course> {
  const [row] = await rows<Parameters<typeof toCourse>[0]>(store.db, sql`SELECT * FROM training_courses WHERE lower(code) = lower(${code})`);
  if (!row) throw new NotFoundError('course', code);
  return toCourse(row);
}
