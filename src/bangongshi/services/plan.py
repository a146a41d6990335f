"""`plan tomorrow` (P3, P14): review the day, then write the 次日 list for the next workday."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bangongshi.domain.settings import Settings
from bangongshi.errors import BadInput, NotFound
from bangongshi.model import Item, ItemFilter
from bangongshi.model.plan import Plan
from bangongshi.model.record import replace
from bangongshi.services import agenda as agenda_service
from bangongshi.services.session import Session


@dataclass(frozen=True)
class Review:
    today: date
    target: date
    today_plan: Plan | None
    still_open: tuple[Item, ...]  # of today's list
    done_today: tuple  # model.brief.ItemBrief, the first DONE_SHOWN: what the review shows of them (number, title)
    captured_today: int  # items written down today
    overdue: tuple[Item, ...]  # every one, or the first OVERDUE_SHOWN when the review decides nothing on them
    follow_ups: tuple = ()  # domain.follow.Due by the next workday, the most pressing: nudges, reports owed, handoffs
    target_list: tuple[int, ...] = ()  # the list already saved for `target` when the review began
    follow_ups_hidden: int = 0  # 督办提醒 not in follow_ups (bgs follow lists them)
    overdue_count: int = 0
    # The 督办 items the list takes: those whose 催办 is due by `target` or that are past their deadline,
    # the most pressing, as many as the agenda shows of its 督办提醒 (a list of hundreds is no day's plan).
    pressing: tuple[Item, ...] = ()
    done_count: int = 0  # items done today, done_today the first of them

    @property
    def finished_share(self) -> float | None:
        if not self.today_plan or not self.today_plan.items:
            return None
        return 1 - len(self.still_open) / len(self.today_plan.items)


def target_day(session: Session) -> date:
    """The next workday after today (run on a rest day too: the next workday after it)."""
    return session.calendar.next_workday(session.now.date())


def load_plan(session: Session, day: date) -> Plan | None:
    return session.store.plan.get(day)


# Overdue items the review names when it decides nothing on them (`--auto`); the rest are counted.
OVERDUE_SHOWN = 10
# Items done today that the review names, as many as `bgs report day` lists of a kind; the rest are
# counted, and that report lists them all (issue #19: a busy day closed thousands, each a line).
DONE_SHOWN = 50


def review(session: Session, deciding: bool = True) -> Review:
    """The day in review. `deciding`: each overdue item will be decided on, so all are read; otherwise
    the first OVERDUE_SHOWN (a year's backlog can be tens of thousands)."""
    today = session.now.date()
    tz = session.now.tzinfo
    start = datetime.combine(today, time(0), tzinfo=tz)
    end = start + timedelta(days=1)
    plan = load_plan(session, today)
    still_open = tuple(i for i in plan.items if i.is_open) if plan else ()
    items = session.store.items
    overdue = tuple(items.query(ItemFilter(due_earlier_than=today)) if deciding
                    else items.first_open_due_before(today, OVERDUE_SHOWN))
    from bangongshi.domain.follow import Reminder
    from bangongshi.services import follow

    target = target_day(session)
    saved = session.store.plan.load(target)
    # The day's reminders worked out once for both questions: what to remind of, what the list takes.
    reminders, pressing = follow.pressing_sets(session, target, agenda_service.FOLLOW_UP_ROWS,
                                               [None, frozenset((Reminder.NUDGE, Reminder.OVERDUE))])
    # What was done today is counted, and the first of it named (number and title), read in brief.
    return Review(today, target, plan, still_open, tuple(session.store.briefs.done_between(start, end, DONE_SHOWN)),
                  items.count_created_between(start, end), overdue, tuple(reminders.shown),
                  tuple(saved[1]) if saved else (), reminders.hidden,
                  len(overdue) if deciding else items.count_open_due_before(today),
                  tuple(due.item for due in pressing.shown if due.item.is_open), items.count_done_between(start, end))


def proposal(session: Session, settings: Settings, carried: list[Item], pressing: tuple[Item, ...] = ()) -> list[Item]:
    """The list already saved for the next workday (running twice edits it), carried items, that
    day's agenda (deadlines up to it, constrained and urgent items, key and routine work up to the
    28-rule budget) and the pressing 督办 items of the review (Review.pressing). Ranked as a whole by
    the agenda's rules."""
    from bangongshi.domain import ranking

    from bangongshi.services.rules import materialise

    day = target_day(session)
    materialise(session, through=day)  # the next workday's occurrences belong on its list
    existing = load_plan(session, day)
    chosen = {i.id: i for i in (existing.items if existing else ()) if i.is_open}
    chosen.update({i.id: i for i in carried if i.is_open})
    # The day's agenda as if no list were saved: a list saved before leaves the same picks (its items
    # are shown, not skipped), so running the evening plan again adds nothing new unless the store
    # changed. Built with the saved list, each run took the next 95 overdue and leader's items.
    agenda = agenda_service.build(session, day, settings, None, follow_ups=False)
    for section in agenda.sections:
        if section.code in ("must", "key", "routine"):
            for entry in section.entries:
                chosen.setdefault(entry.item.id, entry.item)
    for item in pressing:
        chosen.setdefault(item.id, item)
    candidates = [ranking.Candidate.of(item) for item in chosen.values()]
    listed = frozenset(i.id for i in existing.items) if existing else frozenset()
    order = ranking.rank(candidates, session.calendar, settings, day, listed)
    return [chosen[r.candidate.id] for r in order]


@dataclass(frozen=True)
class Drift:
    """How the saved list changed since a review opened it (another window saved in between)."""

    added: tuple[Item, ...]  # by the other window
    removed: tuple[Item, ...]
    current: tuple[int, ...]  # the list as saved now


def drift(session: Session, day: date, opened: tuple[int, ...]) -> Drift | None:
    """What another window changed in `day`'s list since it was `opened`, or None."""
    found = session.store.plan.load(day)
    current = tuple(found[1]) if found else ()
    if current == tuple(opened):
        return None
    items = session.store.items.get_many([*current, *opened])
    return Drift(tuple(items[i] for i in current if i not in opened and i in items),
                 tuple(items[i] for i in opened if i not in current and i in items), current)


def merged(mine: list, change: Drift, entry=lambda item: item.id) -> list:
    """Mine (ids, or the draft's items and new titles) with the other window's changes on top:
    what it removed goes, what it added (and is still open) follows mine. Nothing it added is lost."""
    def key(e):
        return e if isinstance(e, int) else getattr(e, "id", None)

    removed = {i.id for i in change.removed}
    kept = [e for e in mine if key(e) not in removed]
    have = {key(e) for e in kept}
    return kept + [entry(i) for i in change.added if i.is_open and i.id not in have]


def save(session: Session, day: date, item_ids: list[int]) -> Plan:
    return save_merging(session, day, item_ids, None)[0]


def save_merging(session: Session, day: date, item_ids: list[int],
                 opened: tuple[int, ...] | None) -> tuple[Plan, Drift | None]:
    """Save the list; when `opened` (the list as it was when this window read it) is given and the
    saved list has changed since, the other window's changes are merged in, never overwritten, and
    returned so that the caller can say what happened. Checked inside the write transaction
    (BEGIN IMMEDIATE), so no third save can slip between the check and the write."""
    if day < session.now.date():
        raise BadInput(f"不能为已经过去的 {day.isoformat()} 制定次日事项")
    wanted = list(dict.fromkeys(item_ids))
    found = session.store.items.get_many(wanted)
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"没有编号为 {'、'.join(f'#{i}' for i in missing)} 的事项")
    closed = [i for i in wanted if not found[i].is_open]
    if closed:
        raise BadInput(f"{'、'.join(f'#{i}' for i in closed)} 已在 已处理，不能列入次日事项")
    change = None
    with session.write() as tx:
        if opened is not None:
            change = drift(session, day, opened)
            if change is not None:
                wanted = merged(wanted, change)
        session.store.plan.save(tx, day, wanted)
    return load_plan(session, day), change


