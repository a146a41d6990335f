"""Recurring items (P4): rules recorded once, whose occurrences become ordinary 待办 items when they
enter their lead window, each exactly once.

Occurrences that a user's command brings into the window (`recur add`, `edit`, `resume`) are made
in that command's run, so `bgs undo` takes them back with it; the ones that come due later are made
by the tool in a run of their own, which `undo` skips.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bangongshi.domain import occurrences as timing
from bangongshi.domain.rules import HORIZON_YEARS, POLICIES, Occurrence, Recurrence, occurrences, parse_recurrence
from bangongshi.errors import BadInput, NotFound, StorageError
from bangongshi.model import Folder, Item
from bangongshi.model.ids import new_uuid, occurrence_uuid
from bangongshi.model.record import replace
from bangongshi.model.rules import COPIED, Rule
from bangongshi.services.fields import FieldInput, clean_title, to_changes
from bangongshi.services.session import Session

LEAD_MAX = 250
TOOL_COMMAND = "生成周期事项"


@dataclass
class RuleInput:
    """A rule as typed; None means "not given"."""

    title: str | None = None
    rule: str | None = None
    policy: str | None = None
    lead: int | None = None
    catch_up: str | None = None
    start: str | None = None
    ends: str | None = None


@dataclass(frozen=True)
class RuleView:
    rule: Rule
    next_dates: tuple[Occurrence, ...]
    made: tuple[Item, ...]


def schedule_of(rule: Rule) -> timing.Schedule:
    # Not parsed again: a stored rule was checked when it was given, and one stored before a check
    # was added must still open (its expansion is bounded in any case).
    return timing.Schedule(Recurrence(rule.rrule, rule.rrule, rule.policy), rule.anchor, rule.lead_workdays,
                           rule.catch_up, rule.ends)


def add(session: Session, given: RuleInput, fields: FieldInput) -> tuple[Rule, list[Item]]:
    rule = prepare(session, given, fields)
    with session.write() as tx:
        made = insert(session, tx, rule)
    return rule, made


def _no_people(fields: FieldInput) -> None:
    """A rule's occurrences do not carry leaders yet (issue #24): say so rather than drop --for/--with."""
    if fields.people_given:
        raise BadInput("周期事项暂不支持 --for/--with；请对生成的那次活动 bgs edit ID --for 领导")


def prepare(session: Session, given: RuleInput, fields: FieldInput, uuid: str | None = None) -> Rule:
    """A new rule from what was typed, checked; nothing written."""
    _no_people(fields)
    if given.title is None or given.rule is None:
        raise BadInput("需要标题和周期，例如：bgs recur add \"周一例会\" --rule 每周一 --at 09:00")
    title = clean_title(given.title)
    recurrence = parse_recurrence(given.rule, policy=policy_code(given.policy))
    today = session.now.date()
    anchor = session.parse_date(given.start, option="开始日期 --start", rest_day_warning=False).date if given.start else today
    rule = Rule(title=title, rule_text=given.rule.strip(), rrule=recurrence.rrule, policy=recurrence.policy,
                anchor=anchor, catch_up=catch_up_code(given.catch_up) or timing.default_catch_up(recurrence),
                lead_workdays=_lead(given.lead) if given.lead is not None else 0,
                ends=_ends(session, given.ends, anchor), uuid=uuid or new_uuid(), created=session.now,
                updated=session.now)
    rule = _with_fields(rule, fields, session)
    _check_occurs(session, rule)
    return rule


def insert(session: Session, tx, rule: Rule) -> list[Item]:
    """Store a prepared rule and make the occurrences already in its window, in the caller's run."""
    rule.id = session.store.rules.add(tx, rule)
    return _make(session, tx, rule, start=session.now.date() - timedelta(days=1))


