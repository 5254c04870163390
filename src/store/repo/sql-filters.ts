import { sql, type SQL } from 'drizzle-orm';

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
