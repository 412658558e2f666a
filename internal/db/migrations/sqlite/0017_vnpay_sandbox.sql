-- The built-in VNPay sandbox (internal/vnpay/sandbox): the gateway's own record of each payment
-- attempt, one per terminal and vnp_TxnRef as at VNPay, so that a confirmation survives a restart
-- and replicas agree; querydr answers from it. Not the merchant's ledger: motcua's payments never
-- read it. Instants are in UTC.
CREATE TABLE vnpay_sandbox_txns (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT, -- vnp_TransactionNo
    tmn_code           TEXT NOT NULL,
    txn_ref            TEXT NOT NULL,
    amount_vnd         INTEGER NOT NULL CHECK (amount_vnd > 0),
    order_info         TEXT NOT NULL,
    create_date        TEXT NOT NULL,          -- the merchant's vnp_CreateDate as sent (querydr's vnp_TransactionDate)
    expire_at          TIMESTAMP NOT NULL,
    return_url         TEXT NOT NULL,
    response_code      TEXT NOT NULL DEFAULT '',  -- vnp_ResponseCode once the payer has finished
    transaction_status TEXT NOT NULL DEFAULT '01' CHECK (transaction_status IN ('00','01','02')),
    bank_code          TEXT NOT NULL DEFAULT '',
    card_type          TEXT NOT NULL DEFAULT '',
    pay_date           TIMESTAMP,
    created_at         TIMESTAMP NOT NULL,
    UNIQUE (tmn_code, txn_ref)
);
