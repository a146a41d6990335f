"""Objects keyed like the JSON contract (docs/contract.md), as `bgs import` reads them from json,
csv, Taskwarrior and ics files (plus the readers' `due_moment` and `uid`), made into Items with every
check `bgs add` and `bgs edit` would make, and the same messages. An import of 100,000 items runs this
once per item: the common values take no call, and the texts people repeat (dates, moments, tags)
are worked out once."""

import re
import uuid as uuid_module
from collections.abc import Callable
from datetime import date, datetime, time

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.model.ids import content_uuid
from bangongshi.services.fields import clean_tag, clean_title
from bangongshi.services.session import Session
from bangongshi.storage.item_staging import PlainRows

# Stable identities for files that carry none (a hand-written JSON, a foreign .ics uid).
NAMESPACE = "6f1c1d2e-0b7a-4a55-9a51-6b616e676f6e"  # content uuids of this kind of file (model/ids.py)
# Links name rows of the store the file came from; they mean nothing here.
LOCAL_LINKS = ("recurrence_id", "parent_id")
_ITEM_FIELDS = set(Item._fields)
_BOOLS = {"important", "urgent", "key", "constrained", "report_required", "major", "locked", "hand_edited"}
_INTS = {"duration_minutes", "estimate_minutes", "step_offset", "recurrence_id", "parent_id", "spent_minutes",
         "remind"}
_MOMENTS = {"at", "assigned_at", "created", "updated", "done_at", "delegated_at", "reported_at", "handoff_at",
            "acknowledged_at"}
_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f", ""}
# Keys of our own output that are not fields (labels of codes, the id in the store it came from).
_NOT_FIELDS = frozenset(("folder_label", "kind_label", "attention_label", "id", "uid", "due_moment"))
_KNOWN_KEYS = frozenset(_ITEM_FIELDS | _NOT_FIELDS)
_SKIP, _FLAG, _MOMENT = object(), object(), object()  # Converter.quick: not a field; true/false; a moment
# What Converter.plain leaves to the Item: a reader's due and uid (ics, Taskwarrior), a sealed text (a
# locked item, too: it is sealed as it is written).
_SLOW_KEYS = frozenset(("due_moment", "uid", "sealed"))


