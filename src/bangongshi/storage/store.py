"""Opening the store: one SQLite file, WAL, busy timeout, foreign keys, migrated on open."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from bangongshi.clock import stamp
from bangongshi.errors import StorageError
from bangongshi.storage import migrations
from bangongshi.storage.files import create_private_file

# Long enough for another shell's write to finish; a write itself takes milliseconds.
BUSY_TIMEOUT_MS = 10_000

# Tables whose rows the journal records, by the entity name stored in `changes`.
JOURNALED_TABLES = {
    "item": "items", "calendar_year": "calendar_years", "calendar_day": "calendar_days",
    "plan": "plans", "plan_entry": "plan_entries", "recurrence": "recurrences",
    "follow_up": "follow_ups", "event": "events", "slip": "slips",
}


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Bookkeeping of the tool itself (not journaled, not undone)."""
        try:
            self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        except sqlite3.OperationalError:
            pass  # a read-only store still answers; the bookkeeping waits for a writable one

    @contextmanager
    def write(self, command: str, now: datetime, actor: str = "user", action: str = "command"
              ) -> Iterator["Transaction"]:
        """One transaction; every row it changes is journaled under one run of `command`."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise StorageError(f"数据库正忙或不可写：{error}") from None
        tx = Transaction(self.conn, command, now, actor, action)
        try:
            yield tx
        except sqlite3.OperationalError as error:
            self.conn.execute("ROLLBACK")
            if "readonly" in str(error):
                raise StorageError(f"数据文件只读，不能修改：{self.path}") from None
            raise
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


class Transaction:
    """Writes rows of journaled tables, recording each change's before and after."""

    def __init__(self, conn: sqlite3.Connection, command: str, now: datetime, actor: str,
                 action: str = "command", target_run: int | None = None):
        self.conn = conn
        self.command = command
        self.now = now
        self.actor = actor
        self.action = action
        self.target_run = target_run
        self.run_id: int | None = None

    def _run(self) -> int:
        if self.run_id is None:
            self.run_id = self.conn.execute(
                "INSERT INTO runs (started, command, actor, action, target_run) VALUES (?, ?, ?, ?, ?)",
                (stamp(self.now), self.command, self.actor, self.action, self.target_run),
            ).lastrowid
            if self.actor == "user" and self.action == "command":
                # A new command makes what was undone before it impossible to redo.
                self.conn.execute("UPDATE runs SET redoable = 0 WHERE redoable = 1")
        return self.run_id

    def insert(self, entity: str, row: dict) -> int:
        table = JOURNALED_TABLES[entity]
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        row_id = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
        ).lastrowid
        self._record(entity, row_id, None, self.fetch(entity, row_id))
        return row_id

    def update(self, entity: str, row_id: int, values: dict) -> dict:
        before = self.fetch(entity, row_id)
        if before is None:
            raise StorageError(f"要修改的记录不存在：{entity} {row_id}")
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        if not changed:
            return before
        table = JOURNALED_TABLES[entity]
        assignments = ", ".join(f"{column} = ?" for column in changed)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*changed.values(), row_id))
        after = self.fetch(entity, row_id)
        self._record(entity, row_id, before, after)
        return after

    def delete(self, entity: str, row_id: int) -> None:
        before = self.fetch(entity, row_id)
        if before is None:
            return
        self.conn.execute(f"DELETE FROM {JOURNALED_TABLES[entity]} WHERE id = ?", (row_id,))
        self._record(entity, row_id, before, None)

    def restore(self, entity: str, row_id: int, snapshot: dict | None) -> None:
        """Put a row back exactly as `snapshot` has it (None: the row must not exist)."""
        before = self.fetch(entity, row_id)
        table = JOURNALED_TABLES[entity]
        if snapshot is None:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            columns = ", ".join(snapshot)
            marks = ", ".join("?" for _ in snapshot)
            self.conn.execute(
                f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", tuple(snapshot.values())
            )
        self._record(entity, row_id, before, snapshot)

    def fetch(self, entity: str, row_id: int) -> dict | None:
        cursor = self.conn.execute(f"SELECT * FROM {JOURNALED_TABLES[entity]} WHERE id = ?", (row_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip((d[0] for d in cursor.description), row))

    def _record(self, entity: str, row_id: int, before: dict | None, after: dict | None) -> None:
        self.conn.execute(
            "INSERT INTO changes (run_id, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?)",
            (self._run(), entity, row_id, _dump(before), _dump(after)),
        )


def _dump(snapshot: dict | None) -> str | None:
    return None if snapshot is None else json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def open_store(path: Path, now: datetime) -> Store:
    """Open (creating with mode 0600 if needed) and migrate the store at `path`."""
    new = not path.exists()
    try:
        if new:
            create_private_file(path)
        if _writable(path):
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            conn = _read_only(path)
    except (OSError, sqlite3.Error) as error:
        raise StorageError(f"无法打开数据文件「{path}」：{error}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = migrations.user_version(conn)
        if version < migrations.CURRENT_VERSION and not _writable(path):
            raise StorageError(f"「{path}」需要升级到新的数据版本，但文件或其目录不可写")
        migrations.check_identity(conn, path, version)
        if version < migrations.CURRENT_VERSION:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            migrations.migrate(conn, path, now)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StorageError(f"「{path}」不是可用的办公室助手数据文件：{error}") from None
    except BaseException:
        conn.close()
        raise
    return Store(conn, path)


def _writable(path: Path) -> bool:
    # WAL needs to create its -wal and -shm files beside the store, so the folder must be writable too.
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only(path: Path) -> sqlite3.Connection:
    """A store nobody may write here (a read-only share, a copy on a CD): reads still work. Without
    write access SQLite cannot make WAL's shared-memory file, so the file is read as immutable."""
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True,
                           isolation_level=None, check_same_thread=True)
