"""The duty roster's rules (issue #24), pure: which days a period's duty covers (exactly its rest days
on the 调休 calendar: a 调休 workday is never a duty day), how people rotate fairly and continue from
the previous roster, and the `duty:` settings. The calendar and the clock are passed in."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from bangongshi.domain import festivals
from bangongshi.domain.leaders import month_day
from bangongshi.errors import BadInput
from bangongshi.model.leaders import Shift, Shifts

DUTY_KEYS = ("shifts", "change", "night", "remind")
# A period longer than this is not one roster (a typo in a year, a range across years).
LONGEST_PERIOD = 92


@dataclass(frozen=True)
class DutySettings:
    """`duty:` in config.yaml (docs/leaders.md)."""

    shifts: Shifts = Shifts.FULL_DAY
    change: time = time(8, 30)  # 交接班: a 24-hour shift runs from this time to the same time next day
    night: time = time(17, 30)  # where the day shift hands over to the night shift
    remind: time = time(16, 0)  # the reminder the day before a duty

    def shifts_of(self, shifts: Shifts) -> tuple[Shift, ...]:
        return (Shift.FULL,) if shifts is Shifts.FULL_DAY else (Shift.DAY, Shift.NIGHT)

    def hours(self, shift: Shift) -> str:
        if shift is Shift.DAY:
            return f"{self.change:%H:%M}—{self.night:%H:%M}"
        if shift is Shift.NIGHT:
            return f"{self.night:%H:%M}—次日{self.change:%H:%M}"
        return f"{self.change:%H:%M}—次日{self.change:%H:%M}"


def duty_from(node, fail) -> DutySettings:
    """`duty:` from its Located tree (domain/settings.py); `fail(node, setting, why)` makes the error."""
    if not isinstance(node.value, dict):
        raise fail(node, "duty", "这里应该是「键: 值」的映射，如 shifts: 24h")
    values: dict = {}
    for key, child in node.value.items():
        if key not in DUTY_KEYS:
            raise fail(child, f"duty.{key}", f"不认识这个设置，可用：{'、'.join(DUTY_KEYS)}")
        if key == "shifts":
            try:
                values["shifts"] = Shifts.parse(str(child.value), "班次")
            except BadInput:
                raise fail(child, "duty.shifts", "只能是 24h（24小时一班）或 day_night（白班、夜班）") from None
        else:
            values[key] = _clock(child, f"duty.{key}", fail)
    found = DutySettings(**values)
    if found.night <= found.change:
        raise fail(node, "duty.night", "夜班开始时间应晚于交接班时间（duty.change）")
    return found


def _clock(node, setting: str, fail) -> time:
    """「08:30」 (domain/settings.py reads its times the same way; it imports this module, not back)."""
    text = str(node.value).strip().replace("：", ":")
    try:
        hour, minute = (int(part) for part in text.split(":"))
        return time(hour, minute)
    except ValueError:
        raise fail(node, setting, f"应写作 \"08:30\"（时:分），收到「{node.value}」") from None


# --- which days ---------------------------------------------------------------------------------

_FESTIVAL = re.compile(r"^\s*(?:(\d{4})\s*年?)?\s*(\S+?)\s*$")
_MONTH_WEEKENDS = re.compile(r"^\s*(?:周末|休息日|双休日)\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*$"
                             r"|^\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(?:的)?(?:周末|休息日|双休日)\s*$")


def festival_period(text: str, today: date, block: Callable) -> tuple[str, date, date] | None:
    """「2027春节」「国庆」「元旦」: (label, first, last) of that festival's rest block — the one not yet over
    when no year is given. `block(festival, year)` is the calendar's festival_block. None: not a festival."""
    found = _FESTIVAL.match(text.replace("　", " "))
    if not found:
        return None
    festival = festivals.BY_NAME.get(found.group(2))
    if festival is None:
        return None
    if found.group(1):
        year = int(found.group(1))
        start, end = block(festival, year)
    else:
        for year in (today.year, today.year + 1):
            start, end = block(festival, year)
            if end >= today:
                break
    return f"{start.year}年{festival.label}", start, end


