import { sql, type SQL } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `col IN (values...)` with each value a bound parameter; an empty list matches nothing. */
export function inList(col: SQL, values: readonly string[]): SQL {
  if (values.length === 0) return sql`FALSE`;
  return sql`${col} IN (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
}

/**
 * `col = id` for a uuid column, comparing as uuid so the column's index is used (casting the
 * column to text would scan the table). A string that is no uuid matches nothing.
 */
export function uuidEquals(col: SQL, id: string): SQL {
  return UUID.test(id) ? sql`${col} = ${id}::uuid` : sql`FALSE`;
}

/** `col IN (ids...)` for a uuid column, compared as uuids; strings that are no uuid are dropped. */
export function uuidIn(col: SQL, ids: readonly string[]): SQL {
  const valid = ids.filter((id) => UUID.test(id));
  if (valid.length === 0) return sql`FALSE`;
  return sql`${col} IN (${sql.join(valid.map((v) => sql`${v}::uuid`), sql`, `)})`;
}

/**
 * `(SELECT count(*) FROM table cond)`, for a page query to return its total in the same
 * statement: the subquery is uncorrelated, so it runs once (an InitPlan) and the page keeps its
 * top-N sort. One statement instead of two matters on PGlite, where each costs several round
 * trips into the WASM engine.
 */
export function totalOf(table: SQL, cond: SQL): SQL {
  return sql`(SELECT count(*) FROM ${table} ${cond})`;
}

/** The total for a page that came back empty: 0 on the first page, else counted (past the end). */
export async function countPast(store: Store, table: SQL, cond: SQL, offset: number | undefined): Promise<number> {
  if (!offset) return 0;
  const [r] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM ${table} ${cond}`);
  return Number(r?.n ?? 0);
}
