-- E-receipts of payments (issue 12): each issuer's receipt series, the counters that number
-- its receipts, and the number each settled payment was given. A number is taken in the
-- settlement's transaction, so a rolled-back settlement leaves no gap and two settlements never
-- share one (Decree 123/2020 Art. 10(3): consecutive within one template and symbol).

-- The template (ký hiệu mẫu) and symbol (ký hiệu) an issuer registered with its tax authority
-- (Circular 78/2021 Art. 6); an issuer without a row uses the placeholder defaults.
CREATE TABLE receipt_series (
    issuer     TEXT PRIMARY KEY,        -- an agency's code, or "bill:" and a biller's code
    template   TEXT NOT NULL,
    symbol     TEXT NOT NULL,           -- "YY" in it stands for the year's last two digits
    updated_at TIMESTAMP NOT NULL
);

-- The last number given per issuer, template and symbol; the symbol carries the year, so
-- numbering starts again at 1 each year.
CREATE TABLE receipt_counters (
    issuer   TEXT NOT NULL,
    template TEXT NOT NULL,
    symbol   TEXT NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (issuer, template, symbol)
);

-- A settled payment's receipt number, one per payment that paid its invoice.
CREATE TABLE payment_receipts (
    payment_id TEXT PRIMARY KEY REFERENCES payments(id),
    issuer     TEXT NOT NULL,
    template   TEXT NOT NULL,
    symbol     TEXT NOT NULL,
    number     INTEGER NOT NULL CHECK (number > 0),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (issuer, template, symbol, number)
);
