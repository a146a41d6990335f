-- Schema version 8: reports. Time actually spent on an item (`bgs done ID --spent 2h`), events
-- for the chronicle (大事记, a happening that is not a task) and slips (差错) for the weekly review.
ALTER TABLE items ADD COLUMN spent_minutes INTEGER;

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    title TEXT NOT NULL CHECK (length(title) > 0),
    created TEXT NOT NULL
);
CREATE INDEX events_day ON events (day);

CREATE TABLE slips (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    text TEXT NOT NULL CHECK (length(text) > 0),
    item_id INTEGER
);
CREATE INDEX slips_at ON slips (at);
