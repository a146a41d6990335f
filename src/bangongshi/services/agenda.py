"""The 28-rule agenda (issue #4): what to do on a day, in which order, in which hours."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bangongshi.domain import ranking
from bangongshi.domain.calendar import DayInfo
from bangongshi.domain.ranking import Candidate, Ranked
from bangongshi.domain.settings import HoursPeriod, Settings
from bangongshi.errors import NotFound
from bangongshi.model import Item
from bangongshi.services.session import Session
from bangongshi.storage import items as item_store

SECTION_ROWS = 15
DEFAULT_APPOINTMENT_MINUTES = 60


@dataclass(frozen=True)
class Appointment:
    item: Item
    start: datetime
    end: datetime
    overlaps: bool


@dataclass(frozen=True)
class Budget:
    free_minutes: int
    key_target: int
    key_planned: int
    routine_target: int
    routine_planned: int
    warnings: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return not self.warnings


@dataclass(frozen=True)
class Entry:
    ranked: Ranked
    item: Item
    estimate: int  # minutes: the item's own estimate, or the default for its kind


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    entries: tuple[Entry, ...]
    hidden: int  # ranked items of this section not shown


@dataclass(frozen=True)
class PlanView:
    """The 次日 list saved for the agenda's day, in its order; done items stay, ticked."""

    made_at: datetime
    entries: tuple[tuple[Item, Ranked | None], ...]


@dataclass(frozen=True)
class Agenda:
    day: date
    info: DayInfo
    hours: HoursPeriod
    appointments: tuple[Appointment, ...]
    budget: Budget
    sections: tuple[Section, ...]
    estimated: bool = False
    plan: PlanView | None = None


def estimate_of(candidate: Candidate, settings: Settings) -> int:
    if candidate.estimate_minutes:
        return candidate.estimate_minutes
    return settings.default_estimates[candidate.kind.code if candidate.kind else "none"]


def work_periods(hours: HoursPeriod, day: date, tz) -> list[tuple[datetime, datetime]]:
    at = lambda t: datetime.combine(day, t, tzinfo=tz)  # noqa: E731
    if hours.lunch_start is None:
        return [(at(hours.start), at(hours.end))]
    return [(at(hours.start), at(hours.lunch_start)), (at(hours.lunch_end), at(hours.end))]


def free_periods(periods: list[tuple[datetime, datetime]], busy: list[tuple[datetime, datetime]]):
    """Work periods minus busy intervals."""
    free = []
    for start, end in periods:
        pieces = [(start, end)]
        for busy_start, busy_end in sorted(busy):
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
    found = item_store.appointments_between(session.store.conn, start, start + timedelta(days=1))
    spans = [(i, i.at, i.at + timedelta(minutes=i.duration_minutes or DEFAULT_APPOINTMENT_MINUTES)) for i in found]
    result = []
    for index, (item, begin, end) in enumerate(spans):
        overlaps = any(other_begin < end and begin < other_end
                       for j, (_, other_begin, other_end) in enumerate(spans) if j != index)
        result.append(Appointment(item, begin, end, overlaps))
    return result


