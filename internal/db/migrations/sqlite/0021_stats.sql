-- PLACEHOLDER, not for merge: migration 0021 belongs to the "stats" branch (0021_stats.sql).
-- It stands here only so that this branch's 0022 applies (versions must be contiguous).
-- When merging, take the stats branch's file.
SELECT 1;
