"""Reports (issue #8, P19, P21, P22): the day's work log, the week's and the month's report, and the
year's chronicle, built from what the store recorded."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from bangongshi.domain.follow import Counts, Status
from bangongshi.domain.settings import Settings
from bangongshi.errors import BadInput
from bangongshi.limits import FIRST_YEAR, LAST_YEAR, TITLE_MAX
from bangongshi.model import Item, ItemFilter, Kind
from bangongshi.model.brief import ItemBrief
from bangongshi.model.record import Record
from bangongshi.services.session import Session
from bangongshi.domain.calendar import WEEKDAYS

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:  # model.records defines dataclasses: 7 ms that a report for people never needs
    from bangongshi.model.records import Event, Slip

KIND_ORDER = (Kind.DOC, Kind.MEETING, Kind.AFFAIR, None)
SHOWN = 50  # carried and new items a report lists for people; all are counted
# The 督办台账's order of statuses (services.follow.ledger): a report's counts and rows keep it.
LEDGER_ORDER = (Status.OVERDUE, Status.OPEN, Status.HANDED_OFF, Status.DONE_UNREPORTED, Status.REPORTED,
                Status.ACKNOWLEDGED)
PRESSING = (Status.OVERDUE, Status.DONE_UNREPORTED, Status.HANDED_OFF)  # the statuses a report lists


class Minutes(Record):
    key_spent: int
    routine_spent: int
    key_target: int
    routine_target: int


class Report(Record):
    """A day's, a week's or a month's report. For people (`whole=False` in build) the handled items
    are briefs (model.brief.ItemBrief) and only the first SHOWN carried and new items are read;
    for scripts (json, csv, xlsx) every item is whole. The 督办 rows hold briefs either way (a
    report shows their title, status, handler and source). The figures are the same either way.
    A Record (a named tuple), not a dataclass: defining a frozen dataclass of 22 fields cost every
    report ~3 ms; its dicts are read, never changed."""

    kind: str  # day | week | month
    title: str
    first: date
    last: date
    workdays: int
    done: tuple[tuple[Kind | None, tuple[Item | ItemBrief, ...]], ...]  # grouped 办文/办会/办事/其他
    carried: tuple[Item | ItemBrief, ...]  # open and due by the end of the period (people: the first SHOWN)
    carried_count: int
    captured: tuple[Item | ItemBrief, ...]  # made in the period (people: the first SHOWN)
    captured_count: int
    follow_counts: dict  # status code -> count, over the 督办台账
    follow_open: tuple  # ledger rows still needing something (overdue, owed)
    slips: "tuple[Slip, ...]"  # model.records.Slip (dataclasses: imported where a slip is made)
    planned: int  # items on the 次日 lists of the period
    planned_done: int  # of those, handled by the end of their day
    minutes: Minutes
    per_day: tuple[tuple[date, int], ...]  # handled per day
    # 督办 closed in the period: {"reported": results reported back, "acknowledged": handoffs received}
    # (the ledger's counts are of what is still pending: on the day all was done they read zeros).
    follow_closed: dict = {}  # noqa: RUF012 - a Record's default; read, never changed
    # The registers of the period (issue #23): its 来电来访, and the 收文/发文 registered ({"in": n, "out": n}).
    contacts: tuple = ()
    registered: dict = {}  # noqa: RUF012
    # The duty handover log of the period's days (issue #24): what the next on duty, and the report, read.
    duty_logs: tuple = ()

    # The screen's lists (build's `shown`): handled items not listed, by kind, and 督办 rows not listed.
    done_hidden: dict = {}  # noqa: RUF012
    follow_hidden: int = 0

    @property
    def done_count(self) -> int:
        return sum(len(items) for _, items in self.done) + sum(self.done_hidden.values())

    @property
    def plan_share(self) -> float | None:
        return self.planned_done / self.planned if self.planned else None


class ChronicleEntry(Record):
    day: date
    title: str
    item_id: int | None  # None: an event (bgs event)


def period(kind: str, text: str | None, session: Session) -> tuple[date, date, str]:
    from bangongshi.domain.dates import parse_year_month
    from bangongshi.services.overview import month_of, week_of

    today = session.now.date()
    if kind == "month":
        year, month = parse_year_month(text, today)
        first, last = month_of(year, month)
        return first, last, f"月报 {year}年{month}月"
    day = session.parse_date(text, option="日期", past=True, rest_day_warning=False).date if text else today
    if kind == "week":
        first, last = week_of(day)
        return first, last, f"周报 {first.year}年{first.month}月{first.day}日—{last.month}月{last.day}日"
    return day, day, f"工作日志 {day.year}年{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def build(session: Session, kind: str, text: str | None, settings: Settings, include_locked: bool = False,
          whole: bool = True, shown: int | None = None) -> Report:
    """A report; locked items appear masked (「【密】事项 #12」) unless include_locked (passphrase).
    `whole`: every item read whole, for scripts; else what people read (see Report). `shown` (people
    only): the screen's lists, each kind's first `shown` handled items and the first `shown` 督办 rows,
    the rest counted (done_hidden, follow_hidden); the figures are the same."""
    first, last, title = period(kind, text, session)
    tz = session.now.tzinfo
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    reveal = _revealer(session, include_locked)
    items, briefs = session.store.items, session.store.briefs
    facts: list  # every item handled in the period, as much of it as the figures read
    done_hidden: dict = {}
    if whole:
        done: list = reveal(items.done_between(start, end))
        carried = tuple(reveal(items.query(ItemFilter(due_on_or_before=last))))
        captured: tuple = tuple(reveal(items.created_between(start, end)))
        carried_count, captured_count = len(carried), len(captured)
        facts = done
    else:
        if shown is None:
            facts = done = _opened(session, briefs.done_between(start, end), include_locked)
        else:
            facts = briefs.done_facts(start, end)
            listed, done_hidden = _first_of_each_kind(facts, shown)
            done = _opened(session, briefs.of_ids(listed, order="done_at"), include_locked)
        carried = tuple(_opened(session, briefs.open_due_by(last, SHOWN), include_locked))
        captured = tuple(_opened(session, briefs.created_between(start, end, SHOWN), include_locked))
        carried_count, captured_count = briefs.count_open_due_by(last), briefs.count_created_between(start, end)
    groups = tuple((k, tuple(i for i in done if i.kind is k)) for k in KIND_ORDER)
    counts, pressing, closed, follow_hidden = _follow(session, include_locked, start, end, shown)
    calendar = session.calendar
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    workdays = [d for d in days if calendar.is_workday(d)]
    planned = planned_done = 0
    for day, done_at in briefs.planned(first, last):
        close = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        planned += 1
        planned_done += done_at is not None and done_at < close
    free = sum(_work_minutes(settings, d) for d in workdays)
    key_target = round(free * settings.key_share)
    spent = {True: 0, False: 0}
    from bangongshi.services.overview import estimate

    for item in facts:  # the time it took, else what the agenda counted for it (an appointment: its duration)
        spent[item.key] += item.spent_minutes or estimate(item, settings)
    minutes = Minutes(spent[True], spent[False], key_target, free - key_target)
    handled = Counter(i.done_at.astimezone(tz).date() for i in facts)
    per_day = tuple((d, handled[d]) for d in days)
    slips = session.store.records.slips_between(start, end)
    if include_locked:
        from bangongshi.services import locks

        slips = locks.reveal_follow_ups(session, slips, "slip")
    return Report(kind, title, first, last, len(workdays), groups, carried, carried_count, captured, captured_count,
                  counts, pressing, tuple(slips), planned, planned_done, minutes, per_day,
                  follow_closed=closed, done_hidden=done_hidden, follow_hidden=follow_hidden,
                  contacts=tuple(session.store.registers.contacts_between(start, end)),
                  registered=session.store.registers.count_created_between(start, end),
                  duty_logs=tuple(session.store.leaders.logs_between(first, last)))


def coming(session: Session, report: Report, limit: int = SHOWN) -> list:
    """What is planned for the period after the report's (the next workday, next week, next month): open
    items due then and appointments, by date, the first `limit` — a report's 下周安排."""
    from bangongshi.services.overview import month_of, week_of

    if report.kind == "day":
        first = last = session.calendar.next_workday(report.last)
    elif report.kind == "week":
        first, last = week_of(report.last + timedelta(days=1))
    else:
        first, last = month_of(*(lambda d: (d.year, d.month))(report.last + timedelta(days=1)))
    tz = session.now.tzinfo
    briefs = session.store.briefs
    found = [i for i in briefs.open_due_between(first, last) if i.at is None]
    found += [i for i in briefs.appointments_between(datetime.combine(first, time(0), tzinfo=tz),
                                                     datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))
              if i.is_open]
    found.sort(key=lambda i: (i.at.astimezone(tz).replace(tzinfo=None) if i.at else datetime.combine(i.due, time(23, 59)),
                              i.id))
    return found[:limit]


