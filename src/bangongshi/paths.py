"""Where the store lives: --db, then BANGONGSHI_HOME, then the platform's user data dir.

Bare `bgs` and `bgs add` find their files as text, without pathlib (which imports urllib.parse and
ipaddress: ~3 ms of a start-up that takes a few dozen); the text is what str() of the Path would be.
The functions that return a Path are for everyone else."""

import os

from bangongshi.errors import BadInput, StorageError, os_reason

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path

HOME_ENV = "BANGONGSHI_HOME"
DB_NAME = "bangongshi.db"


def as_path_text(text: str) -> str:
    """str(pathlib.PurePosixPath(text)): repeated and '.' parts dropped, '..' kept, no trailing slash."""
    root = "//" if text.startswith("//") and not text.startswith("///") else "/" if text.startswith("/") else ""
    return root + "/".join(part for part in text.split("/") if part and part != ".") or "."


def joined(directory: str, name: str) -> str:
    """str(Path(directory) / name) for a directory given as as_path_text gives it."""
    if directory == ".":
        return name
    return directory + name if directory.endswith("/") else f"{directory}/{name}"


def parent_text(path: str) -> str:
    """str(Path(path).parent) for a path given as as_path_text gives it."""
    head, slash, _ = path.rpartition("/")
    return (head if head.strip("/") else path[:len(head) + 1]) if slash else "."


def data_dir() -> "Path":
    from pathlib import Path

    return Path(data_dir_text())


def data_dir_text() -> str:
    home = os.environ.get(HOME_ENV)
    if home:
        return as_path_text(os.path.expanduser(home))
    from platformdirs import user_data_dir

    return as_path_text(user_data_dir("bangongshi", appauthor=False))


def resolve_db_path(db_option: str | None) -> "Path":
    """The store's file. An explicit --db must name a file in an existing directory."""
    from pathlib import Path

    return Path(db_file(db_option))


def db_file(db_option: str | None) -> str:
    """resolve_db_path as text."""
    if db_option:
        path = as_path_text(os.path.expanduser(db_option))
        if os.path.isdir(path):
            raise BadInput(f"--db 需要一个文件路径，「{db_option}」是目录")
        parent = parent_text(path)
        if not os.path.exists(parent):
            raise BadInput(f"--db 的目录不存在：{parent}（请先创建目录，或换一个路径）")
        return path
    directory = data_dir_text()
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        # It, or a folder on its way, is a file: the setting is wrong, nothing is damaged.
        raise BadInput(f"数据目录「{directory}」不是目录（路径上有同名文件），请检查 {HOME_ENV}") from None
    except PermissionError:
        raise  # the edge's message names the folder and what to check
    except OSError as error:
        raise StorageError(f"无法创建数据目录「{directory}」：{os_reason(error)}") from None
    return joined(directory, DB_NAME)
