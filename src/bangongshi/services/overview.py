"""Week and month views (P15, 长计划短安排): what is due and scheduled on each day, against capacity.

A day's load is counted as the agenda counts it (ranking.estimate_of: an appointment takes its
duration): today is exactly the agenda's plan (its appointments and the work it plans, which may
be key work due weeks later); a later day, what is due or booked on it; an earlier day, what was
done on it and the appointments it held."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bangongshi.domain.calendar import DayInfo
from bangongshi.domain.ranking import estimate_of
from bangongshi.domain.settings import Settings
from bangongshi.model import Item
from bangongshi.model.brief import ItemBrief
from bangongshi.services import agenda as agenda_service
from bangongshi.services.agenda import minutes, work_periods
from bangongshi.services.session import Session


@dataclass(frozen=True)
class DayLoad:
    info: DayInfo
    due: tuple[Item | ItemBrief, ...]
    appointments: tuple[Item | ItemBrief, ...]
    capacity_minutes: int
    load_minutes: int
    done: tuple[Item | ItemBrief, ...] = ()  # finished on that day (not appointments: they show as appointments)

    @property
    def over(self) -> bool:
        return self.load_minutes > self.capacity_minutes


def estimate(item: Item | ItemBrief, settings: Settings) -> int:
    # estimate_of reads the start, duration, own estimate and kind, which an Item and a brief carry
    # under the Candidate's names; a whole Candidate per item cost ~8 µs, a month has 30,000 items.
    return estimate_of(item, settings)  # type: ignore[arg-type]


def days(session: Session, first: date, last: date, settings: Settings, whole: bool = True) -> list[DayLoad]:
    """Each day of first…last. `whole`: its items read whole (scripts); else in brief (the table)."""
    tz = session.now.tzinfo
    today = session.now.date()
    midnight = lambda d: datetime.combine(d, time(0), tzinfo=tz)  # noqa: E731
    source = session.store.items if whole else session.store.briefs
    due_on: dict[date, list] = defaultdict(list)
    for i in source.open_due_between(first, last):
        if i.at is None:
            due_on[i.due].append(i)
    booked_on: dict[date, list] = defaultdict(list)
    for i in source.appointments_between(midnight(first), midnight(last + timedelta(days=1))):
        booked_on[i.at.astimezone(tz).date()].append(i)
    done_on: dict[date, list] = defaultdict(list)
    if first <= today:
        for i in source.done_between(midnight(first), midnight(min(last, today) + timedelta(days=1))):
            if i.at is None:
                done_on[i.done_at.astimezone(tz).date()].append(i)
    today_minutes = None
    if first <= today <= last:
        # The agenda's plan without its 督办提醒, which the load does not count.
        today_minutes = agenda_service.day_minutes(agenda_service.of_day(session, today, settings, follow_ups=False))
    result = []
    day = first
    while day <= last:
        info = session.calendar.info(day)
        due_today, meetings, done = tuple(due_on[day]), tuple(booked_on[day]), tuple(done_on[day])
        capacity = minutes(work_periods(settings.hours_on(day), day, tz)) if info.workday else 0
        if day == today:
            load = today_minutes
        elif day < today:
            # What the day held: the work done on it (as spent, else as estimated) and its appointments.
            load = sum(i.spent_minutes or estimate(i, settings) for i in done) + sum(
                estimate(i, settings) for i in meetings)
        else:
            load = sum(estimate(i, settings) for i in due_today + tuple(i for i in meetings if i.is_open))
        result.append(DayLoad(info, due_today, meetings, capacity, load, done))
        day += timedelta(days=1)
    return result


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)
