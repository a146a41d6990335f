"""Calendar use cases: load a year, set local days, the month view, next year's reminder. (The
session builds the office calendar itself: services/session.py build_calendar.)"""

from dataclasses import dataclass
from datetime import date, timedelta

from bangongshi.domain.calendar import Calendar, DayInfo, LocalDay, YearSchedule
from bangongshi.errors import BadInput
from bangongshi.services.session import Session

WARNED_KEY = "next_year_warned_on"


def load_year(session: Session, schedule: YearSchedule, source: str) -> YearSchedule:
    _check_schedule(schedule)
    with session.write() as tx:
        session.store.calendar.replace_year(tx, schedule, source)
    session.calendar_changed()
    return schedule


def _check_schedule(schedule: YearSchedule) -> None:
    for day in (*schedule.rest, *schedule.work):
        # Late December of the year before is the year's own 元旦 (2018-12-30 in the 2019 notice).
        if day.year != schedule.year and not (day.year == schedule.year - 1 and day.month == 12):
            raise BadInput(f"{day.isoformat()} 不在 {schedule.year} 年内；每一年请分别载入")
    for day in schedule.work:
        if day in schedule.rest:
            raise BadInput(f"{day.isoformat()} 既是放假又是上班")


@dataclass(frozen=True)
class NoticePlan:
    """What importing a notice does, computed the same way for --dry-run and for the import."""

    notice: object  # formats.notice.Notice
    schedule: YearSchedule  # the year as it will be stored
    # Days whose status changes, with (workday before, workday after); before = the calendar now.
    changes: tuple[tuple[date, bool, bool], ...]
    on_top_of: str | None = None  # an amendment: what it was applied to (已载入的… / chinesecalendar / 估计)


def plan_notice(session: Session, notice) -> NoticePlan:
    year = notice.year
    on_top_of = None
    if notice.amends:
        base, on_top_of = _base_year(session, year)
        schedule = _amend(base, notice)
    else:
        schedule = notice.schedule
    _check_schedule(schedule)
    now = session.calendar
    after = Calendar(now.official, {**now.loaded, year: schedule}, now.local)
    changes = []
    day = date(year - 1, 12, 1)
    while day.year <= year:
        before_workday, after_workday = now.is_workday(day), after.is_workday(day)
        if before_workday != after_workday:
            changes.append((day, before_workday, after_workday))
        day += timedelta(days=1)
    return NoticePlan(notice, schedule, tuple(changes), on_top_of)


def import_notice(session: Session, plan: NoticePlan) -> YearSchedule:
    return load_year(session, plan.schedule, "notice")


def _base_year(session: Session, year: int) -> tuple[YearSchedule, str]:
    """The arrangement an amendment changes: the loaded year, else the package's (or the estimate)."""
    if year in session.calendar.loaded:
        return session.calendar.loaded[year], f"已载入的 {year} 年安排"
    if not session.calendar.knows(year):
        raise BadInput(f"{year} 年的放假安排还没有载入：请先载入当年的通知（bgs cal import-notice），再载入这份调整")
    return schedules_for(session, [year])[0], f"chinesecalendar 的 {year} 年安排"


def _amend(base: YearSchedule, notice) -> YearSchedule:
    """Only the days the amendment names change: its festival's days replaced (调整), or its rest
    days run on to the new last day (延长), 调休 workdays inside the extension dropped."""
    name = notice.amends
    rest = dict(base.rest)
    work = dict(base.work)
    if notice.extends_to is not None:
        own = sorted(d for d, n in rest.items() if name in n)
        if not own:
            raise BadInput(f"{notice.year} 年的安排里没有{name}的放假日，无法延长")
        day = own[-1] + timedelta(days=1)  # already that long (the package knows the extension): no change
        while day <= notice.extends_to:
            rest[day] = name
            work.pop(day, None)
            day += timedelta(days=1)
    else:
        rest = {d: n for d, n in rest.items() if name not in n}
        work = {d: n for d, n in work.items() if name not in n}
        for day in (*notice.schedule.rest, *notice.schedule.work):
            rest.pop(day, None)
            work.pop(day, None)
        rest.update(notice.schedule.rest)
        work.update(notice.schedule.work)
    return YearSchedule(base.year, rest, work)


def load_file(session: Session, schedules: list[YearSchedule], local: list[LocalDay]) -> None:
    """A calendar file: all its years and local days in one transaction, or nothing."""
    for schedule in schedules:
        _check_schedule(schedule)
    with session.write() as tx:
        for schedule in schedules:
            session.store.calendar.replace_year(tx, schedule, "yaml")
        for day in local:
            session.store.calendar.set_local_day(tx, day)
    session.calendar_changed()


def schedules_for(session: Session, wanted: list[int]) -> list[YearSchedule]:
    """Loaded years as stored; any other year as the calendar answers it (package or estimate)."""
    # The national arrangement only: local days are exported in their own section.
    calendar = Calendar(session.calendar.official, session.calendar.loaded)
    if not wanted:
        return [calendar.loaded[y] for y in sorted(calendar.loaded)]
    result = []
    for year in wanted:
        if year in calendar.loaded:
            result.append(calendar.loaded[year])
            continue
        schedule = YearSchedule(year, {}, {})
        day = date(year, 1, 1)
        while day.year == year:
            info = calendar.info(day)
            if not info.workday and info.holiday:
                schedule.rest[day] = info.holiday
            elif info.workday and day.weekday() >= 5:
                schedule.work[day] = info.holiday or "调休"
            day += timedelta(days=1)
        session.rests_on_estimate({year} if calendar.estimated_years & {year} else set(), f"{year}年的安排")
        result.append(schedule)
    return result


