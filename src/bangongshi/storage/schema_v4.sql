-- Schema version 4: the 次日 list. One plan per workday, its items in the saved order; both
-- journaled, so running `plan tomorrow` twice keeps the earlier version in the journal.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL UNIQUE,
    made_at TEXT NOT NULL
);

-- No foreign key to items: a deleted item simply drops out of the list it was on (and comes
-- back with it on undo).
CREATE TABLE plan_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (day, item_id)
);
CREATE INDEX plan_entries_day ON plan_entries (day, position);
