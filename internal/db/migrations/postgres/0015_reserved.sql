-- Placeholder: version 15 belongs to another branch of issue 12; this file keeps the versions
-- contiguous on the branch that added 0017 (the VNPay sandbox) and is dropped when that
-- migration is merged.
SELECT 1;
