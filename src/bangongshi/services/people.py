"""The people registry (issue #23): colleagues and leaders (with their 职务 and order of precedence),
whose names the registers and the 交办人/承办人 fields may use. A name not registered is taken as
typed, as before: the registry fills in what it knows (a caller's unit and number), nothing more."""

from dataclasses import dataclass

from bangongshi import limits
from bangongshi.errors import BadInput, NotFound
from bangongshi.limits import NAME_MAX
from bangongshi.model.registers import Person, Role
from bangongshi.services.session import Session

PRECEDENCE_MAX = 999


@dataclass
class PersonInput:
    name: str | None = None
    unit: str | None = None
    phone: str | None = None
    role: str | None = None
    title: str | None = None
    precedence: int | None = None
    note: str | None = None
    caldav_url: str | None = None  # the collection shared with them (issue #25); "" takes it away
    caldav_user: str | None = None  # the account this machine reaches it with
    channel: str | None = None  # a remind.channels name for duty reminders (issue #24)


def _check_channel(session: Session, values: dict) -> None:
    channel = values.get("channel")
    if channel and session.settings is not None and channel not in session.settings.remind.channels:
        known = "、".join(session.settings.remind.channels) or "（无）"
        raise BadInput(f"--channel「{channel}」不是设置 remind.channels 中的渠道名，已设置：{known}"
                       "（先在 config.yaml 的 remind.channels 里添加，例如 zhangsan: \"env:BGS_ZHANGSAN_URL\"）")


def add(session: Session, given: PersonInput) -> Person:
    name = _name(given.name)
    if session.store.registers.person_named(name) is not None:
        raise BadInput(f"「{name}」已登记（bgs people edit {name} … 修改）；同名的人请写成 张三（教育科）以示区别")
    values = _values(given)
    _check_channel(session, values)
    role = values.get("role", Role.COLLEAGUE)
    if values.get("precedence") is not None and role is not Role.LEADER:
        raise BadInput("--order（排序）只用于领导：同时写 --role 领导")
    person = Person(0, name, values.get("unit", ""), values.get("phone", ""), role, values.get("title", ""),
                    values.get("precedence"), values.get("note", ""), session.now, session.now,
                    values.get("channel", ""), values.get("caldav_url", ""), values.get("caldav_user", ""))
    with session.write() as tx:
        person_id = session.store.registers.add_person(tx, person)
    return session.store.registers.person(person_id)


def edit(session: Session, name: str, given: PersonInput) -> Person:
    found = find(session, name)
    values = _values(given)
    _check_channel(session, values)
    if given.name is not None:
        new = _name(given.name)
        other = session.store.registers.person_named(new)
        if other is not None and other.id != found.id:
            raise BadInput(f"「{new}」已登记")
        values["name"] = new
    if not values:
        raise BadInput("没有要修改的内容：例如 --phone 13800000000、--unit 教育科、--role 领导 --order 1、"
                       "--caldav 共享集合地址")
    role = values.get("role", found.role)
    if role is not Role.LEADER:
        if values.get("precedence") is not None:
            raise BadInput("--order（排序）只用于领导：同时写 --role 领导")
        values["precedence"] = None
    with session.write() as tx:
        session.store.registers.update_person(tx, found.id, session.now, **values)
    return session.store.registers.person(found.id)


def remove(session: Session, name: str) -> Person:
    """Out of the registry; what was recorded with the name (items, registers) keeps it as text."""
    found = find(session, name)
    with session.write() as tx:
        session.store.registers.delete_person(tx, found.id)
    return found


def listing(session: Session, role: str | None = None) -> list[Person]:
    return session.store.registers.people(Role.parse(role, "身份") if role else None)


def find(session: Session, name: str) -> Person:
    wanted = " ".join(name.split())
    found = session.store.registers.person_named(wanted)
    if found is None and wanted.isdigit():
        found = session.store.registers.person(int(wanted))
    if found is None:
        raise NotFound(f"没有登记「{wanted}」（bgs people list 查看，bgs people add {wanted} 登记）")
    return found


def _values(given: PersonInput) -> dict:
    values: dict = {}
    for name, what in (("unit", "单位"), ("phone", "电话"), ("title", "职务"), ("note", "备注")):
        value = getattr(given, name)
        if value is not None:
            values[name] = " ".join(limits.text(value, what, NAME_MAX if name != "note" else 2000).split())
    if given.channel is not None:
        values["channel"] = given.channel.strip()
    if given.caldav_url is not None:
        url = given.caldav_url.strip()
        if url and not url.startswith(("http://", "https://")):
            raise BadInput(f"--caldav 应是共享集合的地址（http:// 或 https:// 开头），收到「{url}」")
        values["caldav_url"] = limits.text(url.rstrip("/") + "/" if url else "", "CalDAV 地址", 1000)
    if given.caldav_user is not None:
        values["caldav_user"] = limits.text(given.caldav_user.strip(), "CalDAV 账号", NAME_MAX)
    if given.role is not None:
        values["role"] = Role.parse(given.role, "身份")
    if given.precedence is not None:
        if not 1 <= given.precedence <= PRECEDENCE_MAX:
            raise BadInput(f"--order 应是 1 到 {PRECEDENCE_MAX} 的整数（1 排在最前）")
        values["precedence"] = given.precedence
    return values


def _name(text: str | None) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise BadInput("请写名字，例如：bgs people add 张三 --unit 教育科")
    if len(name) > NAME_MAX:
        raise BadInput(f"名字太长，最多 {NAME_MAX} 字")
    return limits.text(name, "名字", NAME_MAX)