def listing(session: Session) -> list[tuple[Rule, date | None]]:
    """Every rule with the date of its next occurrence (None: paused or ended)."""
    today = session.now.date()
    found = []
    for rule in session.store.rules.all():
        upcoming = None
        if not rule.paused:
            following = occurrences(schedule_of(rule).recurrence, max(today, rule.anchor), session.calendar, 1,
                                    anchor=rule.anchor)
            if following and not (rule.ends and following[0].date > rule.ends):
                upcoming = following[0].date
        found.append((rule, upcoming))
    return found


def show(session: Session, rule_id: int, count: int = 8) -> RuleView:
    rule = get(session, rule_id)
    today = session.now.date()
    upcoming: tuple[Occurrence, ...] = ()
    if not rule.paused:
        found = occurrences(schedule_of(rule).recurrence, max(today, rule.anchor), session.calendar, count,
                            anchor=rule.anchor)
        upcoming = tuple(o for o in found if not rule.ends or o.date <= rule.ends)
    made = session.store.items.get_many(session.store.rules.occurrence_ids(rule.id))
    return RuleView(rule, upcoming, tuple(sorted(made.values(), key=lambda i: (i.occurrence or date.min, i.id))))


def get(session: Session, rule_id: int) -> Rule:
    rule = session.store.rules.get(rule_id)
    if rule is None:
        raise NotFound(f"没有编号为 R{rule_id} 的周期事项（bgs recur list 查看）")
    return rule


def edit(session: Session, rule_id: int, given: RuleInput, fields: FieldInput) -> tuple[Rule, list[Item]]:
    """Changes the rule, the occurrences not made yet, and the open ones nobody edited by hand."""
    _no_people(fields)
    rule = get(session, rule_id)
    new = replace(rule)
    if given.title is not None:
        new.title = clean_title(given.title)
    if given.rule is not None or given.policy is not None:
        recurrence = parse_recurrence(given.rule if given.rule is not None else rule.rrule,
                                      policy=policy_code(given.policy) or (rule.policy if given.rule is None else None))
        new.rule_text = given.rule.strip() if given.rule is not None else rule.rule_text
        new.rrule, new.policy = recurrence.rrule, recurrence.policy
    if given.start is not None:
        new.anchor = session.parse_date(given.start, option="开始日期 --start", rest_day_warning=False).date
    if given.lead is not None:
        new.lead_workdays = _lead(given.lead)
    if given.catch_up is not None:
        new.catch_up = catch_up_code(given.catch_up)
    if given.ends is not None:
        new.ends = _ends(session, given.ends, new.anchor)
    new = _with_fields(new, fields, session, base=rule)
    if new == rule:
        raise BadInput("没有要修改的内容：例如 --rule 每周二、--lead 2、--title 新标题、--at 10:00")
    new.updated = session.now
    _check_occurs(session, new)
    today = session.now.date()
    moved = (new.rrule, new.policy, new.anchor, new.ends) != (rule.rrule, rule.policy, rule.anchor, rule.ends)
    with session.write() as tx:
        session.store.rules.update(tx, new)
        followers = session.store.items.get_many(
            session.store.rules.occurrence_ids(rule.id, open_only=True, untouched=True))
        for item in followers.values():
            if moved and item.occurrence and item.occurrence > today:
                session.store.items.delete(tx, item.id)  # its date belongs to the old schedule; the new one makes its own
                continue
            wanted = occurrence_item(new, item.occurrence, item.created)
            keep = {"id": item.id, "uuid": item.uuid, "created": item.created, "updated": item.updated,
                    "folder": item.folder, "assigned_at": item.assigned_at}
            changed = replace(wanted, **keep)
            if changed != item:
                session.store.items.update(tx, replace(changed, updated=session.now))
        made = _make(session, tx, new, start=today if moved else None)
    return new, made


def pause(session: Session, rule_id: int) -> Rule:
    return _set(session, rule_id, paused=True)


