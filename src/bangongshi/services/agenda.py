"""The 28-rule agenda (issue #4): what to do on a day, in which order, in which hours."""

from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import NamedTuple

from bangongshi.domain import agenda as sections_rules
from bangongshi.domain import ranking
from bangongshi.domain.calendar import DayInfo
from bangongshi.domain.ranking import Candidate, Ranked, estimate_of
from bangongshi.domain.settings import HoursPeriod, Settings
from bangongshi.errors import NotFound
from bangongshi.model import Item
from bangongshi.services.session import Session

SECTION_ROWS = 15
# 督办提醒 shown in the morning view, most pressing first; the rest are counted, with the command
# that lists them (a year's 督办 can owe hundreds at once, and the morning view is a day's plan).
FOLLOW_UP_ROWS = 8
FOLLOW_UP_MORE = "bgs follow"
# Items due on the day or overdue are all shown (nothing vanishes from the morning view); past this
# many the list is no longer a day's plan, and the rest are counted with the command that shows them.
MUST_ROWS = 50


# The agenda's records are NamedTuples, not dataclasses: they are made once per run and never
# replace()d, and each frozen dataclass costs bare `bgs` about a millisecond to define (issue #19).
class Appointment(NamedTuple):
    item: Item
    start: datetime
    end: datetime
    overlaps: bool


class Budget(NamedTuple):
    free_minutes: int
    key_target: int
    key_planned: int
    routine_target: int
    routine_planned: int
    warnings: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.warnings


class Entry(NamedTuple):
    ranked: Ranked
    item: Item
    estimate: int  # minutes: the item's own estimate, or the default for its kind


class Section(NamedTuple):
    code: str
    title: str
    entries: tuple[Entry, ...]
    hidden: int  # ranked items of this section not shown
    more: str = ""  # the command that shows what is hidden


class PlanView(NamedTuple):
    """The 次日 list saved for the agenda's day, in its order; done items stay, ticked."""

    made_at: datetime
    entries: tuple[tuple[Item, Ranked | None], ...]


class Agenda(NamedTuple):
    day: date
    info: DayInfo
    hours: HoursPeriod
    appointments: tuple[Appointment, ...]
    budget: Budget
    sections: tuple[Section, ...]
    estimated: bool = False
    plan: PlanView | None = None
    follow_ups: tuple = ()  # domain.follow.Due: the day's most pressing 督办提醒
    follow_ups_hidden: int = 0  # 督办提醒 not shown
    follow_ups_more: str = ""  # the command that lists them


def is_empty(session: Session) -> bool:
    """No item at all: bare `bgs` then shows the first steps instead of an empty day."""
    return not session.store.items.has_any()


def work_periods(hours: HoursPeriod, day: date, tz) -> list[tuple[datetime, datetime]]:
    at = lambda t: datetime.combine(day, t, tzinfo=tz)  # noqa: E731
    if hours.lunch_start is None:
        return [(at(hours.start), at(hours.end))]
    return [(at(hours.start), at(hours.lunch_start)), (at(hours.lunch_end), at(hours.end))]


def free_periods(periods: list[tuple[datetime, datetime]], busy: list[tuple[datetime, datetime]]):
    """Work periods minus busy intervals: each busy interval, in order, cuts the pieces it overlaps (an
    empty one in a piece splits it). The pieces stay in order, so the ones a busy interval overlaps are
    found by bisection: a day of hundreds of appointments costs no more than a sort."""
    from bisect import bisect_right

    busy = sorted(busy)
    if any(busy_end < busy_start for busy_start, busy_end in busy):
        return _free_periods_one_by_one(periods, busy)  # a backwards interval: pieces may overlap then
    free = []
    for start, end in periods:
        pieces = [(start, end)]
        ends = [end]  # each piece's end, in order
        for busy_start, busy_end in busy:
            first = bisect_right(ends, busy_start)  # the first piece that ends after the interval starts
            last = first
            while last < len(pieces) and pieces[last][0] < busy_end:
                last += 1
            if first == last:
                continue
            cut = []
            for piece_start, piece_end in pieces[first:last]:
                if busy_start > piece_start:
                    cut.append((piece_start, busy_start))
                if busy_end < piece_end:
                    cut.append((busy_end, piece_end))
            pieces[first:last] = cut
            ends[first:last] = [piece_end for _, piece_end in cut]
        free += pieces
    return free


