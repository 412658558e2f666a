-- Placeholder for branch review alone (the lead drops it at merge): 0023 belongs to another
-- branch; migrations must be numbered without gaps, and this branch's is 0024_review.sql.
SELECT 1;