def _follow(session: Session, include_locked: bool, start: datetime, end: datetime,
            shown: int | None) -> tuple[dict[str, int], tuple, dict, int]:
    """The 督办台账 as a report shows it: how many items are in each status, and the rows that still
    need something (overdue, result owed, handed off), each in the ledger's order
    (services.follow.ledger), read without reading the whole ledger (`shown`: only the first
    `shown` rows, ordered from a narrow read of all of them, and how many more there are); and what
    was closed in [start, end) (results reported back, handoffs received), counted in the same pass."""
    from bangongshi.domain import follow as rules
    from bangongshi.services import follow

    today = session.now.date()
    stored, status_of, closed = session.store.briefs.ledger_summary(today, tuple(s.code for s in PRESSING), start, end)
    counts = {status.code: stored[status.code] for status in LEDGER_ORDER if status.code in stored}
    statuses = {status.code: status for status in Status}
    days = rules.NudgeDays(session.calendar)  # shared: each cadence and start worked out once
    wanted = sorted(status_of)
    hidden = 0
    if shown is not None and len(wanted) > shown:
        wanted = sorted(follow.first_ids(session.store.follow.order_of(today, wanted), days, shown))
        hidden = len(status_of) - len(wanted)
    found = session.store.briefs.of_ids(wanted)
    listed = _opened(session, found, include_locked)
    # Only an open item with a cadence has a next 催办 (rules.next_nudge); only those need their log.
    logs = follow.counts_of(session, [b for b in listed if b.is_open and b.follow_rrule])
    rows = []
    for stored_brief, brief in zip(found, listed):
        row_counts = logs.get(brief.id, _NO_LOG)
        rows.append(follow.LedgerRow(brief, row_counts, statuses[status_of[stored_brief.id]],
                                     days.next(brief, row_counts.last_nudge)))
    rank = {status: n for n, status in enumerate(LEDGER_ORDER)}
    rows.sort(key=lambda r: (rank[r.status], r.next_nudge or date.max, r.item.due or date.max, r.item.id))
    return counts, tuple(rows), closed, hidden


