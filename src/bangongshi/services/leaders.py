"""The leaders' week (issue #24): appointments that belong to leaders (`bgs add … --for 赵县长 --with
办公室张三`), the week's 领导活动安排表 with its clashes, and the days a leader is away. Leaders are the
people registry's (services/people.py); their names are kept as text on the appointment."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bangongshi import limits
from bangongshi.domain import leaders as rules
from bangongshi.domain.calendar import DayInfo
from bangongshi.domain.duty import names
from bangongshi.errors import BadInput, NotFound
from bangongshi.limits import NAME_MAX
from bangongshi.model import Item
from bangongshi.model.leaders import Away, ItemPerson, LinkRole
from bangongshi.model.registers import Person, Role
from bangongshi.services.session import Session

# 「下周」 is a week, not a day: the date grammar reads a day, so the weeks are named here.
WEEKS = {"本周": 0, "这周": 0, "这一周": 0, "上周": -1, "下周": 1, "下下周": 2}
LONGEST_AWAY = 366


# --- whose appointment ----------------------------------------------------------------------------

def links_for(session: Session, given, locked: bool, current: list[ItemPerson] = ()) -> list[ItemPerson]:
    """The item's leaders and 陪同 as `given` (FieldInput) names them: --for only registered leaders (a
    typo would make a leader's week silently wrong), --with anyone. An empty value clears that list;
    one not given keeps what the item had (`current`). Checked before anything is written."""
    kept = {role: [link for link in current if link.role is role] for role in LinkRole}
    leaders_ = kept[LinkRole.LEADER]
    escorts = kept[LinkRole.ESCORT]
    if given.leaders is not None:
        leaders_ = []
        for position, name in enumerate(_names(given.leaders)):
            person = session.store.registers.person_named(name)
            if person is None:
                raise BadInput(f"名录中没有「{name}」：先登记 bgs people add {name} --role 领导 --title 职务 --order 排序")
            if person.role is not Role.LEADER:
                raise BadInput(f"「{name}」在名录中是{person.role.label}，不是领导：bgs people edit {name} --role 领导")
            leaders_.append(ItemPerson(0, name, LinkRole.LEADER, position))
    if given.escorts is not None:
        escorts = [ItemPerson(0, name, LinkRole.ESCORT, position) for position, name in enumerate(_names(given.escorts))]
        if escorts and locked:
            raise BadInput("加密的活动不记陪同人员（名字会以明文保存）；请把陪同写在 --note 里")
    return leaders_ + escorts


def _names(text: str) -> list[str]:
    if not text.strip():
        return []
    found = names(text, "名字")
    for name in found:
        limits.text(name, "名字", NAME_MAX)  # too long, or a control character: BadInput
    return found


def warn_clashes(session: Session, item: Item) -> None:
    """Say (not refuse) what clashes with this appointment: the secretary may know better."""
    links = session.store.leaders.links_of([item.id]).get(item.id, [])
    leaders_ = "、".join(link.person for link in links if link.role is LinkRole.LEADER)
    escorts = "、".join(link.person for link in links if link.role is LinkRole.ESCORT)
    if leaders_:  # said with the echo, as a date phrase's reading is
        session.readings.append(f"领导活动：{leaders_}" + (f"（陪同：{escorts}）" if escorts else "")
                                + "，bgs leader week 查看")
    if item.at is None or not links:
        if links and item.at is None:
            session.notice(f"#{item.id} 是领导活动但没有时间（--at），不会出现在 bgs leader week 里")
        return
    day = item.at.date()
    start, end = day - timedelta(days=1), day + timedelta(days=1)
    activities = _activities(session, start, end)
    checked = rules.clashes(activities, session.store.leaders.aways_between(start, end), _rest_days(session, start, end))
    for clash in checked.of(item.id):
        if clash.kind != "rest_day":  # the date's own reading already said it is a rest day
            session.notice("领导活动冲突：" + clash.text)


def _activities(session: Session, first: date, last: date, unlock: bool = False) -> list[rules.Activity]:
    return [a for a, _ in _activity_items(session, first, last, unlock)]


def _activity_items(session: Session, first: date, last: date, unlock: bool = False):
    tz = session.now.tzinfo
    found = session.store.items.appointments_between(datetime.combine(first, time(0), tz),
                                                     datetime.combine(last + timedelta(days=1), time(0), tz))
    links = session.store.leaders.links_of([i.id for i in found]) if found else {}
    found = [i for i in found if any(link.role is LinkRole.LEADER for link in links.get(i.id, []))]
    if unlock and any(i.locked and i.sealed for i in found):
        # As services/locks.py reveal does (it imports items, which imports this module: no circle).
        from bangongshi.model.record import replace

        sealer = session.store.sealer()
        found = [replace(i, **sealer.open_row("item", i)) if i.locked and i.sealed else i for i in found]
    return [(rules.Activity(i.id, i.at, i.duration_minutes,
                            tuple(link.person for link in links[i.id] if link.role is LinkRole.LEADER),
                            tuple(link.person for link in links[i.id] if link.role is LinkRole.ESCORT)), i)
            for i in found]


def _rest_days(session: Session, first: date, last: date) -> dict[date, str]:
    days = {}
    for n in range((last - first).days + 1):
        info = session.calendar.info(first + timedelta(days=n))
        if not info.workday:
            days[info.date] = info.reason
    return days


# --- the week --------------------------------------------------------------------------------------

@dataclass
class WeekActivity:
    activity: rules.Activity
    item: Item
    period: str
    clashes: list[rules.Clash]


@dataclass
class Week:
    start: date
    end: date
    days: list[DayInfo]
    leaders: list[Person]  # the table's columns, in precedence order
    activities: list[WeekActivity]
    aways: list[Away]
    clashes: list[rules.Clash]
    unit: str = ""
    estimated: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.unit}领导每周活动安排（{self.start.month}月{self.start.day}日—{self.end.month}月{self.end.day}日）"


def week(session: Session, day_text: str | None = None, unlock: bool = False, unit: str | None = None) -> Week:
    """The week (Monday to Sunday) that holds `day_text` (default today): every leader's activities."""
    wanted = "".join((day_text or "").split())
    if not wanted or wanted in WEEKS:
        day = session.now.date() + timedelta(weeks=WEEKS.get(wanted, 0))
    else:
        day = session.parse_date(wanted, option="日期", rest_day_warning=False).date
    start, end = rules.week_of(day)
    days = [session.calendar.info(start + timedelta(days=n)) for n in range(7)]
    estimated = any(info.estimated for info in days)
    if estimated:
        session.rests_on_estimate({info.date.year for info in days if info.estimated}, "这一周的休息日")
    pairs = _activity_items(session, start, end, unlock)
    aways = session.store.leaders.aways_between(start, end)
    checked = rules.clashes([a for a, _ in pairs], aways, {i.date: i.reason for i in days if not i.workday})
    registered = session.store.registers.people(Role.LEADER)
    named = {p.name for p in registered}
    extra = [Person(0, name, role=Role.LEADER) for name in dict.fromkeys(
        n for a, _ in pairs for n in a.leaders) if name not in named]  # removed from the registry since
    columns = registered + extra
    activities = [WeekActivity(a, item, rules.period_of(a.start), checked.of(a.item_id)) for a, item in pairs]
    me = session.settings.myself if session.settings is not None else None
    office = unit if unit is not None else _unit_of(me)
    return Week(start, end, days, columns, activities, aways, checked.clashes, office, estimated)


