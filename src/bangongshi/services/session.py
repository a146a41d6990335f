"""What every use case needs: the store, the settings, the moment the command runs, and how it was
typed; and opening all of that for one run (`open_session`), which is the CLI's only way to a store."""

import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bangongshi import clock
from bangongshi.errors import BadInput
from bangongshi.paths import resolve_db_path
from bangongshi.storage import Store


# Below this many rows an import or export takes well under a second: no bar.
PROGRESS_FROM = 2000


@dataclass
class Session:
    store: Store
    now: datetime
    command: str
    # The command line as `bgs log` shows it once it carried a locked item's text (the CLI's parser
    # knows which words are values); None: storage masks everything after the command.
    masked_command: str | None = None
    # --strict: refuse an answer that rests on an estimated year instead of warning.
    strict: bool = False
    # Things the user should know that do not stop the command (a date on a rest day…).
    notices: list[str] = field(default_factory=list)
    _calendar: object = None
    # (description, total) -> context yielding advance(n): the CLI's progress bar; None: no bar.
    progress: Callable | None = None
    # The settings in force (config.yaml over the defaults); None for a session made without them.
    settings: object = None
    # Said once when the session opens (next year's arrangement missing…), before anything else.
    reminders: list[str] = field(default_factory=list)

    def tracked(self, items: Iterable, total: int, description: str) -> Iterator:
        """`items`, with a progress bar while they are consumed, when the work is long."""
        if self.progress is None or total < PROGRESS_FROM:
            yield from items
            return
        with self.progress(description, total) as advance:
            for item in items:
                yield item
                advance(1)

    def write(self):
        return self.store.write(self.command, self.now, masked=self.masked_command)

    def close(self) -> None:
        self.store.close()

    @property
    def calendar(self):
        """The office calendar, built on first use (it reads the store and chinesecalendar)."""
        if self._calendar is None:
            from bangongshi.services.calendar import build_calendar

            self._calendar = build_calendar(self.store)
        return self._calendar

    def calendar_changed(self) -> None:
        """The user's calendar data was written: the next question rebuilds the calendar."""
        self._calendar = None

    def parse_date(self, text: str, option: str, past: bool = False, rest_day_warning: bool = True):
        """Every date option of every command goes through here."""
        from bangongshi.domain import dates

        spec = dates.parse_date(text, self.now, self.calendar, option=option, past=past,
                                rest_day_warning=rest_day_warning)
        self.rests_on_estimate(spec.estimated_years, f"{option}「{text}」")
        self.notice(*spec.warnings)
        return spec

    def parse_datetime(self, text: str, option: str):
        from bangongshi.domain import dates

        moment, spec = dates.parse_datetime(text, self.now, self.calendar, option=option)
        self.rests_on_estimate(spec.estimated_years, f"{option}「{text}」")
        self.notice(*spec.warnings)
        return moment

    def rests_on_estimate(self, years, what: str) -> None:
        if not years:
            return
        listed = "、".join(f"{y}年" for y in sorted(years))
        if self.strict:
            raise BadInput(f"{what}要用到尚未载入的{listed}放假安排，--strict 下不作估计；"
                           "请先载入：bgs cal import-notice 通知.txt")
        for year in sorted(years):
            self.notice(f"{year}年的放假安排尚未载入，已按法定节日估计（标为“估计”），可能与国务院通知不同；"
                        f"载入：bgs cal import-notice 通知.txt 或 bgs cal load 文件.yaml")

    def notice(self, *messages: str) -> None:
        for message in messages:
            if message not in self.notices:
                self.notices.append(message)


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
    store = open_store(resolve_db_path(db), now)
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


def locate_store(db: str | None) -> tuple[Path, datetime]:
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