def _free_periods_one_by_one(periods, busy):
    free = []
    for start, end in periods:
        pieces = [(start, end)]
        for busy_start, busy_end in busy:
            next_pieces = []
            for piece_start, piece_end in pieces:
                if busy_end <= piece_start or busy_start >= piece_end:
                    next_pieces.append((piece_start, piece_end))
                    continue
                if busy_start > piece_start:
                    next_pieces.append((piece_start, busy_start))
                if busy_end < piece_end:
                    next_pieces.append((busy_end, piece_end))
            pieces = next_pieces
        free += pieces
    return free


def minutes(periods) -> int:
    return int(sum((end - start).total_seconds() for start, end in periods) // 60)


def appointments(session: Session, day: date) -> list[Appointment]:
    tz = session.now.tzinfo
    start = datetime.combine(day, time(0), tzinfo=tz)
    found = session.store.items.appointments_between(start, start + timedelta(days=1))
    spans = [(i, i.at, i.at + timedelta(minutes=estimate_of(Candidate.of(i), session.settings))) for i in found]
    clashing = overlapping([(begin, end) for _, begin, end in spans])
    return [Appointment(item, begin, end, index in clashing) for index, (item, begin, end) in enumerate(spans)]


def overlapping(spans: list[tuple[datetime, datetime]]) -> set[int]:
    """The positions of the spans that overlap another one. In one pass over the spans by start, so
    that a day with hundreds of appointments costs no more than a sort."""
    if any(end <= begin for begin, end in spans):  # an empty span: compare every pair, as defined
        return {i for i, (begin, end) in enumerate(spans)
                if any(b < end and begin < e for j, (b, e) in enumerate(spans) if j != i)}
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    found = set()
    latest_end = None  # the latest end among the spans that start earlier
    for place, i in enumerate(order):
        begin, end = spans[i]
        if latest_end is not None and latest_end > begin:
            found.add(i)
        # A span overlaps a later one when the next start falls before its end.
        if place + 1 < len(order) and spans[order[place + 1]][0] < end:
            found.add(i)
        latest_end = end if latest_end is None else max(latest_end, end)
    return found


def of_day(session: Session, day: date, settings: Settings | None = None, everything: bool = False,
           follow_ups: bool = True) -> Agenda:
    """The agenda of `day` as the secretary sees it: with the 次日 list she wrote for it."""
    return build(session, day, settings or session.settings, session.store.plan.get(day), everything, follow_ups)


def build(session: Session, day: date, settings: Settings, plan=None, everything: bool = False,
          follow_ups: bool = True) -> Agenda:
    """`plan`: the 次日 list saved for `day` (model.plan.Plan), or None. `everything`: every open item in
    its section, with no row limit and no budget (`bgs agenda --all`). `follow_ups`: False for a caller
    that reads only the sections or the budget (the 督办提醒 are then left empty)."""
    import gc

    # The groups of facts, their scores and the 督办 rows make no reference cycles, but at 100,000 open
    # items their hundred thousand small objects set off the cycle collector again and again, each time
    # walking everything the program holds: a tenth of the agenda, for nothing. Reference counting
    # frees them as before.
    was = gc.isenabled()
    gc.disable()
    try:
        return _build(session, day, settings, plan, everything, follow_ups)
    finally:
        if was:
            gc.enable()


def _build(session: Session, day: date, settings: Settings, plan, everything: bool, follow_ups: bool) -> Agenda:
    tomorrow_list = frozenset(i.id for i in plan.items) if plan else frozenset()
    calendar = session.calendar
    items = session.store.items
    before = set(calendar.estimated_years)
    info = calendar.info(day)
    hours = settings.hours_on(day)
    booked = appointments(session, day)
    periods = work_periods(hours, day, session.now.tzinfo) if info.workday else []
    free = minutes(free_periods(periods, [(a.start, a.end) for a in booked]))
    key_target = round(free * settings.key_share)
    routine_target = free - key_target
    horizon = settings.coming_within_workdays
    last_coming = calendar.add_workdays(day, horizon)

    # Items are ranked by groups of equal facts, counted by SQLite; the ids of a group are read only when
    # it can hold a section's first rows, and full rows only for the ones shown. Appointments are attended,
    # not worked on: they live on the timeline (or under 即将到期), and the 次日 list has its own section.
    # The rest is due now (or urgent and someone else's), key, or routine (domain/agenda.py).
    rows_of = {pool: MUST_ROWS if pool == ("must", True) else SECTION_ROWS for pool in sections_rules.POOLS}
    wanted = None if everything else {pool: rows + 1 for pool, rows in rows_of.items()}
    # Only the groups that can hold a pool's first rows are read; the rest are counted (domain.agenda.Reach).
    floor = ranking.age_floor(calendar, day)
    reach = None if wanted is None else sections_rules.reach(calendar, settings, day, horizon, wanted, floor)
    groups = items.open_fact_groups(tomorrow_list, floor, reach)
    sorted_groups = sections_rules.sort(groups.rows, groups.flags, groups.days, calendar, settings, day, horizon,
                                        wanted, groups.rest, reach)
    facts_of, scored, totals = sorted_groups.facts, sorted_groups.scored, sorted_groups.totals
    # Every id of every group for `--all`, in one read; else each pool's first few, group by group.
    every_id = items.fact_group_ids(groups, facts_of, None) if everything else None
    heads = {}
    head_facts = {}  # the facts of each id in a pool's head
    for pool, found in sorted_groups.pools.items():
        limit = None if wanted is None else wanted[pool]
        ids = every_id if everything else items.fact_group_ids(groups, found, limit)
        heads[pool] = []
        for item_id, facts, s in islice(ranking.in_order([(facts_of[p], ids[p]) for p in found], scored, limit), limit):
            heads[pool].append((item_id, (-s.score, facts.due or date.max, item_id)))
            head_facts[item_id] = facts
    planned_items = [i for i in plan.items if i.is_open] if plan else []
    # The heads of each pool are weighed from a narrow read (the budget needs their estimates); only
    # the rows the sections show are read in full, at the end.
    candidates = items.candidates(sorted({i for rows in heads.values() for i, _ in rows}))
    candidates |= {i.id: ranking.Candidate.of(i) for i in planned_items}

    def in_rank_order(rows) -> list[int]:
        return [item_id for item_id, _ in sorted(rows, key=lambda row: row[1])]

    def limit(rows: list, count: int) -> list:
        return rows if everything else rows[:count]

    must = in_rank_order(limit(heads["must", True], MUST_ROWS) + limit(heads["must", False], SECTION_ROWS))
    planned = {"key": 0, "routine": 0}
    # An appointment on the 次日 list already took its hours out of the free time.
    for item_id in must + [i.id for i in planned_items if i.at is None]:
        planned["key" if candidates[item_id].key else "routine"] += estimate_of(candidates[item_id], settings)
    sections_ids = {"must": (must, totals["must"] - len(must))}
    taken = set(must) | set(tomorrow_list)
    for code, target in (("key", key_target), ("routine", routine_target)):
        # A leader's item is never left out for want of time; the budget admits the others.
        chosen = limit(heads[code, True], SECTION_ROWS)
        planned[code] += sum(estimate_of(candidates[i], settings) for i, _ in chosen)
        admitted = 0
        for item_id, order in heads[code, False]:
            cost = estimate_of(candidates[item_id], settings)
            if not everything and (len(chosen) >= SECTION_ROWS or (admitted and planned[code] + cost > target)
                                   or planned[code] + cost > target and planned[code] >= target):
                break
            chosen.append((item_id, order))
            admitted += 1
            planned[code] += cost
        ids = in_rank_order(chosen)
        taken.update(ids)
        sections_ids[code] = (ids, totals[code] - len(ids))
    # Later appointments are ranked from a narrow read; only the rows 即将到期 shows are read in full.
    tz = session.now.tzinfo
    later = [c for c in items.open_appointment_candidates(
                 datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz),
                 datetime.combine(last_coming + timedelta(days=1), time(0), tzinfo=tz)) if c.id not in tomorrow_list]
    later_scored = ranking.score_all([c.facts() for c in later], calendar, settings, day)
    coming, due_soon = _due_soon(items, groups, sorted_groups, taken, head_facts, every_id)
    coming += [(c.at.date(), -later_scored[c.facts()].score, c.due or date.max, c.id) for c in later]
    coming.sort()
    shown_coming = limit(coming, SECTION_ROWS)
    hidden_coming = due_soon + len(later) - len(shown_coming)
    sections_ids["coming"] = ([row[-1] for row in shown_coming], hidden_coming)
    candidates |= {c.id: c for c in later}
    candidates |= items.candidates(sorted({row[-1] for row in shown_coming} - candidates.keys()))
    shown = {i for ids, _ in sections_ids.values() for i in ids}
    full = {i.id: i for i in planned_items}
    full |= items.get_many(sorted(shown - full.keys()))

    titles = {"must": "今日必办", "key": "重点攻坚", "routine": "常规事务",
              "coming": f"即将到期（{horizon}个工作日内）"}
    sections = []
    for code, (ids, hidden) in sections_ids.items():
        rows = ranking.explain_candidates([candidates[i] for i in ids], calendar, settings, day, tomorrow_list)
        entries = tuple(Entry(r, full[r.candidate.id], estimate_of(r.candidate, settings)) for r in rows)
        sections.append(Section(code, titles[code], entries, hidden, more_command(day, session.now.date()) if hidden else ""))
    warnings = []
    if info.workday and planned["key"] > key_target:
        warnings.append(f"重点工作预计 {_hours(planned['key'])}，超出重点时间 {_hours(key_target)}（空闲的 {round(settings.key_share * 100)}%）")
    if info.workday and planned["routine"] > routine_target:
        warnings.append(f"常规工作预计 {_hours(planned['routine'])}，超出常规时间 {_hours(routine_target)}")
    budget = Budget(free, key_target, planned["key"], routine_target, planned["routine"], tuple(warnings))
    estimated = bool(set(calendar.estimated_years) - before) or info.estimated
    plan_view = None
    if plan is not None:
        explained = {r.candidate.id: r for r in ranking.explain_candidates(
            [candidates[i.id] for i in planned_items], calendar, settings, day, tomorrow_list)}
        plan_view = PlanView(plan.made_at, tuple((i, explained.get(i.id)) for i in plan.items))
    if not follow_ups:
        return Agenda(day, info, hours, tuple(booked), budget, tuple(sections), estimated, plan_view)
    from bangongshi.services import follow

    reminders = follow.pressing(session, day, None if everything else FOLLOW_UP_ROWS)
    return Agenda(day, info, hours, tuple(booked), budget, tuple(sections), estimated, plan_view,
                  tuple(reminders.shown), reminders.hidden, FOLLOW_UP_MORE if reminders.hidden else "")


