-- Signed electronic results and e-receipts (issue 12).
-- The demo's signing keys: a test CA ("motcua demo CA, not for production") and one certificate
-- per agency, made on first use and kept here so that every replica signs with the same keys.
-- holder is 'ca' or 'agency:<id>'; PEM text, the same on both engines. A production signer
-- (PKCS#12 file, PKCS#11 token) keeps its key outside the database and never writes here.
CREATE TABLE signing_keys (
    holder     TEXT PRIMARY KEY,
    cert_pem   TEXT NOT NULL,
    key_pem    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The registry of issued documents: what the public verification page and API answer from.
-- serial is random and unguessable (the QR code's URL); sha256 is that of the signed file.
CREATE TABLE issued_documents (
    serial      TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('result','receipt')),
    dossier_id  BIGINT REFERENCES dossiers(id),    -- NULL for a receipt of a bill
    reference   TEXT NOT NULL DEFAULT '',          -- a receipt's payment
    agency_id   BIGINT NOT NULL REFERENCES agencies(id),
    file_id     TEXT NOT NULL REFERENCES files(id),
    issued_at   TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    revoked_by  BIGINT REFERENCES users(id),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX issued_documents_dossier ON issued_documents(dossier_id, kind, issued_at);
CREATE INDEX issued_documents_reference ON issued_documents(kind, reference);
