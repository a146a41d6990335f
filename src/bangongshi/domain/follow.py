"""督办 and feedback (P9–P13): who is following what, when the next 催办 is due, when a result is
owed to the leader, and the read-back sentence. Pure: items, their follow-up counts, today and
the calendar in."""

import heapq
from functools import cache
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from typing import Iterable, NamedTuple

from bangongshi.domain.calendar import Calendar
from bangongshi.model import Attention, Coded, Item
from bangongshi.domain.calendar import LONGEST_SEARCH, WEEKDAYS


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
    EXTENSION = ("extension", "待批延期")  # a 延期 asked of me (issue #25): the agenda lists it first


# How many workdays after an item is done its result should reach the leader (及时反馈, P12):
# sooner when the leader follows it more closely.
REPORT_WITHIN = {Attention.HIGH: 0, Attention.NORMAL: 1, Attention.LOW: 2, None: 1}


class Counts(NamedTuple):
    """What the follow-up log says of one item."""

    nudges: int = 0
    last_nudge: datetime | None = None
    last_progress: str = ""
    last_progress_at: datetime | None = None


class Followed(NamedTuple):
    """What 督办 reads of a followed item: a narrow read, so that the reminders and the ledger of a
    store with years of 督办 history load quickly. Its fields are named as Item's, so every rule here
    (and every view of the ledger) takes either."""

    id: int
    is_open: bool
    source: str
    handler: str
    attention: Attention | None
    due: date | None
    report_required: bool
    reported_at: datetime | None
    done_at: datetime | None
    delegated_at: datetime | None
    created: datetime | None
    follow_every: str
    follow_rrule: str
    follow_policy: str
    handoff_to: str
    handoff_at: datetime | None
    acknowledged_at: datetime | None
    last_nudge: datetime | None = None  # from the 督办 log, not the item
    # What the 督办台账 shows besides (the agenda's reminders read the item in full for the few they show).
    title: str = ""
    assigned_at: datetime | None = None
    locked: bool = False


class Due(NamedTuple):
    reminder: Reminder
    item: Item | Followed  # services hand out the full Item of the ones they show
    day: date  # when it is (or was) due
    text: str


class Reminders(NamedTuple):
    """The most pressing reminders of a day, and how many there are in all."""

    shown: list[Due]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)


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


def next_nudge(item: Item | Followed, counts: Counts, calendar: Calendar, days: "NudgeDays | None" = None) -> date | None:
    """The day the next 催办 is due by the item's cadence: the first one after the last nudge (or
    after it was delegated). None without a cadence, or once it is no longer open. `days`: shared by
    the calls of one listing, so that its cadences are worked out once."""
    return (days or NudgeDays(calendar)).next(item, counts.last_nudge)


