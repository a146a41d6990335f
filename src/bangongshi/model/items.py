"""Items and the coded enums they use.

Every enumerated value has an English code (stored, and given to scripts) and a Chinese label
(shown to people); both appear side by side in machine output.
"""

from datetime import date, datetime, time
from enum import Enum

from bangongshi.errors import BadInput
from bangongshi.model.record import Record


# Each Coded class's members by code, filled on first use (Coded.from_code).
_BY_CODE: dict[type, dict] = {}


class Coded(Enum):
    """An enum whose members are (code, label, *aliases)."""

    def __init__(self, code: str, label: str, *aliases: str):
        self.code = code
        self.label = label
        self.aliases = aliases

    # Members are singletons compared by identity; Enum's own hash (of the name, in Python) made
    # hashing the agenda's ranking facts, which hold two members, twice as slow (issue #19).
    __hash__ = object.__hash__

    @classmethod
    def from_code(cls, code: str | None):
        if code is None:
            return None
        # A dict lookup: storage turns three codes into members for every row it reads, and scanning
        # the members was a quarter of a row's decoding (issue #19).
        by_code = _BY_CODE.get(cls)
        if by_code is None:
            by_code = _BY_CODE[cls] = {member.code: member for member in cls}
        found = by_code.get(code)
        if found is None:
            raise ValueError(f"unknown {cls.__name__} code {code!r}")
        return found

    @classmethod
    def parse(cls, text: str, what: str):
        """Accept the code, the label or an alias, as a user would type it."""
        wanted = text.strip().lower()
        for member in cls:
            if wanted in (member.code, member.label.lower(), *member.aliases):
                return member
        accepted = "、".join(f"{m.label}（{m.code}）" for m in cls)
        raise BadInput(f"未知的{what}「{text}」，可用：{accepted}")


class Folder(Coded):
    TODO = ("todo", "待办", "待办事项")
    TEMP = ("temp", "临时", "临时交办")
    DONE = ("done", "已处理", "处理", "完成", "已完成")


OPEN_FOLDERS = (Folder.TODO, Folder.TEMP)


class Kind(Coded):
    DOC = ("doc", "办文", "文")
    MEETING = ("meeting", "办会", "会", "会议")
    AFFAIR = ("affair", "办事", "事")


class Attention(Coded):
    HIGH = ("high", "高")
    NORMAL = ("normal", "中")
    LOW = ("low", "低")


class Item(Record):
    """A 事项: what the store holds of one item (a named tuple: model/record.py says why)."""

    title: str
    folder: Folder = Folder.TODO
    id: int | None = None
    uuid: str = ""
    notes: str = ""
    kind: Kind | None = None
    important: bool = False
    urgent: bool = False
    due: date | None = None
    due_time: time | None = None
    at: datetime | None = None
    duration_minutes: int | None = None
    location: str = ""
    key: bool = False
    constrained: bool = False
    source: str = ""
    assigned_at: datetime | None = None
    attention: Attention | None = None
    report_required: bool = False
    handler: str = ""
    tags: tuple[str, ...] = ()
    estimate_minutes: int | None = None
    major: bool = False
    locked: bool = False
    created: datetime | None = None
    updated: datetime | None = None
    done_at: datetime | None = None
    result: str = ""
    # An occurrence of a recurring rule: the rule, the date it stands for, and whether someone has
    # edited it since (then editing the rule leaves it alone).
    recurrence_id: int | None = None
    occurrence: date | None = None
    hand_edited: bool = False
    # A step laid out by a procedure template: the item it hangs on (the meeting, the document),
    # its name in the template, and its date as workdays from the anchor or from another step.
    parent_id: int | None = None
    step: str = ""
    step_from: str = ""
    step_offset: int | None = None
    # 督办: a follow-up cadence (as typed, and as a rule), when it was delegated to `handler`, when
    # the result was reported back to `source`, and a handoff of the whole responsibility.
    follow_every: str = ""
    follow_rrule: str = ""
    follow_policy: str = ""
    delegated_at: datetime | None = None
    reported_at: datetime | None = None
    handoff_to: str = ""
    handoff_at: datetime | None = None
    acknowledged_at: datetime | None = None
    spent_minutes: int | None = None  # actually spent, recorded when it was done
    # A locked item's text fields, encrypted (storage/sealing.py); its plain fields then hold masks.
    sealed: str | None = None
    # Minutes before `at` to remind of it (`--remind 30m`); None: the configured remind.before;
    # model.remind.NO_REMIND: no reminders at all for this item (`--remind none`).
    remind: int | None = None

    @property
    def is_open(self) -> bool:
        return self.folder is not Folder.DONE

    @classmethod
    def of(cls, fields: dict) -> "Item":
        """Item(**fields), for fields an import has checked (it makes one per line of a file of
        100,000). Passing them as keywords costs five times as much when the names were read from a
        file: Python matches a keyword by identity first, and by comparing the text only when that
        fails, against each of the fifty parameters; a dict finds each by its hash. A name that is
        not a field is ignored here (Item(**fields) would refuse it); tests/test_bulk_import.py holds
        both equal."""
        if "title" not in fields:  # the one field without a default
            raise KeyError("title")
        return tuple.__new__(cls, map(fields.get, _NAMES, _DEFAULT_VALUES))


_NAMES = Item._fields
_DEFAULT_VALUES = tuple(Item._field_defaults.get(name) for name in _NAMES)


# The fields `--clear` may empty, by every name a user may call them, mapped to the Item field.
CLEARABLE_FIELDS = {
    "due": "due",
    "at": "at",
    "duration": "duration_minutes",
    "where": "location",
    "location": "location",
    "from": "source",
    "source": "source",
    "kind": "kind",
    "tags": "tags",
    "tag": "tags",
    "estimate": "estimate_minutes",
    "note": "notes",
    "notes": "notes",
    "result": "result",
    "handler": "handler",
    "attention": "attention",
    "remind": "remind",
}


class ItemFilter(Record):
    """Which items a listing wants (services build it, storage turns it into a query). Every
    condition given must hold."""

    folders: tuple[Folder, ...] = OPEN_FOLDERS
    search: str | None = None
    source: str | None = None
    kind: Kind | None = None
    tags: tuple[str, ...] = ()
    due_earlier_than: date | None = None
    due_on_or_before: date | None = None
    due_on_or_after: date | None = None
    limit: int | None = None
