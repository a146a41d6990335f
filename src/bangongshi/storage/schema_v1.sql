-- Schema version 1: items, and the journal that makes every change undoable.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('app', 'bangongshi');

-- AUTOINCREMENT so that an id is never handed out twice, even after a delete.
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (length(title) > 0),
    notes TEXT NOT NULL DEFAULT '',
    folder TEXT NOT NULL CHECK (folder IN ('todo', 'temp', 'done')),
    kind TEXT CHECK (kind IN ('doc', 'meeting', 'affair')),
    important INTEGER NOT NULL DEFAULT 0,
    urgent INTEGER NOT NULL DEFAULT 0,
    due TEXT,
    due_time TEXT,
    at TEXT,
    duration_minutes INTEGER,
    location TEXT NOT NULL DEFAULT '',
    key INTEGER NOT NULL DEFAULT 0,
    constrained INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    assigned_at TEXT,
    attention TEXT CHECK (attention IN ('high', 'normal', 'low')),
    report_required INTEGER NOT NULL DEFAULT 0,
    handler TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    estimate_minutes INTEGER,
    major INTEGER NOT NULL DEFAULT 0,
    locked INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    done_at TEXT,
    result TEXT NOT NULL DEFAULT ''
);
-- The agenda and `list` read open items only; keep that read proportional to them.
CREATE INDEX items_open_due ON items (due, id) WHERE folder != 'done';
CREATE INDEX items_done_at ON items (done_at) WHERE folder = 'done';
CREATE INDEX items_source ON items (source) WHERE source != '';

-- One row per command run that changed something.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    command TEXT NOT NULL,
    actor TEXT NOT NULL CHECK (actor IN ('user', 'tool')),
    action TEXT NOT NULL CHECK (action IN ('command', 'undo', 'redo')),
    target_run INTEGER REFERENCES runs (id),
    undone INTEGER NOT NULL DEFAULT 0,
    redoable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_user_applied ON runs (id) WHERE actor = 'user' AND action = 'command' AND undone = 0;

-- Each change keeps the whole row before and after, as JSON; NULL means "did not exist".
CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX changes_run ON changes (run_id);
CREATE INDEX changes_entity ON changes (entity, entity_id);
