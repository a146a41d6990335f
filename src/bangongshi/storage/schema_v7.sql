-- Schema version 7: 督办 and feedback. An item can be delegated with a follow-up cadence, must
-- have its result reported, or be handed off; every nudge, progress note, report, handoff and
-- acknowledgement is a row of follow_ups (journaled, so `undo` takes it back).
ALTER TABLE items ADD COLUMN follow_every TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN follow_rrule TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN follow_policy TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN delegated_at TEXT;
ALTER TABLE items ADD COLUMN reported_at TEXT;
ALTER TABLE items ADD COLUMN handoff_to TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN handoff_at TEXT;
ALTER TABLE items ADD COLUMN acknowledged_at TEXT;

CREATE TABLE follow_ups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('assign', 'nudge', 'progress', 'report', 'handoff', 'ack')),
    at TEXT NOT NULL,
    channel TEXT CHECK (channel IN ('phone', 'sms', 'email', 'in_person', 'on_site')),
    who TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_item ON follow_ups (item_id, at);
-- The 督办台账 and the agenda's reminders read only the items someone follows.
CREATE INDEX items_followed ON items (id) WHERE handler != '' OR report_required = 1 OR handoff_to != '';
