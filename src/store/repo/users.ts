import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ROLES} from '../schema.js';
import { teamMembers, users } from '../schema.js';
import { appendAudit } from './audit.js';
import { inList } from './sql-filters.js';

/** A role a user holds. */
export type Role = (typeof ROLES)[number];

/** A user as the API shows it (never the password hash). */
export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  oidcSubject: string | null;
  teams: string[];
  createdAt: Date;
}

/** What a new user needs. */
export interface NewUser {
  email: string;
  role: Role;
  name?: string | null;
  password?: string;
  oidcSubject?: string;
  teamIds?: string[];
}

// OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane); argon2id is the library's default algorithm.
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | undefined;

/** Hashes a password with argon2id into a PHC string. */
export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON);
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === '23505') return true;
  }
  return false;
}

type UserRow = typeof users.$inferSelect;

function toUser(r: UserRow, teams: string[]): User {
  return { id: r.id, email: r.email, name: r.name, role: r.role as Role, disabled: r.disabled, oidcSubject: r.oidcSubject, teams, createdAt: r.createdAt };
}

async function teamsOf(store: Store, userId: string): Promise<string[]> {
  const found = await store.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  return found.map((t) => t.teamId).sort();
}

/** Creates a user (password hashed with argon2id) with team memberships, auditing it; ConflictError on a taken email. */
export async function createUser(store: Store, user: NewUser, actor = 'system'): Promise<User> {
  const passwordHash = user.password !== undefined ? await hashPassword(user.password) : null;
  try {
    return await store.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email: user.email, name: user.name ?? null, role: user.role, passwordHash, oidcSubject: user.oidcSubject ?? null })
        .returning();
      if (!row) throw new Error('insert returned no user');
      const teams = [...new Set(user.teamIds ?? [])].sort();
      if (teams.length > 0) await tx.insert(teamMembers).values(teams.map((teamId) => ({ teamId, userId: row.id })));
      await appendAudit(tx, { actor, action: 'user.create', target: `user:${row.id}`, details: { email: row.email, role: row.role, teams } });
      return toUser(row, teams);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`a user with the email "${user.email}" already exists`);
    throw err;
  }
}

/** Returns a user by id; NotFoundError when there is none. */
export async function getUser(store: Store, id: string): Promise<User> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await store.db.select().from(users).where(eq(users.id, id)) : [];
  if (!row) throw new NotFoundError('user', id);
  return toUser(row, await teamsOf(store, row.id));
}

/** Returns a user by email (case-insensitive), or undefined. */
export async function findUserByEmail(store: Store, email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
  const [row] = await store.db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (!row) return undefined;
  return { ...toUser(row, await teamsOf(store, row.id)), passwordHash: row.passwordHash };
}

/** Returns a user by OIDC subject, or undefined. */
export async function findUserBySubject(store: Store, subject: string): Promise<User | undefined> {
  const [row] = await store.db.select().from(users).where(eq(users.oidcSubject, subject));
  return row ? toUser(row, await teamsOf(store, row.id)) : undefined;
}

/** Lists users, by email. */
export async function listUsers(store: Store): Promise<User[]> {
  const all = await store.db.select().from(users).orderBy(users.email);
  const members = await rows<{ user_id: string; team_id: string }>(store.db, sql`SELECT user_id, team_id FROM team_members ORDER BY team_id`);
  const by = new Map<string, string[]>();
  for (const m of members) by.set(m.user_id, [...(by.get(m.user_id) ?? []), m.team_id]);
  return all.map((r) => toUser(r, by.get(r.id) ?? []));
}

/** Counts users (`ospo serve` tells how to create the first admin when there is none). */
export async function countUsers(store: Store): Promise<number> {
  const [r] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM users`);
  return Number(r?.n ?? 0);
}

/** Checks an email and password; returns the user when they match and the user is enabled. */
export async function verifyPassword(store: Store, email: string, password: string): Promise<User | undefined> {
  const user = await findUserByEmail(store, email);
  if (!user || user.disabled || user.passwordHash === null) {
    // Spend the same time as a real check, so a response time does not tell which emails exist.
    dummyHash ??= hashPassword('not a password of anyone');
    await argonVerify(await dummyHash, password).catch(() => false);
    return undefined;
  }
  const ok = await argonVerify(user.passwordHash, password).catch(() => false);
  if (!ok) return undefined;
  const { passwordHash: _, ...rest } = user;
  return rest;
}

/**
 * Sets a user's role and/or team memberships (by team name; names that are no team are
 * ignored), in one transaction with one `user.update` audit record, and only when something
 * changes. Returns the user as it is afterwards. Used by OIDC sign-in, where the provider's
 * claims decide role and teams.
 */
export async function updateUserAccess(store: Store, userId: string, access: { role?: Role; teamNames?: string[] }, actor = 'system'): Promise<User> {
  return store.transaction(async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!row) throw new NotFoundError('user', userId);
    const before = (await tx.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId))).map((t) => t.teamId).sort();
    let after = before;
    if (access.teamNames !== undefined) {
      const names = [...new Set(access.teamNames)];
      const found = names.length ? await rows<{ id: string }>(tx, sql`SELECT id FROM teams WHERE ${inList(sql`name`, names)}`) : [];
      after = found.map((t) => t.id).sort();
    }
    const role = access.role ?? (row.role as Role);
    const teamsChanged = after.join() !== before.join();
    if (role === row.role && !teamsChanged) return toUser(row, before);
    if (role !== row.role) await tx.update(users).set({ role }).where(eq(users.id, userId));
    if (teamsChanged) {
      await tx.delete(teamMembers).where(eq(teamMembers.userId, userId));
      if (after.length) await tx.insert(teamMembers).values(after.map((teamId) => ({ teamId, userId })));
    }
    await appendAudit(tx, {
      actor,
      action: 'user.update',
      target: `user:${userId}`,
      details: { ...(role !== row.role ? { role: { from: row.role, to: role } } : {}), ...(teamsChanged ? { teams: { from: before, to: after } } : {}) },
    });
    return toUser({ ...row, role }, after);
  });
}