def month_period(text: str, today: date) -> tuple[str, date, date] | None:
    """「周末 12月」「2027年1月周末」: (label, first, last) of that month — the coming one when no year is
    given (12月 in November is this December, 1月 in December the next January). None: not this form."""
    found = _MONTH_WEEKENDS.match(text.replace("　", " "))
    if not found:
        return None
    year_text, month_text = (found.group(1), found.group(2)) if found.group(2) else (found.group(3), found.group(4))
    month = int(month_text)
    if not 1 <= month <= 12:
        raise BadInput(f"「{text}」的月份应在 1 到 12 之间")
    year = int(year_text) if year_text else (today.year if month >= today.month else today.year + 1)
    start = date(year, month, 1)
    end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
    return f"{year}年{month}月休息日", start, end


def duty_days(start: date, end: date, is_workday: Callable[[date], bool]) -> list[date]:
    """Exactly the rest days from `start` to `end`: weekends and holidays, never a 调休 workday."""
    if end < start:
        raise BadInput(f"结束日期 {end} 早于开始日期 {start}")
    if (end - start).days >= LONGEST_PERIOD:
        raise BadInput(f"一张值班表最多排 {LONGEST_PERIOD} 天，{start} 至 {end} 太长；请分段排")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)
            if not is_workday(start + timedelta(days=n))]


# --- who ----------------------------------------------------------------------------------------

def rotate(slots: list[date], people: list[str], last: str | None,
           unavailable: dict[str, set[date]] | None = None) -> list[str]:
    """Who takes each slot (a slot is a duty day; a day with two shifts appears twice). People take
    turns in the order given, starting after `last` (who was on duty last, in the previous roster), so
    a new roster continues the old one. A person unavailable on a slot's day is skipped; whoever has
    had the fewest turns so far (then whoever is next in turn) takes it, so counts stay within one of
    each other whenever the exceptions allow it. Nobody takes two slots in a row while someone else can."""
    if not people:
        raise BadInput("请写值班人员，例如 --people 张三,李四,王五")
    unavailable = unavailable or {}
    count = dict.fromkeys(people, 0)
    pointer = (people.index(last) + 1) % len(people) if last in people else 0
    chosen: list[str] = []
    for day in slots:
        free = [p for p in people if day not in unavailable.get(p, set())]
        if not free:
            raise BadInput(f"{month_day(day)} 没有可以值班的人：每个人都在 --except 里")
        previous = chosen[-1] if chosen else last
        if len(free) > 1 and previous in free:
            free.remove(previous)

        def turn(person: str) -> tuple[int, int]:
            return count[person], (people.index(person) - pointer) % len(people)

        person = min(free, key=turn)
        chosen.append(person)
        count[person] += 1
        pointer = (people.index(person) + 1) % len(people)
    return chosen


def last_of(names_latest_first: list[str], people: list[str]) -> str | None:
    """Who of `people` was on duty most recently (the previous rosters, latest first)."""
    wanted = set(people)
    return next((name for name in names_latest_first if name in wanted), None)


def duty_day_of(moment_date: date, moment_time: time, settings: DutySettings) -> date:
    """The duty day a moment belongs to: before the handover time it is still the previous day's duty."""
    return moment_date if moment_time >= settings.change else moment_date - timedelta(days=1)


def names(text: str, what: str) -> list[str]:
    """「张三,李四、王五」: the names in order, each once."""
    found = [" ".join(n.split()) for n in re.split(r"[,，、;；]", text or "")]
    found = [n for n in found if n]
    if not found:
        raise BadInput(f"请写{what}，用逗号分开，例如 张三,李四")
    return list(dict.fromkeys(found))


def reminders(today: date, tomorrow_shifts: list, settings: DutySettings, tz, channel_of: dict[str, str]) -> list:
    """The reminder the day before each duty, at `duty.remind`: one to the secretary's channels (route
    kind `duty`) that also goes to the person on duty's own channel, when the registry gives one
    (`channel_of`: name → a remind.channels name). On any day: the day before a holiday is often one."""
    from datetime import datetime

    from bangongshi.model.remind import Reminder

    found = []
    for shift in tomorrow_shifts:
        when = f"{month_day(shift.day)}（周{'一二三四五六日'[shift.day.weekday()]}）{shift.shift.label} {settings.hours(shift.shift)}"
        leader = f"，带班领导 {shift.leader}" if shift.leader else ""
        text = f"明天值班：{shift.person}，{when}{leader}（bgs duty show）"
        to = tuple(dict.fromkeys(c for c in (channel_of.get(shift.person, ""), channel_of.get(shift.leader, "")) if c))
        found.append(Reminder(f"duty:{shift.id}:{shift.day.isoformat()}:{shift.person}", "duty",
                              datetime.combine(today, settings.remind, tz), text, to=to))
    return found