def resume(session: Session, rule_id: int) -> tuple[Rule, list[Item]]:
    """Occurrences that fell in the pause are not made afterwards: the pause meant "not these"."""
    rule = get(session, rule_id)
    if not rule.paused:
        raise BadInput(f"R{rule_id} 没有暂停")
    new = replace(rule, paused=False, updated=session.now)
    with session.write() as tx:
        session.store.rules.update(tx, new)
        made = _make(session, tx, new, start=session.now.date() - timedelta(days=1))
    return new, made


def end(session: Session, rule_id: int, after: str | None) -> tuple[Rule, list[Item]]:
    """No occurrence after `after` (default: today); open, unedited ones after it are removed."""
    rule = get(session, rule_id)
    last = session.parse_date(after, option="结束日期", rest_day_warning=False).date if after else session.now.date()
    if last < rule.anchor:
        raise BadInput(f"结束日期 {last.isoformat()} 早于周期的开始日期 {rule.anchor.isoformat()}")
    new = replace(rule, ends=last, updated=session.now)
    with session.write() as tx:
        session.store.rules.update(tx, new)
        removed = _remove_future(session, tx, rule.id, last)
    return new, removed


def delete(session: Session, rule_id: int) -> tuple[Rule, list[Item]]:
    """The rule goes; of its occurrences, only the open, unedited ones after today go with it."""
    rule = get(session, rule_id)
    with session.write() as tx:
        removed = _remove_future(session, tx, rule.id, session.now.date())
        session.store.rules.delete(tx, rule.id)
    return rule, removed


def materialise(session: Session, through: date | None = None) -> list[Item]:
    """Make the occurrences that have entered their window since bgs last ran (a tool run);
    `through`: also those that will have entered it by that day (planning for it).

    Cheap when there is nothing to do (one indexed query), and quiet when the store cannot be
    written: a command that only reads still works."""
    import sqlite3

    day = max(session.now.date(), through) if through else session.now.date()
    rules = session.store.rules
    if not rules.due_for_making(day):
        return []
    made: list[Item] = []
    try:
        with session.store.write(TOOL_COMMAND, session.now, actor="tool") as tx:
            # Read again under the write lock: another shell may have made them meanwhile.
            for rule in rules.due_for_making(day):
                made += _make(session, tx, rule, through=through)
    except (StorageError, sqlite3.OperationalError):
        session.notice("数据库暂时不能写入，到期的周期事项这次没有生成（下次运行时补上）")
        return []
    return made


def occurrence_item(rule: Rule, day: date, now: datetime) -> Item:
    item = replace(Item(title=rule.title), **rule.fields.given())
    at = datetime.combine(day, rule.at_time, tzinfo=now.tzinfo) if rule.at_time else None
    return replace(item, folder=Folder.TODO, due=None if at else day, due_time=None if at else rule.due_time,
                   at=at, recurrence_id=rule.id, occurrence=day,
                   assigned_at=now if item.constrained else None, created=now, updated=now)


def _make(session: Session, tx, rule: Rule, start: date | None = None, through: date | None = None) -> list[Item]:
    """Occurrences of `rule` due by today's window and not made yet. `start`: look again from the
    day after it (a new, resumed or rescheduled rule); dates that have an occurrence are skipped."""
    rules = session.store.rules
    made_through = start if start is not None else rules.progress(rule.id)
    if made_through is None:
        made_through = max(rule.anchor, session.now.date()) - timedelta(days=1)
    plan = timing.to_make(schedule_of(rule), made_through, session.now.date(), session.calendar, through)
    existing = rules.made_dates(rule.id)
    # An occurrence's uuid comes from its rule and date (the same on every machine, for sync). An item
    # may hold it without being linked to this rule's number: the rule was deleted and imported again
    # from the same file (same uuid, new number), and the occurrence it had made stayed; it is that one.
    wanted = {o.date: occurrence_uuid(rule.uuid, o.date) for o in plan.occurrences if o.date not in existing}
    taken = session.store.items.by_uuids(list(wanted.values())) if wanted else {}
    made = []
    for occurrence in plan.occurrences:
        if occurrence.date not in wanted or wanted[occurrence.date] in taken:
            continue
        item = replace(occurrence_item(rule, occurrence.date, session.now), uuid=wanted[occurrence.date])
        made.append(replace(item, id=session.store.items.add(tx, item)))
        if occurrence.estimated:
            session.rests_on_estimate({occurrence.date.year}, f"周期事项「{rule.title}」的日期")
    rules.set_progress(rule, plan.made_through, plan.next_appear)
    return made


