"""Opening the session of one command line (`open_session`): the CLI's only way to a store."""

import re
import shlex
from collections.abc import Callable
from datetime import datetime

from bangongshi import clock
from bangongshi.errors import BadInput
from bangongshi.paths import db_file, resolve_db_path
from bangongshi.services.session import Session

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:
    from pathlib import Path


def open_session(db: str | None, argv: list[str], *, strict: bool = False, passphrase: str | None = None,
                 config_optional: bool = False, progress: Callable | None = None,
                 masked_command: str | None = None) -> Session:
    """The Session of one command line: the settings, the clock in the office's zone, the store
    (`db`: the --db option, else BANGONGSHI_HOME's), the passphrase given for this run (prompt or
    environment), and what opening does (due occurrences, the daily backup, December's reminder).
    `config_optional`: a broken config gives the defaults instead of stopping (`bgs doctor`)."""
    from bangongshi.storage import open_store

    settings = load_settings(config_optional)
    now = clock.now(clock.office_zone(settings.timezone))
    store = open_store(db_file(db), now)  # text: pathlib is not on every command's way (paths.py)
    store.passphrase = passphrase or None
    session = Session(store=store, now=now, command=command_text(argv), strict=strict, progress=progress,
                      settings=settings, masked_command=masked_command)
    from bangongshi.services.upkeep import on_open

    on_open(session, settings)
    if now.month == 12:
        from bangongshi.services.calendar import next_year_reminder

        reminder = next_year_reminder(session)
        if reminder:
            session.reminders.append(reminder.message)
    return session


def load_settings(config_optional: bool = False):
    from bangongshi.config import load_settings as load

    try:
        return load()
    except BadInput:
        if not config_optional:
            raise
        from bangongshi.domain.settings import DEFAULTS

        return DEFAULTS  # `bgs doctor` reports the broken config instead of stopping at it


def locate_store(db: str | None) -> "tuple[Path, datetime]":
    """For `bgs restore`: where the store is and the time, without opening it (it may be the damaged
    file restore is the way out of) and without a valid config."""
    settings = load_settings(config_optional=True)
    return resolve_db_path(db), clock.now(clock.office_zone(settings.timezone))


def database_error_message(error: Exception) -> str:
    """What to tell the user about an error SQLite raised: damage (restore from a backup) or its cause."""
    from bangongshi.storage.sqlite_files import cause, is_damage

    return (f"数据文件已损坏（{error}）：用 bgs restore 备份文件 --yes 从备份恢复" if is_damage(error)
            else f"数据库出错：{cause(error)}")


def command_text(argv: list[str]) -> str:
    """How the user typed this run, for the journal and `bgs log`."""
    return " ".join(["bgs", *(_quote(arg) for arg in argv)])


_NEEDS_QUOTES = re.compile(r"""[\s'"\\$`!*?;&|<>(){}\[\]#~]""")


def _quote(arg: str) -> str:
    # shlex.quote would quote every Chinese word; quote only what a shell would misread.
    return shlex.quote(arg) if not arg or _NEEDS_QUOTES.search(arg) else arg