def build(session: Session, day: date, settings: Settings, plan=None) -> Agenda:
    """`plan`: the 次日 list saved for `day` (services.planning.Plan), or None."""
    tomorrow_list = frozenset(i.id for i in plan.items) if plan else frozenset()
    calendar = session.calendar
    before = set(calendar.estimated_years)
    info = calendar.info(day)
    hours = settings.hours_on(day)
    booked = appointments(session, day)
    periods = work_periods(hours, day, session.now.tzinfo) if info.workday else []
    free = minutes(free_periods(periods, [(a.start, a.end) for a in booked]))
    candidates = item_store.open_candidates(session.store.conn)
    ranked = ranking.rank(candidates, calendar, settings, day, tomorrow_list)
    key_target = round(free * settings.key_share)
    routine_target = free - key_target

    # One pass: appointments are attended, not worked on, so they live on the timeline (or, later,
    # under 即将到期); the rest is due now (or urgent and someone else's), key, or routine.
    appointments_later, must, key_pool, routine_pool = [], [], [], []
    planned_ranked = {}
    for r in ranked:
        candidate = r.candidate
        if candidate.id in tomorrow_list:
            planned_ranked[candidate.id] = r
        elif candidate.at is not None:
            if candidate.at.date() > day:
                appointments_later.append(r)
        elif (candidate.due is not None and candidate.due <= day) or (r.urgent_effective and ranking.constrained(candidate)):
            must.append(r)
        elif candidate.key:
            key_pool.append(r)
        else:
            routine_pool.append(r)
    taken = {r.candidate.id for r in must[:SECTION_ROWS]} | set(tomorrow_list)
    planned = {"key": 0, "routine": 0}
    for r in must[:SECTION_ROWS] + list(planned_ranked.values()):
        planned["key" if r.candidate.key else "routine"] += estimate_of(r.candidate, settings)
    sections_ranked = {"must": (must[:SECTION_ROWS], len(must) - min(len(must), SECTION_ROWS))}
    for code, pool, target in (("key", key_pool, key_target), ("routine", routine_pool, routine_target)):
        chosen = []
        for r in pool:
            cost = estimate_of(r.candidate, settings)
            if chosen and (planned[code] + cost > target or len(chosen) >= SECTION_ROWS):
                break
            if not chosen and planned[code] + cost > target and planned[code] >= target:
                break
            chosen.append(r)
            planned[code] += cost
        taken.update(r.candidate.id for r in chosen)
        sections_ranked[code] = (chosen, len(pool) - len(chosen))
    horizon = settings.coming_within_workdays
    last_coming = calendar.add_workdays(day, horizon)
    coming = [r for pool in (key_pool, routine_pool) for r in pool if r.candidate.id not in taken
              and r.workdays_to_due is not None and 0 < r.workdays_to_due <= horizon]
    coming += [r for r in appointments_later if r.candidate.at.date() <= last_coming]
    coming.sort(key=lambda r: (r.candidate.at.date() if r.candidate.at else r.candidate.due, -r.score))
    sections_ranked["coming"] = (coming[:SECTION_ROWS], len(coming) - min(len(coming), SECTION_ROWS))

    shown_ids = [r.candidate.id for rows, _ in sections_ranked.values() for r in rows]
    full = item_store.get_many(session.store.conn, shown_ids)
    sections_ranked = {code: (ranking.explain(rows, calendar, settings, day, tomorrow_list), hidden)
                       for code, (rows, hidden) in sections_ranked.items()}
    titles = {"must": "今日必办", "key": "重点攻坚", "routine": "常规事务",
              "coming": f"即将到期（{horizon}个工作日内）"}
    sections = tuple(
        Section(code, titles[code], tuple(Entry(r, full[r.candidate.id], estimate_of(r.candidate, settings))
                                           for r in rows), hidden)
        for code, (rows, hidden) in sections_ranked.items()
    )
    warnings = []
    if info.workday and planned["key"] > key_target:
        warnings.append(f"重点工作预计 {_hours(planned['key'])}，超出重点时间 {_hours(key_target)}（空闲的 {round(settings.key_share * 100)}%）")
    if info.workday and planned["routine"] > routine_target:
        warnings.append(f"常规工作预计 {_hours(planned['routine'])}，超出常规时间 {_hours(routine_target)}")
    budget = Budget(free, key_target, planned["key"], routine_target, planned["routine"], tuple(warnings))
    estimated = bool(set(calendar.estimated_years) - before) or info.estimated
    plan_view = None
    if plan is not None:
        explained = {r.candidate.id: r for r in
                     ranking.explain(list(planned_ranked.values()), calendar, settings, day, tomorrow_list)}
        plan_view = PlanView(plan.made_at, tuple((i, explained.get(i.id)) for i in plan.items))
    return Agenda(day, info, hours, tuple(booked), budget, sections, estimated, plan_view)


