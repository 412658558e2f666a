-- Organisation: agencies as a tree, users with one role scoped to an agency.
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,           -- unit code (00070) or department code (SOTP)
    national_id TEXT,                           -- QĐ 20/2020/QĐ-TTg agency ID, when known
    parent_id   INTEGER REFERENCES agencies(id),
    kind        TEXT NOT NULL CHECK (kind IN ('city','department','ward','commune','special_zone','centre')),
    level       TEXT NOT NULL CHECK (level IN ('province','commune')),
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name     TEXT NOT NULL DEFAULT '',
    email         TEXT,
    phone         TEXT,
    role          TEXT NOT NULL CHECK (role IN ('citizen','reception','specialist','leader','catalog_admin','sysadmin')),
    agency_id     INTEGER REFERENCES agencies(id),
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX users_agency ON users(agency_id, role);

-- Web sign-in sessions and API bearer tokens, both stored as SHA-256 of the secret.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Catalog: publication decisions and the procedures they publish, amend and abolish.
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    number       TEXT NOT NULL UNIQUE,
    signed_on    TEXT NOT NULL,                 -- YYYY-MM-DD
    signer       TEXT NOT NULL DEFAULT '',
    effective_on TEXT NOT NULL,                 -- YYYY-MM-DD
    title        TEXT NOT NULL DEFAULT '',
    published    TEXT NOT NULL DEFAULT '[]',    -- JSON arrays of procedure codes
    amended      TEXT NOT NULL DEFAULT '[]',
    abolished    TEXT NOT NULL DEFAULT '[]',
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE procedures (
    code         TEXT PRIMARY KEY,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('active','abolished')),
    name         TEXT NOT NULL,
    field        TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('province','commune')),
    online_level TEXT NOT NULL CHECK (online_level IN ('full','partial','none')),
    decision_id  INTEGER NOT NULL REFERENCES decisions(id),
    doc          TEXT NOT NULL,                 -- the whole procedure as JSON
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX procedures_status ON procedures(status, field);

CREATE TABLE procedure_versions (
    code        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active','abolished')),
    change      TEXT NOT NULL CHECK (change IN ('publish','amend','abolish')),
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    doc         TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (code, version)
);
CREATE INDEX procedure_versions_decision ON procedure_versions(decision_id);
