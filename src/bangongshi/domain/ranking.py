"""The agenda's ranking: a sum of named, weighted rules (P5, P6, P8, P12, P23, P2, P3).

A pure function of (candidates, workday counting, settings, the day): no I/O, no clock. Each
rule gives a signal (mostly 0 to 1) that its weight turns into points; `why` shows them all.
"""

import heapq
import math
import operator
from datetime import date, datetime
from typing import Iterable, Iterator, NamedTuple

from bangongshi.domain.calendar import Calendar
from bangongshi.domain.quadrants import QUADRANTS, classify, constrained, importance_signals, signalled  # noqa: F401 (re-exported)
from bangongshi.domain.settings import IMPORTANCE_SIGNALS, RULES, Settings
from bangongshi.model import Attention, Folder, Kind

QUADRANT_SIGNAL = {1: 1.0, 2: 0.6, 3: 0.5, 4: 0.0}
ATTENTION_SIGNAL = {Attention.HIGH: 1.0, Attention.NORMAL: 0.5, Attention.LOW: 0.0}
# Age since assignment (in workdays) at which the age rule is at full strength.
AGE_FULL_WORKDAYS = 10
# An appointment without a duration: the timeline draws it, and the budget counts it, as one hour.
DEFAULT_APPOINTMENT_MINUTES = 60


class Candidate(NamedTuple):
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
    duration_minutes: int | None = None
    report: bool = False  # its result is owed to whoever assigned it (--report)
    supervised: bool = False  # 督办: delegated to a handler (bgs assign)

    @classmethod
    def of(cls, item) -> "Candidate":
        """The ranking's view of a model Item."""
        return cls(item.id, item.folder, item.important, item.urgent, item.key, item.constrained, item.locked,
                   item.due, item.assigned_at.date() if item.assigned_at else None, item.attention,
                   item.estimate_minutes, item.kind, item.at, item.duration_minutes, item.report_required,
                   bool(item.handler))

    def facts(self, tomorrow_list: frozenset[int] = frozenset()) -> "Facts":
        return Facts(self.folder, self.important, self.urgent, self.key, self.constrained, self.locked,
                     self.due, self.assigned_at, self.attention, self.id in tomorrow_list, self.report,
                     self.supervised)


class Facts(NamedTuple):
    """Everything a rule reads of an item, without its identity: items with equal facts score equally,
    so a store of 10,000 open items is ranked by scoring its few thousand distinct facts."""

    folder: Folder
    important: bool
    urgent: bool
    key: bool
    constrained: bool
    locked: bool
    due: date | None
    assigned_at: date | None
    attention: Attention | None
    listed: bool  # on the 次日 list for the day
    report: bool = False
    supervised: bool = False


class Scored(NamedTuple):
    score: float
    quadrant: int
    urgent_effective: bool
    workdays_to_due: int | None  # negative when overdue
    age_workdays: int | None
    signalled: bool = False  # carries a leader's signal that settings count as importance (importance_signals)


# Contribution and Ranked are NamedTuples: only the shown rows are explained, nothing replace()s them,
# and a dataclass costs the morning view about a millisecond to define (issue #19).
class Contribution(NamedTuple):
    rule: str
    label: str
    signal: float
    weight: float
    points: float
    why: str


class Ranked(NamedTuple):
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


def estimate_of(candidate: Candidate, settings: Settings) -> int:
    """Minutes an item takes: an appointment's duration (it occupies exactly that), else the item's
    own estimate, else the default for its kind. Budget, week, month and blocks all count this."""
    if candidate.at is not None:
        return candidate.duration_minutes or DEFAULT_APPOINTMENT_MINUTES
    if candidate.estimate_minutes:
        return candidate.estimate_minutes
    return settings.default_estimates[candidate.kind.code if candidate.kind else "none"]


def age_floor(calendar: Calendar, day: date) -> date:
    """A day on and before which every assignment is AGE_FULL_WORKDAYS workdays old or more on `day`:
    the age rule is at full strength for all of them, so ranking cannot tell them apart and the
    agenda may count them as assigned on this day (it then scores a year of history as one)."""
    return calendar.add_workdays(calendar.workday_on_or_before(day), -AGE_FULL_WORKDAYS)


def deadline_signal(workdays: int) -> float:
    """On a curve: due today 1.0, tomorrow 0.72, in a week ~0.2, weeks away ~0; overdue rises further."""
    if workdays < 0:
        return min(2.0, 1.0 + 0.1 * -workdays)
    return math.exp(-workdays / 3)


