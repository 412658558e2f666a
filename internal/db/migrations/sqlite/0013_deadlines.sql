-- A dossier's deadline state (ok, due soon, overdue) is computed when it is read, from
-- step_due_at and due_at and the time (workflow.Deadlines); a stored state lagged behind the
-- clock between sweeps. What stays stored is what the sweeper last told the officers, so that
-- it tells them once per state.
DROP INDEX dossiers_inbox;
ALTER TABLE dossiers RENAME COLUMN sla TO sla_notified;
-- The inbox's counts and filters compare both due times with now, from the index itself.
CREATE INDEX dossiers_inbox ON dossiers(agency_id, step_role, step_due_at, due_at, assignee_id) WHERE step_role <> '';
-- The sweeper picks open dossiers whose step or whole time is near its end (dossiers_sla: due_at).
CREATE INDEX dossiers_step_due ON dossiers(step_due_at) WHERE step_role <> '';
