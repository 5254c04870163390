// The `ingest` job: an uploaded SBOM, stored in `uploads` by the API (or `ospo push`), becomes a
// snapshot. The document waits in the database that every worker reaches, and the job carries
// only its id, so a job is small and any worker on any machine can take it.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { InputError } from '../../model/errors.js';
import { readSbom } from '../../sbom/read/index.js';
import { rows, type Executor, type Store } from '../../store/engine.js';
import { ingestSnapshot } from '../../store/repo/ingest.js';
import { noteSnapshotWritten } from '../../store/maintenance.js';
import { payloadObject, uuidField, type JobDefinition, type JobRequest } from '../job.js';

/** The ingest job's payload. */
export interface IngestPayload {
  uploadId: string;
}

/** A document to store for the ingest job. */
export interface NewUpload {
  projectId: string;
  fileName: string;
  content: string;
  /** Snapshot source recorded with it (default `sbom`). */
  source?: string;
  /** Who uploaded it (default `system`). */
  actor?: string;
}

/** Largest document accepted (the API's limit is lower; this is the last line). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/**
 * Stores an uploaded document for the ingest job and returns its id. A NUL character is refused
 * (PostgreSQL text cannot hold one, and no SBOM has one). Pass a transaction to store it together
 * with other writes.
 */
export async function storeUpload(exec: Store['db'] | Executor, upload: NewUpload): Promise<string> {
  const size = Buffer.byteLength(upload.content);
  if (size > MAX_UPLOAD_BYTES) throw new InputError(`the document is ${size} bytes, more than the ${MAX_UPLOAD_BYTES}-byte limit`, { file: upload.fileName });
  if (upload.content.includes('\u0000')) throw new InputError('binary data (a NUL character), not an SBOM', { file: upload.fileName });
  const sha256 = createHash('sha256').update(upload.content).digest('hex');
  const [row] = await rows<{ id: string }>(
    exec,
    sql`INSERT INTO uploads (project_id, file_name, sha256, size, content, source, actor)
        VALUES (${upload.projectId}, ${upload.fileName.slice(0, 1024)}, ${sha256}, ${size}, ${upload.content}, ${upload.source ?? 'sbom'}, ${upload.actor ?? 'system'})
        RETURNING id`,
  );
  if (!row) throw new Error('upload insert returned nothing');
  return row.id;
}

/** Returns the request that ingests an upload (one job per upload: the upload id is its singleton key). */
export function ingestJob(uploadId: string): JobRequest {
  return { name: INGEST.name, data: { uploadId }, options: { singletonKey: uploadId } };
}

interface UploadRow {
  project_id: string;
  file_name: string;
  content: string;
  source: string;
  actor: string;
  snapshot_id: string | number | null;
}

/** The ingest job: read the stored SBOM, write it as a snapshot (all or nothing), analyse it. */
export const INGEST: JobDefinition<IngestPayload> = {
  name: 'ingest',
  description: 'an uploaded SBOM becomes a snapshot of its project, then is analysed',
  // An SBOM that does not parse fails the same way every time: few retries, soon.
  policy: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * 60 },
  parse(data) {
    const obj = payloadObject('ingest', data);
    return { uploadId: uuidField('ingest', obj, 'uploadId') };
  },
  async handle({ uploadId }, ctx) {
    const [upload] = await rows<UploadRow>(
      ctx.store.db,
      sql`SELECT project_id, file_name, content, source, actor, snapshot_id FROM uploads WHERE id = ${uploadId}`,
    );
    if (!upload) throw new InputError(`upload ${uploadId} does not exist (deleted with its project?)`, { file: `upload:${uploadId}` });
    const inventory = readSbom(upload.content, upload.file_name);
    // Idempotent: a retry after a crash between the ingest and the bookkeeping below finds the
    // identical latest snapshot and writes nothing (ingestSnapshot compares content hashes).
    const { snapshot, created } = await ingestSnapshot(
      ctx.store,
      upload.project_id,
      inventory,
      { source: upload.source, tool: null, actor: upload.actor },
      ctx.ingestOptions,
    );
    await ctx.store.db.execute(sql`UPDATE uploads SET snapshot_id = ${snapshot.id}, ingested_at = now() WHERE id = ${uploadId}`);
    await ctx.analyze(ctx.store, snapshot.id, { advisories: ctx.advisories() });
    if (created) await noteSnapshotWritten(ctx.store, snapshot.componentCount);
    return { snapshotId: snapshot.id, created, components: snapshot.componentCount };
  },
};