def differences_from_package(session: Session, schedule: YearSchedule) -> list[date]:
    package = Calendar(session.calendar.official)
    mine = Calendar(None, {schedule.year: schedule})
    day, found = date(schedule.year, 1, 1), []
    while day.year == schedule.year:
        if package.is_workday(day) != mine.is_workday(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def forget_year(session: Session, year: int) -> None:
    with session.write() as tx:
        if not session.store.calendar.remove_year(tx, year):
            raise BadInput(f"{year} 年没有载入过放假安排（bgs cal years 查看）")
    session.calendar_changed()


def set_local_day(session: Session, day: date, workday: bool, name: str) -> LocalDay:
    local = LocalDay(day, workday, name.strip())
    with session.write() as tx:
        session.store.calendar.set_local_day(tx, local)
    session.calendar_changed()
    return local


def remove_local_day(session: Session, day: date) -> None:
    with session.write() as tx:
        if not session.store.calendar.remove_local_day(tx, day):
            raise BadInput(f"{day.isoformat()} 不是本单位设置的特殊日")
    session.calendar_changed()


def local_days(session: Session) -> list[LocalDay]:
    return sorted(session.calendar.local.values(), key=lambda d: d.date)


def years(session: Session) -> list[dict]:
    """Every year the calendar can answer for, and where the answer comes from."""
    loaded = {y.year: y for y in session.store.calendar.loaded_years()}
    official = session.calendar.official
    rows = []
    for year in sorted(set(loaded) | set(range(official.first_year, official.last_year + 1))):
        if year in loaded:
            rows.append({"year": year, "source": loaded[year].source, "loaded_at": loaded[year].loaded_at})
        else:
            rows.append({"year": year, "source": "package", "loaded_at": None})
    return rows


def month(session: Session, year: int, month_number: int) -> list[DayInfo]:
    first = date(year, month_number, 1)
    days = []
    day = first
    while day.month == month_number:
        days.append(session.calendar.info(day))
        day += timedelta(days=1)
    return days


@dataclass(frozen=True)
class Reminder:
    year: int
    message: str


# The reminder is said once a week (on every first run of every day it was noise); `bgs doctor`
# reports the missing year each time it runs.
REMIND_EVERY_DAYS = 7


def next_year_reminder(session: Session) -> Reminder | None:
    """In December, once a week: next year's arrangement is not loaded yet."""
    today = session.now.date()
    if today.month != 12:
        return None
    warned = session.store.get_meta(WARNED_KEY)
    try:
        if warned and 0 <= (today - date.fromisoformat(warned)).days < REMIND_EVERY_DAYS:
            return None
    except ValueError:
        pass  # a damaged mark: remind, and write a good one

    year = today.year + 1
    if session.calendar.knows(year):
        return None
    session.store.set_meta(WARNED_KEY, today.isoformat())
    return Reminder(year, f"{year}年的放假安排还没有载入，明年的工作日将按法定节日估计；"
                          f"国务院通知发布后请载入：bgs cal import-notice 通知.txt")


@dataclass(frozen=True)
class WhenAnswer:
    """How a phrase is understood: a date (maybe with a time), or a recurrence and its dates."""

    text: str
    kind: str  # date | datetime | recurrence
    day: date
    time: object
    deadline: bool
    info: DayInfo
    estimated: bool
    rrule: str | None = None
    policy: str | None = None
    policy_label: str | None = None
    occurrences: tuple = ()
    warnings: tuple[str, ...] = ()
    reading: str = ""
    approximate: bool = False


def explain(session: Session, text: str, count: int, policy: str | None = None, past: bool = False) -> WhenAnswer:
    from bangongshi.domain import rules

    if count < 1 or count > 366:
        raise BadInput("--count 必须在 1 到 366 之间")
    calendar = session.calendar
    if rules.is_recurring(text):
        rule = rules.parse_recurrence(text, policy=policy)
        found = rules.occurrences(rule, session.now.date(), calendar, count)
        if not found:
            raise BadInput(f"「{text}」在今后没有任何一次")
        estimated_years = {o.date.year for o in found if o.estimated}
        session.rests_on_estimate(estimated_years, f"周期「{text}」")
        first = found[0]
        return WhenAnswer(text, "recurrence", first.date, None, False, calendar.info(first.date),
                          first.estimated, rule.rrule, rule.policy, rule.policy_label, tuple(found))
    if policy is not None:
        raise BadInput("--policy 只用于周期（每周一、每月最后一个工作日……）")
    spec = session.parse_date(text, option="日期", past=past)
    return WhenAnswer(text, "datetime" if spec.time else "date", spec.date, spec.time, spec.deadline,
                      calendar.info(spec.date), spec.estimated, warnings=spec.warnings, reading=spec.reading,
                      approximate=spec.approximate)
