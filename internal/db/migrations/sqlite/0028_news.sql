-- Placeholder for the news branch's 0028_news.sql (issue 14), so that 0029 applies on this
-- branch alone (migrations must be numbered without gaps). The merge takes the news branch's
-- file in its place; nothing here creates anything.
SELECT 1;
