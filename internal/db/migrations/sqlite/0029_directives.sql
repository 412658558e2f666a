-- The committee's directives (văn bản chỉ đạo, issue 14): a directive recorded by the committee
-- office assigns tasks (nhiệm vụ) to agencies with a deadline in calendar days; each agency's
-- leader reports progress, with notes and documents. A task's state (done on time, done late,
-- in progress, overdue) is computed when read from due_on, done_on and today (internal/directive).
CREATE TABLE directives (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    number      TEXT NOT NULL UNIQUE,                 -- số ký hiệu, e.g. 12/CT-UBND
    signed_on   TEXT NOT NULL,                        -- YYYY-MM-DD
    signer      TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    document_id TEXT REFERENCES files(id),            -- the signed document (PDF)
    slug        TEXT NOT NULL DEFAULT '',             -- its article on the portal, '' when not published
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX directives_signed ON directives(signed_on, id);

CREATE TABLE directive_tasks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    directive_id INTEGER NOT NULL REFERENCES directives(id),
    seq          INTEGER NOT NULL,                    -- the task's place in the directive, from 1
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    title        TEXT NOT NULL,
    due_on       TEXT NOT NULL,                       -- YYYY-MM-DD, Asia/Ho_Chi_Minh
    progress     TEXT NOT NULL DEFAULT 'assigned' CHECK (progress IN ('assigned','in_progress','done')),
    done_at      TIMESTAMP,
    done_on      TEXT,                                -- done_at's date in Asia/Ho_Chi_Minh
    reported_at  TIMESTAMP,
    notified     TEXT NOT NULL DEFAULT '' CHECK (notified IN ('','due_soon','overdue')),
    escalated_at TIMESTAMP,
    UNIQUE (directive_id, seq)
);
CREATE INDEX directive_tasks_agency ON directive_tasks(agency_id, due_on);
CREATE INDEX directive_tasks_open ON directive_tasks(due_on) WHERE done_on IS NULL;

CREATE TABLE directive_reports (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id   INTEGER NOT NULL REFERENCES directive_tasks(id),
    status    TEXT NOT NULL CHECK (status IN ('in_progress','done')),
    note      TEXT NOT NULL DEFAULT '',
    author_id INTEGER NOT NULL REFERENCES users(id),
    at        TIMESTAMP NOT NULL
);
CREATE INDEX directive_reports_task ON directive_reports(task_id, id);

CREATE TABLE directive_report_files (
    report_id INTEGER NOT NULL REFERENCES directive_reports(id),
    file_id   TEXT NOT NULL REFERENCES files(id),
    PRIMARY KEY (report_id, file_id)
);
CREATE INDEX directive_report_files_file ON directive_report_files(file_id);
