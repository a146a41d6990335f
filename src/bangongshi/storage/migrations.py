"""Schema versions, applied in order when a store opens, each in one transaction.

A migration is a list of SQL scripts (files beside this module) or a callable taking the
connection. Never drop user data: a migration that reshapes a table copies every row across.
A backup of the store is taken before any migration of an existing store.
"""

import sqlite3
from collections.abc import Callable
from datetime import datetime

from bangongshi.errors import StorageError

# pathlib only where a migration reads its scripts or backs the store up: opening a store that is up
# to date (every command) does without it (bangongshi/paths.py says why).
TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path

Migration = str | Callable[[sqlite3.Connection], None]

# Index i holds the step that brings a store from version i to version i + 1.
MIGRATIONS: list[Migration] = [
    "schema_v1.sql",
    "schema_v2.sql",
    "schema_v3.sql",
    "schema_v4.sql",
    "schema_v5.sql",
    "schema_v6.sql",
    "schema_v7.sql",
    "schema_v8.sql",
    "schema_v9.sql",
    "schema_v10.sql",
    "schema_v11.sql",
    lambda conn: schema_v12(conn),
    "schema_v13.sql",
    "schema_v14.sql",
    "schema_v15.sql",
    "schema_v16.sql",  # the import journal: changes.after_implied
    "schema_v17.sql",  # issue #23's registers: people, 收文/发文, numbers, 来电来访
    "schema_v18.sql",  # issue #24: leaders' appointments, away days, duty rosters, handover log
    "schema_v19.sql",  # issue #25: colleagues' CalDAV identities, 延期 in the 督办 log, shared items
    "schema_v20.sql",  # issue #19: the agenda's grouped read by a packed code of its flags
    "schema_v21.sql",  # issue #19: items by the time they were recorded (a report's 新记, the day's new items)
    "schema_v22.sql",  # minutes an older import stored as text: rounded, or moved into the notes
    "schema_v23.sql",  # issue #19: a report's handled and followed items read from their indexes alone
]
CURRENT_VERSION = len(MIGRATIONS)
APP_MARKER = "bangongshi"


def schema_v12(conn: sqlite3.Connection) -> None:
    """The sync tables; then occurrences not yet synced (none is, before this version) get the uuid
    derived from their rule and date, so two machines that make the same occurrence converge."""
    from pathlib import Path

    _run_script(conn, (Path(__file__).parent / "schema_v12.sql").read_text("utf-8"))
    from bangongshi.storage import rules

    # Occurrences made before uuids were derived get theirs (none of them has been synced yet).
    rules.rekey_unsynced_occurrences(conn)


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_identity(conn: sqlite3.Connection, path: "Path | str", version: int) -> None:
    """Refuse a file that is some other program's database, or one from a newer bangongshi."""
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if version == 0:
        if has_tables:
            raise StorageError(f"「{path}」是其他程序的 SQLite 数据库，不是办公室助手的数据文件")
        return
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
    except sqlite3.DatabaseError:
        row = None
    if row is None or row[0] != APP_MARKER:
        raise StorageError(f"「{path}」不是办公室助手的数据文件")
    if version > CURRENT_VERSION:
        raise StorageError(
            f"「{path}」由更新版本的办公室助手创建（数据版本 {version}，本程序支持到 {CURRENT_VERSION}），请先升级程序"
        )


def migrate(conn: sqlite3.Connection, path: "Path", now: datetime) -> int:
    """Bring the store to CURRENT_VERSION. Returns the version it had before."""
    from pathlib import Path

    start = user_version(conn)
    if start == CURRENT_VERSION:
        return start
    path = Path(path)
    if start > 0:
        # Outside the transaction: the backup API cannot read from a connection that holds a
        # write lock (it would wait forever), and it takes a consistent copy by itself.
        backup_before_migration(conn, path, start, now)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock.
        start = user_version(conn)
        for version in range(start, CURRENT_VERSION):
            step = MIGRATIONS[version]
            if callable(step):
                step(conn)
            else:
                _run_script(conn, (Path(__file__).parent / step).read_text("utf-8"))
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        conn.execute("ROLLBACK")
        raise StorageError(
            f"升级数据文件失败（数据版本 {start} → {CURRENT_VERSION}）：{error}；数据未改动"
        ) from None
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return start


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would commit our transaction; run statement by statement instead.
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise StorageError(f"迁移脚本不完整：{statement[:60]}")


def backup_before_migration(conn: sqlite3.Connection, path: "Path", version: int, now: datetime) -> "Path":
    from bangongshi.storage.sqlite_files import backup_folder

    directory = backup_folder(path)
    directory.mkdir(mode=0o700, exist_ok=True)
    target = directory / f"{path.stem}-v{version}-{now.strftime('%Y%m%dT%H%M%S')}{path.suffix}"
    copy_database(conn, target)
    return target


def copy_database(conn: sqlite3.Connection, target: "Path") -> None:
    """A consistent copy through SQLite's backup API, readable by the owner only, never half-written."""
    from bangongshi.storage.sqlite_files import copy

    copy(conn, target, verify=False)