class Memo:
    """What the rules read of one part of the facts, worked out once per distinct value of that part
    over one pass: 10,000 groups of facts share a few hundred deadlines and a few dozen sets of flags,
    so score_all weighs each deadline and each set of flags once (issue #19)."""

    __slots__ = ("counter", "settings", "weights", "dues", "flags")

    def __init__(self, counter: WorkdayCounter, settings: Settings):
        self.counter = counter
        self.settings = settings
        self.weights = _weights(settings)
        self.dues: dict[date | None, tuple[int | None, float, float]] = {}
        self.flags: dict[tuple, tuple] = {}

    def due(self, due: date | None) -> tuple[int | None, float, float]:
        """(workdays to the deadline, the deadline rule's signal, its points)."""
        found = self.dues.get(due)
        if found is None:
            to_due = self.counter.between(due) if due else None
            signal = deadline_signal(to_due) if to_due is not None else 0.0
            found = self.dues[due] = (to_due, signal, signal * self.weights[_DEADLINE])
        return found

    def flagged(self, facts: Facts) -> tuple:
        """What the rules read of everything but the two dates: (signalled, constrained, the signals
        of P20 and of P23 to P3 in RULES order, but the age's, and their points as flag_points gives them)."""
        key = (facts.folder, facts.important, facts.urgent, facts.key, facts.constrained, facts.locked,
               facts.attention, facts.listed, facts.report, facts.supervised)
        found = self.flags.get(key)
        if found is None:
            # P20: whatever sits in 临时 was assigned on the spot by someone else.
            is_constrained = facts.constrained or facts.folder is Folder.TEMP
            constrained_signal = 1.0 if is_constrained else 0.0
            rest = (1.0 if facts.key else 0.0, 1.0 if facts.locked else 0.0, ATTENTION_SIGNAL.get(facts.attention, 0.0),
                    1.0 if facts.listed else 0.0, 1.0 if facts.report else 0.0, 1.0 if facts.supervised else 0.0)
            found = self.flags[key] = (signalled(facts, self.settings), is_constrained, constrained_signal, rest,
                                       flag_points(constrained_signal, rest, self.weights))
        return found


def _core(facts: Facts, counter: WorkdayCounter, settings: Settings, memo: Memo | None = None):
    """The facts and the rule signals (in RULES order) that both ranking and explaining use. `memo`:
    kept over a pass of many facts (score_all)."""
    memo = memo or Memo(counter, settings)
    to_due, deadline, _ = memo.due(facts.due)
    has_signal, is_constrained, constrained_signal, rest, _ = memo.flagged(facts)
    quadrant, urgent = classify(facts, to_due, settings, has_signal)
    age = None
    if is_constrained and facts.assigned_at:
        age = max(0, -counter.between(facts.assigned_at))
    signals = (QUADRANT_SIGNAL[quadrant], constrained_signal, deadline,
               min(1.0, age / AGE_FULL_WORKDAYS) if age is not None else 0.0, *rest)
    return to_due, urgent, quadrant, is_constrained, age, signals, has_signal


def rank_one(candidate: Candidate, counter: WorkdayCounter, settings: Settings,
             tomorrow_list: frozenset[int] = frozenset()) -> Ranked:
    """One candidate, ranked and explained rule by rule."""
    to_due, urgent, quadrant, is_constrained, age, signals, _ = _core(candidate.facts(tomorrow_list), counter, settings)
    reasons = (
        QUADRANTS[quadrant] + _important_because(candidate, settings),
        "受他人制约" if is_constrained else "自己支配",
        _due_words(to_due),
        f"交办已 {age} 个工作日" if age is not None else "不适用",
        "重点难点" if candidate.key else "常规",
        "已加密" if candidate.locked else "未加密",
        f"关注度{candidate.attention.label}" if candidate.attention else "未设关注度",
        "在次日事项中" if candidate.id in tomorrow_list else "不在次日事项中",
        "办结后须向交办人反馈" if candidate.report else "无须反馈",
        "已交承办人督办" if candidate.supervised else "未督办",
    )
    contributions = tuple(
        Contribution(rule, RULES[rule][0], signal, settings.weights[rule],
                     round(signal * settings.weights[rule], 2), why)
        for rule, signal, why in zip(RULES, signals, reasons)
    )
    return Ranked(candidate, _score(signals, settings), quadrant, urgent, to_due, age, contributions)


