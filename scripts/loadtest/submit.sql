-- One online submission's writes, as dossier.Store.create makes them: the day's number for the
-- agency in a short transaction of its own committed without waiting for the disk
-- (dossier.Store.nextCode, db.InTxAsyncCommit), then in one transaction:
-- claim the Idempotency-Key, insert the dossier, its two
-- attachments, its first history event and two notifications (e-mail and SMS, each an outbox row
-- and its delivery job), then store the
-- answer under the key. TestSubmitLoad (internal/loadtest) runs it with pgbench as PostgreSQL's
-- limit for these writes on this machine:
--
--   PGOPTIONS='-c search_path=SCHEMA' pgbench -n -M prepared -c 100 -j 2 -T 10 \
--     -f scripts/loadtest/submit.sql -D uid_lo=… -D uid_hi=… -D agency=… -D prefix=… -D day=YYMMDD \
--     -D proc=… -D version=… -D name=… -D email=… -D phone=… -D form=… -D hash=… \
--     -D comp1=… -D file1=… -D comp2=… -D file2=… -D notice=… -D answer=… postgres://…
--
-- The variables hold the values the server writes (the same form, names and JSON sizes); the
-- users, the agency and the files must exist in SCHEMA. Keys are random UUIDs, codes follow the
-- same daily sequence as the server's, so the script can run after (or beside) real traffic.
\set uid random(:uid_lo, :uid_hi)
BEGIN;
SET LOCAL synchronous_commit = off;
INSERT INTO dossier_sequences (agency_id, day, last) VALUES (:agency, :day, 1)
    ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last \gset
COMMIT;
BEGIN;
INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at)
    VALUES (:uid, 'pgbench-' || gen_random_uuid(), :hash, 0, '', now()) RETURNING key \gset
INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_id,
    applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, channel, status, status_code,
    form, submitted_at, created_by, updated_at, step_due_at)
    VALUES (:prefix::text || '-' || :day::text || '-' || lpad(:last::text, greatest(4, length(:last::text)), '0'),
    :proc, :version, :agency, :uid, :name, '', :phone, :email, '', 'online', 'submitted', 1, :form, now(), :uid, now(), now())
    RETURNING id \gset
INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
    VALUES (:id, :comp1, :file1, 'submission', :uid, now());
INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
    VALUES (:id, :comp2, :file2, 'submission', :uid, now());
INSERT INTO dossier_events (dossier_id, at, actor_id, action, from_status, to_status, status_code, note)
    VALUES (:id, now(), :uid, 'submit', '', 'submitted', 1, '');
INSERT INTO jobs (kind, args, run_at, created_at) VALUES ('notification', 'null', now(), now()) RETURNING id AS job1 \gset
INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at, expires_at, job_id)
    VALUES ('email', :email, :uid, 'dossier_submitted', 'vi', :notice, now(), NULL, :job1);
INSERT INTO jobs (kind, args, run_at, created_at) VALUES ('notification', 'null', now(), now()) RETURNING id AS job2 \gset
INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at, expires_at, job_id)
    VALUES ('sms', :phone, :uid, 'dossier_submitted', 'vi', :notice, now(), NULL, :job2);
UPDATE idempotency_keys SET status = 201, response = :answer WHERE user_id = :uid AND key = :key;
COMMIT;
