-- Decision 766/QĐ-TTg indicators (egov.md §5), scored per agency and month (YYYY-MM in
-- Asia/Ho_Chi_Minh) by the indicators-compute job and on demand; internal/indicators.
CREATE TABLE indicator_scores (
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    month       TEXT NOT NULL,
    code        TEXT NOT NULL,
    numerator   INTEGER NOT NULL,
    denominator INTEGER NOT NULL,
    value       REAL,                 -- NULL when the denominator is 0
    score       REAL NOT NULL,
    max_score   REAL NOT NULL,
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, month, code)
);
CREATE INDEX indicator_scores_month ON indicator_scores(month, agency_id);
-- Each computation reads one agency's month: dossiers received and settled in it, fees raised.
CREATE INDEX dossiers_agency_submitted ON dossiers(agency_id, submitted_at);
CREATE INDEX dossiers_agency_finished ON dossiers(agency_id, finished_at);
CREATE INDEX invoices_agency_created ON invoices(agency_id, created_at);
