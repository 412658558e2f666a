-- The bill-payment hub (internal/bills): bills as fetched from the billers, the customer codes
-- citizens save, and their complaints. A bill's id is random text: the ledger's reference for
-- it (kind "bill"), never a counter one could walk. Instants in UTC; dates YYYY-MM-DD.
CREATE TABLE bills (
    id             TEXT PRIMARY KEY,
    biller         TEXT NOT NULL,                 -- the biller's code in the registry
    customer       TEXT NOT NULL,                 -- the customer code, normalised
    biller_bill_id TEXT NOT NULL,                 -- the biller's own id of the bill
    period         TEXT NOT NULL,                 -- YYYY-MM, or a school term
    description    TEXT NOT NULL,
    amount_vnd     INTEGER NOT NULL CHECK (amount_vnd > 0),
    due_on         TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('unpaid','paid')),
    paid_by        TEXT,                          -- the ledger's payment id; NULL when paid elsewhere
    paid_at        TIMESTAMP,
    confirmed_at   TIMESTAMP,                     -- the biller acknowledged our payment
    biller_receipt TEXT NOT NULL DEFAULT '',      -- the biller's reference for it
    fetched_at     TIMESTAMP NOT NULL,
    UNIQUE (biller, biller_bill_id)
);
CREATE INDEX bills_customer ON bills(biller, customer, period);
CREATE UNIQUE INDEX bills_paid_by ON bills(paid_by) WHERE paid_by IS NOT NULL;

-- Customer codes a citizen keeps to pay again (bounded per citizen by internal/bills).
CREATE TABLE bill_customers (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    biller     TEXT NOT NULL,
    customer   TEXT NOT NULL,
    label      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, biller, customer)
);

-- Complaints about a bill or its payment, filed with the biller, which answers with a ticket.
CREATE TABLE bill_complaints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    bill_id    TEXT NOT NULL REFERENCES bills(id),
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    payment_id TEXT,
    body       TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
    ticket     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX bill_complaints_user ON bill_complaints(user_id, created_at);
