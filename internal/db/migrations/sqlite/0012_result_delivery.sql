-- How the applicant receives the result (issue 11): online (the signed result to download), by
-- public post (Bưu chính công ích, Decision 45/2016/QĐ-TTg) to delivery_address, or at the
-- counter. Kept on the dossier and on the draft it comes from.
ALTER TABLE dossiers ADD COLUMN result_delivery TEXT NOT NULL DEFAULT 'counter' CHECK (result_delivery IN ('online','counter','post'));
ALTER TABLE dossiers ADD COLUMN delivery_address TEXT NOT NULL DEFAULT '';
-- Dossiers filed before: the result goes back the way the dossier came.
UPDATE dossiers SET result_delivery = channel;
ALTER TABLE drafts ADD COLUMN result_delivery TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN delivery_address TEXT NOT NULL DEFAULT '';
