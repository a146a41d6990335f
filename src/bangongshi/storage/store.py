"""Opening the store: one SQLite file, WAL, busy timeout, foreign keys, migrated on open."""

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from bangongshi.storage.codec import stamp
from bangongshi.errors import Denied, StorageError
from bangongshi.storage import migrations
from bangongshi.storage.files import create_private_file

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path

# Long enough for another shell's write to finish; a write itself takes milliseconds.
BUSY_TIMEOUT_MS = 10_000
CHECKPOINT_WAIT_MS = 2_000

# Rows that hang on an item and are sealed with it (storage/sealing.py CHILDREN, named here so that
# inserting anything else does not import sealing).
SEALED_CHILDREN = ("follow_up", "slip")
# Tables whose rows the journal records, by the entity name stored in `changes`.
JOURNALED_TABLES = {
    "item": "items", "calendar_year": "calendar_years", "calendar_day": "calendar_days",
    "plan": "plans", "plan_entry": "plan_entries", "recurrence": "recurrences",
    "follow_up": "follow_ups", "event": "events", "slip": "slips",
    # The office registers (issue #23): people, 收文/发文, their numbers and sequences, 来电来访.
    "person": "people", "register": "registers", "doc_number": "doc_numbers", "doc_sequence": "doc_sequences",
    "contact": "contacts",
    # The leaders' week and the duty roster (issue #24).
    "item_person": "item_people", "leader_away": "leader_away", "duty_roster": "duty_rosters",
    "duty_shift": "duty_shifts", "duty_log": "duty_logs",
}
# Changes made outside the store that the journal records all the same, so that undo and redo reverse
# them in turn with the rest (issue #21): the settings file (`bgs config set`, `bgs config edit`).
# Their snapshots are the caller's (services/config.py), which also makes the change itself.
OUTSIDE_ENTITIES = ("setting",)


class _Repository:
    """A Store attribute that makes its repository on first use (storage/<module>.py's `name`, given
    the connection, or the store itself) and keeps it, as functools.cached_property would."""

    def __init__(self, module: str, name: str, of_store: bool = False):
        self.module, self.name, self.of_store = f"bangongshi.storage.{module}", name, of_store

    def __set_name__(self, owner, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, store, owner=None):
        if store is None:
            return self
        import importlib

        made = getattr(importlib.import_module(self.module), self.name)(store if self.of_store else store.conn)
        store.__dict__[self.attribute] = made
        return made


