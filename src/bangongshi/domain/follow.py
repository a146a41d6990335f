"""督办 and feedback (P9–P13): who is following what, when the next 催办 is due, when a result is
owed to the leader, and the read-back sentence. Pure: items, their follow-up counts, today and
the calendar in."""

from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.domain.calendar import Calendar
from bangongshi.model import Attention, Coded, Item
from bangongshi.domain.calendar import WEEKDAYS



class Channel(Coded):
    PHONE = ("phone", "电话", "打电话")
    SMS = ("sms", "短信", "微信", "消息")
    EMAIL = ("email", "邮件", "电子邮件")
    IN_PERSON = ("in_person", "当面", "面谈")
    ON_SITE = ("on_site", "实地", "现场", "实地督查")


class Status(Coded):
    OPEN = ("open", "办理中")
    OVERDUE = ("overdue", "已逾期")
    DONE_UNREPORTED = ("done_unreported", "待反馈")
    REPORTED = ("reported", "已反馈")
    HANDED_OFF = ("handed_off", "待接收")
    ACKNOWLEDGED = ("acknowledged", "已移交")


class Reminder(Coded):
    NUDGE = ("nudge", "该催办")
    OVERDUE = ("overdue", "已逾期")
    REPORT = ("report", "待反馈")
    HANDOFF = ("handoff", "待接收")


# How many workdays after an item is done its result should reach the leader (及时反馈, P12):
# sooner when the leader follows it more closely.
REPORT_WITHIN = {Attention.HIGH: 0, Attention.NORMAL: 1, Attention.LOW: 2, None: 1}


@dataclass(frozen=True)
class Counts:
    """What the follow-up log says of one item."""

    nudges: int = 0
    last_nudge: datetime | None = None
    last_progress: str = ""
    last_progress_at: datetime | None = None


@dataclass(frozen=True)
class Due:
    reminder: Reminder
    item: Item
    day: date  # when it is (or was) due
    text: str


def result_required(item: Item) -> bool:
    """Finishing it needs a written result: its result is owed to whoever assigned it (P12), or it is
    under 督办 (someone else handles it and I answer for it). `done`, the evening review and imports
    all ask this one rule."""
    return bool(item.report_required or item.handler)


def under_supervision(item: Item) -> bool:
    """督办: delegated to someone else, with me still answerable for it."""
    return bool(item.handler)


def status(item: Item, today: date) -> Status:
    if item.acknowledged_at:
        return Status.ACKNOWLEDGED
    if item.handoff_to:
        return Status.HANDED_OFF
    if not item.is_open:
        if item.report_required and not item.reported_at:
            return Status.DONE_UNREPORTED
        return Status.REPORTED
    if item.due and item.due < today:
        return Status.OVERDUE
    return Status.OPEN


def next_nudge(item: Item, counts: Counts, calendar: Calendar) -> date | None:
    """The day the next 催办 is due by the item's cadence: the first one after the last nudge (or
    after it was delegated). None without a cadence, or once it is no longer open."""
    if not item.is_open or not item.follow_rrule or item.handoff_to:
        return None
    from bangongshi.domain.rules import Recurrence, occurrences

    start = (counts.last_nudge or item.delegated_at or item.created)
    if start is None:
        return None
    anchor = (item.delegated_at or item.created).date()
    rule = Recurrence(item.follow_every, item.follow_rrule, item.follow_policy or "keep")
    following = occurrences(rule, start.date(), calendar, 2, anchor=anchor)
    later = [o.date for o in following if o.date > start.date()]
    return later[0] if later else None


def report_due(item: Item, calendar: Calendar) -> date | None:
    if item.is_open or not item.report_required or item.reported_at or item.done_at is None:
        return None
    within = REPORT_WITHIN[item.attention]
    done = item.done_at.date()
    return calendar.add_workdays(done, within) if within else done


def reminders(items: list[Item], counts: dict[int, Counts], today: date, calendar: Calendar) -> list[Due]:
    """The 督办提醒 of a day: nudges due by the cadence, overdue 督办 items, results owed to the
    leader, handoffs nobody has acknowledged. Most pressing first."""
    found = []
    for item in items:
        if item.handoff_to and not item.acknowledged_at:
            found.append(Due(Reminder.HANDOFF, item, item.handoff_at.date(),
                             f"已移交{item.handoff_to}，等对方确认接收（bgs ack {item.id}）"))
            continue
        report = report_due(item, calendar)
        if report is not None and report <= today:
            found.append(Due(Reminder.REPORT, item, report, f"向{item.source or '交办人'}反馈办理结果（bgs reported {item.id}）"))
            continue
        if not item.is_open or not under_supervision(item):
            continue
        nudge = next_nudge(item, counts.get(item.id, Counts()), calendar)
        if item.due and item.due < today:
            found.append(Due(Reminder.OVERDUE, item, item.due, f"{item.handler}承办，已过时限，请催办（bgs nudge {item.id}）"))
        elif nudge is not None and nudge <= today:
            found.append(Due(Reminder.NUDGE, item, nudge, f"按约定向{item.handler}催办（bgs nudge {item.id}）"))
    order = {Reminder.REPORT: 0, Reminder.OVERDUE: 1, Reminder.NUDGE: 2, Reminder.HANDOFF: 3}
    attention = {Attention.HIGH: 0, Attention.NORMAL: 1, None: 1, Attention.LOW: 2}
    return sorted(found, key=lambda d: (order[d.reminder], attention[d.item.attention], d.day, d.item.id))


def day_text(day: date) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def readback(item: Item) -> str:
    """复述确认 (P11): the sentence to say back when receiving a task."""
    parts = [f"{item.source}交办：{item.title}" if item.source else item.title]
    if item.handler:
        parts.append(f"由{item.handler}承办")
    if item.due:
        when = day_text(item.due) + (item.due_time.strftime("%H:%M") if item.due_time else "")
        parts.append(f"{when}前完成")
    if item.report_required:
        parts.append(f"完成后向{item.source}反馈" if item.source else "完成后反馈结果")
    return "收到。" + "，".join(parts) + "。"
