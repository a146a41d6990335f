"""The agenda's sections as pure rules (issue #4): which section each group of open items with equal
facts falls in, and which groups can hold a section's first rows.

One pass over the groups, scoring each from parts worked out once per set of flags, per deadline and
per day of assignment, and making no object per group: at 100,000 open items there are some 10,000
groups, and the morning view shows fewer than a hundred items (issue #19). Only the groups that can
hold a section's first rows are made Facts and Scored, which ranking.in_order then orders by id.
"""

import heapq
import math
from datetime import date, timedelta
from typing import NamedTuple

from bangongshi.domain import ranking
from bangongshi.domain.calendar import Calendar
from bangongshi.domain.ranking import Facts, Scored
from bangongshi.domain.settings import Settings

# (section, always shown): within a section, a pool of what is always shown (due by the day; a
# leader's signal, P9/P12) and a pool of what the budget admits.
POOLS = tuple((code, always) for code in ("must", "key", "routine") for always in (True, False))


class _Weighing:
    """What ranking reads of the parts of a group's facts, each worked out once: of a set of flags (a few
    dozen), of a deadline and of a day of assignment (a few hundred). `sort` and a Reach weigh alike."""

    def __init__(self, calendar: Calendar, settings: Settings, day: date, horizon: int, lowest: date, highest: date):
        self.memo = ranking.Memo(ranking.counter_between(calendar, day, lowest, highest), settings)
        self.quadrant_points = ranking.quadrant_points_of(settings)
        self.day, self.horizon, self.urgent_within = day, horizon, settings.urgent_within_workdays
        self.age_of = ranking.memo_ages(self.memo)
        self.full_age = ranking.age_points_at_full(settings)

    def flags(self, template: Facts, has_at: bool) -> tuple:
        """(left out, important, urgent, constrained, its pool unless the deadline rules put it in 今日必办,
        then the points of each rule read off the flags, in RULES order)."""
        has_signal, is_constrained, _, _, points = self.memo.flagged(template)
        return (template.listed or has_at, template.important or template.locked or has_signal, template.urgent,
                is_constrained, ("key" if template.key else "routine", has_signal), *points)

    def deadline(self, value: date | None) -> tuple:
        """(by the day, within the urgent workdays, within the horizon, its points, the order it sorts in)."""
        to_due, _, deadline_points = self.memo.due(value)
        return (value is not None and value <= self.day, to_due is not None and to_due <= self.urgent_within,
                to_due is not None and 0 < to_due <= self.horizon, deadline_points, value or date.max)

    def age(self, value: date | None) -> float:
        """The age rule's points of an assignment on that day."""
        return self.age_of(value)[1] if value is not None else 0.0


def _score(flags: tuple, deadline: tuple, age: float, quadrant_points: dict) -> float:
    """A group's score as ranking._score sums it: every rule's points, one by one in RULES order."""
    (_, important, urgent, is_constrained, _, constrained_points, key, locked, attention, listed, report,
     supervised) = flags
    urgent = urgent or deadline[1]
    return round(quadrant_points[1 if important and urgent else 2 if important else 3 if urgent else 4]
                 + constrained_points + deadline[3] + (age if is_constrained else 0.0)
                 + key + locked + attention + listed + report + supervised, 2)