class Store:
    def __init__(self, conn: sqlite3.Connection, path: "Path | str"):
        self.conn = conn
        self._path = path
        # Locked items: the passphrase given for this run (prompt or BANGONGSHI_PASSPHRASE), the key
        # derived from it on first need, and whether the last lock left old pages in a busy WAL.
        self.passphrase: str | None = None
        self._sealer = None
        self._key_changed = False  # the key record changed under this run (another process rekeyed)
        self.wal_busy = False
        self.runs_written = 0  # journaled runs committed by this process: `sync.auto` syncs after one

    @property
    def path(self) -> "Path":
        """The store's file. Opened from text by bare `bgs` and `bgs add`, which never ask for it
        (pathlib costs them ~3 ms: bangongshi/paths.py)."""
        if isinstance(self._path, str):
            from pathlib import Path

            self._path = Path(self._path)
        return self._path

    # One repository per family of tables, made on first use: each module is imported only by the
    # commands that read those tables (bare `bgs` and `bgs add` load no more than they did).
    items = _Repository("items", "ItemRepository")
    briefs = _Repository("briefs", "BriefRepository")  # the items as reports, week and month read them
    journal = _Repository("journal", "JournalRepository")
    rules = _Repository("rules", "RuleRepository")
    follow = _Repository("follow", "FollowRepository")
    records = _Repository("records", "RecordRepository")
    calendar = _Repository("calendar", "CalendarRepository")
    plan = _Repository("plan", "PlanRepository")
    remind = _Repository("remind", "RemindRepository")  # what `bgs remind` delivered
    sync = _Repository("sync", "SyncRepository")  # what `bgs sync` agreed with the CalDAV server
    shared = _Repository("shared", "SharedRepository")  # items in a collection shared with a colleague (#25)
    keys = _Repository("keys", "KeyRepository", of_store=True)  # the locked items' key: needs the store
    files = _Repository("backup", "FileRepository", of_store=True)
    leaders = _Repository("leaders", "LeaderRepository")  # leaders' appointments, away, duty (issue #24)
    registers = _Repository("registers", "RegisterRepository")  # 收文/发文, 来电来访, people (issue #23)  # backups, restore: the whole file

    def rules_due(self, today) -> bool:
        """Whether `store.rules.due_for_making(today)` would find anything: one indexed query that
        every command asks on open, without loading the rules' modules."""
        from bangongshi.storage.repository import RULES_DUE

        return self.conn.execute(f"SELECT 1 {RULES_DUE} LIMIT 1", (today.isoformat(),)).fetchone() is not None

    def sealer(self):
        """The key of the locked items; the first use sets the passphrase (inside a write)."""
        if self._sealer is None:
            from bangongshi.storage import sealing

            if self.passphrase is None:
                raise sealing.need_passphrase(self.conn, "加密事项")
            if sealing.has_passphrase(self.conn):
                try:
                    self._sealer = sealing.unlock(self.conn, self.passphrase)
                except Denied:
                    if self._key_changed:
                        raise Denied(sealing.KEY_CHANGED) from None
                    raise
                self._upgrade_sealed()
            else:
                self._sealer = sealing.create(self.conn, self.passphrase)
        if self._sealer is None:  # the passphrase changed between deriving the key and the upgrade
            from bangongshi.storage import sealing

            raise Denied(sealing.KEY_CHANGED)
        return self._sealer

    def has_passphrase(self) -> bool:
        from bangongshi.storage import sealing

        return sealing.has_passphrase(self.conn)

    def _check_key(self) -> None:
        self._forget_stale_key()
        if self.passphrase and self._sealer is None:
            from bangongshi.storage import sealing

            if sealing.needs_upgrade(self.conn):
                # Before this run's first snapshot, so none is journaled in the old format.
                try:
                    self.sealer()
                except Denied:
                    pass  # a command that needs the key says so itself

    def _forget_stale_key(self) -> None:
        """Called with the write lock held: a key derived earlier in this run may belong to a
        passphrase another process has changed since; sealing with it would make the text unreadable
        under both. Forget it, so the first sealed write derives the key again, now that the key
        record cannot change until this transaction ends (a passphrase no longer valid is exit 4)."""
        if self._sealer is None:
            return
        from bangongshi.storage import sealing

        if sealing.key_record(self.conn) != self._sealer.record:
            self._sealer = None
            self._key_changed = True

    def _upgrade_sealed(self) -> None:
        """Values sealed before key versions are sealed again, bound to their rows, the first time the
        passphrase is given; a store that cannot be written now is upgraded another time."""
        from bangongshi.storage import sealing

        if not sealing.needs_upgrade(self.conn):
            return
        if self.conn.in_transaction:
            sealing.upgrade(self.conn, self._sealer)
            return
        try:
            with self.rewrite() as conn:
                if self._sealer is not None and sealing.needs_upgrade(conn):
                    sealing.upgrade(conn, self._sealer)
        except (StorageError, sqlite3.OperationalError):
            pass

    @contextmanager
    def rewrite(self) -> Iterator[sqlite3.Connection]:
        """One transaction outside the journal, for re-encrypting what is already sealed."""
        self._begin()
        try:
            self._check_key()
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self.truncate_wal()

    def _begin(self) -> None:
        """Take the write lock (waiting up to the busy timeout), or say why it cannot be had."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            from bangongshi.storage.sqlite_files import cause

            raise StorageError(f"不能修改数据文件「{self.path}」：{cause(error)}") from None

    def truncate_wal(self) -> None:
        """Old page images of what was just sealed must not linger in the WAL."""
        # A reader holding an old snapshot blocks the truncation; wait a little, not the full timeout.
        self.conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        try:
            busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.wal_busy = bool(busy)

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
    def write(self, command: str, now: datetime, actor: str = "user", action: str = "command",
              masked: str | None = None) -> Iterator["Transaction"]:
        """One transaction; every row it changes is journaled under one run of `command` (`masked`:
        how the run is shown if it carries a locked item's text)."""
        self._begin()
        tx = Transaction(self.conn, command, now, actor, action, sealer=self.sealer, masked=masked)
        try:
            self._check_key()
            yield tx
            tx.finish()
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
            if tx.run_id is not None:
                self.runs_written += 1
            if tx.newly_sealed:
                self.truncate_wal()


_UNREAD = object()  # Transaction.restore: the caller has not read the row


class Transaction:
    """Writes rows of journaled tables, recording each change's before and after."""

    def __init__(self, conn: sqlite3.Connection, command: str, now: datetime, actor: str,
                 action: str = "command", target_run: int | None = None, sealer=None, masked: str | None = None):
        self.conn = conn
        self._sealer = sealer
        self.newly_sealed: set[int] = set()
        self._text_of_sealed = False  # this run wrote a locked item's text: its command line is masked
        self.command = command
        self.masked = masked
        self.now = now
        self.actor = actor
        self.action = action
        self.target_run = target_run
        self.run_id: int | None = None

    def _run(self) -> int:
        if self.run_id is None:
            self.run_id = self.conn.execute(
                "INSERT INTO runs (started, command, actor, action, target_run, masked) VALUES (?, ?, ?, ?, ?, ?)",
                (stamp(self.now), self.command, self.actor, self.action, self.target_run, self.masked),
            ).lastrowid
            if self.actor == "user" and self.action == "command":
                # A new command makes what was undone before it impossible to redo.
                self.conn.execute("UPDATE runs SET redoable = 0 WHERE redoable = 1")
        return self.run_id

    def insert(self, entity: str, row: dict) -> int:
        table = JOURNALED_TABLES[entity]
        if entity == "item":
            # The sealed text is the store's to manage: a caller's copy of it may be stale or empty.
            row = {k: v for k, v in row.items() if k != "sealed"}
        plain = None
        # sealing (and the crypto behind it) is imported only when something is sealed: not by `bgs add`.
        if entity == "item" and row.get("locked"):
            from bangongshi.storage import sealing

            row, plain = sealing.masked_row(entity, row)
        elif entity in SEALED_CHILDREN and row.get("item_id") is not None:
            from bangongshi.storage import sealing

            if (any(row.get(f) for f in sealing.SEALED_FIELDS[entity])
                    and sealing.item_is_sealed(self.conn, row.get("item_id"))):
                # A follow-up or slip of a locked item: sealed like the item's own text.
                row, plain = sealing.masked_row(entity, sealing.child_text(self.conn, entity, row, self._sealer()))
                self._text_of_sealed = True
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        row_id = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values())
        ).lastrowid
        if plain is not None:
            # Sealed once the row has the id (or uuid) its text is bound to; the text itself was
            # never written in the clear.
            from bangongshi.storage import sealing

            sealing.seal_inserted(self.conn, entity, row_id, plain, self._sealer())
            if entity == "item":
                self.newly_sealed.add(row_id)
        self._record(entity, row_id, None, self.fetch(entity, row_id))
        return row_id

    def update(self, entity: str, row_id: int, values: dict) -> dict:
        before = self.fetch(entity, row_id)
        if before is None:
            raise StorageError(f"要修改的记录不存在：{entity} {row_id}")
        if entity == "item":
            values = {k: v for k, v in values.items() if k != "sealed"}  # as in insert
            if before["locked"] or values.get("locked"):
                values = self._item_lock(before, values, row_id)
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

    def _item_lock(self, before: dict, values: dict, row_id: int) -> dict:
        """An update of a locked item (or one being locked or unlocked): seal or open its text."""
        from bangongshi.storage import sealing

        was = bool(before["locked"]) and sealing.is_sealed(before)
        will = bool(values.get("locked", before["locked"]))
        if not was and not will:
            return values
        if was and will and not sealing.touches_sealed("item", before, values):
            return values
        values = sealing.seal_values("item", before, values, will, row_id, self._sealer)
        self._text_of_sealed |= was and will
        if was != will:
            self._lock_changed(row_id, was, will)
        return values

    def _lock_changed(self, row_id: int, was: bool, will: bool) -> None:
        from bangongshi.storage import sealing

        if will and not was:
            self.newly_sealed.add(row_id)
        elif was and not will:
            self.newly_sealed.discard(row_id)
            sealing.seal_children(self.conn, row_id, self._sealer(), seal=False)

    def finish(self) -> None:
        """Before the commit: rewrite in sealed form what an item that was just locked left behind."""
        if self._text_of_sealed and self.run_id is not None:
            from bangongshi.storage import sealing

            sealing.mask_run(self.conn, self.run_id)
        if not self.newly_sealed:
            return
        from bangongshi.storage import sealing

        for item_id in sorted(self.newly_sealed):
            if sealing.item_is_sealed(self.conn, item_id):
                sealing.seal_children(self.conn, item_id, self._sealer(), seal=True)
                sealing.scrub_history(self.conn, item_id, self._sealer())

    def insert_selected(self, entity: str, columns: tuple[str, ...], select: str, params: tuple = ()) -> int:
        """Rows added in bulk by one INSERT … SELECT (`select` gives `columns`; nothing in them is
        sealed: the caller keeps locked items for `insert`), each journaled as an insert whose after-image
        is the row itself rather than a copy of it (schema_v13.sql), so the journal of an import of
        100,000 items does not hold them a second time. How many rows were added."""
        table = JOURNALED_TABLES[entity]
        # Every id above the largest one now is a row this statement adds (AUTOINCREMENT never reuses).
        last = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        added = self.conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) {select}", params).rowcount
        self.conn.execute(
            "INSERT INTO changes (run_id, entity, entity_id, after_implied) "
            f"SELECT ?, ?, id, 1 FROM {table} WHERE id > ? ORDER BY id", (self._run(), entity, last))
        return added

    def restore(self, entity: str, row_id: int, snapshot: dict | None, implied: bool = False,
                current: dict | None | object = _UNREAD) -> None:
        """Put a row back exactly as `snapshot` has it (None: the row must not exist). `implied`: the
        change being redone left its after-image to the row (insert_selected), and so does this one.
        `current`: the row as the caller has just read it in this transaction."""
        before = self.fetch(entity, row_id) if current is _UNREAD else current
        table = JOURNALED_TABLES[entity]
        if snapshot is not None and entity in ("item", "follow_up", "slip"):
            snapshot = self._restored(entity, before, snapshot, row_id)
        if snapshot is None:
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        else:
            columns = ", ".join(snapshot)
            marks = ", ".join("?" for _ in snapshot)
            self.conn.execute(
                f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})", tuple(snapshot.values())
            )
        self._record(entity, row_id, before, snapshot, implied=implied and snapshot is not None)

    def _restored(self, entity: str, current: dict | None, snapshot: dict, row_id: int) -> dict:
        """A journal snapshot sealed after it was taken is opened again when the row it restores
        is not locked; restoring a locked snapshot over a plain row is a lock."""
        from bangongshi.storage import sealing

        if entity in sealing.CHILDREN:
            if sealing.is_sealed(snapshot) and not sealing.item_is_sealed(self.conn, snapshot.get("item_id")):
                return sealing.opened(entity, snapshot, self._sealer())
            return snapshot
        if sealing.is_sealed(snapshot) and not snapshot.get("locked"):
            snapshot = sealing.opened(entity, snapshot, self._sealer())
        was = bool(current and current["locked"] and sealing.is_sealed(current))
        will = bool(snapshot.get("locked")) and sealing.is_sealed(snapshot)
        if was != will and current is not None:  # bringing back a deleted locked item reveals nothing
            self._lock_changed(row_id, was, will)
        return snapshot

    def note(self, entity: str, before: dict | None, after: dict | None) -> None:
        """Journal a change made outside the store (OUTSIDE_ENTITIES) under this run."""
        if entity not in OUTSIDE_ENTITIES:
            raise ValueError(f"not a change outside the store: {entity}")
        self._record(entity, 0, before, after)

    def fetch(self, entity: str, row_id: int) -> dict | None:
        cursor = self.conn.execute(f"SELECT * FROM {JOURNALED_TABLES[entity]} WHERE id = ?", (row_id,))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip((d[0] for d in cursor.description), row))

    def _record(self, entity: str, row_id: int, before: dict | None, after: dict | None,
                implied: bool = False) -> None:
        """One change; `implied`: its after-image is the row as it now is, not copied (schema_v13.sql)."""
        self.conn.execute(
            "INSERT INTO changes (run_id, entity, entity_id, before, after, after_implied) VALUES (?, ?, ?, ?, ?, ?)",
            (self._run(), entity, row_id, _dump(before), None if implied else _dump(after), int(implied)),
        )


