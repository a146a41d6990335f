"""来电来访 (issue #23): the fastest capture there is — who called or came, about what, how it was
handled — and, when it needs doing, an item linked to it. `bgs call` is as quick as `bgs add`: this
module loads nothing that `add` does not (tests/test_startup.py)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.limits import NAME_MAX, TEXT_MAX, TITLE_MAX
from bangongshi.model import Folder, Item
from bangongshi.model.ids import new_uuid
from bangongshi.model.record import replace
from bangongshi.model.registers import Contact, ContactKind
from bangongshi.services.session import Session

VISITORS_MAX = 10_000


@dataclass
class ContactInput:
    """A call or a visit as typed; None: not given."""

    person: str = ""
    matter: str = ""
    unit: str | None = None
    phone: str | None = None
    visitors: int | None = None
    handling: str | None = None
    receiver: str | None = None
    at: str | None = None
    todo: bool = False
    temp: bool = False
    follow: bool = False  # 督办: the result is reported back to the caller
    due: str | None = None


@dataclass(frozen=True)
class Recorded:
    contact: Contact
    item: Item | None


def record(session: Session, kind: ContactKind, given: ContactInput) -> Recorded:
    """One 来电/来访; an item in 待办 (`todo`, or `follow` alone) or 临时 (`temp`), linked both ways."""
    who = _name(given.person, "来电人" if kind is ContactKind.CALL else "来访人")
    matter = " ".join(limits.text(given.matter or "", "内容", TEXT_MAX).split())
    if not matter:
        example = 'bgs call 王局长 "明天的会改到下午三点"' if kind is ContactKind.CALL else 'bgs visit 张科长 "商量迎检方案" --unit 教育局'
        raise BadInput(f"请写明{'来电内容' if kind is ContactKind.CALL else '来访事由'}，例如：{example}")
    if given.todo and given.temp:
        raise BadInput("--todo 和 --temp 只能选一个")
    if given.due is not None and not (given.todo or given.temp or given.follow):
        raise BadInput("--due 是事项的截止：同时给出 --todo、--temp 或 --follow")
    if given.visitors is not None and (kind is ContactKind.CALL or not 1 <= given.visitors <= VISITORS_MAX):
        raise BadInput("--count（来访人数）只用于来访，应是正整数" if kind is ContactKind.CALL else
                       f"来访人数应是 1 到 {VISITORS_MAX} 的整数")
    at = session.parse_datetime(given.at, option="时间 --at") if given.at else session.now
    unit, phone = _text(given.unit, "单位"), _text(given.phone, "电话")
    if not unit or not phone:
        # A registered person (bgs people add): the unit and number the registry has.
        known = session.store.registers.person_named(who)
        if known is not None:
            unit, phone = unit or known.unit, phone or known.phone
    me = session.settings.myself.name if session.settings is not None else ""
    receiver = _name(given.receiver, "接待人") if given.receiver else me
    due = session.parse_date(given.due, option="截止日期") if given.due is not None else None
    contact = Contact(0, new_uuid(), kind, at, who, matter, unit=unit, phone=phone, visitors=given.visitors,
                      handling=_text(given.handling, "处理情况"), receiver=receiver, created=session.now)
    item = None
    if given.todo or given.temp or given.follow:
        said = "来电" if kind is ContactKind.CALL else "来访"
        title = limits.text(f"{who}{said}：{matter}"[:TITLE_MAX], "标题", TITLE_MAX)
        item = Item(title=title, folder=Folder.TEMP if given.temp else Folder.TODO, uuid=new_uuid(),
                    source=who, constrained=True, assigned_at=at, report_required=given.follow,
                    due=due.date if due else None, due_time=due.time if due else None,
                    notes=_notes(contact), created=session.now, updated=session.now)
    registers = session.store.registers
    with session.write() as tx:
        if item is not None:
            item = replace(item, id=session.store.items.add(tx, item))
            contact = replace(contact, item_id=item.id)
        contact = replace(contact, id=registers.add_contact(tx, contact))
    return Recorded(contact, item)


def listing(session: Session, since: str | None, until: str | None, kind: str | None = None,
            search: str | None = None) -> tuple[list[Contact], str]:
    """来电来访 of a period (default: today), oldest first, and the period in words."""
    first = session.parse_date(since, option="--since", past=True, rest_day_warning=False).date if since else None
    last = session.parse_date(until, option="--until", past=True, rest_day_warning=False).date if until else None
    if first is None and last is None:
        first = last = session.now.date()
    if first and last and first > last:
        raise BadInput(f"--since {first.isoformat()} 晚于 --until {last.isoformat()}")
    tz = session.now.tzinfo
    start = datetime.combine(first, time(0), tzinfo=tz) if first else None
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz) if last else None
    chosen = ContactKind.parse(kind, "类别") if kind else None
    found = session.store.registers.contacts_between(start, end, chosen, search.strip() if search else None)
    period = (f"{first.isoformat() if first else '最早'} 至 {last.isoformat() if last else '现在'}"
              if first != last else first.isoformat())
    return found, period


def _notes(contact: Contact) -> str:
    said = "来电" if contact.kind is ContactKind.CALL else "来访"
    parts = [f"{said}时间：{contact.at:%Y-%m-%d %H:%M}", f"{'来电人' if said == '来电' else '来访人'}：{contact.person}"]
    parts += [f"{label}：{value}" for label, value in (("单位", contact.unit), ("电话", contact.phone),
                                                      ("人数", contact.visitors), ("处理情况", contact.handling))
              if value]
    return "\n".join(parts)


def _name(text: str | None, what: str) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise BadInput(f"请写明{what}，例如：王局长")
    if len(name) > NAME_MAX:
        raise BadInput(f"{what}太长，最多 {NAME_MAX} 字")
    return limits.text(name, what, NAME_MAX)


def _text(value: str | None, what: str) -> str:
    return " ".join(limits.text(value or "", what, TEXT_MAX).split())
