"""Where the store lives: --db, then BANGONGSHI_HOME, then the platform's user data dir."""

import os
from pathlib import Path

from bangongshi.errors import BadInput

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
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory / DB_NAME
