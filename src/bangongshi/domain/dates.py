"""The one parser behind every date and time option.

For now it reads ISO dates and times; the Chinese phrases (明天下午三点, 下周一, 月底前…) arrive with
the calendar. Callers depend only on `DateSpec`, so extending the grammar changes no caller.
"""

import re
from dataclasses import dataclass, field
import datetime as dt

from bangongshi.errors import BadInput

EXAMPLES = "2026-12-01、2026-12-01 15:00、2026-12-01T09:30"

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?$"
)


@dataclass(frozen=True)
class DateSpec:
    """What a date phrase means: a day, maybe a time, and whether it is a deadline (…前)."""

    date: dt.date
    time: dt.time | None = None
    deadline: bool = False
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def at(self, tz) -> dt.datetime | None:
        if self.time is None:
            return None
        return dt.datetime.combine(self.date, self.time, tzinfo=tz)


def parse_date(text: str, now: dt.datetime, *, option: str = "日期", past: bool = False) -> DateSpec:
    """Read one date option. `past` resolves a date without a year to the most recent past."""
    del now, past  # used by the phrase grammar; ISO dates are absolute
    cleaned = text.strip()
    match = _ISO.match(cleaned)
    if not match:
        raise BadInput(f"无法识别{option}「{text}」，可以写：{EXAMPLES}")
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise BadInput(f"{option}「{text}」不是真实存在的日期") from None
    moment = None
    if match["H"] is not None:
        try:
            moment = dt.time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
        except ValueError:
            raise BadInput(f"{option}「{text}」中的时间不存在") from None
    return DateSpec(date=day, time=moment)


def parse_datetime(text: str, now: dt.datetime, *, option: str) -> dt.datetime:
    """An option that needs a day and a time of day, such as the start of an appointment."""
    spec = parse_date(text, now, option=option)
    if spec.time is None:
        raise BadInput(f"{option}需要具体时间，例如：2026-12-01 09:30")
    return dt.datetime.combine(spec.date, spec.time, tzinfo=now.tzinfo)
