import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Store } from '../engine.js';
import { NotFoundError } from '../errors.js';
import { apiTokens, teamMembers, users } from '../schema.js';
import { appendAudit } from './audit.js';
import type { Role } from './users.js';

/** What a token may do: read, write (mutations), admin (users and other people's tokens). */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
/** One token scope. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** A token as lists show it: never the token, only its prefix. */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Who a valid token belongs to. */
export interface TokenPrincipal {
  tokenId: string;
  scopes: TokenScope[];
  user: { id: string; email: string; role: Role; teams: string[] };
}

/** The prefix every Ospo token starts with, so secret scanners can recognise one. */
export const TOKEN_PREFIX = 'ospo_';

/** Returns the SHA-256 (hex) of a token, as stored: 256 random bits need no slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Parses `90d`, `12h`, `30m` or `never` into milliseconds (undefined for never). */
export function parseExpiry(text: string): number | undefined {
  if (text === 'never') return undefined;
  const m = /^(\d{1,5})([dhm])$/.exec(text.trim());
  if (!m) throw new RangeError(`expiry "${text}" is not like 90d, 12h, 30m or never`);
  return Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
}

/**
 * Creates an API token for a user: `ospo_` + 43 base64url characters (32 random bytes, 256
 * bits). Only its SHA-256 is stored; the token is returned once, here. Audited.
 */
export async function createToken(
  store: Store,
  input: { userId: string; name: string; scopes?: TokenScope[]; expiresInMs?: number },
  actor = 'system',
): Promise<{ token: string; record: ApiToken }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const scopes = [...new Set(input.scopes ?? ['read', 'write'])].sort() as TokenScope[];
  const expiresAt = input.expiresInMs !== undefined ? new Date(Date.now() + input.expiresInMs) : null;
  return store.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: input.userId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, 9), scopes, expiresAt })
      .returning();
    if (!row) throw new Error('insert returned no token');
    await appendAudit(tx, {
      actor,
      action: 'token.create',
      target: `token:${row.id}`,
      details: { userId: input.userId, name: input.name, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, record: toToken(row) };
  });
}

function toToken(r: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: r.id,
    userId: r.userId,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as TokenScope[],
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    createdAt: r.createdAt,
    revokedAt: r.revokedAt,
  };
}

/** Lists a user's tokens (or everyone's when userId is undefined), newest first. */
export async function listTokens(store: Store, userId?: string): Promise<ApiToken[]> {
  const q = store.db.select().from(apiTokens);
  const found = await (userId ? q.where(eq(apiTokens.userId, userId)) : q).orderBy(sql`created_at DESC`);
  return found.map(toToken);
}

/** Returns one token's record; NotFoundError when there is none. */
export async function getToken(store: Store, id: string): Promise<ApiToken> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await store.db.select().from(apiTokens).where(eq(apiTokens.id, id)) : [];
  if (!row) throw new NotFoundError('token', id);
  return toToken(row);
}

/** Revokes a token, auditing it; NotFoundError when it does not exist or is already revoked. */
export async function revokeToken(store: Store, id: string, actor = 'system'): Promise<void> {
  await store.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!row) throw new NotFoundError('token', id);
    await appendAudit(tx, { actor, action: 'token.revoke', target: `token:${id}` });
  });
}

/**
 * Resolves a presented token to its user, or undefined when it is unknown, revoked, expired or
 * its user is disabled. Looks up by hash (an index), so the comparison leaks nothing by timing.
 */
export async function authenticateToken(store: Store, token: string): Promise<TokenPrincipal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const [row] = await store.db
    .select({
      id: apiTokens.id,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      userId: users.id,
      email: users.email,
      role: users.role,
      disabled: users.disabled,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row || row.revokedAt !== null || row.disabled) return undefined;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now()) return undefined;
  const teams = await store.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, row.userId));
  return {
    tokenId: row.id,
    scopes: row.scopes as TokenScope[],
    user: { id: row.userId, email: row.email, role: row.role as Role, teams: teams.map((t) => t.teamId) },
  };
}
