-- Citizen identity: sign-up with an e-mail address or phone number verified by a one-time
-- code, profiles (CCCD, birth date, address), and links to external OpenID Connect identities
-- (VNeID). The users table gains the profile; sign-ups wait in their own table until verified.
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN phone_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN id_number TEXT;                        -- số định danh cá nhân (CCCD), 12 digits
ALTER TABLE users ADD COLUMN birth_date TEXT;                       -- YYYY-MM-DD
ALTER TABLE users ADD COLUMN unit_code TEXT;                        -- 5-digit commune-level unit of the address
ALTER TABLE users ADD COLUMN address_line TEXT NOT NULL DEFAULT ''; -- house number, street, hamlet
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi','en'));
-- A verified e-mail address or phone number signs in like a username, so it names one account.
CREATE UNIQUE INDEX users_email_verified ON users(email) WHERE email_verified = 1;
CREATE UNIQUE INDEX users_phone_verified ON users(phone) WHERE phone_verified = 1;
CREATE INDEX users_id_number ON users(id_number);

-- A sign-up waiting for its one-time code. Each attempt keeps its own password, so a code
-- activates the attempt it was sent for; verifying deletes every attempt for the login.
CREATE TABLE signups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    login         TEXT NOT NULL,                -- lower-case e-mail address or E.164 phone number
    channel       TEXT NOT NULL CHECK (channel IN ('email','sms')),
    password_hash TEXT NOT NULL,
    full_name     TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi','en')),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX signups_login ON signups(login, created_at);

-- One-time codes, one row per code sent (the send throttle counts them). Only a salted
-- SHA-256 of the code is kept.
CREATE TABLE otp_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    signup_id  INTEGER NOT NULL REFERENCES signups(id) ON DELETE CASCADE,
    login      TEXT NOT NULL,
    code_hash  TEXT NOT NULL,                   -- hex salt '$' hex SHA-256(salt || code)
    attempts   INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP                        -- verified, or replaced by a newer code
);
CREATE INDEX otp_codes_login ON otp_codes(login, created_at);
CREATE INDEX otp_codes_signup ON otp_codes(signup_id);

-- External identities (OpenID Connect, e.g. VNeID) linked to an account: (issuer, subject)
-- names one person at one provider for good.
CREATE TABLE user_identities (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    provider      TEXT NOT NULL,                -- configured provider name, e.g. vneid
    issuer        TEXT NOT NULL,                -- iss of the ID token
    subject       TEXT NOT NULL,                -- sub of the ID token
    created_at    TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);
