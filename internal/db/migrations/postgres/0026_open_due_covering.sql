-- The "due later today" count that turns the overdue figure at the end of today into the figure
-- now (stats.Store.dueLaterToday) reads only this index: at 10 million dossiers its table
-- lookups were most of a dashboard's time (BENCHMARKS.md); finished_at is in it for SQLite to
-- read it alone. It replaces 0021's index on due_at alone, which every query that used it can
-- use as well.
DROP INDEX dossiers_open_due;
CREATE INDEX dossiers_open_due ON dossiers(due_at, status, agency_id, finished_at) WHERE finished_at IS NULL;
