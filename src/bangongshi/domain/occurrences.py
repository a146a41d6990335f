"""When a recurring rule's occurrences become items (P4): ahead of their date by a lead counted in
workdays, each exactly once, with a catch-up rule for occurrences missed while nobody ran bgs.

Pure: the rule, how far it has been made, today and the calendar in; what to make out.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from bangongshi.domain.calendar import Calendar
from bangongshi.domain.rules import Occurrence, Recurrence, occurrences, occurrences_between

CATCH_UP = {"all": "补上错过的每一次（标为逾期）", "latest": "只补最近错过的一次"}


@dataclass(frozen=True)
class Schedule:
    """A rule's timing: what `bgs recur add` was told, with the anchor it counts from."""

    recurrence: Recurrence
    anchor: date
    lead_workdays: int = 0
    catch_up: str = "all"
    ends: date | None = None


@dataclass(frozen=True)
class ToMake:
    occurrences: tuple[Occurrence, ...]
    made_through: date
    next_appear: date | None  # the day the next occurrence enters its window; None: no more


def default_catch_up(recurrence: Recurrence) -> str:
    # Missing ten daily check-ins is one thing to do now, not ten.
    return "latest" if recurrence.rrule.startswith("FREQ=DAILY") else "all"


def window_end(schedule: Schedule, today: date, calendar: Calendar) -> date:
    """The last date whose occurrence should exist today: `lead` workdays ahead."""
    return calendar.add_workdays(today, schedule.lead_workdays) if schedule.lead_workdays else today


def appears_on(schedule: Schedule, day: date, calendar: Calendar) -> date:
    """The day the occurrence of `day` enters its window."""
    return calendar.add_workdays(day, -schedule.lead_workdays) if schedule.lead_workdays else day


def to_make(schedule: Schedule, made_through: date, today: date, calendar: Calendar,
            through: date | None = None) -> ToMake:
    """The occurrences after `made_through` that are due by today's window (or by the window of a
    later day `through`, when planning for it), the missed ones per the catch-up rule; and from
    when the next one is due."""
    horizon = window_end(schedule, max(today, through) if through else today, calendar)
    last = min(horizon, schedule.ends) if schedule.ends else horizon
    found = occurrences_between(schedule.recurrence, schedule.anchor, made_through + timedelta(days=1), last,
                                calendar) if last > made_through else []
    missed = [o for o in found if o.date < today]
    if schedule.catch_up == "latest":
        missed = missed[-1:]
    upcoming = [o for o in found if o.date >= today]
    through = max(made_through, horizon)
    return ToMake(tuple(missed + upcoming), through, next_appear(schedule, through, calendar))


def next_appear(schedule: Schedule, made_through: date, calendar: Calendar) -> date | None:
    following = occurrences(schedule.recurrence, max(made_through + timedelta(days=1), schedule.anchor),
                            calendar, 1, anchor=schedule.anchor)
    if not following or (schedule.ends and following[0].date > schedule.ends):
        return None
    return appears_on(schedule, following[0].date, calendar)
