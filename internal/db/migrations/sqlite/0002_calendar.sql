-- Administrators' changes to the working-day calendar (official schedules announced late,
-- local days off); applied last, over the built-in rules and schedules.
CREATE TABLE calendar_overrides (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    day        TEXT NOT NULL UNIQUE,               -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('day_off','working_day')),
    name       TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
