"""Where the store lives: --db, then BANGONGSHI_HOME, then the platform's user data dir."""

import os
from pathlib import Path

from bangongshi.errors import BadInput, StorageError, os_reason

HOME_ENV = "BANGONGSHI_HOME"
DB_NAME = "bangongshi.db"


def data_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("bangongshi", appauthor=False))


def resolve_db_path(db_option: str | None) -> Path:
    """The store's file. An explicit --db must name a file in an existing directory."""
    if db_option:
        path = Path(db_option).expanduser()
        if path.is_dir():
            raise BadInput(f"--db 需要一个文件路径，「{db_option}」是目录")
        if not path.parent.exists():
            raise BadInput(f"--db 的目录不存在：{path.parent}（请先创建目录，或换一个路径）")
        return path
    directory = data_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (FileExistsError, NotADirectoryError):
        # It, or a folder on its way, is a file: the setting is wrong, nothing is damaged.
        raise BadInput(f"数据目录「{directory}」不是目录（路径上有同名文件），请检查 {HOME_ENV}") from None
    except PermissionError:
        raise  # the edge's message names the folder and what to check
    except OSError as error:
        raise StorageError(f"无法创建数据目录「{directory}」：{os_reason(error)}") from None
    return directory / DB_NAME
