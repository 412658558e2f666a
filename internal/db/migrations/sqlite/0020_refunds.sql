-- Refunds carried out (issue 12): a VNPay refund is sent to VNPay's refund API by the queue, a
-- VietQR refund is the accountant's bank transfer marked done or rejected by hand. Instants UTC.

-- How a refund ended: VNPay's answer code, or the accountant's note; and who closed it (none:
-- the queue, from VNPay's answer).
ALTER TABLE refunds ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN closed_by INTEGER REFERENCES users(id);

-- The sandbox's record of what it refunded of a transaction (at most its amount, once).
ALTER TABLE vnpay_sandbox_txns ADD COLUMN refund_vnd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vnpay_sandbox_txns ADD COLUMN refund_at TIMESTAMP;
