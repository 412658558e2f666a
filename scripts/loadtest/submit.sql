-- One online submission's writes, as dossier.Store.create makes them: the day's number for the
-- agency in a short transaction of its own committed without waiting for the disk
-- (dossier.Store.nextCode, db.InTxAsyncCommit), then in one transaction:
-- claim the Idempotency-Key, insert the dossier, its two
-- attachments, its first history event and two notifications (e-mail and SMS, each an outbox row
-- and its delivery job), append to the audit log's hash chain under its head's row lock
-- (audit.Append), read the dossier's figures (stats.Read), store the answer under the key, and
-- last, just before COMMIT, add the dossier to the dashboards' aggregates of its agency's day
-- and month and its procedure's month (stats.Created, written through db.Tx.Defer). TestSubmitLoad (internal/loadtest) runs it with pgbench as PostgreSQL's
-- limit for these writes on this machine:
--
--   PGOPTIONS='-c search_path=SCHEMA' pgbench -n -M prepared -c 100 -j 2 -T 10 \
--     -f scripts/loadtest/submit.sql -D uid_lo=… -D uid_hi=… -D agency=… -D prefix=… -D day=YYMMDD \
--     -D sday=YYYY-MM-DD -D smonth=YYYY-MM -D proc=… -D version=… -D name=… -D email=… -D phone=… -D form=… -D hash=… \
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
    RETURNING id, code \gset
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
SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE \gset
SELECT :last_id + 1 AS audit_id, encode(sha256(convert_to(:last_hash || :code, 'UTF8')), 'hex') AS audit_hash \gset
INSERT INTO audit_log (id, at, actor_id, actor, action, object, detail, ip, request_id, prev_hash, hash)
    VALUES (:audit_id, now(), :uid, 'taithu', 'dossier.submit', :code, '{"channel":"online","procedure":"' || :proc || '"}',
    '127.0.0.1', 'pgbench', :last_hash, :audit_hash);
UPDATE audit_head SET last_id = :audit_id, last_hash = :audit_hash WHERE id = 1;
SELECT status, submitted_at, due_at FROM dossiers WHERE id = :id FOR UPDATE;
UPDATE idempotency_keys SET status = 201, response = :answer WHERE user_id = :uid AND key = :key;
INSERT INTO stats_agency_day (agency_id, day, received, online) VALUES (:agency, :sday, 1, 1)
    ON CONFLICT (agency_id, day) DO UPDATE SET received = stats_agency_day.received + 1, online = stats_agency_day.online + 1;
INSERT INTO stats_agency_month (agency_id, month, received, online) VALUES (:agency, :smonth, 1, 1)
    ON CONFLICT (agency_id, month) DO UPDATE SET received = stats_agency_month.received + 1, online = stats_agency_month.online + 1;
INSERT INTO stats_procedure_month (agency_id, procedure_code, month, received, online) VALUES (:agency, :proc, :smonth, 1, 1)
    ON CONFLICT (agency_id, procedure_code, month) DO UPDATE SET received = stats_procedure_month.received + 1,
    online = stats_procedure_month.online + 1;
COMMIT;
