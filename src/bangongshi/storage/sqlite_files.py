"""SQLite files other than the open store (backups, files to restore, a store nobody may write):
opened by a quoted file: URI, read without leaving -wal/-shm files beside them; copied without ever
leaving a half-written file; and SQLite's errors named by their real cause."""

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

# Beside a store or a copy, SQLite's companion files; a -wal may hold committed data.
COMPANIONS = ("-wal", "-shm", "-journal")
# Backups, pre-migration copies and damaged stores set aside live here, beside the store.
BACKUP_FOLDER = "backups"


def backup_folder(store_path: Path) -> Path:
    return store_path.parent / BACKUP_FOLDER


def uri(path: Path, **params: str) -> str:
    """A file: URI for `path`: '#', '?', '%' and spaces in a folder name would otherwise end the path
    early (and SQLite would create the file that part names)."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quote(str(Path(path).resolve()))}" + (f"?{query}" if query else "")


def wal_has_data(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def connect_read_only(path: Path, **kwargs) -> sqlite3.Connection:
    """Read `path` without writing anything. A WAL file beside it may hold committed data that is not
    in the main file yet: then SQLite must read it (and the -wal/-shm are there already). Without one,
    the file is read as immutable, which needs no -wal/-shm at all, so none are left behind."""
    if wal_has_data(path):
        conn = sqlite3.connect(uri(path, mode="ro"), uri=True, **kwargs)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (sqlite3.Error, UnicodeDecodeError):
            conn.close()
            raise
        return conn
    return sqlite3.connect(uri(path, mode="ro", immutable="1"), uri=True, **kwargs)


def copy(conn: sqlite3.Connection, target: Path, verify: bool = True) -> str:
    """A consistent copy of `conn` at `target` through SQLite's backup API, mode 0600, a single file
    (rollback journal, so reading it later leaves nothing beside it). It is written to a hidden
    temporary file and renamed into place: a full disk or a damaged store leaves no file at all.
    Returns "ok", or what the integrity check of the copy found (then no copy is left either)."""
    import tempfile

    # Hidden and unique (two backups in one second from two shells), created 0600.
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        destination = sqlite3.connect(temp, isolation_level=None)
        try:
            conn.backup(destination)
            destination.execute("PRAGMA journal_mode = DELETE")
            result = integrity(destination) if verify else "ok"
        finally:
            destination.close()
        if result != "ok":
            remove_with_companions(temp)
            return result
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    except BaseException:
        remove_with_companions(temp)
        raise
    return "ok"


def integrity(conn: sqlite3.Connection) -> str:
    """"ok", or what is wrong: SQLite answers some damage with an error instead of a report."""
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        if is_damage(error):
            return str(error)
        raise


def remove_with_companions(path: Path) -> None:
    for name in (str(path), *(f"{path}{suffix}" for suffix in COMPANIONS)):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass
        except OSError:
            pass  # best effort: what cannot be removed is not ours to insist on


def cause(error: BaseException) -> str:
    """What went wrong, in the user's words: a full disk or a lock held by another program is not a
    damaged file."""
    if isinstance(error, OSError):
        import errno

        from bangongshi.errors import os_reason

        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "磁盘已满"
        return os_reason(error)
    name = getattr(error, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return f"磁盘已满，写不进去（{error}）"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return f"数据文件被其他程序锁住了（{error}）：请关闭正在使用它的程序后再试"
    if name.startswith("SQLITE_IOERR"):
        return f"读写磁盘出错，磁盘可能已满或出了故障（{error}）"
    if name.startswith("SQLITE_READONLY"):
        return f"文件或其目录只读（{error}）"
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return f"打不开，请检查路径和权限（{error}）"
    return str(error)


def is_damage(error: BaseException) -> bool:
    """The file itself is not a sound SQLite database (random bytes, cut short, pages overwritten)."""
    if isinstance(error, UnicodeDecodeError):
        return True  # SQLite's own message quotes a damaged schema, which Python cannot decode
    if "Could not decode to UTF-8" in str(error):
        return True  # stored text that is not UTF-8 (sqlite3 decodes it in C: no Python text factory)
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
