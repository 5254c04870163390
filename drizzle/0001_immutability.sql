-- Snapshots are immutable and the audit log is append-only: the database refuses the change
-- rather than trusting every caller (docs/adr/0005-store.md). Deleting a snapshot (retention) stays possible.
CREATE FUNCTION ospo_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: rows are immutable', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER snapshots_immutable BEFORE UPDATE ON snapshots
  FOR EACH ROW EXECUTE FUNCTION ospo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER snapshot_components_immutable BEFORE UPDATE ON snapshot_components
  FOR EACH ROW EXECUTE FUNCTION ospo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER dependency_edges_immutable BEFORE UPDATE ON dependency_edges
  FOR EACH ROW EXECUTE FUNCTION ospo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ospo_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ospo_refuse_change();
--> statement-breakpoint
-- The chain starts from 64 zeros (src/store/repo/audit.ts GENESIS).
INSERT INTO audit_head (singleton, last_id, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
