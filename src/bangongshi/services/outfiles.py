"""Every file a command writes on request (`-o` of export, report, cal export) goes through here.

Such a path is the user's to choose, so it may by mistake name something that must not be
overwritten: the store, its -wal/-shm/-journal (SQLite would read a foreign file as its journal),
a backup or the settings. Those are refused before anything is read. A file is written whole or
not at all: into a temporary file in the same folder, then renamed over the target, so a full disk
or an interrupted command leaves the old file as it was. A file that holds the plaintext of locked
items is created 0600 from the start (never readable by others, not even for a moment).
"""

import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from bangongshi.errors import BadInput, StorageError, os_reason
from bangongshi.storage.backup import PREFIX
from bangongshi.storage.sqlite_files import COMPANIONS, backup_folder

SQLITE_HEADER = b"SQLite format 3\x00"


def target(text: str, store: Path, *, option: str = "-o", directory: bool = False) -> Path:
    """The path `text` names, checked: its folder exists, it is (or can be) a file — or a folder
    when `directory` — and writing it cannot destroy data. BadInput (exit 2) says why not."""
    path = Path(text).expanduser()
    if not path.parent.is_dir():
        raise BadInput(f"{option}「{text}」所在的目录不存在")
    what = protected(path, store)
    if what:
        raise BadInput(f"不能写到「{text}」：它是{what}，写入会毁掉数据；请换一个文件名")
    if directory and path.exists() and not path.is_dir():
        raise BadInput(f"「{text}」是文件，这里需要一个目录")
    if not directory and path.is_dir():
        raise BadInput(f"「{text}」是目录，请给出文件名")
    return path


def protected(path: Path, store: Path) -> str | None:
    """What `path` is, when writing it could destroy data; None when it is safe to write."""
    from bangongshi.config import CACHE_NAME, config_path

    real = path.resolve()  # through symlinks and "..": the file that would really be written
    store = store.resolve()
    settings = config_path().resolve()
    named = {store: "数据文件", settings: "设置文件", settings.parent / CACHE_NAME: "设置文件的缓存"}
    named |= {store.with_name(store.name + suffix): f"数据文件的日志文件（{suffix}）" for suffix in COMPANIONS}
    if real in named:
        return named[real]
    if real.exists():
        for known, what in named.items():  # a hard link, or a name that differs only in case
            if known.exists() and os.path.samefile(real, known):
                return what
    if real.is_dir():
        return None
    if _is_sqlite(real):
        return "一个 SQLite 数据库（数据文件或备份）"
    for suffix in COMPANIONS:
        if real.name.endswith(suffix) and _is_sqlite(real.with_name(real.name[:-len(suffix)])):
            return f"数据库的日志文件（{suffix}）"
    if real.parent == backup_folder(store) and real.name.startswith(PREFIX):
        return "备份目录里留给备份的文件名（会占去一份备份的位置）"
    return None


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def write(path: Path, content: bytes | Callable[[BinaryIO], None], *, private: bool = False) -> Path:
    """Write `content` (bytes, or a function that writes to the open file) to `path`, whole or not
    at all; returns where it went. `private`: mode 0600 (the file holds locked text); otherwise an
    existing file keeps its mode and a new one gets the usual mode (umask)."""
    fill = content if callable(content) else (lambda handle: handle.write(content))
    try:
        if path.exists() and not path.is_file():  # /dev/stdout, a FIFO: cannot be renamed over
            with open(path, "wb") as handle:
                fill(handle)
            return path
        real = path.resolve()  # a symlink is followed, as writing through it would
        kept_mode = None if private or not real.exists() else stat.S_IMODE(real.stat().st_mode)
        # A short name of its own: the target's name may already be as long as a name can be.
        temp = real.with_name(f".bgs-{secrets.token_hex(6)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
            if kept_mode is not None:
                os.chmod(temp, kept_mode)
            os.replace(temp, real)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise StorageError(f"无法写入「{path}」：{os_reason(error)}（原来的文件没有改动）") from None
    return real


SYNC_BATCH = 1000  # files written to temporary names before one sync makes them durable


def write_all(folder: Path, files: Iterable[tuple[str, bytes]], *, private: bool = False) -> int:
    """Many files (name, content) into `folder` (a vdir), each whole or not at all as by `write`,
    without an fsync per file (10 ms a file on a busy disk, an hour for 100,000 items): a batch is
    written to temporary names, made durable by one `os.sync`, then renamed into place, so a
    crash leaves every file either as it was or complete. Returns how many were written."""
    if not hasattr(os, "sync"):  # no sync() to batch on (Windows): one fsync a file
        count = 0
        for name, content in files:
            write(folder / name, content, private=private)
            count += 1
        return count
    pending: list[tuple[Path, Path]] = []
    count = 0
    try:
        for name, content in files:
            path = folder / name
            try:
                found = path.lstat()
            except FileNotFoundError:
                found = None
            if found is not None and not stat.S_ISREG(found.st_mode):
                write(path, content, private=private)  # a symlink followed, a FIFO written into, as `write` does
            else:
                kept_mode = None if private or found is None else stat.S_IMODE(found.st_mode)
                pending.append((_temp_copy(path, content, private, kept_mode), path))
            count += 1
            if len(pending) == SYNC_BATCH:
                _settle(pending)
        _settle(pending)
    except OSError as error:
        raise StorageError(f"无法写入「{folder}」：{error.strerror or error}（已写完的文件保留，其余没有改动）") from None
    finally:
        for temp, _ in pending:
            temp.unlink(missing_ok=True)
    return count


def _temp_copy(path: Path, content: bytes, private: bool, kept_mode: int | None) -> Path:
    """`content` in a new temporary file beside `path`: private (0600), the mode of the file it
    replaces, or the usual mode of a new file."""
    temp = path.with_name(f".bgs-{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        if kept_mode is not None:
            os.chmod(temp, kept_mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _settle(pending: list[tuple[Path, Path]]) -> None:
    """The batch's contents on disk first, then their names: a renamed file is never half written."""
    if pending:
        os.sync()
        while pending:
            temp, path = pending.pop()
            os.replace(temp, path)


def folder(path: Path, *, private: bool = False) -> Path:
    """A folder for many output files (vdir); a new one is 0700 when it will hold locked text."""
    try:
        path.mkdir(mode=0o700 if private else 0o777, exist_ok=True)
    except OSError as error:
        raise StorageError(f"无法创建目录「{path}」：{os_reason(error)}") from None
    return path.resolve()


def private_note(private: bool) -> str:
    """What the user is told about a file that holds locked text."""
    return "（含加密事项的明文，文件权限 600：只有本人可读）" if private else ""