def _remove_future(session: Session, tx, rule_id: int, after: date) -> list[Item]:
    ids = session.store.rules.occurrence_ids(rule_id, open_only=True, after=after, untouched=True)
    doomed = session.store.items.get_many(ids)
    for item_id in doomed:
        session.store.items.delete(tx, item_id)
    return list(doomed.values())


def _set(session: Session, rule_id: int, **values) -> Rule:
    rule = get(session, rule_id)
    new = replace(rule, **values, updated=session.now)
    if replace(new, updated=rule.updated) == rule:
        raise BadInput(f"R{rule_id} 已经是这个状态")
    with session.write() as tx:
        session.store.rules.update(tx, new)
    return new


def _with_fields(rule: Rule, given: FieldInput, session: Session, base: Rule | None = None) -> Rule:
    from bangongshi.domain.dates import parse_time_of_day

    at_time = parse_time_of_day(given.at, option="开始时间 --at") if given.at is not None else (base.at_time if base else None)
    due_time = parse_time_of_day(given.due, option="截止时间 --due") if given.due is not None else (base.due_time if base else None)
    changes = to_changes(replace(given, at=None, due=None, title=None), session)
    fields = replace(rule.fields, **{k: v for k, v in changes.items() if k in COPIED})
    return replace(rule, at_time=at_time, due_time=due_time, fields=fields)


def _check_occurs(session: Session, rule: Rule) -> None:
    start = max(session.now.date(), rule.anchor)
    found = occurrences(schedule_of(rule).recurrence, start, session.calendar, 1, anchor=rule.anchor)
    if not found:
        raise BadInput(f"周期「{rule.rule_text}」从 {start.isoformat()} 起 {HORIZON_YEARS} 年内一次也不会出现"
                       "（检查规则、开始日期或节假日处理方式）")
    if found[0].date > start + timedelta(days=400) or (rule.ends and found[0].date > rule.ends):
        session.notice(f"周期「{rule.rule_text}」在一年内不会出现（检查规则或节假日处理方式）")


def policy_code(value: str | None) -> str | None:
    """A rest-day policy as typed (`--policy next` or 顺延), as its code; the CLI reads it the same way."""
    if value is None:
        return None
    words = {"顺延": "next", "提前": "previous", "跳过": "skip", "照常": "keep"}
    chosen = words.get(value.strip(), value.strip().lower())
    if chosen not in POLICIES or chosen == "workdays":
        raise BadInput(f"--policy 应是 keep（照常）、next（顺延）、previous（提前）或 skip（跳过），收到「{value}」")
    return chosen


def catch_up_code(value: str | None) -> str | None:
    """`--catch-up` as typed (all, latest, 全部, 最近), as its code; the CLI reads it the same way."""
    if value is None:
        return None
    chosen = {"全部": "all", "最近": "latest"}.get(value.strip(), value.strip().lower())
    if chosen not in timing.CATCH_UP:
        raise BadInput(f"--catch-up 应是 all（补上每一次）或 latest（只补最近一次），收到「{value}」")
    return chosen


def _lead(value: int) -> int:
    if not 0 <= value <= LEAD_MAX:
        raise BadInput(f"--lead 是提前的工作日数，应在 0 到 {LEAD_MAX} 之间，收到 {value}")
    return value


def _ends(session: Session, text: str | None, anchor: date) -> date | None:
    if text is None:
        return None
    last = session.parse_date(text, option="结束日期 --until", rest_day_warning=False).date
    if last < anchor:
        raise BadInput(f"结束日期 {last.isoformat()} 早于开始日期 {anchor.isoformat()}")
    return last


