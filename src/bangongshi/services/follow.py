"""督办 and feedback (issue #7): delegate and follow up, report results back, hand off."""

import heapq
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from bangongshi import limits
from bangongshi.domain import follow as rules
from bangongshi.domain.follow import Channel, Counts, Status
from bangongshi.errors import BadInput, Denied
from bangongshi.limits import NAME_MAX
from bangongshi.model import Folder, Item
from bangongshi.model.record import replace
from bangongshi.services.session import Session

if TYPE_CHECKING:  # only `follow log` needs it; the morning agenda does not load it
    from bangongshi.model.follow import FollowUp

NOTE_MAX = 2000


class LedgerRow(NamedTuple):
    """One line of the 督办台账."""

    item: Item | rules.Followed
    counts: Counts
    status: Status
    next_nudge: date | None
    marks: object = None  # services.shared.Marks: shared with a colleague, or a 延期 asked (issue #25)


def _one(session: Session, item_id: int) -> Item:
    from bangongshi.services.items import find

    return find(session, [item_id])[0]


def _name(text: str, option: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise BadInput(f"{option} 需要一个名字，例如：{option} 教育科张三")
    if len(name) > NAME_MAX:
        raise BadInput(f"{option} 太长，最多 {NAME_MAX} 字")
    return limits.text(name, option, NAME_MAX)


def _note(text: str | None, what: str, required: bool = False) -> str:
    note = (text or "").strip()
    if required and not note:
        raise BadInput(f"{what}不能为空")
    if len(note) > NOTE_MAX:
        raise BadInput(f"{what}太长，最多 {NOTE_MAX} 字")
    return limits.text(note, what, NOTE_MAX)


def _open(item: Item, verb: str) -> None:
    if not item.is_open:
        raise BadInput(f"#{item.id} 已在 已处理，不能{verb}（bgs reopen {item.id} 可以重新打开）")


def _save(tx, item: Item, new: dict, session: Session) -> Item:
    changed = replace(item, **new, updated=session.now)
    session.store.items.update(tx, changed)
    return changed


def assign(session: Session, item_id: int, to: str, due: str | None = None, every: str | None = None) -> Item:
    """督办: someone else does it, I stay answerable and follow up (on a cadence, if given). A colleague
    with a CalDAV identity gets it in the collection shared with him (services/shared.py)."""
    item = _one(session, item_id)
    _open(item, "交办")
    new: dict = {"handler": _name(to, "--to"), "delegated_at": session.now}
    if due is not None:
        spec = session.parse_date(due, option="时限 --due")
        new.update(due=spec.date, due_time=spec.time)
    if every is not None:
        from bangongshi.domain.rules import parse_recurrence

        cadence = parse_recurrence(every)
        new.update(follow_every=cadence.text, follow_rrule=cadence.rrule, follow_policy=cadence.policy)
    note = f"催办周期：{new['follow_every']}" if new.get("follow_every") else ""

    def write(tx) -> Item:
        saved = _save(tx, item, new, session)
        session.store.follow.record(tx, item.id, "assign", session.now, who=new["handler"], note=note)
        return saved

    return _shared_or_here(session, item, new["handler"], new, ("assign", new["handler"], note), write)


def _shared_or_here(session: Session, item: Item, name: str, new: dict, entry: tuple, write) -> Item:
    """Written here; first put into the collection shared with `name` when he has a CalDAV identity."""
    if session.store.registers.person_named(name) is not None:
        from bangongshi.services import shared

        person = shared.colleague(session, name)
        if person is not None:
            return shared.share(session, item, person, new, entry, write)
    with session.write() as tx:
        return write(tx)


def nudge(session: Session, item_id: int, via: str, note: str | None = None) -> Item:
    item = _one(session, item_id)
    if not rules.under_supervision(item):
        raise BadInput(f"#{item.id} 不是督办事项：先用 bgs assign {item.id} --to 承办人 交办")
    _open(item, "催办")
    channel = Channel.parse(via, "催办方式")
    text = _note(note, "催办备注")
    member = session.store.shared.get(item.uuid)
    if member is not None and member.ticked_at:
        # Ticked off on his phone without a result: this 催办 asks for it (and says so in his history).
        text = "已办结，请补报办理结果" + (f"：{text}" if text else "")
        session.notice(f"{item.handler}已办结但没有写办理结果：本次催办请他补报结果")
    with session.write() as tx:
        session.store.follow.record(tx, item.id, "nudge", session.now, channel=channel.code, who=item.handler,
                                    note=text)
    return item


def progress(session: Session, item_id: int, text: str) -> Item:
    item = _one(session, item_id)
    note = _note(text, "进展", required=True)
    with session.write() as tx:
        session.store.follow.record(tx, item.id, "progress", session.now, who=item.handler, note=note)
    return item


def reported(session: Session, item_id: int, via: str | None = None, note: str | None = None) -> Item:
    """事事有回音: the result has reached the one who assigned it."""
    item = _one(session, item_id)
    if item.is_open:
        raise BadInput(f"#{item.id} 还没有办结：先 bgs done {item.id} --result \"办理结果\"，再反馈")
    if item.reported_at:
        raise BadInput(f"#{item.id} 已于 {item.reported_at:%Y-%m-%d %H:%M} 反馈过")
    channel = Channel.parse(via, "反馈方式") if via is not None else None
    with session.write() as tx:
        saved = _save(tx, item, {"reported_at": session.now}, session)
        session.store.follow.record(tx, item.id, "report", session.now, channel=channel.code if channel else None,
                     who=item.source, note=_note(note, "反馈备注"))
    return saved


def handoff(session: Session, item_id: int, to: str, note: str | None = None) -> Item:
    """接棒: the responsibility passes to someone else once they confirm they have it. A colleague with
    a CalDAV identity receives it in the shared collection and confirms there (`bgs ack` on his side)."""
    item = _one(session, item_id)
    _open(item, "移交")
    if item.handoff_to and not item.acknowledged_at:
        raise BadInput(f"#{item.id} 已移交给{item.handoff_to}，还在等对方确认（bgs ack {item.id}）")
    name = _name(to, "--to")
    text = _note(note, "移交说明")
    new = {"handoff_to": name, "handoff_at": session.now}

    def write(tx) -> Item:
        saved = _save(tx, item, new, session)
        session.store.follow.record(tx, item.id, "handoff", session.now, who=name, note=text)
        return saved

    return _shared_or_here(session, item, name, new, ("handoff", name, text), write)


def ack(session: Session, item_id: int) -> Item:
    """The receiver has it: the item leaves my open list (to 已处理, the handoff as its result)."""
    item = _one(session, item_id)
    if not item.handoff_to or item.acknowledged_at:
        raise BadInput(f"#{item.id} 没有等待确认的移交（bgs handoff {item.id} --to 接收人）")
    new = {"acknowledged_at": session.now, "folder": Folder.DONE, "done_at": session.now}
    if not item.locked:
        new["result"] = item.result or f"已移交{item.handoff_to}，{session.now:%m月%d日}确认接收"
    with session.write() as tx:
        saved = _save(tx, item, new, session)
        # A locked item's receiver and result are sealed: the acknowledgement needs neither (nor the
        # passphrase); the ack entry itself says it was received.
        session.store.follow.record(tx, item.id, "ack", session.now, who="" if item.locked else item.handoff_to)
    return saved


def extend(session: Session, item_id: int, to: str, reason: str) -> Item:
    """延期 asked for (督查督办: before the deadline, with a reason): recorded in the 督办 log, which a
    shared item carries to the one who assigned it; the deadline changes only once she approves."""
    from bangongshi.domain import shared as sharing

    item = _one(session, item_id)
    _open(item, "申请延期")
    if item.due is None:
        raise BadInput(f"#{item.id} 没有时限，不用申请延期（bgs edit {item.id} --due … 设定时限）")
    today = session.now.date()
    if item.due < today:
        raise BadInput(f"#{item.id} 的时限 {item.due:%m月%d日} 已过：延期应在时限之前申请，请直接向交办人说明")
    day = session.parse_date(to, option="延期到 --to").date
    if day <= item.due:
        raise BadInput(f"延期到的日期应晚于现在的时限 {item.due:%Y-%m-%d}，收到 {day:%Y-%m-%d}")
    asked = _asked(session, item)
    if asked is not None:
        raise BadInput(f"#{item.id} 已申请延期至 {asked.day:%Y-%m-%d}，还在等交办人答复")
    text = _note(reason, "延期理由", required=True)
    with session.write() as tx:
        session.store.follow.record(tx, item.id, sharing.EXTEND, session.now, who=_me(session),
                                    note=sharing.extension_note(day, text))
    return item


def answer_extension(session: Session, item_id: int, approve: bool, reason: str | None = None) -> Item:
    """The one who assigned it approves (the deadline moves to the day asked) or refuses (it stays)."""
    from bangongshi.domain import shared as sharing

    item = _one(session, item_id)
    asked = _asked(session, item)
    if asked is None:
        raise BadInput(f"#{item.id} 没有待答复的延期申请（承办人用 bgs extend {item.id} --to 日期 --reason 理由 申请）")
    member = session.store.shared.get(item.uuid)
    if member is not None and member.side == "handler":
        raise Denied(f"#{item.id} 是{member.person}交办的：延期由交办人批准，本机只能申请")
    text = _note(reason, "备注")
    with session.write() as tx:
        if approve:
            saved = _save(tx, item, {"due": asked.day}, session)
            note = f"时限改为{asked.day.isoformat()}" + (f"：{text}" if text else "")
        else:
            saved = item
            note = f"时限仍为{item.due.isoformat() if item.due else '原定'}" + (f"：{text}" if text else "")
        session.store.follow.record(tx, item.id, sharing.EXTEND_OK if approve else sharing.EXTEND_NO, session.now,
                                    who=_me(session), note=note)
    return saved


def _asked(session: Session, item: Item):
    """The 延期 request of `item` waiting for an answer (domain.shared.Asked), or None. A locked item keeps
    the day asked sealed: only when such a request waits is its log opened (the passphrase asked for)."""
    from bangongshi.domain import shared as sharing

    log = session.store.follow.log_of(item.id)
    asked = sharing.pending_extension(log)
    if asked is None or asked.day is not None:
        return asked
    from bangongshi.services.locks import reveal_follow_ups

    return sharing.pending_extension(reveal_follow_ups(session, log))


def _me(session: Session) -> str:
    settings = session.settings
    return settings.myself.name if settings is not None else ""


def counts_of(session: Session, items: list) -> dict[int, Counts]:
    """What the 督办 log says of each of `items` (those with a log)."""
    raw = session.store.follow.counts([i.id for i in items])
    return {item_id: Counts(*values) for item_id, values in raw.items()}


# The statuses of a ledger row that still needs something of me: a 催办 or a deadline to watch, a
# handoff to see received, a result to report back. The rest (reported, handed over) is history.
PENDING = (Status.OVERDUE, Status.OPEN, Status.HANDED_OFF, Status.DONE_UNREPORTED)
LEDGER_ORDER = {Status.OVERDUE: 0, Status.OPEN: 1, Status.HANDED_OFF: 2, Status.DONE_UNREPORTED: 3,
                Status.REPORTED: 4, Status.ACKNOWLEDGED: 5}


class Ledger(NamedTuple):
    """The rows of the 督办台账 asked for, and how many followed items were left out, by status."""

    rows: list[LedgerRow]
    left_out: dict[Status, int]
    more: int = 0  # rows asked for but past the limit (they still need something: the most pressing are shown)

    @property
    def hidden(self) -> int:
        return sum(self.left_out.values())


def ledger(session: Session, overdue_only: bool = False, pending_only: bool = False,
           limit: int | None = None) -> Ledger:
    """The 督办台账: every followed item (only the overdue ones: `overdue_only`; only those that still
    need something, PENDING: `pending_only`), what needs a nudge first. Read narrowly (the columns it
    shows), only the rows asked for (a year of reported items is counted by SQLite, not read), their
    督办 log counted in one grouped pass; a locked item in full, so that a report can open it. `limit`:
    only the first rows in that order, the rest counted in `more`."""
    today = session.now.date()
    wanted = (Status.OVERDUE,) if overdue_only else PENDING if pending_only else None
    store = session.store.follow
    left_out: dict[Status, int] = {}
    if wanted is not None and limit is not None:
        return _first_rows(session, today, wanted, limit)
    if wanted is None:
        items = store.followed()
        counts = {item_id: Counts(*values) for item_id, values in store.counts().items()}
    else:
        items = store.followed(today, tuple(s.code for s in wanted))
        counts = {item_id: Counts(*values) for item_id, values in store.counts([i.id for i in items]).items()}
        statuses = {s.code: s for s in Status}
        left_out = {statuses[code]: n for code, n in store.status_counts(today).items()
                    if statuses[code] not in wanted}
        left_out = {s: left_out[s] for s in sorted(left_out, key=LEDGER_ORDER.get)}
    days = rules.NudgeDays(session.calendar)
    rows = []
    for item in items:
        row_counts = counts.get(item.id, _NONE)
        rows.append(LedgerRow(item, row_counts, rules.status(item, today), days.next(item, row_counts.last_nudge)))
    rows.sort(key=lambda r: (LEDGER_ORDER[r.status], r.next_nudge or date.max, r.item.due or date.max, r.item.id))
    more = 0
    if limit is not None and len(rows) > limit:
        more, rows = len(rows) - limit, rows[:limit]
    return Ledger(_shown_in_full(session, rows), left_out, more)


def _shown_in_full(session: Session, rows: list[LedgerRow]) -> list[LedgerRow]:
    """The rows with a locked item read in full (so that a report can open it) and what sharing marks."""
    locked = session.store.items.get_many([row.item.id for row in rows if row.item.locked])
    if locked:
        rows = [replace(row, item=locked[row.item.id]) if row.item.id in locked else row for row in rows]
    if rows:
        from bangongshi.services.shared import marks

        found = marks(session, [row.item for row in rows])
        if found:
            rows = [replace(row, marks=found[row.item.id]) if row.item.id in found else row for row in rows]
    return rows


def _first_rows(session: Session, today: date, wanted: tuple[Status, ...], limit: int) -> Ledger:
    """ledger() of the statuses `wanted`, its first `limit` rows: the order of every such row worked
    out from a narrow read of what decides it (store.follow.ledger_order), and only the rows shown
    read in full with their 督办 log (a table of 15,000 open 督办 rows shows 50; issue #19)."""
    store = session.store.follow
    statuses = {s.code: s for s in Status}
    order, counted = store.ledger_order(today, tuple(s.code for s in wanted))
    days = rules.NudgeDays(session.calendar)
    shown = first_ids(order, days, limit)
    items = {item.id: item for item in store.followed_of(shown)}
    counts = {item_id: Counts(*values) for item_id, values in store.counts(shown).items()}
    rows = []
    for item_id in shown:
        item = items[item_id]
        row_counts = counts.get(item_id, _NONE)
        rows.append(LedgerRow(item, row_counts, rules.status(item, today), days.next(item, row_counts.last_nudge)))
    left_out = {statuses[code]: n for code, n in counted.items() if statuses[code] not in wanted}
    left_out = {s: left_out[s] for s in sorted(left_out, key=LEDGER_ORDER.get)}
    return Ledger(_shown_in_full(session, rows), left_out, len(order) - len(rows))


_NONE = Counts()


def first_ids(order: list[tuple], days: rules.NudgeDays, limit: int) -> list[int]:
    """The ids of the first `limit` rows of store.follow.ledger_order's `order`, in the ledger's order
    (status, next 催办, deadline, number), without sorting the rest."""
    ranks = {s.code: n for s, n in LEDGER_ORDER.items()}
    first = heapq.nsmallest(limit, ((ranks[code], (days.of(nudge) if nudge else None) or date.max, due or date.max,
                                     item_id) for code, item_id, due, nudge in order))
    return [key[-1] for key in first]


def reminders(session: Session, day: date, limit: int | None = None, kinds: frozenset[rules.Reminder] | None = None,
              followed: list[rules.Followed] | None = None) -> rules.Reminders:
    """The 督办提醒 of `day`, most pressing first: the first `limit` (all when None) and how many in
    all; only those of `kinds`, when given. Only the items that can still remind are read, narrowly
    (`followed`: as store.follow.reminding(day) gave them already)."""
    if followed is None:
        followed = session.store.follow.reminding(day)
    one = rules.pick(rules.due_reminders(followed, day, session.calendar), limit, kinds)
    # The full rows of the ones handed out (their titles, locks, reminder settings), and only those.
    items = session.store.items.get_many(sorted({due.item.id for due in one.shown}))
    return rules.Reminders([replace(due, item=items[due.item.id]) for due in one.shown if due.item.id in items],
                           one.total)


def pressing(session: Session, day: date, limit: int | None = None, silenced: bool = True) -> rules.Reminders:
    """`reminders(session, day, limit)` for the morning view: the same reminders, from a read of days
    rather than moments (store.follow.pressing), which keeps a large store's agenda quick (issue #19).
    `silenced`: False leaves out the items never to be reminded of (`--remind none`; `bgs remind`)."""
    found = pressing_sets(session, day, limit, [None], silenced)[0]
    asked = extensions_asked(session)
    if asked and not silenced:
        from bangongshi.model.remind import NO_REMIND  # its records are dataclasses: not on bare `bgs`'s way

        asked = [due for due in asked if due.item.remind != NO_REMIND]
    if not asked:
        return found
    # A 延期 request waits on me, and is asked before a deadline: it leads the list.
    shown = asked + found.shown
    return rules.Reminders(shown[:limit] if limit is not None else shown, found.total + len(asked))


def pressing_sets(session: Session, day: date, limit: int | None, kind_sets: list,
                  silenced: bool = True) -> list[rules.Reminders]:
    """`reminders` of each of `kind_sets` (None: every kind) from the grouped read of `pressing`: the
    evening review asks two questions of the next workday's reminders (what to remind of, what its
    list takes) and reads them once."""
    # The morning view's call stays pressing(day): the scale tests wrap it with that signature.
    groups = session.store.follow.pressing(day) if silenced else session.store.follow.pressing(day, silenced=False)
    picked = rules.pressing_sets(groups, day, session.calendar, limit, kind_sets)
    # The full rows of the ones handed out (their titles, locks, reminder settings), and only those.
    items = session.store.items.get_many(sorted({item_id for first, _ in picked for _, _, item_id in first}))
    return [rules.Reminders([rules.Due(kind, items[item_id], when, rules.reminder_text(kind, items[item_id]))
                             for kind, when, item_id in first if item_id in items], total)
            for first, total in picked]


def extensions_asked(session: Session) -> list[rules.Due]:
    """The 延期 requests waiting for my answer (not those I asked of a colleague who assigned to me), as
    督办提醒: one indexed read (schema_v19.sql follow_ups_extensions) that finds none on most days."""
    logs = session.store.follow.extension_logs(session.store.follow.extension_items())
    if not logs:
        return []  # most mornings: without importing the shared 督办's rules
    from bangongshi.domain import shared as sharing

    asked = {item_id: found for item_id, log in logs.items() if (found := sharing.pending_extension(log))}
    if not asked:
        return []
    items = session.store.items.get_many(sorted(asked))
    mine = session.store.shared.of_uuids([item.uuid for item in items.values()])
    return [rules.Due(rules.Reminder.EXTENSION, item, asked[item.id].at.date(),
                      f"{asked[item.id].who or '承办人'}申请{asked[item.id].note or '延期（内容已加密）'}，"
                      f"请答复（bgs extend {item.id} --approve 或 --refuse）")
            for item in items.values()
            if item.is_open and not (item.uuid in mine and mine[item.uuid].side == "handler")]


def history(session: Session, item_id: int) -> list["FollowUp"]:
    return session.store.follow.log_of(item_id)


def readback(session: Session, item_id: int) -> str:
    return rules.readback(_one(session, item_id))
