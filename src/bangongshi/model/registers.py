"""The office registers (issue #23): 收文/发文 entries, the numbers they are given, 来电来访, and the
people the office deals with. Plain records; codes stored, labels shown (model/items.py Coded)."""

from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.model.items import Coded, Item


class Direction(Coded):
    IN = ("in", "收文", "收")
    OUT = ("out", "发文", "发")


class Secrecy(Coded):
    NONE = ("none", "无", "非密", "普通", "公开")
    SECRET = ("secret", "秘密")
    CONFIDENTIAL = ("confidential", "机密")
    # 绝密 is not accepted: such a document is never registered on an ordinary computer.

    @property
    def classified(self) -> bool:
        return self is not Secrecy.NONE


class Urgency(Coded):
    NONE = ("none", "无", "普通", "一般")
    ROUTINE = ("routine", "平急")
    URGENT = ("urgent", "加急")
    IMMEDIATE = ("immediate", "特急")


class NumberStatus(Coded):
    RESERVED = ("reserved", "预留")
    USED = ("used", "已用")
    VOID = ("void", "作废")


class EntryStatus(Coded):
    ACTIVE = ("active", "有效")
    VOID = ("void", "作废")


class ContactKind(Coded):
    CALL = ("call", "来电")
    VISIT = ("visit", "来访")


class Role(Coded):
    COLLEAGUE = ("colleague", "同事")
    LEADER = ("leader", "领导")


@dataclass(frozen=True)
class DocNumber:
    """One number a sequence handed out: 收〔2026〕37号, 县政办发〔2026〕12号."""

    id: int
    direction: Direction
    prefix: str  # 机关代字; "" for 收文编号
    year: int
    seq: int
    text: str
    status: NumberStatus
    register_id: int | None
    reason: str  # why it was voided
    created: datetime
    updated: datetime


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the 收文 or 发文 登记簿. For a 秘密/机密 document the text fields are empty here:
    they live in its locked item (`classified`)."""

    id: int
    uuid: str
    direction: Direction
    year: int
    title: str
    unit: str = ""  # 来文单位
    doc_number: str = ""  # 文号 of an incoming document
    doc_prefix: str | None = None
    doc_year: int | None = None
    doc_seq: int | None = None
    secrecy: Secrecy = Secrecy.NONE
    urgency: Urgency = Urgency.NONE
    received: date | None = None
    issued: date | None = None
    copies: int | None = None
    deadline: date | None = None
    proposal: str = ""  # 拟办意见
    instruction: str = ""  # 领导批示
    leader: str = ""  # 批示领导
    handler: str = ""  # 承办人
    main_to: str = ""  # 主送
    copy_to: str = ""  # 抄送
    drafter: str = ""  # 拟稿人
    checker: str = ""  # 核稿人
    signer: str = ""  # 签发人
    prefix: str = ""  # 发文: its 机关代字
    note: str = ""
    item_id: int | None = None
    status: EntryStatus = EntryStatus.ACTIVE
    void_reason: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    number: DocNumber | None = None  # 收文编号 / 发文字号 (a 发文 has none until it is numbered)
    numbers: tuple[DocNumber, ...] = ()  # every number it ever had, voided ones too, oldest first

    @property
    def classified(self) -> bool:
        return self.secrecy.classified

    @property
    def ref(self) -> str:
        return f"D{self.id}"


@dataclass(frozen=True)
class Contact:
    """One 来电 or 来访."""

    id: int
    uuid: str
    kind: ContactKind
    at: datetime
    person: str
    matter: str
    unit: str = ""
    phone: str = ""
    visitors: int | None = None
    handling: str = ""
    receiver: str = ""
    item_id: int | None = None
    created: datetime | None = None


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    unit: str = ""
    phone: str = ""
    role: Role = Role.COLLEAGUE
    title: str = ""  # 职务
    precedence: int | None = None  # leaders: 1 first
    note: str = ""
    created: datetime | None = None
    updated: datetime | None = None
    channel: str = ""  # a remind.channels name: where a duty reminder reaches this person (issue #24)
    # A colleague's CalDAV identity (issue #25): the collection shared with them, and the account this
    # machine reaches it with (empty: the one of `bgs sync setup`). docs/sync.md, "Shared 督办".
    caldav_url: str = ""
    caldav_user: str = ""


@dataclass
class EntryFilter:
    """Which register entries a listing wants."""

    direction: Direction | None = None
    year: int | None = None
    unit: str | None = None  # 来文单位 (or 主送) containing this text
    search: str | None = None  # in the title, 文号, 收文编号/发文字号
    doc: tuple[str, int, int] | None = None  # a 文号's parts: the same document however it was typed
    secrecy: Secrecy | None = None
    include_void: bool = True
    limit: int | None = None


@dataclass(frozen=True)
class EntryView:
    """An entry with its item and the item's steps (state of its handling)."""

    entry: RegisterEntry
    item: Item | None
    steps: tuple[Item, ...] = ()

    @property
    def title(self) -> str:
        """The title: a 涉密 entry's is its item's (masked unless revealed)."""
        if self.entry.classified and self.item is not None:
            return self.item.title
        return self.entry.title

    @property
    def state(self) -> str:
        """办理情况 in words: 已办结, or how many of its steps are done and the next one."""
        if self.entry.status is EntryStatus.VOID:
            return "作废"
        if self.item is None:
            return "（事项已删除）"
        if not self.item.is_open:
            return f"已办结 {self.item.done_at:%Y-%m-%d}" if self.item.done_at else "已办结"
        done = [s for s in self.steps if not s.is_open]
        waiting = sorted((s for s in self.steps if s.is_open), key=lambda s: (s.due or date.max, s.id))
        text = f"办理中（{len(done)}/{len(self.steps)} 步）"
        if waiting:
            text += f"，下一步：{_step_name(waiting[0])}"
            if waiting[0].due:
                text += f"（{waiting[0].due:%m-%d}）"
        return text


def _step_name(item: Item) -> str:
    return item.title.split("：", 1)[0] if "：" in item.title else item.title


