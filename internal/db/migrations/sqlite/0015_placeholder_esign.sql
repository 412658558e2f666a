-- PLACEHOLDER of the esign branch only: migrations must be numbered without gaps, and 0015 belongs
-- to another helper of issue 12. Delete this file at merge.
SELECT 1;