class Reach:
    """How far into each set of flags' deadlines the agenda reads (issue #19). Where a set's items are due
    on or before the day (今日必办) or after `settled`, or never, their pool is fixed by the flags (neither
    urgent by date nor 即将到期), and within one day of assignment a later deadline never scores higher
    (no weight is negative, the deadline's signal only falls): storage reads each such run of groups in
    deadline order and stops where no later group can hold a pool's first rows; the rest it counts. A
    pool's bound is the key by which the groups read so far hold the rows it shows: it only falls as more
    are read, so a group past it stays past it. Deadlines between the two days are read in full
    (即将到期 lists them all). Made per agenda: it keeps the bounds."""

    def __init__(self, calendar: Calendar, settings: Settings, day: date, horizon: int,
                 wanted: dict[tuple[str, bool], int], floor: date | None):
        self.calendar, self.settings, self.day, self.horizon, self.floor = calendar, settings, day, horizon, floor
        self.wanted = dict(wanted)
        self.by_day = day
        # The last day within `horizon` (即将到期) and `urgent_within_workdays` (urgent by date) workdays:
        # the day before the next workday past both. Only where to read depends on it, so a year it walks
        # into does not make the agenda 估计 (the deadlines it reads do, as they always did).
        settled = calendar.add_workdays_unnoted(day, max(horizon, settings.urgent_within_workdays) + 1)
        settled -= timedelta(days=1)
        self.settled = max(settled, day)
        self.weighing: _Weighing | None = None
        self.lowest = day  # the earliest deadline of the open items (begin)
        self._flags: dict[tuple, tuple] = {}
        self._kept: dict[tuple[str, bool], list] = {pool: [] for pool in POOLS}  # the best groups, worst on top
        self._held = dict.fromkeys(POOLS, 0)
        self._bound: dict[tuple[str, bool], tuple | None] = dict.fromkeys(POOLS)

    def begin(self, lowest: date | None, highest: date | None) -> None:
        """Before the first run: the earliest and latest deadline of the open items, whose workdays it counts."""
        days = [d for d in (lowest, highest, self.floor, self.day) if d is not None]
        self.weighing = _Weighing(self.calendar, self.settings, self.day, self.horizon, min(days), max(days))
        self.lowest = min(days)

    def run(self, template: Facts, has_at: bool, overdue: bool, assigned: date | None,
            aged: bool) -> "GroupRun | None":
        """The run of one set of flags' groups due on or before the day (`overdue`) or after `settled`, in
        deadline order, all assigned on `assigned` (or never), or, `aged`, on days after the floor that the
        age rule tells apart. None: no pool shows them (appointments, the 次日 list)."""
        found = self._flags.get((template, has_at))
        if found is None:
            found = self._flags[template, has_at] = self.weighing.flags(template, has_at)
        if found[0]:
            return None
        pool = ("must", True) if overdue else ("must", False) if found[2] and found[3] else found[4]
        # The best key a group of the run could have: due as early as its deadlines can be, at full age.
        weighing = self.weighing
        earliest = weighing.deadline(self.lowest if overdue else self.settled + timedelta(days=1))
        age = weighing.full_age if aged else weighing.age(assigned)
        first = (-_score(found, earliest, age, weighing.quadrant_points), earliest[4])
        return GroupRun(self, found, pool, aged, first)

    def hopeless(self, run: "GroupRun") -> bool:
        """Whether no group of `run` can hold a pool's first rows, by the groups read so far."""
        bound = self._bound[run.pool]
        return bound is not None and run.first > bound

    def _take(self, pool: tuple[str, bool], key: tuple, count: int) -> None:
        if count <= 0:
            return
        kept = self._kept[pool]
        heapq.heappush(kept, (-key[0], -key[1].toordinal(), key, count))
        self._held[pool] += count
        wanted = self.wanted[pool]
        while self._held[pool] - kept[0][3] >= wanted:  # the others hold the rows shown without the worst
            self._held[pool] -= heapq.heappop(kept)[3]
        if self._held[pool] >= wanted:
            self._bound[pool] = kept[0][2]


class GroupRun:
    """One run of a Reach: storage hands it each group it reads, and stops when told."""

    __slots__ = ("reach", "flags", "pool", "aged", "first")

    def __init__(self, reach: Reach, flags: tuple, pool: tuple[str, bool], aged: bool, first: tuple):
        self.reach, self.flags, self.pool, self.aged = reach, flags, pool, aged
        self.first = first  # no group of the run has a smaller key: runs read in this order meet the best first

    def more(self, due: date, assigned: date | None, count: int) -> bool:
        """Note a group of `count` items that a pool may show (due, the day of assignment); whether a
        later group of the run could still hold one of a pool's first rows."""
        weighing = self.reach.weighing
        deadline = weighing.deadline(due)
        key = (-_score(self.flags, deadline, weighing.age(assigned), weighing.quadrant_points), deadline[4])
        self.reach._take(self.pool, key, count)
        bound = self.reach._bound[self.pool]
        if bound is None:
            return True
        if self.aged:  # a later group may be due the same day and assigned earlier: at most the full age
            return (-_score(self.flags, deadline, weighing.full_age, weighing.quadrant_points), deadline[4]) <= bound
        return key < bound  # a later group is due later: its key is greater


def reach(calendar: Calendar, settings: Settings, day: date, horizon: int, wanted: dict[tuple[str, bool], int],
          floor: date | None) -> Reach | None:
    """The Reach of the agenda of `day` that shows `wanted` rows of each pool, with assignments on or
    before `floor` counted as made on it (domain.ranking.age_floor); None when a weight below zero
    (config.yaml allows none) would let a later deadline score higher."""
    if min(settings.weights.values(), default=0.0) < 0:
        return None
    return Reach(calendar, settings, day, horizon, wanted, floor)