def _due_soon(items, groups, sections: sections_rules.Sections, taken: set[int], head_facts: dict,
              every_id: dict | None) -> tuple[list[tuple], int]:
    """The key and routine items due within the horizon that no other section shows, in 即将到期's order
    (the deadline, the score, the id): the first SECTION_ROWS of them (all, given `every_id`: the ids of
    every group), and how many there are."""
    facts_of, scored = sections.facts, sections.scored
    order = {p: (facts_of[p].due, -scored[facts_of[p]].score) for p in sections.soon}
    soon = sorted(sections.soon, key=order.__getitem__)
    soon_facts = {facts_of[p] for p in soon}
    total = sum(groups.rows[p][3] for p in soon) - sum(1 for i in taken if head_facts.get(i) in soon_facts)
    rows: list[tuple] = []
    start = 0
    while start < len(soon) and (every_id is not None or len(rows) < SECTION_ROWS):
        # Groups with the same deadline and score interleave by id.
        end = start + 1
        while end < len(soon) and order[soon[end]] == order[soon[start]]:
            end += 1
        run = soon[start:end]
        # A group's first ids, as many more as other sections took: enough for SECTION_ROWS of its own.
        ids = every_id if every_id is not None else items.fact_group_ids(groups, run, SECTION_ROWS + len(taken))
        merged = sorted(item_id for p in run for item_id in ids[p] if item_id not in taken)
        due, score = order[soon[start]]
        rows += [(due, score, due, item_id) for item_id in (merged if every_id is not None else merged[:SECTION_ROWS])]
        start = end
    return rows, total


