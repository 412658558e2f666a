-- Dashboard aggregates (issue 13), owned by internal/stats: kept true by every write of a
-- dossier (stats.Track, in the write's transaction) and rebuilt from the dossiers table by
-- stats.Rebuild. Days and months are local dates in Asia/Ho_Chi_Minh ('YYYY-MM-DD', 'YYYY-MM').
-- The counters are defined once, in internal/stats (rules.go).

-- One row per agency and day: at most agencies × days rows, whatever the number of dossiers.
CREATE TABLE stats_agency_day (
    agency_id     INTEGER NOT NULL,
    day           TEXT NOT NULL,
    received      INTEGER NOT NULL DEFAULT 0,
    online        INTEGER NOT NULL DEFAULT 0,
    counter       INTEGER NOT NULL DEFAULT 0,
    post          INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0,
    on_time       INTEGER NOT NULL DEFAULT 0,
    late          INTEGER NOT NULL DEFAULT 0,
    finished      INTEGER NOT NULL DEFAULT 0,
    overdue_delta INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, day)
);
CREATE INDEX stats_agency_day_day ON stats_agency_day(day);

-- The same counters by agency and month: a period or a running total (in progress, overdue)
-- sums whole months here and only the days of its first and last months above, so that a
-- dashboard reads about as many rows for 100,000 dossiers as for 10 million.
CREATE TABLE stats_agency_month (
    agency_id     INTEGER NOT NULL,
    month         TEXT NOT NULL,
    received      INTEGER NOT NULL DEFAULT 0,
    online        INTEGER NOT NULL DEFAULT 0,
    counter       INTEGER NOT NULL DEFAULT 0,
    post          INTEGER NOT NULL DEFAULT 0,
    settled       INTEGER NOT NULL DEFAULT 0,
    on_time       INTEGER NOT NULL DEFAULT 0,
    late          INTEGER NOT NULL DEFAULT 0,
    finished      INTEGER NOT NULL DEFAULT 0,
    overdue_delta INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, month)
);
CREATE INDEX stats_agency_month_month ON stats_agency_month(month);

-- One row per agency, procedure and month: breakdowns by procedure.
CREATE TABLE stats_procedure_month (
    agency_id      INTEGER NOT NULL,
    procedure_code TEXT NOT NULL,
    month          TEXT NOT NULL,
    received       INTEGER NOT NULL DEFAULT 0,
    online         INTEGER NOT NULL DEFAULT 0,
    settled        INTEGER NOT NULL DEFAULT 0,
    on_time        INTEGER NOT NULL DEFAULT 0,
    late           INTEGER NOT NULL DEFAULT 0,
    finished       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_id, procedure_code, month)
);
CREATE INDEX stats_procedure_month_month ON stats_procedure_month(month);

-- Whether the tables hold the figures of every dossier: a database without dossiers starts
-- built (empty tables are its true figures); one upgraded with dossiers is rebuilt when the
-- application next opens it (stats.EnsureBuilt).
CREATE TABLE stats_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    built INTEGER NOT NULL
);
INSERT INTO stats_state (id, built) SELECT 1, CASE WHEN EXISTS (SELECT 1 FROM dossiers) THEN 0 ELSE 1 END;

-- Open dossiers by due time: the "due later today" count that turns the overdue figure at the
-- end of today into the overdue figure now.
CREATE INDEX dossiers_open_due ON dossiers(due_at) WHERE finished_at IS NULL;
