CREATE TABLE "advisories" (
	"id" text PRIMARY KEY NOT NULL,
	"modified" timestamp with time zone NOT NULL,
	"published" timestamp with time zone,
	"withdrawn" timestamp with time zone,
	"record" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "advisory_packages" (
	"advisory_id" text NOT NULL,
	"ecosystem" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "advisory_packages_advisory_id_ecosystem_name_pk" PRIMARY KEY("advisory_id","ecosystem","name")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"singleton" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_head_singleton_check" CHECK ("audit_head"."singleton" = 1)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "component_licenses" (
	"component_id" bigint PRIMARY KEY NOT NULL,
	"declared" text,
	"concluded" text,
	"concluded_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "components" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "components_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"identity" text NOT NULL,
	"ecosystem" text NOT NULL,
	"name" text NOT NULL,
	"version" text,
	"declared" text,
	"purl" text,
	CONSTRAINT "components_name_check" CHECK (char_length("components"."name") BETWEEN 1 AND 1024),
	CONSTRAINT "components_ecosystem_check" CHECK (char_length("components"."ecosystem") BETWEEN 1 AND 64)
);
--> statement-breakpoint
CREATE TABLE "dependency_edges" (
	"snapshot_id" bigint NOT NULL,
	"from_component_id" bigint,
	"from_project" text,
	"to_component_id" bigint NOT NULL,
	CONSTRAINT "dependency_edges_from_check" CHECK (("dependency_edges"."from_component_id" IS NULL) <> ("dependency_edges"."from_project" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"rule_id" text NOT NULL,
	"project_id" uuid NOT NULL,
	"snapshot_id" bigint,
	"component_id" bigint,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"analysis_state" text,
	"analysis_justification" text,
	"analysis_detail" text,
	"suppression" jsonb,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "findings_kind_check" CHECK (kind IN ('vulnerability', 'license', 'policy')),
	CONSTRAINT "findings_status_check" CHECK (status IN ('open', 'suppressed', 'resolved')),
	CONSTRAINT "findings_severity_check" CHECK (severity IN ('critical', 'high', 'medium', 'low', 'none', 'unknown')),
	CONSTRAINT "findings_analysis_state_check" CHECK (analysis_state IS NULL OR analysis_state IN ('in_triage', 'exploitable', 'not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree'))
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"distribution" text DEFAULT 'internal' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"repository_url" text,
	"lifecycle" text DEFAULT 'active' NOT NULL,
	"latest_snapshot_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_distribution_check" CHECK (distribution IN ('internal', 'saas', 'distributed', 'open-source')),
	CONSTRAINT "projects_lifecycle_check" CHECK (lifecycle IN ('development', 'active', 'maintenance', 'retired')),
	CONSTRAINT "projects_name_check" CHECK (char_length("projects"."name") BETWEEN 1 AND 200)
);
--> statement-breakpoint
CREATE TABLE "snapshot_components" (
	"snapshot_id" bigint NOT NULL,
	"component_id" bigint NOT NULL,
	"scope" text NOT NULL,
	"direct" boolean NOT NULL,
	"locations" jsonb NOT NULL,
	"details" jsonb,
	CONSTRAINT "snapshot_components_snapshot_id_component_id_pk" PRIMARY KEY("snapshot_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" uuid NOT NULL,
	"source" text NOT NULL,
	"tool" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content_hash" text NOT NULL,
	"component_count" integer NOT NULL,
	"direct_count" integer NOT NULL,
	"edge_count" integer NOT NULL,
	"projects" jsonb NOT NULL,
	"issues" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"password_hash" text,
	"oidc_subject" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'ospo', 'legal', 'security', 'developer', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "waivers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid,
	"team_id" uuid,
	"rule_id" text NOT NULL,
	"component_purl" text,
	"reason" text NOT NULL,
	"comment" text,
	"owner" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "advisory_packages" ADD CONSTRAINT "advisory_packages_advisory_id_advisories_id_fk" FOREIGN KEY ("advisory_id") REFERENCES "public"."advisories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "component_licenses" ADD CONSTRAINT "component_licenses_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_edges" ADD CONSTRAINT "dependency_edges_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_edges" ADD CONSTRAINT "dependency_edges_from_component_id_components_id_fk" FOREIGN KEY ("from_component_id") REFERENCES "public"."components"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_edges" ADD CONSTRAINT "dependency_edges_to_component_id_components_id_fk" FOREIGN KEY ("to_component_id") REFERENCES "public"."components"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_latest_snapshot_id_snapshots_id_fk" FOREIGN KEY ("latest_snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_components" ADD CONSTRAINT "snapshot_components_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshot_components" ADD CONSTRAINT "snapshot_components_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waivers" ADD CONSTRAINT "waivers_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waivers" ADD CONSTRAINT "waivers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "advisories_modified_idx" ON "advisories" USING btree ("modified");--> statement-breakpoint
CREATE INDEX "advisory_packages_ecosystem_name_idx" ON "advisory_packages" USING btree ("ecosystem","name");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "components_identity_key" ON "components" USING btree ("identity");--> statement-breakpoint
CREATE INDEX "components_ecosystem_name_idx" ON "components" USING btree ("ecosystem","name");--> statement-breakpoint
CREATE INDEX "components_purl_idx" ON "components" USING btree ("purl");--> statement-breakpoint
CREATE INDEX "dependency_edges_snapshot_idx" ON "dependency_edges" USING btree ("snapshot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_project_key" ON "findings" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "findings_project_status_idx" ON "findings" USING btree ("project_id","status");--> statement-breakpoint
CREATE INDEX "findings_component_idx" ON "findings" USING btree ("component_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_team_name_key" ON "projects" USING btree ("team_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_latest_snapshot_key" ON "projects" USING btree ("latest_snapshot_id");--> statement-breakpoint
CREATE INDEX "snapshot_components_component_idx" ON "snapshot_components" USING btree ("component_id","snapshot_id");--> statement-breakpoint
CREATE INDEX "snapshots_project_latest_idx" ON "snapshots" USING btree ("project_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "snapshots_project_hash_idx" ON "snapshots" USING btree ("project_id","content_hash");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "waivers_project_idx" ON "waivers" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "waivers_rule_idx" ON "waivers" USING btree ("rule_id");