"""Backups of the store: consistent copies through SQLite's backup API (safe while others write),
mode 0600, the last N kept; checking a file before it is restored; restoring through the same API
into the open store (never by swapping a file another process may hold open)."""

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bangongshi.errors import BadInput
from bangongshi.storage import migrations

PREFIX = "bangongshi-"


@dataclass(frozen=True)
class FileCheck:
    path: Path
    version: int
    items: int


def make(conn: sqlite3.Connection, directory: Path, now: datetime, label: str = "") -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}{('-' + label) if label else ''}.db"
    number = 1
    while target.exists():  # two backups in one second
        number += 1
        target = directory / f"{PREFIX}{now:%Y%m%dT%H%M%S}-{number}{('-' + label) if label else ''}.db"
    migrations.copy_database(conn, target)
    return target


def listed(directory: Path) -> list[Path]:
    """Our backups in `directory`, oldest first (by the time in their names)."""
    if not directory.is_dir():
        return []
    # by stem: "…T173000" before "…T173000-2", the second backup of that second
    return sorted((p for p in directory.glob(f"{PREFIX}*.db") if p.is_file()), key=lambda p: p.stem)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` of our backups (made by `bgs backup`); returns the deleted."""
    doomed = [p for p in listed(directory) if not p.stem.endswith("-before-restore")][:-keep or None]
    for path in doomed:
        path.unlink()
    return doomed


def check(path: Path) -> FileCheck:
    """Is `path` a sound store of ours that this version can open? BadInput says why not."""
    if not path.is_file():
        raise BadInput(f"「{path}」不存在或不是文件")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
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
    except sqlite3.DatabaseError as error:
        raise BadInput(f"「{path}」不是可用的数据文件：{error}") from None
    finally:
        conn.close()
    return FileCheck(path, version, items)


def restore(conn: sqlite3.Connection, source: Path) -> None:
    """Copy `source` over the open store, page by page, under SQLite's own locking."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin:
        origin.backup(conn)
    origin.close()


def integrity(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA integrity_check").fetchone()[0]