def _unit_of(me) -> str:
    """「县政府办公室」 → 「县政府」: the table is the unit's, not the office's."""
    unit = getattr(me, "unit", "") or ""
    for tail in ("办公室", "办"):
        if unit.endswith(tail) and len(unit) > len(tail):
            return unit[: -len(tail)]
    return unit


# --- away --------------------------------------------------------------------------------------------

def away(session: Session, name: str, first: str, last: str | None, reason: str | None) -> Away:
    person = _leader(session, name)
    start = session.parse_date(first, option="开始日期", rest_day_warning=False).date
    end = session.parse_date(last, option="结束日期", rest_day_warning=False).date if last else start
    if end < start:
        raise BadInput(f"结束日期 {end} 早于开始日期 {start}")
    if (end - start).days >= LONGEST_AWAY:
        raise BadInput(f"一次最多记 {LONGEST_AWAY} 天")
    why = " ".join(limits.text(reason or "", "事由", 100).split())
    record = Away(0, person.name, start, end, why, session.now)
    with session.write() as tx:
        away_id = session.store.leaders.add_away(tx, record)
    found = session.store.leaders.away(away_id)
    pairs = _activity_items(session, start, end)
    checked = rules.clashes([a for a, _ in pairs], [found], {})
    for clash in checked.clashes:
        if clash.kind == "away":
            session.notice("领导活动冲突：" + clash.text)
    return found


def aways(session: Session, everything: bool = False) -> list[Away]:
    """Away periods not yet over (or every one)."""
    found = session.store.leaders.aways_between()
    today = session.now.date()
    return found if everything else [a for a in found if a.end >= today]


def away_remove(session: Session, away_id: int) -> Away:
    found = session.store.leaders.away(away_id)
    if found is None:
        raise NotFound(f"没有编号为 {away_id} 的外出记录（bgs leader away-list 查看）")
    with session.write() as tx:
        session.store.leaders.delete_away(tx, away_id)
    return found


def _leader(session: Session, name: str) -> Person:
    wanted = " ".join(name.split())
    person = session.store.registers.person_named(wanted)
    if person is None or person.role is not Role.LEADER:
        raise NotFound(f"名录中没有领导「{wanted}」（bgs people list --role 领导 查看）")
    return person


def links(session: Session, item_ids: list[int]) -> dict[int, list[ItemPerson]]:
    return session.store.leaders.links_of(item_ids)


def save(session: Session, out: str, write) -> Path:
    """A printable file (`write(handle)`) written whole or not at all to `out`, never over the store."""
    from bangongshi.services import outfiles

    path = outfiles.target(out, session.store.path, option="-o")
    outfiles.write(path, write)
    return path