def _dump(snapshot: dict | None) -> str | None:
    return None if snapshot is None else json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def open_store(path: "Path | str", now: datetime) -> Store:
    """Open (creating with mode 0600 if needed) and migrate the store at `path` (text: as
    bangongshi.paths.db_file gives it)."""
    new = not os.path.exists(path)
    try:
        if new:
            create_private_file(path)
        if _writable(path):
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            conn = _read_only(path)
    except (OSError, sqlite3.Error) as error:
        raise _unusable(path, error, "无法打开数据文件") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = migrations.user_version(conn)
        if version < migrations.CURRENT_VERSION and not _writable(path):
            raise StorageError(f"「{path}」需要升级到新的数据版本，但文件或其目录不可写")
        migrations.check_identity(conn, path, version)
        if version < migrations.CURRENT_VERSION:
            _switch_to_wal(conn)
            migrations.migrate(conn, path, now)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        # Deleted and overwritten content is zeroed, so a locked item's old text leaves no trace.
        conn.execute("PRAGMA secure_delete = ON")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        conn.close()
        raise _unusable(path, error, "无法使用数据文件") from None
    except BaseException:
        conn.close()
        raise
    return Store(conn, path)


def _unusable(path: "Path | str", error: BaseException, what: str) -> StorageError:
    """Only a file that is itself damaged is called damaged: a full disk, a lock held by another
    program or a permission is named as such (the file is fine and nothing needs restoring)."""
    from pathlib import Path

    from bangongshi.errors import StoreDamaged
    from bangongshi.storage import sqlite_files

    path = Path(path)

    if sqlite_files.is_damage(error):
        import shlex

        from bangongshi.storage.backup import listed

        newest = listed(sqlite_files.backup_folder(path), (None, "daily"))
        backup = shlex.quote(str(newest[-1])) if newest else "备份文件"
        return StoreDamaged(f"「{path}」已损坏，不是可用的办公室助手数据文件（{error}）；"
                            f"用 bgs restore {backup} --yes 恢复（损坏的文件会移到 backups/ 保留）", reason=str(error))
    return StorageError(f"{what}「{path}」：{sqlite_files.cause(error)}")


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Two shells opening a new store at once both try this; the switch needs the file to itself and
    SQLite answers "locked" at once instead of waiting, so wait here as the busy timeout would."""
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _writable(path: "Path | str") -> bool:
    # WAL needs to create its -wal and -shm files beside the store, so the folder must be writable too.
    return os.access(path, os.W_OK) and os.access(os.path.dirname(path) or ".", os.W_OK)


def _read_only(path: "Path | str") -> sqlite3.Connection:
    """A store nobody may write here (a read-only share, a copy on a CD): reads still work. Without
    write access SQLite cannot make WAL's shared-memory file, so the file is read as immutable, unless
    its -wal holds data that is not in the file yet: that is read (or the command stops, exit 5)."""
    from pathlib import Path

    from bangongshi.storage import sqlite_files

    path = Path(path)
    try:
        return sqlite_files.connect_read_only(path, isolation_level=None, check_same_thread=True)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        if sqlite_files.is_damage(error):
            raise _unusable(path, error, "") from None
        raise StorageError(f"「{path}」只读，它旁边的「{path.name}-wal」里有还没并入数据文件的修改，但读不了"
                           f"（{sqlite_files.cause(error)}）；请让能写这个目录的用户运行一次 bgs list，"
                           f"或把这三个文件（.db、-wal、-shm）一起复制到自己的目录再用") from None
