"""The agenda's ranking: a sum of named, weighted rules (P5, P6, P8, P12, P23, P2, P3).

A pure function of (candidates, workday counting, settings, the day): no I/O, no clock. Each
rule gives a signal (mostly 0 to 1) that its weight turns into points; `why` shows them all.
"""

import math
import operator
from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.domain.calendar import Calendar
from bangongshi.domain.settings import RULES, Settings
from bangongshi.model import Attention, Folder, Kind

QUADRANTS = {1: "重要且紧急", 2: "重要不紧急", 3: "紧急不重要", 4: "不重要不紧急"}
QUADRANT_SIGNAL = {1: 1.0, 2: 0.6, 3: 0.5, 4: 0.0}
ATTENTION_SIGNAL = {Attention.HIGH: 1.0, Attention.NORMAL: 0.5, Attention.LOW: 0.0}
# Age since assignment (in workdays) at which the age rule is at full strength.
AGE_FULL_WORKDAYS = 10


@dataclass(frozen=True, slots=True)
class Candidate:
    """What ranking needs of an open item (a narrow read of it, so 10,000 rank quickly)."""

    id: int
    folder: Folder
    important: bool
    urgent: bool
    key: bool
    constrained: bool
    locked: bool
    due: date | None
    assigned_at: date | None
    attention: Attention | None
    estimate_minutes: int | None
    kind: Kind | None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Contribution:
    rule: str
    label: str
    signal: float
    weight: float
    points: float
    why: str


@dataclass(frozen=True, slots=True)
class Ranked:
    candidate: Candidate
    score: float
    quadrant: int
    urgent_effective: bool
    workdays_to_due: int | None  # negative when overdue
    age_workdays: int | None
    contributions: tuple[Contribution, ...]

    @property
    def quadrant_label(self) -> str:
        return QUADRANTS[self.quadrant]


class WorkdayCounter:
    """Workdays between the agenda's day and any date, in O(1) after one pass over the range."""

    def __init__(self, calendar: Calendar, day: date, lowest: date, highest: date):
        from datetime import timedelta

        self.day = day
        self.low = min(lowest, day)
        self.high = max(highest, day)
        self.index: dict[date, int] = {}
        count = 0
        current = self.low
        while current <= self.high:
            if calendar.is_workday(current):
                count += 1
            self.index[current] = count
            current += timedelta(days=1)

    def between(self, other: date) -> int:
        """Workdays from the day to `other`: after the day up to and including `other`."""
        if other not in self.index:
            return (other - self.day).days  # outside the range: calendar days are close enough
        return self.index[other] - self.index[self.day]


def constrained(candidate: Candidate) -> bool:
    # P20: whatever sits in 临时 was assigned on the spot by someone else.
    return candidate.constrained or candidate.folder is Folder.TEMP


def deadline_signal(workdays: int) -> float:
    """On a curve: due today 1.0, tomorrow 0.72, in a week ~0.2, weeks away ~0; overdue rises further."""
    if workdays < 0:
        return min(2.0, 1.0 + 0.1 * -workdays)
    return math.exp(-workdays / 3)


def _core(candidate: Candidate, counter: WorkdayCounter, settings: Settings, tomorrow_list: frozenset[int]):
    """The facts and the rule signals (in RULES order) that both ranking and explaining use."""
    to_due = counter.between(candidate.due) if candidate.due else None
    urgent = candidate.urgent or (to_due is not None and to_due <= settings.urgent_within_workdays)
    important = candidate.important or candidate.locked
    quadrant = 1 if important and urgent else 2 if important else 3 if urgent else 4
    is_constrained = constrained(candidate)
    age = None
    if is_constrained and candidate.assigned_at:
        age = max(0, -counter.between(candidate.assigned_at))
    signals = (
        QUADRANT_SIGNAL[quadrant],
        1.0 if is_constrained else 0.0,
        deadline_signal(to_due) if to_due is not None else 0.0,
        min(1.0, age / AGE_FULL_WORKDAYS) if age is not None else 0.0,
        1.0 if candidate.key else 0.0,
        1.0 if candidate.locked else 0.0,
        ATTENTION_SIGNAL.get(candidate.attention, 0.0),
        1.0 if candidate.id in tomorrow_list else 0.0,
    )
    return to_due, urgent, quadrant, is_constrained, age, signals


