-- The audit log: one row per audited event (sign-ins, catalog changes, dossier actions,
-- payments, administration), hash-chained so that "motcua audit verify" detects an edited,
-- deleted or truncated record. See internal/audit for the hash and its canonical encoding.
CREATE TABLE audit_log (
    id         BIGINT PRIMARY KEY,      -- assigned by the append: the head last_id + 1, no gaps
    at         TIMESTAMPTZ NOT NULL,    -- UTC, whole microseconds
    actor_id   BIGINT,                  -- users.id, NULL for anonymous or system; no foreign key
    actor      TEXT NOT NULL DEFAULT '', -- username at the time, kept if the user is renamed
    action     TEXT NOT NULL,           -- e.g. auth.sign_in, catalog.decision, dossier.receive
    object     TEXT NOT NULL DEFAULT '', -- e.g. a dossier code or a decision number
    detail     TEXT NOT NULL DEFAULT '{}', -- JSON object, keys sorted, hashed as stored
    ip         TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    prev_hash  TEXT NOT NULL,           -- hash of the previous record, 64 zeros for the first
    hash       TEXT NOT NULL            -- hex SHA-256 of prev_hash and this record
);
CREATE INDEX audit_log_object ON audit_log(object, id);
CREATE INDEX audit_log_actor ON audit_log(actor, id);
CREATE INDEX audit_log_action ON audit_log(action, id);

-- Append-only: the application never changes or removes a record. Whoever drops these
-- triggers to do so is caught by the hash chain.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The head of the chain: the last record and its hash. Every append locks this one row, so
-- concurrent appends take turns and the chain never forks.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
