-- Schema version 6: recurring items (rules whose occurrences become items ahead of time) and
-- procedure templates (steps linked to the item they were laid out from).
CREATE TABLE recurrences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (length(title) > 0),
    rule_text TEXT NOT NULL,
    rrule TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (policy IN ('keep', 'next', 'previous', 'skip', 'workdays')),
    anchor TEXT NOT NULL,
    lead_workdays INTEGER NOT NULL DEFAULT 0 CHECK (lead_workdays >= 0),
    catch_up TEXT NOT NULL CHECK (catch_up IN ('all', 'latest')),
    at_time TEXT,
    due_time TEXT,
    fields TEXT NOT NULL DEFAULT '{}',
    paused INTEGER NOT NULL DEFAULT 0,
    ends TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);

-- How far each rule's occurrences have been made. Bookkeeping of the tool, kept out of the
-- journaled rule so that undoing a user's change to a rule never collides with it.
CREATE TABLE recurrence_progress (
    recurrence_id INTEGER PRIMARY KEY,
    made_through TEXT NOT NULL,
    next_appear TEXT,
    -- The rule's `updated` when this was worked out: an edit or an undo since means work it out again.
    rule_updated TEXT
);
CREATE INDEX recurrence_progress_next ON recurrence_progress (next_appear);

-- No foreign keys: an item outlives the rule or the anchor it came from, and an undone delete of
-- either brings the link back.
ALTER TABLE items ADD COLUMN recurrence_id INTEGER;
ALTER TABLE items ADD COLUMN occurrence TEXT;
ALTER TABLE items ADD COLUMN hand_edited INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN parent_id INTEGER;
ALTER TABLE items ADD COLUMN step TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN step_from TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN step_offset INTEGER;
-- Exactly one item per occurrence, whatever runs at the same time.
CREATE UNIQUE INDEX items_occurrence ON items (recurrence_id, occurrence) WHERE recurrence_id IS NOT NULL;
CREATE INDEX items_parent ON items (parent_id) WHERE parent_id IS NOT NULL;