class NudgeDays:
    """The first 催办 day of a cadence after a day, for many items at once. A store with thousands of
    督办 items has a few cadences and a few hundred days they count from: each distinct question is
    worked out once, and 每N个工作日 is a step through one list of workdays."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar
        self.answers: dict[tuple, date | None] = {}  # per (rule, anchor, start)
        self.by_rule: dict[tuple, date | None] = {}  # per question to rules.occurrences
        # Every workday from `first` through `last`, in order, filled on demand.
        self.workdays: list[date] = []
        self.first: date | None = None
        self.last: date | None = None

    def next(self, item: Item | Followed, last_nudge: datetime | None) -> date | None:
        """next_nudge of `item`, nudged last at `last_nudge` (None: never)."""
        if not item.is_open or not item.follow_rrule or item.handoff_to:
            return None
        start = last_nudge or item.delegated_at or item.created
        if start is None:
            return None
        anchor = (item.delegated_at or item.created).date()
        return self.of((item.follow_every, item.follow_rrule, item.follow_policy or "keep", anchor, start.date()))

    def of(self, key: tuple) -> date | None:
        """next() from the facts that decide it: (the cadence's words, its rule, its policy, the day it
        counts from, the day of the last nudge or else of that)."""
        found = self.answers.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            found = self.answers[key] = self.after(*key)
        return found

    def after(self, every: str, rrule: str, policy: str, anchor: date, start: date) -> date | None:
        """The first day of the rule counted from `anchor` that comes after `start`."""
        step = _workday_step(rrule) if policy == "workdays" else None
        if step is not None:
            return self._nth_workday_after(step, anchor, start)
        weekdays = _plain_days(rrule) if policy in ("keep", "skip") else None
        if weekdays is not None:
            # Every day, every workday, or given weekdays: the first such day from the later of the
            # anchor and the day after `start` (what rules.occurrences gives, without reading the RRULE).
            day = max(anchor, start + timedelta(days=1))
            for _ in range(LONGEST_SEARCH):
                if day.weekday() in weekdays and (policy == "keep" or self.calendar.is_workday(day)):
                    return day
                day += timedelta(days=1)
        # Without an interval a rule is read from a fortnight before the later of the two days and
        # kept from that day on (rules.occurrences), so only that day and `start` matter.
        key = (every, rrule, policy, anchor if "INTERVAL=" in rrule else max(anchor, start), start)
        if key not in self.by_rule:
            from bangongshi.domain.rules import Recurrence, occurrences

            following = occurrences(Recurrence(every, rrule, policy), start, self.calendar, 2, anchor=anchor)
            self.by_rule[key] = next((o.date for o in following if o.date > start), None)
        return self.by_rule[key]

    def _nth_workday_after(self, step: int, anchor: date, start: date) -> date:
        # 每N个工作日 as rules.occurrences counts it: the first workday on or after the anchor, then
        # every step-th workday; the answer is the first of them after `start`.
        self._cover(min(anchor, start), max(anchor, start))
        first = bisect_left(self.workdays, anchor)
        later = bisect_right(self.workdays, start)
        index = first + max(0, -(-(later - first) // step)) * step
        while index >= len(self.workdays):
            if (self.last - start).days > LONGEST_SEARCH * step:
                raise ValueError(f"no workday within {LONGEST_SEARCH} days of {self.last}")
            self._cover(self.first, self.last + timedelta(days=1))
        return self.workdays[index]

    def _cover(self, low: date, high: date) -> None:
        """Make the list hold every workday from `low` through `high` (and those it held)."""
        if self.first is not None and self.first <= low and high <= self.last:
            return
        is_workday = self.calendar.is_workday
        if self.first is None:
            self.first = low
            self.last = low - timedelta(days=1)
        if low < self.first:
            head = (low + timedelta(days=n) for n in range((self.first - low).days))
            self.workdays[:0] = [d for d in head if is_workday(d)]
            self.first = low
        while self.last < high:
            self.last += timedelta(days=1)
            if is_workday(self.last):
                self.workdays.append(self.last)


_UNKNOWN = object()
_BYDAY = {code: n for n, code in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))}


@cache  # asked once per distinct cadence question: thousands a morning, of a few rules
def _plain_days(rrule: str) -> frozenset[int] | None:
    """The weekdays of a rule that is just every day (FREQ=DAILY) or some weekdays of every week
    (FREQ=WEEKLY;BYDAY=MO,TH); None for any other rule, which then takes the general way."""
    parts = dict(part.partition("=")[::2] for part in rrule.split(";") if part)
    if parts == {"FREQ": "DAILY"}:
        return frozenset(range(7))
    if parts.keys() == {"FREQ", "BYDAY"} and parts["FREQ"] == "WEEKLY":
        codes = parts["BYDAY"].split(",")
        if all(code in _BYDAY for code in codes):
            return frozenset(_BYDAY[code] for code in codes)
    return None


@cache
def _workday_step(rrule: str) -> int | None:
    """N of 每N个工作日 (FREQ=DAILY;INTERVAL=N with the policy `workdays`); None for anything else,
    which then takes the general way."""
    text = rrule.partition("INTERVAL=")[2].partition(";")[0]
    return int(text) if text.isdigit() and int(text) >= 1 else None


def report_due(item: Item | Followed, calendar: Calendar) -> date | None:
    if item.is_open or not item.report_required or item.reported_at or item.done_at is None:
        return None
    within = REPORT_WITHIN[item.attention]
    done = item.done_at.date()
    return calendar.add_workdays(done, within) if within else done


REMINDER_ORDER = {Reminder.REPORT: 0, Reminder.OVERDUE: 1, Reminder.NUDGE: 2, Reminder.HANDOFF: 3, Reminder.EXTENSION: -1}
_ATTENTION_ORDER = {Attention.HIGH: 0, Attention.NORMAL: 1, None: 1, Attention.LOW: 2}


def reminders(items: Iterable[Followed], today: date, calendar: Calendar, limit: int | None = None,
              kinds: frozenset[Reminder] | None = None) -> Reminders:
    """The 督办提醒 of a day: nudges due by the cadence, overdue 督办 items, results owed to the
    leader, handoffs nobody has acknowledged. Most pressing first; the first `limit` of them (all
    when None) and how many there are; only those of `kinds`, when given."""
    return pick(due_reminders(items, today, calendar), limit, kinds)


def due_reminders(items: Iterable[Followed], today: date, calendar: Calendar) -> list[tuple]:
    """Every 督办提醒 of a day, unordered, as (sort key, reminder, item, day): worked out once for
    views that pick from them more than once (pick)."""
    found = []  # the text is written only for the ones shown
    days = NudgeDays(calendar)
    for item in items:
        if item.handoff_to and not item.acknowledged_at:
            kind, day = Reminder.HANDOFF, item.handoff_at.date()
        else:
            report = report_due(item, calendar)
            if report is not None and report <= today:
                kind, day = Reminder.REPORT, report
            elif not item.is_open or not under_supervision(item):
                continue
            elif item.due and item.due < today:
                kind, day = Reminder.OVERDUE, item.due
            else:
                nudge = days.next(item, item.last_nudge)
                if nudge is None or nudge > today:
                    continue
                kind, day = Reminder.NUDGE, nudge
        found.append(((REMINDER_ORDER[kind], _ATTENTION_ORDER[item.attention], day, item.id), kind, item, day))
    return found


def pick(found: list[tuple], limit: int | None = None, kinds: frozenset[Reminder] | None = None) -> Reminders:
    """Of due_reminders' list, the most pressing `limit` (all when None) of `kinds` (all when None)."""
    if kinds is not None:
        found = [entry for entry in found if entry[1] in kinds]
    first = sorted(found) if limit is None else heapq.nsmallest(limit, found)
    return Reminders([Due(kind, item, day, reminder_text(kind, item)) for _, kind, item, day in first], len(found))


