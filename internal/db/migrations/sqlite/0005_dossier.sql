-- Dossiers (hồ sơ): uploaded files, applications, their attachments and history, daily code
-- sequences, idempotency keys, and drafts.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,                 -- random, unguessable
    owner_id     INTEGER NOT NULL REFERENCES users(id),
    sha256       TEXT NOT NULL,                    -- content address in the blob store
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    name         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX files_owner ON files(owner_id, created_at);

CREATE TABLE dossiers (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    code                TEXT NOT NULL UNIQUE,      -- Circular 01/2018 Art. 19: <agency ID>-YYMMDD-NNNN
    procedure_code      TEXT NOT NULL,
    procedure_version   INTEGER NOT NULL,
    agency_id           INTEGER NOT NULL REFERENCES agencies(id),
    applicant_id        INTEGER REFERENCES users(id),
    applicant_name      TEXT NOT NULL,
    applicant_id_number TEXT NOT NULL DEFAULT '',
    applicant_phone     TEXT NOT NULL DEFAULT '',
    applicant_email     TEXT NOT NULL DEFAULT '',
    applicant_address   TEXT NOT NULL DEFAULT '',
    channel             TEXT NOT NULL CHECK (channel IN ('online','counter','post')),
    status              TEXT NOT NULL,
    status_code         INTEGER NOT NULL CHECK (status_code BETWEEN 1 AND 10),
    form                TEXT NOT NULL,             -- the application form (JSON)
    submitted_at        TIMESTAMP NOT NULL,
    received_at         TIMESTAMP,
    due_at              TIMESTAMP,
    finished_at         TIMESTAMP,
    created_by          INTEGER REFERENCES users(id),
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX dossiers_applicant ON dossiers(applicant_id, submitted_at);
CREATE INDEX dossiers_agency_status ON dossiers(agency_id, status, due_at);

CREATE TABLE dossier_attachments (
    dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
    component  TEXT NOT NULL,
    file_id    TEXT NOT NULL REFERENCES files(id),
    kind       TEXT NOT NULL DEFAULT 'submission' CHECK (kind IN ('submission','supplement','result','internal')),
    added_by   INTEGER REFERENCES users(id),
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (dossier_id, component, file_id)
);
CREATE INDEX dossier_attachments_file ON dossier_attachments(file_id);

CREATE TABLE dossier_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);

-- One row per receiving agency and day: the last sequence number handed out.
CREATE TABLE dossier_sequences (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    day       TEXT NOT NULL,                       -- YYMMDD in Asia/Ho_Chi_Minh
    last      INTEGER NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE drafts (
    id             TEXT PRIMARY KEY,
    owner_id       INTEGER NOT NULL REFERENCES users(id),
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL DEFAULT '',
    form           TEXT NOT NULL DEFAULT '{}',
    attachments    TEXT NOT NULL DEFAULT '[]',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX drafts_owner ON drafts(owner_id, updated_at);
