-- Schema version 19 (issue #25): 督办 shared with a
-- colleague through a CalDAV collection both can read (docs/sync.md, "Shared 督办").
-- A colleague in the people registry may carry a CalDAV identity: the shared collection's URL and the
-- account this machine reaches it with (empty: the account of `bgs sync setup`). Journaled with the
-- rest of the person.
ALTER TABLE people ADD COLUMN caldav_url TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN caldav_user TEXT NOT NULL DEFAULT '';

-- 延期 (requested by the handler, approved or refused by the one who assigned it) is a row of the
-- 督办 log like a nudge, so it travels in X-BANGONGSHI-LOG and shows in both histories. SQLite cannot
-- widen a CHECK in place: the table is copied whole, ids and sealed notes included.
CREATE TABLE follow_ups_v19 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('assign', 'nudge', 'progress', 'report', 'handoff', 'ack',
                                       'extend', 'extend_ok', 'extend_no')),
    at TEXT NOT NULL,
    channel TEXT CHECK (channel IN ('phone', 'sms', 'email', 'in_person', 'on_site')),
    who TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    sealed TEXT
);
INSERT INTO follow_ups_v19 (id, item_id, kind, at, channel, who, note, sealed)
    SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups ORDER BY id;
DROP TABLE follow_ups;
ALTER TABLE follow_ups_v19 RENAME TO follow_ups;
CREATE INDEX follow_ups_item ON follow_ups (item_id, at);
CREATE INDEX follow_ups_nudges ON follow_ups (item_id, at) WHERE kind = 'nudge';
-- The agenda asks every morning whether a 延期 waits for an answer: this index holds only those rows.
CREATE INDEX follow_ups_extensions ON follow_ups (item_id) WHERE kind IN ('extend', 'extend_ok', 'extend_no');

-- Which items live in which shared collection, and from which side: `assigner` (I assigned it; the
-- colleague `person` handles it) or `handler` (`person` assigned it to me). Bookkeeping of the sync,
-- like sync_items: not journaled. `changed_side`/`changed_at`: which side last changed the item
-- (`here`, `there`) and when; `ticked_at`: done elsewhere without a result (「已办结，待补结果」);
-- `deleted_at`: the handler deleted it (「承办人已删除」: the assigner's copy stays).
CREATE TABLE shared_items (
    uuid TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    collection TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('assigner', 'handler')),
    changed_side TEXT CHECK (changed_side IN ('here', 'there')),
    changed_at TEXT,
    ticked_at TEXT,
    deleted_at TEXT,
    created TEXT NOT NULL
);
CREATE INDEX shared_items_collection ON shared_items (collection);
