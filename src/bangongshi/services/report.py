"""Reports (issue #8, P19, P21, P22): the day's work log, the week's and the month's report, and the
year's chronicle, built from what the store recorded."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from bangongshi.domain.settings import Settings
from bangongshi.errors import BadInput
from bangongshi.limits import FIRST_YEAR, LAST_YEAR, TITLE_MAX
from bangongshi.model import Item, ItemFilter, Kind
from bangongshi.model.records import Event, Slip
from bangongshi.services.session import Session
from bangongshi.domain.calendar import WEEKDAYS

KIND_ORDER = (Kind.DOC, Kind.MEETING, Kind.AFFAIR, None)


@dataclass(frozen=True)
class Minutes:
    key_spent: int
    routine_spent: int
    key_target: int
    routine_target: int


@dataclass(frozen=True)
class Report:
    kind: str  # day | week | month
    title: str
    first: date
    last: date
    workdays: int
    done: tuple[tuple[Kind | None, tuple[Item, ...]], ...]  # grouped 办文/办会/办事/其他
    carried: tuple[Item, ...]  # open and due by the end of the period
    captured: tuple[Item, ...]
    follow_counts: dict  # status code -> count, over the 督办台账
    follow_open: tuple  # ledger rows still needing something (overdue, owed)
    slips: tuple[Slip, ...]
    planned: int  # items on the 次日 lists of the period
    planned_done: int  # of those, handled by the end of their day
    minutes: Minutes
    per_day: tuple[tuple[date, int], ...]  # handled per day
    # 督办 closed in the period: {"reported": results reported back, "acknowledged": handoffs received}
    # (the ledger's counts are of what is still pending: on the day all was done they read zeros).
    follow_closed: dict = field(default_factory=dict)

    @property
    def done_count(self) -> int:
        return sum(len(items) for _, items in self.done)

    @property
    def plan_share(self) -> float | None:
        return self.planned_done / self.planned if self.planned else None


@dataclass(frozen=True)
class ChronicleEntry:
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


def build(session: Session, kind: str, text: str | None, settings: Settings, include_locked: bool = False
          ) -> Report:
    """A report; locked items appear masked (「【密】事项 #12」) unless include_locked (passphrase)."""
    from bangongshi.services import follow
    from bangongshi.services.plan import load_plan

    first, last, title = period(kind, text, session)
    tz = session.now.tzinfo
    start = datetime.combine(first, time(0), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    reveal = _revealer(session, include_locked)
    done = reveal(session.store.items.done_between(start, end))
    groups = tuple((k, tuple(i for i in done if i.kind is k)) for k in KIND_ORDER)
    carried = tuple(reveal(session.store.items.query(ItemFilter(due_on_or_before=last))))
    captured = tuple(reveal(session.store.items.created_between(start, end)))
    ledger = follow.ledger(session)
    if include_locked:
        shown = {i.id: i for i in reveal([row.item for row in ledger])}
        ledger = [replace(row, item=shown[row.item.id]) for row in ledger]
    counts: dict[str, int] = {}
    for row in ledger:
        counts[row.status.code] = counts.get(row.status.code, 0) + 1
    pressing = tuple(r for r in ledger if r.status.code in ("overdue", "done_unreported", "handed_off"))
    calendar = session.calendar
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    workdays = [d for d in days if calendar.is_workday(d)]
    planned = planned_done = 0
    for day in days:
        plan = load_plan(session, day)
        if plan is None:
            continue
        close = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        planned += len(plan.items)
        planned_done += sum(1 for i in plan.items if i.done_at is not None and i.done_at < close)
    free = sum(_work_minutes(settings, d) for d in workdays)
    key_target = round(free * settings.key_share)
    spent = {True: 0, False: 0}
    from bangongshi.domain.ranking import Candidate, estimate_of

    for item in done:  # the time it took, else what the agenda counted for it (an appointment: its duration)
        spent[item.key] += item.spent_minutes or estimate_of(Candidate.of(item), settings)
    minutes = Minutes(spent[True], spent[False], key_target, free - key_target)
    per_day = tuple((d, sum(1 for i in done if i.done_at.astimezone(tz).date() == d)) for d in days)
    slips = session.store.records.slips_between(start, end)
    if include_locked:
        from bangongshi.services import locks

        slips = locks.reveal_follow_ups(session, slips, "slip")
    return Report(kind, title, first, last, len(workdays), groups, carried, captured, counts, pressing,
                  tuple(slips), planned, planned_done, minutes, per_day,
                  follow_closed=session.store.items.followed_closed_between(start, end))


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


def add_event(session: Session, title: str, day_text: str | None) -> Event:
    text = _one_line(title, "大事", "市委书记来我县调研")
    day = session.parse_date(day_text, option="日期 --date", past=True, rest_day_warning=False).date if day_text \
        else session.now.date()
    with session.write() as tx:
        event_id = session.store.records.add_event(tx, day, text, session.now)
    return Event(event_id, day, text)


def add_slip(session: Session, text: str, item_id: int | None) -> Slip:
    words = _one_line(text, "差错", "通知漏发了教育局")
    if item_id is not None:
        from bangongshi.services.items import find

        find(session, [item_id])
    with session.write() as tx:
        slip_id = session.store.records.add_slip(tx, session.now, words, item_id)
    return Slip(slip_id, session.now, words, item_id)