def _hours(total_minutes: int) -> str:
    return f"{total_minutes / 60:.1f} 小时"


def why(session: Session, item_id: int, settings: Settings, day: date,
        tomorrow_list: frozenset[int] = frozenset()) -> tuple[Ranked, int, int]:
    """One item's rank on `day`, as the agenda ranks it: its rule contributions, its place among
    open items, and how many there are. `tomorrow_list`: the ids on the 次日 list for `day`."""
    candidates = item_store.open_candidates(session.store.conn)
    ranked = ranking.rank(candidates, session.calendar, settings, day, tomorrow_list)
    for place, r in enumerate(ranked, start=1):
        if r.candidate.id == item_id:
            return ranking.explain([r], session.calendar, settings, day, tomorrow_list)[0], place, len(ranked)
    found = item_store.get_many(session.store.conn, [item_id])
    if not found:
        raise NotFound(f"没有编号为 #{item_id} 的事项")
    raise NotFound(f"#{item_id} 已在 已处理，不参与排序")


@dataclass(frozen=True)
class Block:
    start: datetime
    end: datetime
    kind: str  # appointment | key | routine
    title: str
    item_id: int


def time_blocks(agenda: Agenda, settings: Settings, tz) -> tuple[list[Block], list[Entry]]:
    """Key work in blocks of at least `min_block_minutes`, morning first; routine work batched
    into the gaps around appointments. Returns the day's blocks and what did not fit."""
    if not agenda.info.workday:
        return [], [e for s in agenda.sections if s.code != "coming" for e in s.entries]
    periods = work_periods(agenda.hours, agenda.day, tz)
    free = [list(p) for p in free_periods(periods, [(a.start, a.end) for a in agenda.appointments])]
    blocks = [Block(a.start, a.end, "appointment", a.item.title, a.item.id) for a in agenda.appointments]
    planned = [e for s in agenda.sections if s.code != "coming" for e in s.entries]
    left_over = []
    shortest = timedelta(minutes=settings.min_block_minutes)
    for entry in (e for e in planned if e.item.key):
        need = timedelta(minutes=entry.estimate)
        while need > timedelta(0):
            wanted = min(need, shortest)
            slot = next((p for p in free if p[1] - p[0] >= wanted), None)
            if slot is None:
                left_over.append(entry)
                break
            taken = min(need, slot[1] - slot[0])
            blocks.append(Block(slot[0], slot[0] + taken, "key", entry.item.title, entry.item.id))
            slot[0] += taken
            need -= taken
    for entry in (e for e in planned if not e.item.key):
        need = timedelta(minutes=entry.estimate)
        slot = next((p for p in free if p[1] - p[0] >= need), None)
        if slot is None:
            left_over.append(entry)
            continue
        blocks.append(Block(slot[0], slot[0] + need, "routine", entry.item.title, entry.item.id))
        slot[0] += need
    blocks.sort(key=lambda b: (b.start, b.end))
    return blocks, left_over


def matrix(session: Session, day: date, settings: Settings, per_quadrant: int = 8):
    """The four quadrants (P5): the top items of each and how many each holds."""
    ranked = ranking.rank(item_store.open_candidates(session.store.conn), session.calendar, settings, day)
    groups: dict[int, list[Ranked]] = {1: [], 2: [], 3: [], 4: []}
    for r in ranked:
        groups[r.quadrant].append(r)
    shown = {q: ranking.explain(rows[:per_quadrant], session.calendar, settings, day) for q, rows in groups.items()}
    full = item_store.get_many(session.store.conn, [r.candidate.id for rows in shown.values() for r in rows])
    entries = {q: [Entry(r, full[r.candidate.id], estimate_of(r.candidate, settings)) for r in rows]
               for q, rows in shown.items()}
    return entries, {q: len(rows) for q, rows in groups.items()}