def _important_because(candidate: Candidate, settings: Settings) -> str:
    if candidate.important:
        return ""
    because = [IMPORTANCE_SIGNALS[code] for code in importance_signals(candidate, settings)]
    if candidate.locked:
        because.insert(0, "加密")
    return f"（{'、'.join(because)}视为重要）" if because == ["加密"] else f"（{'、'.join(because)}，视为重要）" if because else ""


# The score is the points of every rule added one by one in RULES order (left to right, never
# regrouped: float addition is not associative, and the agenda, `why` and every report must give
# the very same number). The points of the rules read off the flags alone are worked out once per set
# of flags (flag_points), so that the agenda adds ten numbers a group of open items without making
# any (domain/agenda.py).
_QUADRANT, _CONSTRAINED, _DEADLINE, _AGE = 0, 1, 2, 3  # positions in RULES of the signals not read off the flags


def flag_points(constrained_signal: float, rest: tuple[float, ...], weights: tuple[float, ...]) -> tuple[float, ...]:
    """The points of P20 (constrained), then of P23 to P3 (RULES after the age), in RULES order."""
    return (constrained_signal * weights[_CONSTRAINED], *map(operator.mul, rest, weights[_AGE + 1:]))


def _score(signals: tuple[float, ...], settings: Settings) -> float:
    total = 0.0
    for points in map(operator.mul, signals, _weights(settings)):
        total += points
    return round(total, 2)


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


def _counter(facts: Iterable[Candidate | Facts], calendar: Calendar, day: date) -> WorkdayCounter:
    dates = [d for f in facts for d in (f.due, f.assigned_at) if d]
    return counter_between(calendar, day, min(dates, default=day), max(dates, default=day))


def counter_between(calendar: Calendar, day: date, lowest: date, highest: date) -> WorkdayCounter:
    """A WorkdayCounter for the day that answers for dates from `lowest` to `highest`."""
    from datetime import timedelta

    # Count workdays exactly within three years of the day; beyond that, calendar days do.
    horizon = timedelta(days=3 * 366)
    lowest = max(lowest, day - horizon)
    highest = min(highest, day + horizon)
    # One agenda counts for its sections several times over the same days: a counter that covers the
    # range answers as a new one would (every date asked is within it either way).
    last = _LAST_COUNTER[0]
    if last is not None and last[0] is calendar and last[1].day == day:
        if last[1].low <= lowest and highest <= last[1].high:
            return last[1]
        lowest, highest = min(lowest, last[1].low), max(highest, last[1].high)
    counter = WorkdayCounter(calendar, day, lowest, highest)
    _LAST_COUNTER[0] = (calendar, counter)
    return counter


_LAST_COUNTER: list[tuple[Calendar, WorkdayCounter] | None] = [None]


def score_all(facts: Iterable[Facts], calendar: Calendar, settings: Settings, day: date) -> dict[Facts, Scored]:
    """The score of each distinct set of facts: `_core` and `_score` written out (the same sums in the
    same order, so the very same floats), as it runs once per group of open items, 10,000 groups at
    100,000 items (issue #19); the workdays since an assignment are counted once per day.
    tests/test_grouped_ranking.py checks it against `_core`."""
    # Not made a set first: hashing 10,000 facts once more costs more than scoring the odd repeat again.
    distinct = facts if isinstance(facts, (list, tuple)) else list(facts)
    memo = Memo(_counter(distinct, calendar, day), settings)
    quadrant_points = quadrant_points_of(settings)
    urgent_within = settings.urgent_within_workdays
    dues = memo.dues
    age_of = memo_ages(memo)
    scored = {}
    for one in distinct:
        due = one.due
        found = dues.get(due)
        to_due, _, deadline_points = found if found is not None else memo.due(due)
        has_signal, is_constrained, _, _, (constrained_points, key, locked, attention, listed, report,
                                           supervised) = memo.flagged(one)
        # classify(), inline: the same quadrant and urgency.
        urgent = one.urgent or (to_due is not None and to_due <= urgent_within)
        important = one.important or one.locked or has_signal
        quadrant = 1 if important and urgent else 2 if important else 3 if urgent else 4
        assigned = one.assigned_at
        age, age_points = age_of(assigned) if is_constrained and assigned else (None, 0.0)
        # _score's sum, term by term in RULES order.
        total = (quadrant_points[quadrant] + constrained_points + deadline_points + age_points + key + locked + attention
                 + listed + report + supervised)
        scored[one] = Scored(round(total, 2), quadrant, urgent, to_due, age, has_signal)
    return scored


