import { and, eq } from 'drizzle-orm';
import type { Store } from '../engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { projects, teams, type DISTRIBUTION_MODELS, type LIFECYCLES } from '../schema.js';
import { appendAudit } from './audit.js';

/** A team row. */
export type Team = typeof teams.$inferSelect;
/** A project row. */
export type ProjectRow = typeof projects.$inferSelect;

/** What a new project needs; the rest has defaults. */
export interface NewProject {
  teamId: string;
  name: string;
  distribution?: (typeof DISTRIBUTION_MODELS)[number];
  tags?: string[];
  repositoryUrl?: string | null;
  lifecycle?: (typeof LIFECYCLES)[number];
}

// PostgreSQL's unique_violation; both drivers surface it as `code` (PGlite's error or its cause).
function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Creates a team, auditing it; ConflictError when the name is taken. */
export async function createTeam(store: Store, name: string, actor = 'system'): Promise<Team> {
  try {
    return await store.transaction(async (tx) => {
      const [team] = await tx.insert(teams).values({ name }).returning();
      if (!team) throw new Error('insert returned no team');
      await appendAudit(tx, { actor, action: 'team.create', target: `team:${team.id}`, details: { name } });
      return team;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`a team named "${name}" already exists`);
    throw err;
  }
}

/** Creates a project in a team, auditing it; ConflictError when the team already has that name. */
export async function createProject(store: Store, project: NewProject, actor = 'system'): Promise<ProjectRow> {
  try {
    return await store.transaction(async (tx) => {
      const [row] = await tx
        .insert(projects)
        .values({
          teamId: project.teamId,
          name: project.name,
          distribution: project.distribution ?? 'internal',
          tags: project.tags ?? [],
          repositoryUrl: project.repositoryUrl ?? null,
          lifecycle: project.lifecycle ?? 'active',
        })
        .returning();
      if (!row) throw new Error('insert returned no project');
      await appendAudit(tx, {
        actor,
        action: 'project.create',
        target: `project:${row.id}`,
        details: { teamId: row.teamId, name: row.name },
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`the team already has a project named "${project.name}"`);
    throw err;
  }
}

/** Returns a project by id; NotFoundError when there is none. */
export async function getProject(store: Store, id: string): Promise<ProjectRow> {
  // Not a uuid: no such project (rather than a database error about the type).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new NotFoundError('project', id);
  const [row] = await store.db.select().from(projects).where(eq(projects.id, id));
  if (!row) throw new NotFoundError('project', id);
  return row;
}

/** Returns a project by team and name, or undefined. */
export async function findProject(store: Store, teamId: string, name: string): Promise<ProjectRow | undefined> {
  const [row] = await store.db
    .select()
    .from(projects)
    .where(and(eq(projects.teamId, teamId), eq(projects.name, name)));
  return row;
}