class Reminding(NamedTuple):
    """The facts that decide the reminder of an item that can still remind, as the morning view's
    督办提醒 read them (store.follow.pressing): many items share them, and each distinct set is
    weighed once. At 1M items a year's 督办 leaves some 80,000 items that can remind (issue #19)."""

    branch: str  # which rule of `reminders` applies: H handoff, R result owed, O overdue, N cadence
    day: date | None  # H: the handoff's day; R: the day it was done; O: its deadline
    attention: Attention | None
    follow_every: str = ""  # N: the cadence, counted from `anchor`, last nudged (or begun) on `start`
    follow_rrule: str = ""
    follow_policy: str = ""
    anchor: date | None = None
    start: date | None = None


def pressing(groups: Iterable[tuple[Reminding, list[int]]], today: date, calendar: Calendar,
             limit: int | None = None, kinds: frozenset[Reminder] | None = None,
             ) -> tuple[list[tuple[Reminder, date, int]], int]:
    """`reminders` of grouped items: the first `limit` (all when None) of `kinds` (all when None) as
    (kind, day, item id), most pressing first, and how many there are in all; the same rules and order
    as `reminders` and `pick` (tests/test_agenda_scale.py compares them)."""
    return pressing_sets(groups, today, calendar, limit, [kinds])[0]


def pressing_sets(groups: Iterable[tuple[Reminding, list[int]]], today: date, calendar: Calendar,
                  limit: int | None, kind_sets: list) -> list[tuple[list[tuple[Reminder, date, int]], int]]:
    """`pressing` for each of `kind_sets`, each group weighed once (the evening review asks two)."""
    weighed = []
    days = NudgeDays(calendar)
    for facts, ids in groups:
        branch = facts.branch
        if branch == "H":
            kind, day = Reminder.HANDOFF, facts.day
        elif branch == "R":
            within = REPORT_WITHIN[facts.attention]
            day = calendar.add_workdays(facts.day, within) if within else facts.day
            if day > today:
                continue  # done, and its result not yet owed
            kind = Reminder.REPORT
        elif branch == "O":
            kind, day = Reminder.OVERDUE, facts.day
        else:
            key = (facts.follow_every, facts.follow_rrule, facts.follow_policy or "keep", facts.anchor, facts.start)
            day = days.answers.get(key, _UNKNOWN)
            if day is _UNKNOWN:
                day = days.answers[key] = days.after(*key)
            if day is None or day > today:
                continue
            kind = Reminder.NUDGE
        weighed.append((kind, (REMINDER_ORDER[kind], _ATTENTION_ORDER[facts.attention], day), ids))
    answers = []
    for kinds in kind_sets:
        chosen = [(kind, order, ids) for kind, order, ids in weighed if ids and (kinds is None or kind in kinds)]
        total = sum(len(ids) for _, _, ids in chosen)
        if limit is not None and len(chosen) > limit > 0:
            # The first `limit` lie in the foremost groups that hold that many and those tied with the last
            # of them (no group is empty): the ids of the other few thousand groups are never looked at.
            held = 0
            for _, last, ids in heapq.nsmallest(limit, chosen, key=lambda group: group[1]):
                held += len(ids)
                if held >= limit:
                    break
            chosen = [group for group in chosen if group[1] <= last]
        found = [(*order, item_id, kind) for kind, order, ids in chosen
                 for item_id in (ids if limit is None else heapq.nsmallest(limit, ids))]
        first = sorted(found) if limit is None else heapq.nsmallest(limit, found)
        answers.append(([(kind, day, item_id) for _, _, day, item_id, kind in first], total))
    return answers


def reminder_text(kind: Reminder, item: Item | Followed) -> str:
    if kind is Reminder.EXTENSION:
        return f"{item.handler or '承办人'}申请延期，请答复（bgs extend {item.id} --approve 或 --refuse）"
    if kind is Reminder.HANDOFF:
        return f"已移交{item.handoff_to}，等对方确认接收（bgs ack {item.id}）"
    if kind is Reminder.REPORT:
        return f"向{item.source or '交办人'}反馈办理结果（bgs reported {item.id}）"
    if kind is Reminder.OVERDUE:
        return f"{item.handler}承办，已过时限，请催办（bgs nudge {item.id}）"
    return f"按约定向{item.handler}催办（bgs nudge {item.id}）"


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
