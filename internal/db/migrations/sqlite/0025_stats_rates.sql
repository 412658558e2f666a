-- Digitisation, reuse, online payment and satisfaction in the dashboard aggregates (issue 13,
-- internal/stats rules.go).

-- Facts recorded when a dossier is filed (dossier.create): digitised, its papers exist
-- electronically (filed online, or its papers scanned at the counter: Circular 01/2023/TT-VPCP,
-- egov.md §3; Decision 766 4.2); reused, one of its files was already attached to an earlier dossier
-- (Decision 766 4.3, once-only: Decree 224/2026 Art. 18(4)).
ALTER TABLE dossiers ADD COLUMN digitised INTEGER NOT NULL DEFAULT 0 CHECK (digitised IN (0, 1));
ALTER TABLE dossiers ADD COLUMN reused INTEGER NOT NULL DEFAULT 0 CHECK (reused IN (0, 1));
-- One pass over the dossiers that have either (a reused one has a submission file).
UPDATE dossiers SET digitised = 1,
    reused = CASE WHEN EXISTS (SELECT 1 FROM dossier_attachments a JOIN dossier_attachments b
        ON b.file_id = a.file_id AND b.dossier_id < a.dossier_id WHERE a.dossier_id = dossiers.id AND a.kind = 'submission')
        THEN 1 ELSE 0 END
WHERE channel = 'online' OR EXISTS (SELECT 1 FROM dossier_attachments a WHERE a.dossier_id = dossiers.id AND a.kind = 'submission');

ALTER TABLE stats_agency_day ADD COLUMN digitised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_day ADD COLUMN reused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_day ADD COLUMN fees INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_day ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_day ADD COLUMN evaluated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_day ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN digitised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN reused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN fees INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN evaluated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_agency_month ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN digitised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN reused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN fees INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN evaluated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats_procedure_month ADD COLUMN satisfied INTEGER NOT NULL DEFAULT 0;

-- The new counters are filled by the rebuild the application runs when it next opens the
-- database (stats.EnsureBuilt).
UPDATE stats_state SET built = 0 WHERE EXISTS (SELECT 1 FROM dossiers);
