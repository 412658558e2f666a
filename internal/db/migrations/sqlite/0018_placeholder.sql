-- Placeholder on the receipts branch only: 0018 belongs to another branch of issue 12, and
-- migrations must be consecutive. The lead drops this file when merging.
SELECT 1;
