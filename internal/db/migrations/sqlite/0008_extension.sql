-- The due date a dossier had before its one extension (Decree 61/2018 Art. 19(9)), printed on
-- the apology (Mẫu 04).
ALTER TABLE dossiers ADD COLUMN original_due_at TIMESTAMP;
