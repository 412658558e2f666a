-- Back office: process definitions (quy trình nội bộ) as versioned data, where each dossier
-- stands in its process, the steps it went through with their budgets, consultations of other
-- agencies, and citizens' evaluations.
CREATE TABLE process_definitions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    procedure_code TEXT NOT NULL DEFAULT '',      -- '' is the default process
    version        INTEGER NOT NULL,
    doc            TEXT NOT NULL,                 -- the definition as JSON
    created_by     INTEGER REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (procedure_code, version)
);

ALTER TABLE dossiers ADD COLUMN process_id INTEGER REFERENCES process_definitions(id);
ALTER TABLE dossiers ADD COLUMN step TEXT NOT NULL DEFAULT 'reception';
ALTER TABLE dossiers ADD COLUMN step_role TEXT NOT NULL DEFAULT 'reception';  -- '' once closed
ALTER TABLE dossiers ADD COLUMN step_due_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN assignee_id INTEGER REFERENCES users(id);
ALTER TABLE dossiers ADD COLUMN resume_step TEXT NOT NULL DEFAULT '';        -- where a supplement returns to
ALTER TABLE dossiers ADD COLUMN supplements INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN sla TEXT NOT NULL DEFAULT 'ok';             -- ok | due_soon | overdue
ALTER TABLE dossiers ADD COLUMN escalated_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN paused_at TIMESTAMP;
ALTER TABLE dossiers ADD COLUMN processing_days INTEGER;                     -- the legal time applied
CREATE INDEX dossiers_inbox ON dossiers(agency_id, step_role, step_due_at) WHERE step_role <> '';
CREATE INDEX dossiers_assignee ON dossiers(assignee_id, step_role) WHERE step_role <> '';
CREATE INDEX dossiers_sla ON dossiers(due_at) WHERE step_role <> '';

CREATE TABLE dossier_steps (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    step        TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agencies(id),
    assignee_id INTEGER REFERENCES users(id),
    started_at  TIMESTAMP NOT NULL,
    due_at      TIMESTAMP,
    ended_at    TIMESTAMP,
    late        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dossier_steps_dossier ON dossier_steps(dossier_id, id);

CREATE TABLE consultations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    question    TEXT NOT NULL,
    asked_by    INTEGER REFERENCES users(id),
    asked_at    TIMESTAMP NOT NULL,
    due_at      TIMESTAMP NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users(id),
    answered_at TIMESTAMP
);
CREATE INDEX consultations_agency ON consultations(agency_id, answered_at);
CREATE INDEX consultations_dossier ON consultations(dossier_id);

CREATE TABLE evaluations (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
    user_id    INTEGER REFERENCES users(id),
    scores     TEXT NOT NULL,                    -- JSON: indicator → 0, 1 or 2
    comment    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