class Converter:
    """Objects keyed like the JSON contract (plus the readers' `due_moment`, `uid`) as Items. One per
    import: dates, times of day and moments repeat across an office's items, and each distinct text
    is worked out once (the same checks, the same messages)."""

    def __init__(self, session: Session):
        self.now = session.now
        self.tz = session.now.tzinfo
        self.moments: dict[str, datetime] = {}
        self.days: dict[str, date] = {}
        self.clocks: dict[str, time] = {}
        self.tags: dict[tuple, tuple[str, ...]] = {}
        self.dues: dict[str, dict] = {}  # a reader's due_moment: the due and due_time it gives
        self.by_key: dict[str, Callable] = {}
        for key in _ITEM_FIELDS - _NOT_FIELDS:
            if key in _BOOLS:
                self.by_key[key] = _bool
            elif key in _INTS:
                self.by_key[key] = _int
            elif key in _MOMENTS:
                self.by_key[key] = self._moment
            elif key in ("due", "occurrence"):
                self.by_key[key] = self._day
            else:
                self.by_key[key] = _OTHER.get(key, _text)
        self.by_key["due_time"] = self._clock
        # The same, for __call__'s loop: text (None), flags (_FLAG) and moments seen before (_MOMENT) as
        # they most often come need no call at all.
        self.quick: dict[str, Callable | object | None] = {key: _SKIP for key in _NOT_FIELDS}
        for key, convert in self.by_key.items():
            self.quick[key] = {_text: None, _bool: _FLAG, self._moment: _MOMENT}.get(convert, convert)
        # plain(): the staged row of an object as our own export writes it, without an Item.
        self.rows = PlainRows(_Reader(self), self.now, _NOT_FIELDS - _SLOW_KEYS, LOCAL_LINKS)

    def __call__(self, obj: dict, where: str) -> Item:
        # _values, spelled for speed: every key known, the values as they usually are; anything else
        # goes through _values, which names the first bad key in the file's order.
        if not _KNOWN_KEYS.issuperset(obj):
            return self._item(self._values(obj, where), obj, where)
        values = {}
        quick, moments = self.quick, self.moments
        try:
            for key, value in obj.items():
                if value is None:
                    continue
                how = quick[key]
                if how is None:
                    values[key] = value if type(value) is str else _text(value)
                elif how is _FLAG:
                    values[key] = value if value is True or value is False else _bool(value)
                elif how is _MOMENT:
                    values[key] = (moments.get(value) if type(value) is str else None) or self._moment(value)
                elif how is not _SKIP:
                    values[key] = how(value)
        except (ValueError, TypeError, BadInput):
            values = self._values(obj, where)
        return self._item(values, obj, where)

    def plain(self, obj: dict) -> tuple[str, tuple] | None:
        """(uuid, the row storage stages for it) of an object as bgs's own export writes one (every
        key a field or a label, each value of its usual type, a uuid, not locked), made without an
        Item (storage.item_staging.PlainRows, with this converter's reading and checks of each
        value): the same row as staged_values(self(obj, …)), in a third of the time. None for any
        other object, and for one the checks refuse: self(obj, where) then makes its Item or names
        what is wrong, as it always did."""
        return self.rows.row(obj)

    def _values(self, obj: dict, where: str) -> dict:
        """The fields of `obj`, or BadInput naming the first key that is not a field or has a bad value."""
        values: dict = {}
        by_key = self.by_key
        for key, value in obj.items():
            convert = by_key.get(key)
            if convert is None:
                if key in _NOT_FIELDS:
                    continue
                raise BadInput(f"{where}：不认识的字段「{key}」（字段见 docs/contract.md）")
            if value is None:
                continue
            try:
                values[key] = convert(value)
            except (ValueError, TypeError):
                raise BadInput(f"{where}，字段 {key}：「{value}」{_expected(key)}") from None
            except BadInput as error:
                raise BadInput(f"{where}，字段 {key}：{error.message}") from None
        return values

    def _item(self, values: dict, obj: dict, where: str) -> Item:
        if "title" not in values:
            raise BadInput(f"{where}：缺少 title")
        try:
            values["title"] = clean_title(values["title"])
            if "tags" in values:
                values["tags"] = self._clean_tags(values["tags"])
        except BadInput as error:
            raise BadInput(f"{where}：{error.message}") from None
        moment = obj.get("due_moment")
        if moment is not None:
            try:
                due = self.dues.get(moment) if type(moment) is str else None
                values.update(due or _remember(self.dues, moment, _due_from(moment, self.tz)))
            except (ValueError, TypeError):
                raise BadInput(f"{where}，字段 due：「{moment}」{_expected('due')}") from None
            except BadInput as error:
                raise BadInput(f"{where}，字段 due：{error.message}") from None
        created = values.get("created") or self.now
        values["created"] = created
        values["updated"] = values.get("updated") or created
        if values.get("folder", Folder.TODO) is Folder.DONE:
            if values.get("done_at") is None:
                values["done_at"] = values["updated"]
        else:
            values.pop("done_at", None)
        for link in LOCAL_LINKS:
            values.pop(link, None)
        item = Item.of(values)
        try:
            limits.check_item(item)  # what `bgs add` and `bgs edit` would refuse, a file may not bring in
        except BadInput as error:
            raise BadInput(f"{where}：{error.message}") from None
        if not item.uuid:
            item = item._replace(uuid=_stable_uuid(obj))
        return item

    def _clean_tags(self, given: list[str]) -> tuple[str, ...]:
        key = tuple(given)
        found = self.tags.get(key)
        if found is None:
            found = _remember(self.tags, key, tuple(dict.fromkeys(clean_tag(t) for t in given)))
        return found

    # Each distinct text once (a failure is not remembered: it stops the import).
    def _moment(self, value) -> datetime:
        if type(value) is not str:
            return _moment(value, self.tz)
        found = self.moments.get(value)
        return _remember(self.moments, value, _moment(value, self.tz)) if found is None else found

    def _day(self, value) -> date:
        if type(value) is not str:
            return _day(value)
        found = self.days.get(value)
        return _remember(self.days, value, _day(value)) if found is None else found

    def _clock(self, value) -> time:
        found = self.clocks.get(value) if type(value) is str else None
        return _remember(self.clocks, value, time.fromisoformat(str(value).strip())) if found is None else found


