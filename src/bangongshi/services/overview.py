"""Week and month views (P15, 长计划短安排): what is due and scheduled on each day, against capacity."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bangongshi.domain.calendar import DayInfo
from bangongshi.domain.settings import Settings
from bangongshi.model import Item
from bangongshi.services.agenda import DEFAULT_APPOINTMENT_MINUTES, minutes, work_periods
from bangongshi.services.session import Session


@dataclass(frozen=True)
class DayLoad:
    info: DayInfo
    due: tuple[Item, ...]
    appointments: tuple[Item, ...]
    capacity_minutes: int
    load_minutes: int

    @property
    def over(self) -> bool:
        return self.load_minutes > self.capacity_minutes


def estimate(item: Item, settings: Settings) -> int:
    return item.estimate_minutes or settings.default_estimates[item.kind.code if item.kind else "none"]


def days(session: Session, first: date, last: date, settings: Settings) -> list[DayLoad]:
    tz = session.now.tzinfo
    due = session.store.items.open_due_between(first, last)
    booked = session.store.items.appointments_between(datetime.combine(first, time(0), tzinfo=tz),
                                             datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))
    result = []
    day = first
    while day <= last:
        info = session.calendar.info(day)
        due_today = tuple(i for i in due if i.due == day and i.at is None)
        meetings = tuple(i for i in booked if i.at.date() == day)
        capacity = minutes(work_periods(settings.hours_on(day), day, tz)) if info.workday else 0
        load = sum(estimate(i, settings) for i in due_today) + sum(
            i.duration_minutes or DEFAULT_APPOINTMENT_MINUTES for i in meetings if i.is_open)
        result.append(DayLoad(info, due_today, meetings, capacity, load))
        day += timedelta(days=1)
    return result


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)
