-- The accountant's side of payments (issue 12): the accountant role (kế toán), credits of a
-- collection account read from bank statements and bank webhooks, matched to VietQR attempts,
-- the review queue's resolutions, refunds asked by people, and the daily reconciliation per
-- agency and gateway. Money is whole đồng; instants are UTC.

-- The accountant role. SQLite cannot alter a CHECK: users is rebuilt, its rows kept with their
-- ids; foreign keys are checked at commit, when every referenced row is back.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_old AS SELECT * FROM users;
DROP TABLE users;
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    full_name      TEXT NOT NULL DEFAULT '',
    email          TEXT,
    phone          TEXT,
    role           TEXT NOT NULL CHECK (role IN ('citizen','reception','specialist','leader','accountant','catalog_admin','sysadmin')),
    agency_id      INTEGER REFERENCES agencies(id),
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    email_verified INTEGER NOT NULL DEFAULT 0,
    phone_verified INTEGER NOT NULL DEFAULT 0,
    id_number      TEXT,
    birth_date     TEXT,
    unit_code      TEXT,
    address_line   TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi','en'))
);
INSERT INTO users (id, username, password_hash, full_name, email, phone, role, agency_id, active, created_at, email_verified,
    phone_verified, id_number, birth_date, unit_code, address_line, lang)
    SELECT id, username, password_hash, full_name, email, phone, role, agency_id, active, created_at, email_verified,
    phone_verified, id_number, birth_date, unit_code, address_line, lang FROM users_old;
DROP TABLE users_old;
CREATE INDEX users_agency ON users(agency_id, role);
CREATE UNIQUE INDEX users_email_verified ON users(email) WHERE email_verified = 1;
CREATE UNIQUE INDEX users_phone_verified ON users(phone) WHERE phone_verified = 1;
CREATE INDEX users_id_number ON users(id_number);

-- Each credit to an agency's collection account, as the bank reported it, once per bank
-- transaction: importing a statement twice changes nothing.
CREATE TABLE bank_credits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    bank_txn    TEXT NOT NULL,            -- the bank's transaction id
    booked_at   TIMESTAMP NOT NULL,
    amount_vnd  INTEGER NOT NULL CHECK (amount_vnd > 0),
    description TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL CHECK (source IN ('statement','webhook')),
    payment_id  TEXT NOT NULL DEFAULT '', -- the attempt its reference names, when one does
    outcome     TEXT NOT NULL CHECK (outcome IN ('settled','unmatched','amount_mismatch','duplicate')),
    imported_by INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (agency_id, bank_txn)
);
CREATE INDEX bank_credits_day ON bank_credits(agency_id, booked_at);

-- The review queue: whose agency, which credit, and how it was resolved.
ALTER TABLE payment_reviews ADD COLUMN agency_id INTEGER REFERENCES agencies(id);
ALTER TABLE payment_reviews ADD COLUMN credit_id INTEGER REFERENCES bank_credits(id);
ALTER TABLE payment_reviews ADD COLUMN resolution TEXT NOT NULL DEFAULT '';
CREATE INDEX payment_reviews_agency ON payment_reviews(agency_id, created_at);

-- Who asked for a refund (none: the ledger queued it itself).
ALTER TABLE refunds ADD COLUMN requested_by INTEGER REFERENCES users(id);

-- The daily reconciliation: the ledger's total of a day against the gateway's, per agency and
-- method, once per day (a rerun updates its row).
CREATE TABLE reconciliations (
    day           TEXT NOT NULL,          -- YYYY-MM-DD in Vietnam's time
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    method        TEXT NOT NULL CHECK (method IN ('vnpay','vietqr')),
    ledger_count  INTEGER NOT NULL,
    ledger_vnd    INTEGER NOT NULL,
    gateway_count INTEGER NOT NULL,
    gateway_vnd   INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (day, agency_id, method)
);
