-- The portal's and the committee office's roles (issue 14): editor (biên tập viên, who writes
-- and moderates the portal) and office (chuyên viên Văn phòng UBND, who records the committee's
-- directives and follows their tasks). SQLite cannot alter a CHECK: users is rebuilt as in
-- 0019, its rows kept with their ids; foreign keys are checked at commit.
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
    role           TEXT NOT NULL CHECK (role IN ('citizen','reception','specialist','leader','accountant','editor','office','catalog_admin','sysadmin')),
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
