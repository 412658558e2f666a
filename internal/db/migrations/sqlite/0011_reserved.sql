-- Placeholder: version 11 belongs to another branch of issue 11; this file keeps the versions
-- contiguous on the branch that added 0012 and is dropped when that migration is merged.
SELECT 1;