class Sections(NamedTuple):
    """The groups sorted into the agenda's pools. Groups are named by their position in the rows given."""

    pools: dict[tuple[str, bool], list[int]]  # the groups that can hold each pool's first rows
    soon: list[int]  # key and routine groups due within the horizon (即将到期)
    totals: dict[str, int]  # items in each section
    facts: dict[int, Facts]  # of the groups above
    scored: dict[Facts, Scored]


def sort(rows: list[tuple], flags: dict[int, tuple[Facts, bool]], days: dict, calendar: Calendar,
         settings: Settings, day: date, horizon: int, wanted: dict[tuple[str, bool], int] | None,
         rest: list[tuple[int, bool, int]] = (), reached: Reach | None = None) -> Sections:
    """The groups of `rows` (flags, due, assigned day, how many items) in the agenda's pools. `flags`:
    each flags number's Facts without its two days, and whether its items have an `at` (appointments
    are not in any pool); the rows name their days by keys, which `days` maps to dates (storage gives
    the stored texts); `horizon`: workdays ahead that count as 即将到期; `wanted`: how many rows the
    caller takes of each pool, or None for every group of every pool. `rest`: (flags, due on or before
    the day, how many) of items left unread past `reached`, the Reach the rows were read with, counted in
    their section's total only."""
    weighing = reached.weighing if reached is not None else None
    if weighing is None:
        dates = [d for d in days.values() if d is not None]
        weighing = _Weighing(calendar, settings, day, horizon, min(dates, default=day), max(dates, default=day))
    quadrant_points = weighing.quadrant_points
    by_flags = {number: weighing.flags(template, has_at) for number, (template, has_at) in flags.items()}
    dues = {key: weighing.deadline(value) for key, value in days.items()}
    ages = {key: weighing.age(value) for key, value in days.items()}
    keyed: dict[tuple[str, bool], list] = {pool: [] for pool in POOLS}
    must_now, must_urgent = keyed["must", True], keyed["must", False]
    totals = {"must": 0, "key": 0, "routine": 0}
    soon = []
    position = -1
    for number, due, assigned, count in rows:
        position += 1
        f = by_flags[number]
        if f[0]:
            continue
        d = dues[due]
        score = _score(f, d, ages[assigned], quadrant_points)
        if d[0]:
            totals["must"] += count
            must_now.append((-score, d[4], count, position))
        elif (f[2] or d[1]) and f[3]:  # urgent (by the flag or the date) and constrained
            totals["must"] += count
            must_urgent.append((-score, d[4], count, position))
        else:
            later_pool = f[4]
            totals[later_pool[0]] += count
            keyed[later_pool].append((-score, d[4], count, position))
            if d[2]:
                soon.append(position)
    for number, overdue, count in rest:
        skipped, _, urgent, is_constrained, later_pool, *_ = by_flags[number]
        if not skipped:
            # Past a Reach's `settled` day (or with no deadline) only the flag makes an item urgent.
            totals["must" if overdue or urgent and is_constrained else later_pool[0]] += count
    pools = {pool: _foremost(found, None if wanted is None else wanted[pool]) for pool, found in keyed.items()}
    chosen = {position for found in pools.values() for position in found} | set(soon)
    facts = {}
    for position in chosen:
        number, due, assigned, _ = rows[position]
        facts[position] = facts_of(flags[number][0], days[due], days[assigned])
    return Sections(pools, soon, totals, facts, ranking.score_all(list(facts.values()), calendar, settings, day))


def facts_of(template: Facts, due: date | None, assigned: date | None) -> Facts:
    """A group's Facts: the Facts of its flags (due and assigned_at None) with its two days. (Facts
    holds them seventh and eighth; _replace would take three times as long, 10,000 times for `why`.)"""
    return Facts._make((*template[:6], due, assigned, *template[8:]))


def _foremost(keyed: list[tuple], wanted: int | None) -> list[int]:
    """The positions of the groups that hold the first `wanted` items in the order of their keys (ties
    in a key interleave by id, so every group tied with the last one counts), or of every group."""
    if wanted is None or len(keyed) <= wanted:
        return [row[-1] for row in keyed]
    held = 0
    for score, due, count, _ in heapq.nsmallest(wanted, keyed):  # each group holds one item or more
        held += count
        if held >= wanted:
            break
    bound = (score, due, math.inf)  # the groups up to the last one needed, and those tied with it
    return [row[-1] for row in keyed if row < bound]
