-- Schema version 2: the user's calendar. Loaded years (from a notice or a YAML file) and the
-- unit's local days; both journaled, so `undo` covers them.
CREATE TABLE calendar_years (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL UNIQUE,
    source TEXT NOT NULL CHECK (source IN ('notice', 'yaml')),
    loaded_at TEXT NOT NULL
);

-- layer 'year': a loaded year's rest days and 调休 workdays; layer 'local': the unit's own days.
CREATE TABLE calendar_days (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    day TEXT NOT NULL,
    layer TEXT NOT NULL CHECK (layer IN ('year', 'local')),
    workday INTEGER NOT NULL CHECK (workday IN (0, 1)),
    name TEXT NOT NULL DEFAULT '',
    UNIQUE (layer, day)
);