class _Reader:
    """How Converter.plain reads and checks each value, for storage.item_staging.PlainRows: as the
    Item's way does (the same functions, caches and limits.check_item's rules), raising where it
    would refuse."""

    def __init__(self, convert: Converter):
        self.day, self.clock, self.tags = convert._day, convert._clock, convert._clean_tags
        self.convert = convert

    def moment(self, text: str) -> datetime:
        moment = self.convert._moment(text)
        if not limits.FIRST_YEAR <= moment.year <= limits.LAST_YEAR:  # after the zone moved it, as check_item
            raise ValueError(text)
        return moment

    @staticmethod
    def title(text: str) -> str:
        if "\x00" in text:
            raise ValueError(text)
        return clean_title(text)

    @staticmethod
    def text(column: str, value: str) -> None:
        if len(value) > _TEXT_LIMITS[column]:
            raise ValueError(column)
        if not value.isascii():
            value.encode("utf-8")  # limits.is_text: a lone surrogate raises UnicodeEncodeError

    @staticmethod
    def number(value) -> int:
        if type(value) is not int or not -100_000 <= value <= 10_000_000:  # as _int, from a file's number
            raise ValueError(value)
        return value

    @staticmethod
    def uuid(value) -> str:
        if type(value) is not str or not _CANONICAL_UUID.fullmatch(value):
            raise ValueError(value)
        return value


def _remember(seen: dict, key, value):
    if len(seen) > 100_000:  # a file of ever new moments: keep memory flat
        seen.clear()
    if isinstance(key, str | tuple):
        seen[key] = value
    return value


def _bool(value) -> bool:
    if value is True or value is False:
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(value)


def _int(value) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    number = value if type(value) is int else int(str(value).strip())
    if number < -100_000 or number > 10_000_000:
        raise ValueError(value)
    return number


def _day(value) -> date:
    day = value if isinstance(value, date) and not isinstance(value, datetime) else date.fromisoformat(str(value).strip())
    return limits.day(day, "日期")


def _text(value) -> str:
    if type(value) is str:
        return value
    if not isinstance(value, str | int | float):
        raise TypeError(value)
    return str(value)


def _tags(value) -> list[str]:
    return [str(t) for t in value] if isinstance(value, list) else [t for t in str(value).split(";") if t]


def _coded(kind, what: str) -> Callable:
    by_code = {member.code: member for member in kind}

    def parse(value):
        return (by_code.get(value) if type(value) is str else None) or kind.parse(str(value), what)
    return parse


def _uuid(value) -> str:
    if type(value) is str and _CANONICAL_UUID.fullmatch(value):
        return value  # what str(UUID(value)) gives back
    return str(uuid_module.UUID(str(value).strip()))


_TEXT_LIMITS = {name: limit for name, (limit, _) in limits.ITEM_TEXT.items()}
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_OTHER = {"folder": _coded(Folder, "文件夹"), "kind": _coded(Kind, "类别"), "attention": _coded(Attention, "关注程度"),
          "tags": _tags, "uuid": _uuid}


def _expected(key: str) -> str:
    if key in _BOOLS:
        return "应是 true/false 或 1/0"
    if key in _INTS:
        return "应是整数"
    if key in ("due", "occurrence"):
        return "应是日期 YYYY-MM-DD"
    if key == "due_time":
        return "应是时间 HH:MM"
    if key in _MOMENTS:
        return "应是 ISO 时间，如 2026-11-20T10:00:00+08:00"
    if key == "uuid":
        return "不是 uuid"
    return "无效"


def _moment(value, tz) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).strip())
    limits.day(moment, "时间")  # before the time zone moves it past year 9999
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _due_from(moment, tz) -> dict:
    if isinstance(moment, datetime):
        local = _moment(moment, tz)
        clock = local.time()
        return {"due": local.date(), "due_time": None if clock == time(0) else clock.replace(second=0, microsecond=0)}
    if isinstance(moment, date):
        return {"due": limits.day(moment, "日期"), "due_time": None}
    return _due_from(datetime.fromisoformat(str(moment)), tz)


def _stable_uuid(obj: dict) -> str:
    """The same entry gives the same uuid, so importing a file again finds what it imported."""
    import json

    uid = obj.get("uid")
    if uid:
        local, _, domain = str(uid).partition("@")
        if domain == "bangongshi":
            try:
                return str(uuid_module.UUID(local))
            except ValueError:
                pass
        return content_uuid(NAMESPACE, str(uid))
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)
    if not limits.is_text(text):  # a lone surrogate in a key no field reads (the readers refuse one elsewhere)
        text = json.dumps(obj, sort_keys=True, default=str)
    return content_uuid(NAMESPACE, text)


def given_keys(obj: dict) -> set[str]:
    """The fields an object carries (a file with fewer fields changes only those of a stored item)."""
    keys = {k for k in obj if k in _ITEM_FIELDS}
    if "due_moment" in obj:
        keys |= {"due", "due_time"}
    if "folder" in keys:
        keys.add("done_at")
    return keys
