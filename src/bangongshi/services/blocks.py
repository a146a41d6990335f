"""`bgs agenda --blocks`: the day's agenda laid out in time blocks.

The order of placement is the order of a secretary's decisions (issue #16): appointments (fixed in
time); the 次日 list written last night, in its own order, because it is her own decision; items due
today or overdue that are not on it (今日必办); then key work with far deadlines in the concentrated
time that is left, mornings first; routine in the gaps. What does not fit is named with the reason
and what to do about it, never dropped.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bangongshi.domain.durations import format_minutes
from bangongshi.domain.ranking import Candidate, estimate_of
from bangongshi.domain.settings import Settings
from bangongshi.model import Item
from bangongshi.services.agenda import Agenda, free_periods, of_day, work_periods
from bangongshi.services.session import Session

# Where a block comes from, in the order of placement; the agenda's section codes where there is one.
SECTIONS = ("appointment", "plan", "must", "key", "routine")


@dataclass(frozen=True)
class Block:
    start: datetime
    end: datetime
    kind: str  # appointment | key | routine: what the work is
    title: str
    item_id: int
    section: str = "appointment"  # one of SECTIONS: why it was placed when it was
    position: int | None = None  # its place on the 次日 list


@dataclass(frozen=True)
class LeftOver:
    """An item that did not get (all of) its time today."""

    item: Item
    section: str
    position: int | None
    estimate: int  # minutes wanted
    placed: int  # minutes it did get (a long item may get part of its time)
    reason: str  # rest_day | full | fragmented | partial
    why: str


@dataclass(frozen=True)
class DayBlocks:
    day: date
    blocks: tuple[Block, ...]
    left_over: tuple[LeftOver, ...]

    def of(self, item_id: int) -> tuple[list[Block], LeftOver | None]:
        """One item's blocks and, if it did not fit, why."""
        return ([b for b in self.blocks if b.item_id == item_id],
                next((o for o in self.left_over if o.item.id == item_id), None))


def _to_place(agenda: Agenda, settings: Settings) -> list[tuple[str, int | None, Item, int]]:
    """(section, list position, item, minutes) in the order of placement, each item once."""
    wanted, seen = [], set()
    if agenda.plan is not None:
        for position, (item, ranked) in enumerate(agenda.plan.entries, start=1):
            # Done items stay on the list, ticked; appointments are on the timeline already.
            if item.is_open and item.at is None:
                candidate = ranked.candidate if ranked else Candidate.of(item)
                wanted.append(("plan", position, item, estimate_of(candidate, settings)))
    by_code = {s.code: s for s in agenda.sections}
    for code in ("must", "key", "routine"):
        section = by_code.get(code)
        wanted += [(code, None, e.item, e.estimate) for e in (section.entries if section else ())]
    result = []
    for row in wanted:
        if row[2].id not in seen:
            seen.add(row[2].id)
            result.append(row)
    return result


def _take(free: list[list[datetime]], need: timedelta, shortest: timedelta) -> list[tuple[datetime, datetime]]:
    """Time for one item from `free` (in time order, shrunk in place): the earliest gap that holds it
    whole, so work is not cut up needlessly; else pieces of at least `shortest` (or all that is
    left), earliest first."""
    whole = next((gap for gap in free if gap[1] - gap[0] >= need), None)
    if whole is not None:
        start = whole[0]
        whole[0] += need
        return [(start, start + need)]
    pieces = []
    for gap in free:
        if need <= timedelta(0):
            break
        length = gap[1] - gap[0]
        if length >= min(need, shortest):
            taken = min(need, length)
            pieces.append((gap[0], gap[0] + taken))
            gap[0] += taken
            need -= taken
    return pieces


def _why_not(estimate: int, placed: int, free: list[list[datetime]], shortest: int) -> tuple[str, str]:
    left = int(sum((end - start).total_seconds() for start, end in free) // 60)
    if left <= 0:
        rest = "今天的空闲时间已经排满"
    else:
        longest = int(max((end - start).total_seconds() for start, end in free) // 60)
        rest = (f"剩下的空闲只有零碎的 {format_minutes(left)}（最长一段 {format_minutes(longest)}），"
                f"放不下 {format_minutes(min(estimate - placed, shortest))} 的整段")
    if placed:
        return "partial", f"只排下 {format_minutes(placed)}，还差 {format_minutes(estimate - placed)}：{rest}"
    return ("full" if left <= 0 else "fragmented"), rest


def time_blocks(agenda: Agenda, settings: Settings, tz) -> DayBlocks:
    """The day in blocks, placed in the order of the module's docstring."""
    to_place = _to_place(agenda, settings)
    if not agenda.info.workday:
        return DayBlocks(agenda.day, (), tuple(LeftOver(item, section, position, minutes, 0, "rest_day",
                                                        "今天休息，没有工作时间")
                                               for section, position, item, minutes in to_place))
    periods = work_periods(agenda.hours, agenda.day, tz)
    free = [list(p) for p in free_periods(periods, [(a.start, a.end) for a in agenda.appointments])]
    blocks = [Block(a.start, a.end, "appointment", a.item.title, a.item.id) for a in agenda.appointments]
    left_over = []
    shortest = settings.min_block_minutes
    for section, position, item, estimate in to_place:
        pieces = _take(free, timedelta(minutes=estimate), timedelta(minutes=shortest))
        free = [gap for gap in free if gap[1] > gap[0]]
        kind = "key" if item.key else "routine"
        blocks += [Block(start, end, kind, item.title, item.id, section, position) for start, end in pieces]
        placed = int(sum((end - start).total_seconds() for start, end in pieces) // 60)
        if placed < estimate:
            reason, why = _why_not(estimate, placed, free, shortest)
            left_over.append(LeftOver(item, section, position, estimate, placed, reason, why))
    blocks.sort(key=lambda b: (b.start, b.end))
    return DayBlocks(agenda.day, tuple(blocks), tuple(left_over))


def day_blocks_of(session: Session, day: date, settings: Settings) -> tuple[Agenda, DayBlocks]:
    """The agenda of `day` (with its saved 次日 list) and its blocks."""
    agenda = of_day(session, day, settings)
    return agenda, time_blocks(agenda, settings, session.now.tzinfo)


@dataclass(frozen=True)
class Placement:
    """`bgs why`: whether one item got time in today's blocks, and why (or why not)."""

    blocks: tuple[Block, ...]
    left_over: LeftOver | None
    not_chosen: str | None  # why it is in none of the day's blocks, when it was not even tried


def placement(session: Session, item_id: int, settings: Settings, day: date) -> Placement:
    """Called after agenda.why, which has made sure the item exists and is open."""
    agenda, day_blocks = day_blocks_of(session, day, settings)
    blocks, left_over = day_blocks.of(item_id)
    if blocks or left_over:
        return Placement(tuple(blocks), left_over, None)
    item = session.store.items.get_many([item_id])[item_id]
    if item.at is not None:
        return Placement((), None, f"是 {item.at:%m-%d %H:%M} 的日程，按约定的时间参加，不另排时间块")
    if not agenda.info.workday:
        return Placement((), None, "今天休息，没有工作时间")
    return Placement((), None, "不在次日事项和今日必办里，今天的重点和常规时间（28定律）已分给排在它前面的事项")
