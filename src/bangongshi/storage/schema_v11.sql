-- Schema version 11: reminders (`bgs remind`). Each reminder is delivered once per channel: a run
-- claims (key, channel) inside a write transaction before sending and marks the result after, so two
-- schedulers running at once send once. Bookkeeping, not the user's data: never journaled or undone.
CREATE TABLE reminders_sent (
    key TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    due TEXT NOT NULL,
    claimed TEXT NOT NULL,
    finished TEXT,
    result TEXT NOT NULL CHECK (result IN ('sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 1,
    error TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (key, channel)
);
CREATE INDEX reminders_sent_claimed ON reminders_sent (claimed);
-- Minutes before an appointment to remind of it: NULL the configured remind.before, -1 never.
ALTER TABLE items ADD COLUMN remind INTEGER;
