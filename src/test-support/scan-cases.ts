// The scan routes' rows of the API's role x route walk (src/server/app.test.ts): queue a scan of a
// git URL (never cloned: the walk's queue has no workers) and read a job of an own or a foreign project.
import type { JobQueue } from '../jobs/queue.js';
import { SCAN } from '../jobs/kinds/scan.js';
import type { CaseWorld, WorkflowCase } from './workflow-cases.js';

/** The scan operations, by operationId; `queue` gives the walk's send-only queue. */
export function scanCases(queue: () => JobQueue): Record<string, WorkflowCase> {
  return {
    createScan: {
      permission: 'project.write',
      scoped: 'project',
      ok: 202,
      build: async (w: CaseWorld, side) => ({ url: `/api/v1/projects/${w.projects[side]}/scans`, payload: { git: 'https://git.example.invalid/owner/repo.git', ref: 'main' } }),
    },
    getJob: {
      permission: 'project.read',
      scoped: 'project',
      ok: 200,
      build: async (w: CaseWorld, side) => {
        const id = await queue().boss.send(SCAN.name, { projectId: w.projects[side], git: 'https://git.example.invalid/owner/repo.git' });
        return { url: `/api/v1/jobs/${id}` };
      },
    },
  };
}