def _first_of_each_kind(facts: list, shown: int) -> tuple[list[int], dict]:
    """The ids of the first `shown` handled items of each kind (in `facts`' order), and how many of
    each kind are left out."""
    listed: list[int] = []
    taken: dict = {}
    hidden: dict = {}
    for fact in facts:
        n = taken.get(fact.kind, 0)
        if n < shown:
            taken[fact.kind] = n + 1
            listed.append(fact.id)
        else:
            hidden[fact.kind] = hidden.get(fact.kind, 0) + 1
    return listed, hidden


_NO_LOG = Counts()


def _opened(session: Session, briefs: list[ItemBrief], include_locked: bool) -> list[ItemBrief]:
    """The briefs with a locked item's text opened (include_locked: the passphrase is asked), else as
    stored (masked)."""
    locked = [b.id for b in briefs if b.locked] if include_locked else []
    if not locked:
        return briefs
    from bangongshi.services import locks

    whole = []
    for start in range(0, len(locked), 500):  # under SQLite's limit on bound parameters
        whole += session.store.items.get_many(locked[start:start + 500]).values()
    opened = {i.id: i for i in locks.reveal(session, whole)}
    return [b._replace(title=o.title, result=o.result, source=o.source, handler=o.handler, handoff_to=o.handoff_to)
            if (o := opened.get(b.id)) else b for b in briefs]


def _revealer(session: Session, include_locked: bool):
    if not include_locked:
        return list
    from bangongshi.services import locks

    return lambda items: locks.reveal(session, list(items))


def _work_minutes(settings: Settings, day: date) -> int:
    hours = settings.hours_on(day)
    span = lambda a, b: (datetime.combine(day, b) - datetime.combine(day, a)).seconds // 60  # noqa: E731
    lunch = span(hours.lunch_start, hours.lunch_end) if hours.lunch_start else 0
    return span(hours.start, hours.end) - lunch


def chronicle(session: Session, year: int, include_locked: bool = False) -> list[ChronicleEntry]:
    """大事记: items marked major (on the day they were handled, else their date) and events."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"年份 {year} 不对")
    first, last = date(year, 1, 1), date(year, 12, 31)
    entries = []
    for item in _revealer(session, include_locked)(session.store.items.major()):
        day = _item_day(item, session)
        if first <= day <= last:
            entries.append(ChronicleEntry(day, item.title, item.id))
    entries += [ChronicleEntry(e.day, e.title, None) for e in session.store.records.events_between(first, last)]
    return sorted(entries, key=lambda e: (e.day, e.item_id or 0, e.title))


def _item_day(item: Item, session: Session) -> date:
    tz = session.now.tzinfo
    if item.done_at:
        return item.done_at.astimezone(tz).date()
    if item.at:
        return item.at.astimezone(tz).date()
    return item.due or item.created.astimezone(tz).date()


def _one_line(text: str, what: str, example: str) -> str:
    words = " ".join(text.split())
    if not words:
        command = "event" if what == "大事" else "slip"
        raise BadInput(f"{what}不能为空，例如：bgs {command} \"{example}\"")
    if len(words) > TITLE_MAX:
        raise BadInput(f"{what}太长，最多 {TITLE_MAX} 字")
    return words


def add_event(session: Session, title: str, day_text: str | None) -> "Event":
    from bangongshi.model.records import Event

    text = _one_line(title, "大事", "市委书记来我县调研")
    day = session.parse_date(day_text, option="日期 --date", past=True, rest_day_warning=False).date if day_text \
        else session.now.date()
    with session.write() as tx:
        event_id = session.store.records.add_event(tx, day, text, session.now)
    return Event(event_id, day, text)


def add_slip(session: Session, text: str, item_id: int | None) -> "Slip":
    from bangongshi.model.records import Slip

    words = _one_line(text, "差错", "通知漏发了教育局")
    if item_id is not None:
        from bangongshi.services.items import find

        find(session, [item_id])
    with session.write() as tx:
        slip_id = session.store.records.add_slip(tx, session.now, words, item_id)
    return Slip(slip_id, session.now, words, item_id)
