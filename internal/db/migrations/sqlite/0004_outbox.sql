-- Durable outbox: a notification is written in the same transaction as the change that causes
-- it, and a worker (internal/notify) delivers it with retries. Instants are stored in UTC.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel      TEXT NOT NULL CHECK (channel IN ('email','sms')),
    recipient    TEXT NOT NULL,                 -- e-mail address or E.164 phone number
    user_id      INTEGER REFERENCES users(id),
    template     TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'vi' CHECK (lang IN ('vi','en')),
    data         TEXT NOT NULL DEFAULT '{}',    -- JSON placeholders for the template
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,                     -- not worth sending after this (an OTP)
    attempts     INTEGER NOT NULL DEFAULT 0,    -- deliveries tried
    next_at      TIMESTAMP NOT NULL,            -- not before this time
    locked_until TIMESTAMP,                     -- claimed by a worker until then
    locked_by    TEXT,                          -- the claim holding it; fences a worker whose lease ran out
    sent_at      TIMESTAMP,
    failed_at    TIMESTAMP,                     -- gave up
    last_error   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(next_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_user ON outbox(user_id, id);
