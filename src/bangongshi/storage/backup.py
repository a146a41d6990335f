"""Backups of the store: consistent copies through SQLite's backup API (safe while others write),
mode 0600, the last N kept; checking a file before it is restored; restoring through the same API
into the open store (never by swapping a file another process may hold open), or, when the store is
too damaged to open, into a new one after the damaged file is set aside."""

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bangongshi.errors import BadInput, StorageError
from bangongshi.storage import migrations, sqlite_files

PREFIX = "bangongshi-"
# Ours: bangongshi-20261120T100000[-2][-daily|-before-restore|-damaged].db. A pre-migration copy
# (bangongshi-v6-….db, named after the store's file) is not one of them.
_NAME = re.compile(r"bangongshi-(\d{8}T\d{6})(?:-(\d+))?(?:-(daily|before-restore|damaged))?")
# Only these count toward backup_keep: a copy kept before a restore or a damaged store set aside are
# the user's to delete.
_COUNTED = (None, "daily")


@dataclass(frozen=True)
class FileCheck:
    path: Path
    version: int
    items: int


def make(conn: sqlite3.Connection, directory: Path, now: datetime, label: str = "",
         verify: bool = True) -> Path:
    """A new copy in `directory`. `verify`: a store that fails its integrity check is not copied
    (a damaged copy would take the place of a sound older one); StorageError says why."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}{('-' + label) if label else ''}.db"
    number = 1
    while target.exists():  # two backups in one second
        number += 1
        target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}-{number}{('-' + label) if label else ''}.db"
    try:
        result = sqlite_files.copy(conn, target, verify=verify)
    except (OSError, sqlite3.Error) as error:
        raise StorageError(f"备份没有做成：{sqlite_files.cause(error)}；没有留下不完整的文件") from None
    if result != "ok":
        raise StorageError(f"数据文件已损坏（{result}），没有备份（已有的备份都保留着）；"
                           f"请用 bgs restore 从最近的备份恢复")
    return target


def _order(path: Path) -> tuple | None:
    match = _NAME.fullmatch(path.stem)
    return (match[1], int(match[2] or 1), match[3]) if match else None


def listed(directory: Path, labels: tuple = (None, "daily", "before-restore")) -> list[Path]:
    """Our backups in `directory` (with one of `labels`), oldest first by the time in their names.
    An empty file is no backup (an older version left one when the disk was full)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob(f"{PREFIX}*.db"):
        order = _order(path)
        if order and order[2] in labels and path.is_file() and path.stat().st_size > 0:
            found.append((order[:2], path))
    return [path for _, path in sorted(found)]


def copies(directory: Path) -> list[Path]:
    """Every copy of a store in `directory`: ours, pre-migration ones and damaged stores set aside."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.db") if p.is_file())


def empty(directory: Path) -> list[Path]:
    return [p for p in copies(directory) if p.stat().st_size == 0]


def prune(directory: Path, keep: int, made: Path | None = None, store: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` of our backups (made by `bgs backup` or daily), never
    `made`, the one this run has just written (even when a clock set back makes it sort oldest), and
    never the live `store`, even when it sits in the folder under a backup's name."""
    others = [p for p in listed(directory, _COUNTED) if p != made and not _same_file(p, store)]
    room = keep - 1 if made is not None else keep
    doomed = others[:max(len(others) - room, 0)]
    for path in doomed:
        path.unlink()
    return doomed


def _same_file(path: Path, other: Path | None) -> bool:
    try:
        return other is not None and other.exists() and path.samefile(other)
    except OSError:
        return True  # cannot tell: keep it


def set_aside(path: Path, directory: Path, now: datetime) -> Path:
    """Move a damaged store (with its -wal, which may hold data, and -shm) into `directory`, kept."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}-damaged.db"
    number = 1
    while target.exists():
        number += 1
        target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}-{number}-damaged.db"
    try:
        shutil.move(path, target)
        for suffix in sqlite_files.COMPANIONS:
            if Path(f"{path}{suffix}").exists():
                shutil.move(f"{path}{suffix}", f"{target}{suffix}")
    except OSError as error:
        raise StorageError(f"无法把损坏的数据文件「{path}」移到「{directory}」：{sqlite_files.cause(error)}") from None
    return target


def check(path: Path) -> FileCheck:
    """Is `path` a sound store of ours that this version can open? BadInput says why not."""
    if not path.is_file():
        raise BadInput(f"「{path}」不存在或不是文件")
    try:
        conn = sqlite_files.connect_read_only(path)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise BadInput(f"「{path}」打不开：{error}") from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BadInput(f"「{path}」已损坏：{result}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        marker = conn.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if not marker or marker[0] != migrations.APP_MARKER:
            raise BadInput(f"「{path}」不是办公室助手的数据文件")
        if version > migrations.CURRENT_VERSION:
            raise BadInput(f"「{path}」来自更新的版本（数据版本 {version}），请先升级程序")
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise BadInput(f"「{path}」不是可用的数据文件：{error}") from None
    finally:
        conn.close()
    return FileCheck(path, version, items)


def restore(conn: sqlite3.Connection, source: Path) -> None:
    """Copy `source` over the open store, page by page, under SQLite's own locking."""
    origin = sqlite_files.connect_read_only(source)
    try:
        origin.backup(conn)
    finally:
        origin.close()


def integrity(conn: sqlite3.Connection) -> str:
    return sqlite_files.integrity(conn)


class FileRepository:
    """The store as a file: copies of it, a copy put back over it, its schema and its soundness."""

    def __init__(self, store):
        self.store = store

    def backup(self, directory: Path, now: datetime, label: str = "", verify: bool = True) -> Path:
        return make(self.store.conn, directory, now, label, verify)

    def restore_from(self, source: Path) -> None:
        restore(self.store.conn, source)

    def migrate(self, now: datetime) -> int:
        """Bring a store just copied in to the current schema; the version it had."""
        return migrations.migrate(self.store.conn, self.store.path, now)

    def integrity(self) -> str:
        return integrity(self.store.conn)

    def version(self) -> int:
        return migrations.user_version(self.store.conn)