def more_command(day: date, today: date) -> str:
    """The command that lists every item a section left out."""
    return "bgs agenda --all" if day == today else f"bgs agenda {day.isoformat()} --all"


def day_minutes(agenda: Agenda) -> int:
    """The day's planned minutes: its appointments and the work the agenda plans. `bgs week` and
    `bgs month` show today with this same number."""
    booked = sum(minutes([(a.start, a.end)]) for a in agenda.appointments if a.item.is_open)
    return booked + agenda.budget.key_planned + agenda.budget.routine_planned


def _hours(total_minutes: int) -> str:
    return f"{total_minutes / 60:.1f} 小时"


def _ranked_ids(session: Session, settings: Settings, day: date, tomorrow_list: frozenset[int]):
    """Every open item's id with its quadrant, in the agenda's order (lazily)."""
    items = session.store.items
    groups = items.open_fact_groups(tomorrow_list, ranking.age_floor(session.calendar, day))
    days = groups.days
    facts = [sections_rules.facts_of(groups.flags[flags][0], days[due], days[assigned])
             for flags, due, assigned, _ in groups.rows]
    ids = items.fact_group_ids(groups, range(len(facts)), None)
    scored = ranking.score_all(facts, session.calendar, settings, day)
    return ranking.in_order([(one, ids[p]) for p, one in enumerate(facts)], scored), groups.total


