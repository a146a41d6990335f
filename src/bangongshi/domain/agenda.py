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


class Reach(NamedTuple):
    """How far into each set of flags' deadlines the agenda's pools reach (issue #19). An item with no
    assignment, or one assigned AGE_FULL_WORKDAYS or more ago, scores the same whatever day it was
    assigned: within one set of flags its score only falls as its deadline moves later (no weight is
    negative, the deadline's signal only falls), so its key (-score, deadline) rises with the deadline.
    Where the pool is the same too (due on or before the day: 今日必办; due after `settled`, or never: one
    pool per set of flags, neither urgent by date nor 即将到期), a pool's first rows hold none of a set's
    items past the first `wanted` in deadline order: storage reads those groups only, and counts the rest.
    The deadlines between the two days are read in full (即将到期 lists them all)."""

    by_day: date
    settled: date
    wanted: dict[tuple[str, bool], int]
    memo: ranking.Memo

    def of(self, template: Facts, has_at: bool) -> tuple[int, int]:
        """How many items of one set of flags (its Facts without the two days), earliest deadline first,
        a pool can show: of those due on or before the day, and of those due after `settled` or never.
        (0, 0): none, for appointments (the timeline shows them) and the 次日 list (its own section)."""
        if has_at or template.listed:
            return 0, 0
        has_signal, is_constrained, *_ = self.memo.flagged(template)
        later = ("must", False) if template.urgent and is_constrained else (
            "key" if template.key else "routine", has_signal)
        return self.wanted["must", True], self.wanted[later]


def reach(calendar: Calendar, settings: Settings, day: date, horizon: int,
          wanted: dict[tuple[str, bool], int]) -> Reach | None:
    """The Reach of the agenda of `day` that shows `wanted` rows of each pool; None when a weight below
    zero (config.yaml allows none) would let a later deadline score higher."""
    if min(settings.weights.values(), default=0.0) < 0:
        return None
    # The last day within `horizon` (即将到期) and `urgent_within_workdays` (urgent by date) workdays:
    # the day before the next workday past both.
    settled = calendar.add_workdays(day, max(horizon, settings.urgent_within_workdays) + 1) - timedelta(days=1)
    return Reach(day, max(settled, day), dict(wanted), ranking.Memo(None, settings))


class Sections(NamedTuple):
    """The groups sorted into the agenda's pools. Groups are named by their position in the rows given."""

    pools: dict[tuple[str, bool], list[int]]  # the groups that can hold each pool's first rows
    soon: list[int]  # key and routine groups due within the horizon (即将到期)
    totals: dict[str, int]  # items in each section
    facts: dict[int, Facts]  # of the groups above
    scored: dict[Facts, Scored]


def sort(rows: list[tuple], flags: dict[int, tuple[Facts, bool]], days: dict, calendar: Calendar,
         settings: Settings, day: date, horizon: int, wanted: dict[tuple[str, bool], int] | None,
         rest: list[tuple[int, bool, int]] = ()) -> Sections:
    """The groups of `rows` (flags, due, assigned day, how many items) in the agenda's pools. `flags`:
    each flags number's Facts without its two days, and whether its items have an `at` (appointments
    are not in any pool); the rows name their days by keys, which `days` maps to dates (storage gives
    the stored texts); `horizon`: workdays ahead that count as 即将到期; `wanted`: how many rows the
    caller takes of each pool, or None for every group of every pool. `rest`: (flags, due on or before
    the day, how many) of items left unread past a Reach, counted in their section's total only."""
    dates = [d for d in days.values() if d is not None]
    memo = ranking.Memo(ranking.counter_between(calendar, day, min(dates, default=day), max(dates, default=day)),
                        settings)
    quadrant_points = ranking.quadrant_points_of(settings)
    urgent_within = settings.urgent_within_workdays
    # What each set of flags decides: (left out, important, urgent, constrained, its pool unless the
    # deadline rules put it in 今日必办, then the points of each rule read off the flags, in RULES order).
    # Worked out once per set: a few dozen.
    by_flags = {}
    for number, (template, has_at) in flags.items():
        has_signal, is_constrained, _, _, points = memo.flagged(template)
        by_flags[number] = (template.listed or has_at, template.important or template.locked or has_signal,
                            template.urgent, is_constrained,
                            ("key" if template.key else "routine", has_signal), *points)
    # What each deadline decides: (by the day, within the urgent workdays, within the horizon, its points,
    # the order it sorts in); and each assignment day: the age rule's points. Once per day.
    dues = {}
    ages = {}
    age_of = ranking.memo_ages(memo)
    for key, value in days.items():
        to_due, _, deadline_points = memo.due(value)
        dues[key] = (value is not None and value <= day, to_due is not None and to_due <= urgent_within,
                     to_due is not None and 0 < to_due <= horizon, deadline_points, value or date.max)
        ages[key] = age_of(value)[1] if value is not None else 0.0
    keyed: dict[tuple[str, bool], list] = {pool: [] for pool in POOLS}
    must_now, must_urgent = keyed["must", True], keyed["must", False]
    totals = {"must": 0, "key": 0, "routine": 0}
    soon = []
    position = -1
    for number, due, assigned, count in rows:
        position += 1
        (skipped, important, urgent, is_constrained, later_pool,
         constrained_points, key, locked, attention, listed, report, supervised) = by_flags[number]
        if skipped:
            continue
        by_day, urgent_by_date, within, deadline_points, order = dues[due]
        urgent = urgent or urgent_by_date
        # The score as ranking._score sums it: every rule's points, one by one in RULES order.
        score = round(quadrant_points[1 if important and urgent else 2 if important else 3 if urgent else 4]
                      + constrained_points + deadline_points + (ages[assigned] if is_constrained else 0.0)
                      + key + locked + attention + listed + report + supervised, 2)
        if by_day:
            totals["must"] += count
            must_now.append((-score, order, count, position))
        elif urgent and is_constrained:
            totals["must"] += count
            must_urgent.append((-score, order, count, position))
        else:
            totals[later_pool[0]] += count
            keyed[later_pool].append((-score, order, count, position))
            if within:
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
