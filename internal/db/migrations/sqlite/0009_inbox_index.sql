-- The inbox reads its counts and filters (deadline state, assignee) from the index itself.
DROP INDEX dossiers_inbox;
CREATE INDEX dossiers_inbox ON dossiers(agency_id, step_role, step_due_at, sla, assignee_id) WHERE step_role <> '';