def why(session: Session, item_id: int, settings: Settings, day: date,
        tomorrow_list: frozenset[int] = frozenset()) -> tuple[Ranked, int, int]:
    """One item's rank on `day`, as the agenda ranks it: its rule contributions, its place among
    open items, and how many there are. `tomorrow_list`: the ids on the 次日 list for `day`."""
    found = session.store.items.get_many([item_id])
    if not found:
        raise NotFound(f"没有编号为 #{item_id} 的事项")
    if not found[item_id].is_open:
        raise NotFound(f"#{item_id} 已在 已处理，不参与排序")
    ordered, total = _ranked_ids(session, settings, day, tomorrow_list)
    place = next(place for place, (one, _, _) in enumerate(ordered, start=1) if one == item_id)
    [ranked] = ranking.explain_candidates([ranking.Candidate.of(found[item_id])], session.calendar, settings, day,
                                          tomorrow_list)
    return ranked, place, total


def matrix(session: Session, day: date, settings: Settings, per_quadrant: int = 8):
    """The four quadrants (P5): the top items of each and how many each holds."""
    ordered, _ = _ranked_ids(session, settings, day, frozenset())
    top: dict[int, list[int]] = {1: [], 2: [], 3: [], 4: []}
    counts = {1: 0, 2: 0, 3: 0, 4: 0}
    for item_id, _, scored in ordered:
        counts[scored.quadrant] += 1
        if len(top[scored.quadrant]) < per_quadrant:
            top[scored.quadrant].append(item_id)
    full = session.store.items.get_many([i for ids in top.values() for i in ids])
    entries = {}
    for quadrant, ids in top.items():
        rows = ranking.explain_candidates([ranking.Candidate.of(full[i]) for i in ids], session.calendar, settings, day)
        entries[quadrant] = [Entry(r, full[r.candidate.id], estimate_of(r.candidate, settings)) for r in rows]
    return entries, counts
