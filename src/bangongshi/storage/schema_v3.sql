-- Schema version 3: the agenda's timeline reads a day's appointments, handled ones included.
CREATE INDEX items_at ON items (at) WHERE at IS NOT NULL;