def rank_one(candidate: Candidate, counter: WorkdayCounter, settings: Settings,
             tomorrow_list: frozenset[int] = frozenset()) -> Ranked:
    """One candidate, ranked and explained rule by rule."""
    to_due, urgent, quadrant, is_constrained, age, signals = _core(candidate, counter, settings, tomorrow_list)
    reasons = (
        QUADRANTS[quadrant] + ("（加密视为重要）" if candidate.locked and not candidate.important else ""),
        "受他人制约" if is_constrained else "自己支配",
        _due_words(to_due),
        f"交办已 {age} 个工作日" if age is not None else "不适用",
        "重点难点" if candidate.key else "常规",
        "已加密" if candidate.locked else "未加密",
        f"关注度{candidate.attention.label}" if candidate.attention else "未设关注度",
        "在次日事项中" if candidate.id in tomorrow_list else "不在次日事项中",
    )
    contributions = tuple(
        Contribution(rule, RULES[rule][0], signal, settings.weights[rule],
                     round(signal * settings.weights[rule], 2), why)
        for rule, signal, why in zip(RULES, signals, reasons)
    )
    return Ranked(candidate, _score(signals, settings), quadrant, urgent, to_due, age, contributions)


def _score(signals: tuple[float, ...], settings: Settings) -> float:
    return round(sum(map(operator.mul, signals, _weights(settings))), 2)


def _weights(settings: Settings) -> tuple[float, ...]:
    # Settings are frozen, so the tuple is worked out once per settings object.
    cached = _WEIGHTS.get(id(settings))
    if cached is None or cached[0] is not settings:
        cached = _WEIGHTS[id(settings)] = (settings, tuple(settings.weights[rule] for rule in RULES))
    return cached[1]


_WEIGHTS: dict[int, tuple[Settings, tuple[float, ...]]] = {}


def _due_words(to_due: int | None) -> str:
    if to_due is None:
        return "没有截止日期"
    return due_phrase(to_due)


def due_phrase(to_due: int) -> str:
    if to_due < 0:
        return f"逾期{-to_due}个工作日"
    if to_due == 0:
        return "今天"
    if to_due == 1:
        return "明天（下个工作日）"
    return f"{to_due}个工作日后"


def _counter(candidates: list[Candidate], calendar: Calendar, day: date) -> WorkdayCounter:
    from datetime import timedelta

    dates = [c.due for c in candidates if c.due] + [c.assigned_at for c in candidates if c.assigned_at]
    # Count workdays exactly within three years of the day; beyond that, calendar days do.
    horizon = timedelta(days=3 * 366)
    lowest = max(min(dates, default=day), day - horizon)
    highest = min(max(dates, default=day), day + horizon)
    return WorkdayCounter(calendar, day, lowest, highest)


def rank(candidates: list[Candidate], calendar: Calendar, settings: Settings, day: date,
         tomorrow_list: frozenset[int] = frozenset()) -> list[Ranked]:
    """Every candidate ranked: by score, then the earlier deadline, then the lower id (a total order).

    Scores only: `explain` adds the rule-by-rule contributions for the few that are shown."""
    counter = _counter(candidates, calendar, day)
    ranked = []
    for candidate in candidates:
        to_due, urgent, quadrant, _, age, signals = _core(candidate, counter, settings, tomorrow_list)
        ranked.append(Ranked(candidate, _score(signals, settings), quadrant, urgent, to_due, age, ()))
    ranked.sort(key=lambda r: (-r.score, r.candidate.due or date.max, r.candidate.id))
    return ranked


def explain(ranked: list[Ranked], calendar: Calendar, settings: Settings, day: date,
            tomorrow_list: frozenset[int] = frozenset()) -> list[Ranked]:
    """The same items with each rule's contribution, in the same order."""
    counter = _counter([r.candidate for r in ranked], calendar, day)
    return [rank_one(r.candidate, counter, settings, tomorrow_list) for r in ranked]
