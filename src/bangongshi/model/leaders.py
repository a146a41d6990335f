"""The leaders' week and the duty roster (issue #24): plain records. People are named as text, as the
registers name them (model/registers.py Person is the registry that the names come from)."""

from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.model.items import Coded


class LinkRole(Coded):
    """What a person is to an appointment: the leader it belongs to (--for) or who accompanies (--with)."""

    LEADER = ("leader", "领导")
    ESCORT = ("escort", "陪同")


class Shifts(Coded):
    """How a roster cuts a day: one 24-hour shift, or a day and a night shift."""

    FULL_DAY = ("24h", "24小时", "全天", "24h班")
    DAY_NIGHT = ("day_night", "白班夜班", "昼夜", "日夜")


class Shift(Coded):
    FULL = ("full", "全天")
    DAY = ("day", "白班")
    NIGHT = ("night", "夜班")


@dataclass(frozen=True)
class ItemPerson:
    item_id: int
    person: str
    role: LinkRole
    position: int = 0


@dataclass(frozen=True)
class Away:
    """A leader away (出差, 学习, 休假), from `start` to `end`, both included."""

    id: int
    person: str
    start: date
    end: date
    reason: str = ""
    created: datetime | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Roster:
    id: int
    label: str  # 2027年春节, 2026年12月周末, 2026-12-05至2026-12-06
    start: date
    end: date
    shifts: Shifts
    estimated: bool = False
    created: datetime | None = None


@dataclass(frozen=True)
class DutyShift:
    id: int
    roster_id: int
    day: date
    shift: Shift
    person: str  # 值班人员
    leader: str = ""  # 带班领导
    note: str = ""  # what changed since the roster was made (调换)
    updated: datetime | None = None


@dataclass(frozen=True)
class DutyLog:
    id: int
    at: datetime
    day: date  # the duty day it belongs to
    person: str
    text: str
