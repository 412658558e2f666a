-- The durable job queue (internal/job): every kind of background work is a row here, enqueued
-- in the transaction of the change that causes it, claimed under a lease, retried with backoff,
-- and dead after its last attempt until an administrator retries it. Instants are in UTC.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,                 -- the handler that runs it
    args         TEXT NOT NULL DEFAULT '{}',    -- JSON arguments for the handler
    state        TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','done','dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,    -- runs finished (succeeded or failed)
    run_at       TIMESTAMP NOT NULL,            -- not before this time
    locked_until TIMESTAMP,                     -- claimed by a worker until then
    locked_by    TEXT,                          -- the claim holding it; fences a worker whose lease ran out
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,                     -- done or dead since
    last_error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE state = 'queued';
CREATE INDEX jobs_kind ON jobs(kind, state);
CREATE INDEX jobs_finished ON jobs(kind, finished_at);

-- Periodic kinds: whoever advances next_at (under the claim of the row) enqueues the period's
-- run, so each runs once per period across all replicas.
CREATE TABLE job_schedule (
    kind          TEXT PRIMARY KEY,
    every_seconds INTEGER NOT NULL CHECK (every_seconds > 0),
    next_at       TIMESTAMP NOT NULL
);

-- Notifications move onto the queue: each outbox row is delivered by one job, which holds its
-- attempts, next try and failure; the outbox keeps the message and when it was sent. Existing
-- rows get a job with the same id (jobs is empty here) in the state their columns say.
INSERT INTO jobs (id, kind, args, state, attempts, run_at, created_at, finished_at, last_error)
SELECT id, 'notification', '{}',
       CASE WHEN sent_at IS NOT NULL THEN 'done' WHEN failed_at IS NOT NULL THEN 'dead' ELSE 'queued' END,
       attempts, next_at, created_at, COALESCE(sent_at, failed_at), last_error
FROM outbox;
ALTER TABLE outbox ADD COLUMN job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL;
UPDATE outbox SET job_id = id;
DROP INDEX outbox_pending;
ALTER TABLE outbox DROP COLUMN attempts;
ALTER TABLE outbox DROP COLUMN next_at;
ALTER TABLE outbox DROP COLUMN locked_until;
ALTER TABLE outbox DROP COLUMN locked_by;
ALTER TABLE outbox DROP COLUMN failed_at;
ALTER TABLE outbox DROP COLUMN last_error;
CREATE INDEX outbox_job ON outbox(job_id);