def quadrant_points_of(settings: Settings) -> dict[int, float]:
    """The quadrant rule's points in each quadrant."""
    weight = _weights(settings)[_QUADRANT]
    return {quadrant: signal * weight for quadrant, signal in QUADRANT_SIGNAL.items()}


def age_points_at_full(settings: Settings) -> float:
    """The age rule's points at full strength (AGE_FULL_WORKDAYS or more): the most it gives."""
    return 1.0 * _weights(settings)[_AGE]


def memo_ages(memo: Memo):
    """A function of an assignment's day: (its age in workdays on the day, the age rule's points),
    counted once per day."""
    ages: dict[date, tuple[int, float]] = {}
    weight = memo.weights[_AGE]
    between = memo.counter.between

    def age_of(assigned: date) -> tuple[int, float]:
        found = ages.get(assigned)
        if found is None:
            age = max(0, -between(assigned))
            found = ages[assigned] = (age, min(1.0, age / AGE_FULL_WORKDAYS) * weight)
        return found

    return age_of


def in_order(groups: Iterable[tuple[Facts, Iterable[int]]], scored: dict[Facts, Scored],
             first: int | None = None) -> Iterator[tuple[int, Facts, Scored]]:
    """Item ids of groups with equal facts, one by one in the agenda's total order: by score, then
    the earlier deadline, then the lower id. Lazy, so taking the first rows costs little. `first`: the
    caller takes no more than that many ids, and no group is empty; only the groups that can hold them
    are sorted then (the agenda takes a section's first few from thousands of groups)."""
    keyed = [((-scored[facts].score, facts.due or date.max), facts, ids) for facts, ids in groups]
    if first is not None and len(keyed) > first > 0:
        # The first `first` ids lie in the `first` foremost groups and in the groups tied with the last.
        last = heapq.nsmallest(first, [row[0] for row in keyed])[-1]
        keyed = [row for row in keyed if row[0] <= last]
    keyed.sort(key=operator.itemgetter(0))
    start = 0
    while start < len(keyed):
        # Groups with the same score and deadline interleave by id.
        end = start + 1
        while end < len(keyed) and keyed[end][0] == keyed[start][0]:
            end += 1
        if end - start == 1:
            _, facts, ids = keyed[start]
            for item_id in sorted(ids):
                yield item_id, facts, scored[facts]
        else:
            tied = sorted((item_id, facts) for _, facts, ids in keyed[start:end] for item_id in ids)
            for item_id, facts in tied:
                yield item_id, facts, scored[facts]
        start = end


def rank(candidates: list[Candidate], calendar: Calendar, settings: Settings, day: date,
         tomorrow_list: frozenset[int] = frozenset()) -> list[Ranked]:
    """Every candidate ranked: by score, then the earlier deadline, then the lower id (a total order).

    Scores only: `explain` adds the rule-by-rule contributions for the few that are shown."""
    facts = {c.id: c.facts(tomorrow_list) for c in candidates}
    scored = score_all(facts.values(), calendar, settings, day)
    by_id = {c.id: c for c in candidates}
    groups: dict[Facts, list[int]] = {}
    for item_id, one in facts.items():
        groups.setdefault(one, []).append(item_id)
    return [Ranked(by_id[item_id], s.score, s.quadrant, s.urgent_effective, s.workdays_to_due, s.age_workdays, ())
            for item_id, _, s in in_order(groups.items(), scored)]


def explain(ranked: list[Ranked], calendar: Calendar, settings: Settings, day: date,
            tomorrow_list: frozenset[int] = frozenset()) -> list[Ranked]:
    """The same items with each rule's contribution, in the same order."""
    return explain_candidates([r.candidate for r in ranked], calendar, settings, day, tomorrow_list)


def explain_candidates(candidates: list[Candidate], calendar: Calendar, settings: Settings, day: date,
                       tomorrow_list: frozenset[int] = frozenset()) -> list[Ranked]:
    """Each candidate ranked and explained rule by rule, in the order given."""
    counter = _counter(candidates, calendar, day)
    return [rank_one(c, counter, settings, tomorrow_list) for c in candidates]