def edit(session: Session, day: date, add: list[int], remove: list[int]) -> Plan:
    current = load_plan(session, day)
    ids = [i.id for i in current.items] if current else []
    unknown = [i for i in remove if i not in ids]
    if unknown:
        raise BadInput(f"{'、'.join(f'#{i}' for i in unknown)} 不在 {day.isoformat()} 的次日事项里")
    ids = [i for i in ids if i not in remove] + [i for i in add if i not in ids]
    return save(session, day, ids)


@dataclass
class Decisions:
    """What the review decided for each open or overdue item; applied only when the list is saved."""

    carried: list[Item] = field(default_factory=list)
    reschedule: dict[int, str] = field(default_factory=dict)  # item id -> date phrase
    new_due: dict[int, date] = field(default_factory=dict)  # item id -> the day that phrase means
    move: dict = field(default_factory=dict)  # item id -> Folder
    finish: dict[int, str | None] = field(default_factory=dict)  # item id -> result
    handoff: dict[int, str] = field(default_factory=dict)  # item id -> who takes it over


def to_decide(review: Review) -> list[Item]:
    """Each still-open item of today's list, then each overdue item, once."""
    return list({i.id: i for i in (*review.still_open, *review.overdue)}.values())


def reviewed_proposal(session: Session, settings: Settings, review: Review, decisions: Decisions) -> list[Item]:
    """The proposal after the review: what was dropped stays off unless it was rescheduled onto it."""
    dropped = ({i.id for i in to_decide(review)} - {i.id for i in decisions.carried}) | set(decisions.handoff)
    # A rescheduled item stays on the draft, ranked by its new date (the change is written on save).
    moved = [replace(i, due=decisions.new_due[i.id]) for i in to_decide(review) if i.id in decisions.new_due]
    proposed = proposal(session, settings, [*decisions.carried, *moved], review.pressing)
    return [i for i in proposed if i.id not in dropped or i.id in decisions.reschedule]


def save_reviewed(session: Session, day: date, final: list, decisions: Decisions,
                  opened: tuple[int, ...] | None = None) -> tuple[Plan, Drift | None]:
    """Apply the review's decisions, capture new titles, and save the list (items or titles, in
    order), merging what another window saved since `opened` (see save_merging)."""
    from bangongshi.services import items as item_service
    from bangongshi.services.fields import FieldInput

    for item_id, phrase in decisions.reschedule.items():
        item_service.edit(session, [item_id], FieldInput(due=phrase), [], [])
    for item_id, folder in decisions.move.items():
        item_service.move(session, [item_id], folder)
    for item_id, result in decisions.finish.items():
        item_service.finish(session, [item_id], result)
    if decisions.handoff:
        from bangongshi.services import follow

        for item_id, name in decisions.handoff.items():
            follow.handoff(session, item_id, name)
    ids = []
    for entry in final:
        if isinstance(entry, str):
            ids.append(item_service.add(session, FieldInput(title=entry)).item.id)
        elif entry.id not in decisions.finish and entry.id not in decisions.handoff:
            ids.append(entry.id)
    return save_merging(session, day, ids, opened)
