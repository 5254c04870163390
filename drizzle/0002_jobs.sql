-- Background jobs (src/jobs, docs/adr/0007-jobs.md). A custom migration: these tables are read and
-- written with SQL by src/jobs only, so they are not in src/store/schema.ts. pg-boss's own tables
-- live in the `pgboss` schema, which pg-boss creates and migrates itself.

-- Portfolio counts per day, written by the `metrics` job (one row per day and metric; a rerun the
-- same day replaces that day's values).
CREATE TABLE "portfolio_metrics" (
	"day" date NOT NULL,
	"metric" text NOT NULL,
	"value" bigint NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portfolio_metrics_pkey" PRIMARY KEY("day","metric"),
	CONSTRAINT "portfolio_metrics_metric_check" CHECK (char_length("metric") BETWEEN 1 AND 200)
);
--> statement-breakpoint
-- Uploaded SBOMs waiting for (or kept after) the `ingest` job: the document is stored first, in
-- the database every worker reaches, and the job names only its id.
CREATE TABLE "uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content" text NOT NULL,
	"source" text DEFAULT 'sbom' NOT NULL,
	"actor" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"snapshot_id" bigint,
	"ingested_at" timestamp with time zone,
	CONSTRAINT "uploads_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE cascade,
	CONSTRAINT "uploads_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE set null,
	CONSTRAINT "uploads_file_name_check" CHECK (char_length("file_name") BETWEEN 1 AND 1024)
);
--> statement-breakpoint
CREATE INDEX "uploads_project_idx" ON "uploads" USING btree ("project_id","created_at");
