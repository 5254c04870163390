ALTER TABLE "component_licenses" DROP CONSTRAINT "component_licenses_component_id_components_id_fk";
--> statement-breakpoint
ALTER TABLE "dependency_edges" DROP CONSTRAINT "dependency_edges_from_component_id_components_id_fk";
--> statement-breakpoint
ALTER TABLE "dependency_edges" DROP CONSTRAINT "dependency_edges_to_component_id_components_id_fk";
--> statement-breakpoint
ALTER TABLE "snapshot_components" DROP CONSTRAINT "snapshot_components_component_id_components_id_fk";
--> statement-breakpoint
-- The component foreign keys dropped above cost a locked index probe for every link, edge and
-- license row an ingest writes (a third of a 50,000-component ingest), though the ingest resolves
-- each id from `components` in the same statement. What they guarded, deleting a component that a
-- snapshot still links, this trigger guards instead, at the cost of the rare delete; a component's
-- license row goes with it (the old ON DELETE CASCADE). docs/adr/0005-store.md, addendum.
CREATE FUNCTION ospo_component_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM snapshot_components WHERE component_id = OLD.id) THEN
    RAISE EXCEPTION 'component % is linked to a snapshot and cannot be deleted', OLD.id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  DELETE FROM component_licenses WHERE component_id = OLD.id;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER components_delete BEFORE DELETE ON components
  FOR EACH ROW EXECUTE FUNCTION ospo_component_delete();
