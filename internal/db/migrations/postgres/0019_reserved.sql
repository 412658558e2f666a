-- Reserved for another branch of issue 12 (the lead's merge replaces this file); a no-op so that
-- this branch's 0020 runs in order.
SELECT 1;
