"""What every use case needs: the store, the settings, the calendar, the moment the command runs, and
how it was typed. Opening all of that for one run is services/opening.py; this module imports no
other service, so every use case can import it."""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from bangongshi.errors import BadInput
from bangongshi.storage import Store


# Below this many rows an import or export takes well under a second: no bar.
PROGRESS_FROM = 2000


class Session:
    """A plain class, not a dataclass: one per run, never compared or replace()d, and a dataclass
    costs every command about a millisecond to define (issue #19)."""

    def __init__(self, store: Store, now: datetime, command: str, masked_command: str | None = None,
                 strict: bool = False, notices: list[str] | None = None, _calendar: object = None,
                 progress: Callable | None = None, settings: object = None, reminders: list[str] | None = None,
                 readings: list[str] | None = None):
        self.store = store
        self.now = now
        self.command = command
        # The command line as `bgs log` shows it once it carried a locked item's text (the CLI's parser
        # knows which words are values); None: storage masks everything after the command.
        self.masked_command = masked_command
        # --strict: refuse an answer that rests on an estimated year instead of warning.
        self.strict = strict
        # Things the user should know that do not stop the command (a date on a rest day…).
        self.notices = notices if notices is not None else []
        self._calendar = _calendar
        # (description, total, unit="") -> context yielding advance(n): the CLI's progress bar ("bytes":
        # of a file read a piece at a time); None: no bar.
        self.progress = progress
        # The settings in force (config.yaml over the defaults); None for a session made without them.
        self.settings = settings
        # Said once when the session opens (next year's arrangement missing…), before anything else.
        self.reminders = reminders if reminders is not None else []
        # How each date phrase of the command was read (「3个工作日内」→ 12月3日…), for the echo of add/edit.
        self.readings = readings if readings is not None else []

    def tracked(self, items: Iterable, total: int, description: str, least: int = PROGRESS_FROM) -> Iterator:
        """`items`, with a progress bar while they are consumed, when the work is long (`least` rows)."""
        if self.progress is None or total < max(least, 1):
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
            self._calendar = build_calendar(self.store)
        return self._calendar

    def calendar_changed(self) -> None:
        """The user's calendar data was written: the next question rebuilds the calendar."""
        self._calendar = None

    def parse_date(self, text: str, option: str, past: bool = False, rest_day_warning: bool = True):
        """Every date option of every command goes through here."""
        from bangongshi.domain import dates

        spec = dates.parse_date(text, self.now, self.calendar, option=option, past=past,
                                rest_day_warning=rest_day_warning, hours=self._hours())
        self._accept(spec, text, option)
        return spec

    def parse_datetime(self, text: str, option: str):
        from bangongshi.domain import dates

        moment, spec = dates.parse_datetime(text, self.now, self.calendar, option=option, hours=self._hours())
        self._accept(spec, text, option)
        return moment

    def _hours(self):
        return self.settings.hours_on if self.settings is not None else None

    def _accept(self, spec, text: str, option: str) -> None:
        """One rule for every date option: an estimate (a year not loaded, or a phrase read by
        convention) is said, or refused under --strict; how the phrase was read is kept."""
        self.rests_on_estimate(spec.estimated_years, f"{option}「{text}」")
        if spec.approximate and self.strict:
            raise BadInput(f"{option}「{text}」是按约定估计的（{spec.reading}），--strict 下不作估计；"
                           f"请写具体日期，例如 {spec.date.isoformat()}")
        self.notice(*spec.warnings)
        if spec.reading:
            weekday = "一二三四五六日"[spec.date.weekday()]
            when = f"{spec.date.isoformat()}（周{weekday}{'，截止' if spec.deadline else ''}）"
            when += f" {spec.time.strftime('%H:%M')}" if spec.time else ""
            self.readings.append(f"{option}「{text}」理解为 {when}：{spec.reading}")

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


# Treat the package's years after this one as unknown: for tests and for trying out the estimate.
LAST_OFFICIAL_ENV = "BANGONGSHI_LAST_OFFICIAL_YEAR"


def build_calendar(store: Store):
    import os

    from bangongshi.domain.calendar import Calendar, package_data

    loaded, local = store.calendar.load()
    cut = os.environ.get(LAST_OFFICIAL_ENV, "").strip()
    if cut and not cut.isdigit():
        raise BadInput(f"环境变量 {LAST_OFFICIAL_ENV} 应是年份，收到「{cut}」")
    return Calendar(package_data(int(cut) if cut else None), loaded, local)
