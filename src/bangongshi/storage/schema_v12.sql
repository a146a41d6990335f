-- Schema version 12: two-way CalDAV sync (`bgs sync`, docs/sync.md). Bookkeeping of the sync, not the
-- user's data: never journaled (the items it changes are, by the actor "sync"). One row per item that
-- the server holds: where (collection, href), which version (etag) and the component as last agreed
-- by both sides (the base of the three-way merge; properties other clients added travel in it).
-- Keyed by the item's uuid, not its id: a locally deleted item keeps its row until the server is told.
CREATE TABLE sync_items (
    uuid TEXT PRIMARY KEY,
    collection TEXT NOT NULL,
    href TEXT NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    synced TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
CREATE INDEX sync_items_href ON sync_items (href);
-- Where and as whom to sync, the server's sync-token per collection, when it last finished.
CREATE TABLE sync_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Fields both sides changed: the value kept and the one not kept stay visible (`bgs sync conflicts`).
CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL,
    field TEXT NOT NULL,
    local TEXT NOT NULL,
    remote TEXT NOT NULL,
    kept TEXT NOT NULL CHECK (kept IN ('local', 'remote')),
    at TEXT NOT NULL
);
CREATE INDEX sync_conflicts_uuid ON sync_conflicts (uuid);
