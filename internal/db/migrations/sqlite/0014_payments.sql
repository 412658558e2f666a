-- Payments (issue 12): invoices for dossier fees and bills, payment attempts, the append-only
-- ledger of gateway events, refunds, the accountant's review queue and the agencies' VietQR
-- collection accounts. Money is whole đồng; instants are UTC.

-- An agency's account citizens transfer fees to by VietQR (NAPAS 247).
CREATE TABLE collection_accounts (
    agency_id  INTEGER PRIMARY KEY REFERENCES agencies(id),
    bank_bin   TEXT NOT NULL,             -- 6 digits, SBV CV 1589
    account    TEXT NOT NULL,
    holder     TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- What is owed: a dossier's fee or a bill.
CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,         -- the public reference
    kind        TEXT NOT NULL CHECK (kind IN ('fee','bill')),
    ref         TEXT NOT NULL,            -- the dossier code or the bill id
    agency_id   INTEGER REFERENCES agencies(id), -- the payee agency (fees)
    payee       TEXT NOT NULL,            -- the agency's code or the biller's
    payer_id    INTEGER REFERENCES users(id),
    description TEXT NOT NULL DEFAULT '',
    amount_vnd  INTEGER NOT NULL CHECK (amount_vnd > 0),
    lines       TEXT NOT NULL DEFAULT '[]', -- JSON [{name, amount_vnd, basis}]
    status      TEXT NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid','paid','cancelled','refunded')),
    payment_id  TEXT,                     -- the attempt that paid it
    created_at  TIMESTAMP NOT NULL,
    paid_at     TIMESTAMP
);
-- One live invoice per dossier or bill, so that two requests never raise two.
CREATE UNIQUE INDEX invoices_live_ref ON invoices(kind, ref) WHERE status <> 'cancelled';
CREATE INDEX invoices_payer ON invoices(payer_id, created_at);

-- Payment attempts; the id is vnp_TxnRef or the VietQR transfer's purpose.
CREATE TABLE payments (
    id            TEXT PRIMARY KEY,
    invoice_id    TEXT NOT NULL REFERENCES invoices(id),
    method        TEXT NOT NULL CHECK (method IN ('vnpay','vietqr')),
    amount_vnd    INTEGER NOT NULL CHECK (amount_vnd > 0),
    payer_id      INTEGER REFERENCES users(id),
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','paid','failed','expired')),
    counted       INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0,1)), -- 1: the attempt that paid its invoice
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    settled_at    TIMESTAMP,
    gateway_txn   TEXT NOT NULL DEFAULT '', -- vnp_TransactionNo
    bank_code     TEXT NOT NULL DEFAULT '',
    response_code TEXT NOT NULL DEFAULT ''
);
-- An invoice is paid at most once: a second successful attempt is recorded, never counted.
CREATE UNIQUE INDEX payments_one_counted ON payments(invoice_id) WHERE counted = 1;
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_pending ON payments(expires_at) WHERE status = 'pending';
CREATE INDEX payments_payer ON payments(payer_id, created_at);

-- Every gateway event as it came: IPNs (forged and refused ones too, with the reply given),
-- return-URL visits and query results. Append-only.
CREATE TABLE payment_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TIMESTAMP NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('ipn','return','query','statement','webhook','reconcile')),
    payment_id TEXT NOT NULL DEFAULT '',  -- as the event names it; may be unknown
    verified   INTEGER NOT NULL CHECK (verified IN (0,1)),
    outcome    TEXT NOT NULL DEFAULT '',  -- the reply code given, or what the query found
    data       TEXT NOT NULL              -- the query string or the gateway's answer
);
CREATE INDEX payment_events_payment ON payment_events(payment_id, id);
CREATE TRIGGER payment_events_no_update BEFORE UPDATE ON payment_events
BEGIN
    SELECT RAISE(ABORT, 'payment_events is append-only');
END;
CREATE TRIGGER payment_events_no_delete BEFORE DELETE ON payment_events
BEGIN
    SELECT RAISE(ABORT, 'payment_events is append-only');
END;

-- Money to give back, with its reason (a second payment of a paid invoice, a refund asked).
CREATE TABLE refunds (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id TEXT NOT NULL UNIQUE REFERENCES payments(id),
    amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0),
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','rejected')),
    created_at TIMESTAMP NOT NULL,
    done_at    TIMESTAMP
);

-- Mismatches an accountant resolves, each with a note.
CREATE TABLE payment_reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('duplicate','amount_mismatch','unmatched','gateway_mismatch')),
    payment_id  TEXT NOT NULL DEFAULT '',
    invoice_id  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES users(id),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payment_reviews_open ON payment_reviews(created_at) WHERE resolved_at IS NULL;
