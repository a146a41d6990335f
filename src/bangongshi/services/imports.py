"""`bgs import` (issue #8): everything is read and checked before anything is written, then all of
it goes in one transaction. Items are matched by uuid, so importing a file again changes nothing.

A large file (issue #19): json, JSON Lines, csv and Taskwarrior files are read a piece at a time and
checked in batches; new items wait in a temporary table (storage ItemStaging) rather than in memory,
then go in by a few INSERT … SELECT that the journal records without a copy of each row."""

import re
import uuid as uuid_module
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field, fields as dataclass_fields, replace
from datetime import date, datetime, time
from pathlib import Path

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.services.fields import clean_tag, clean_title
from bangongshi.services.session import PROGRESS_FROM, Session
from bangongshi.model.ids import content_uuid

IMPORT_FORMATS = ("yaml", "json", "csv", "taskwarrior", "ics")
# Stable identities for files that carry none (a hand-written JSON, a foreign .ics uid).
NAMESPACE = "6f1c1d2e-0b7a-4a55-9a51-6b616e676f6e"  # content uuids of this kind of file (model/ids.py)
# Links name rows of the store the file came from; they mean nothing here.
LOCAL_LINKS = ("recurrence_id", "parent_id")
_ITEM_FIELDS = {f.name for f in dataclass_fields(Item)}
_BOOLS = {"important", "urgent", "key", "constrained", "report_required", "major", "locked", "hand_edited"}
_INTS = {"duration_minutes", "estimate_minutes", "step_offset", "recurrence_id", "parent_id"}
_MOMENTS = {"at", "assigned_at", "created", "updated", "done_at", "delegated_at", "reported_at", "handoff_at",
            "acknowledged_at"}
_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f", ""}
# Keys of our own output that are not fields (labels of codes, the id in the store it came from).
_NOT_FIELDS = frozenset(("folder_label", "kind_label", "attention_label", "id", "uid", "due_moment"))
_KNOWN_KEYS = frozenset(_ITEM_FIELDS | _NOT_FIELDS)
_SKIP, _FLAG, _MOMENT = object(), object(), object()  # _Converter.quick: not a field; true/false; a moment
# Objects checked together: one look in the store for their uuids.
BATCH = 1000
# Staged items written by one INSERT … SELECT between two steps of the 写入 bar.
WRITE_BATCH = 10_000


@dataclass
class ImportResult:
    source: str
    fmt: str
    imported: int = 0  # new items (and, from yaml, the occurrences its rules made)
    rules: list = field(default_factory=list)  # recurring rules, from yaml
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def detect(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".ics", ".ical"):
        return "ics"
    if suffix == ".csv":
        return "csv"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".json", ".jsonl", ".data", ""):
        head = data[:4096].decode("utf-8", "replace")
        # `task export` objects carry description/entry/status; ours carry title.
        return "taskwarrior" if '"description"' in head and '"entry"' in head else "json"
    raise BadInput(f"无法从文件名「{path.name}」判断格式，请加 --format（{'、'.join(IMPORT_FORMATS)}）")


def run(session: Session, file: str, fmt: str | None, dry_run: bool) -> ImportResult:
    path = Path(file).expanduser()
    try:
        with path.open("rb") as handle:
            chosen = (fmt or detect(path, handle.read(4096))).strip().lower()
            if chosen not in IMPORT_FORMATS:
                raise BadInput(f"不支持的导入格式「{chosen}」，可用：{'、'.join(IMPORT_FORMATS)}")
            handle.seek(0)
            return _run(session, path, handle, chosen, dry_run)
    except OSError as error:
        raise BadInput(f"无法读取「{file}」：{error.strerror}") from None


def _run(session: Session, path: Path, handle, chosen: str, dry_run: bool) -> ImportResult:
    from bangongshi.formats.encoding import decode

    source = f"「{path.name}」"
    result = ImportResult(str(path), chosen)
    if chosen == "yaml":
        return _run_yaml(session, decode(handle.read(), source), source, result, dry_run)
    if chosen == "ics":
        from bangongshi.formats.ics import ics_objects

        objects = ics_objects(handle.read(), source)
        return _import(session, source, _checked(session, objects, source, session.tracked(objects, len(objects), "检查")),
                       result, dry_run)
    return _import(session, source, _checked(session, _streamed(session, handle, chosen, source, result), source),
                   result, dry_run)


def _streamed(session: Session, handle, chosen: str, source: str, result: ImportResult) -> Iterator[tuple[str, dict]]:
    """The objects of a json, csv or Taskwarrior file as they are read, with the 检查 bar over its bytes."""
    from bangongshi.formats.encoding import not_text, open_text

    text = open_text(handle, source, csv=chosen == "csv")
    if chosen == "csv":
        from bangongshi.formats.csv import csv_stream

        objects = csv_stream(text, source)
    else:
        from bangongshi.formats.json import json_stream

        objects = json_stream(text, source)
        if chosen == "taskwarrior":
            from bangongshi.formats.taskwarrior import taskwarrior_stream

            objects = taskwarrior_stream(objects, source, session.now.tzinfo, result.skipped)
    try:
        yield from _read_with_bar(session, objects, handle)
    except UnicodeDecodeError:
        not_text(handle, source)


def _read_with_bar(session: Session, objects: Iterable, handle) -> Iterator:
    """`objects`, with the 检查 bar once PROGRESS_FROM of them have gone by (a short file shows none),
    measured in bytes: how many objects the file holds is known only at its end."""
    import os

    size = os.fstat(handle.fileno()).st_size
    with closing(iter(objects)) as stream, _ProgressLater(session, "检查", size) as bar:
        for count, obj in enumerate(stream, start=1):
            yield obj
            if count % 500 == 0 and count >= PROGRESS_FROM:
                bar.at(handle.tell())
        bar.at(size)


class _ProgressLater:
    """A bar that appears only when first moved (a context manager; `at(done)` moves it)."""

    def __init__(self, session: Session, description: str, total: int, unit: str = "bytes"):
        self.session, self.description, self.total, self.unit = session, description, total, unit
        self.context = None
        self.advance = None
        self.done = 0

    def __enter__(self):
        return self

    def at(self, done: int) -> None:
        if self.advance is None:
            if self.session.progress is None or done >= self.total:
                return
            self.context = self.session.progress(self.description, self.total, unit=self.unit)
            self.advance = self.context.__enter__()
        self.advance(done - self.done)
        self.done = done

    def __exit__(self, *exc) -> None:
        if self.context is not None:
            self.context.__exit__(*exc)


@contextmanager
def _bar(session: Session, description: str, total: int) -> Iterator[Callable[[int], None]]:
    """advance(n) of a bar of `total` steps, shown as session.tracked shows one."""
    if session.progress is None or total < PROGRESS_FROM:
        yield lambda n=1: None
        return
    with session.progress(description, total) as advance:
        yield advance


def _checked(session: Session, objects: Iterable[tuple[str, dict]], source: str,
             tracked: Iterable | None = None) -> Iterator[tuple[str, Item, dict]]:
    """Each object as an Item (BadInput naming its place), with the object itself."""
    convert = _Converter(session)
    for place, obj in (objects if tracked is None else tracked):
        yield place, convert(obj, f"{source} {place}"), obj


def _import(session: Session, source: str, incoming: Iterator[tuple[str, Item, dict]], result: ImportResult,
            dry_run: bool) -> ImportResult:
    """Check every object (batch by batch against the store), then write what is new or changed."""
    store = session.store
    with _no_cycle_collection(), (nullcontext(None) if dry_run else store.items.staging()) as staged:
        plan = _Plan(session, result, staged)
        seen: dict[str, str] = {}
        batch: list[tuple[Item, dict | None]] = []
        for place, item, obj in incoming:
            if item.uuid in seen:
                raise BadInput(f"{source} {place} 与 {seen[item.uuid]} 是同一个事项（uuid 重复）")
            seen[item.uuid] = place
            batch.append((item, obj))
            if len(batch) == BATCH:
                plan.settle(batch)
                batch = []
        plan.settle(batch)
        if not dry_run:
            with session.write() as tx:
                plan.write(tx)
    return result


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Items, objects and rows make no reference cycles, but each batch that outlives a few thousand
    allocations sets off the collector, which then walks every object the program holds: a few per
    cent of a large import, for nothing. Reference counting frees everything as before."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Plan:
    """What the check decided, batch by batch: new items staged (a locked one kept aside, to be sealed
    as it is written), stored items the file changes, how many it leaves as they are."""

    def __init__(self, session: Session, result: ImportResult, staged):
        self.session, self.result, self.staged = session, result, staged
        self.locked: list[tuple[int, Item]] = []  # (how many staged items go before it, the item)
        self.updates: list[Item] = []

    def settle(self, batch: list[tuple[Item, dict | None]], merge=None) -> None:
        """`merge(old, item, obj)`: the stored item as the file leaves it (default: the fields it carries)."""
        if not batch:
            return
        items = self.session.store.items
        stored = items.existing_uuids([item.uuid for item, _ in batch])
        existing = _opened(self.session, items.by_uuids(sorted(stored))) if stored else {}
        new = []
        for item, obj in batch:
            old = existing.get(item.uuid)
            if old is None:
                self.result.imported += 1
                if self.staged is None:
                    continue
                if item.locked:
                    self.staged.add(new)
                    new = []
                    self.locked.append((self.staged.count, item))
                else:
                    new.append(item)
                continue
            changed = (merge or _carried)(old, item, obj)
            if _differs(self.session, old, changed):
                self.result.updated += 1
                if self.staged is not None:
                    self.updates.append(changed)
            else:
                self.result.unchanged += 1
        if self.staged is not None:
            self.staged.add(new)

    def write(self, tx) -> None:
        """New items in the order of the file, then the changed ones, inside the caller's transaction."""
        items = self.session.store.items
        total = (self.staged.count + len(self.locked) + len(self.updates))
        with _bar(self.session, "写入", total) as advance:
            done = 0
            for before, item in [*self.locked, (self.staged.count, None)]:
                while done < before:
                    last = min(before, done + WRITE_BATCH)
                    items.add_staged(tx, self.staged, done + 1, last)
                    advance(last - done)
                    done = last
                if item is not None:
                    items.add(tx, item)
                    advance(1)
            for item in self.updates:
                items.update(tx, item)  # replace(old, …): its id is old.id
                advance(1)


def _carried(old: Item, item: Item, obj: dict) -> Item:
    """A file that carries fewer fields (ics, Taskwarrior) changes only the ones it carries."""
    carried = {k: getattr(item, k) for k in _given_keys(obj) if k not in LOCAL_LINKS and k != "id"}
    carried["locked"] = old.locked or item.locked
    return Item(**{**vars(old), **carried})


def _run_yaml(session: Session, text: str, source: str, result: ImportResult, dry_run: bool) -> ImportResult:
    from bangongshi.services import rules as rule_service, yaml_items

    parsed = yaml_items.read(session, text, source)
    seen: dict[str, str] = {}
    for where, item in parsed.items:
        if item.uuid in seen:
            raise BadInput(f"{where} 与 {seen[item.uuid]} 完全相同")
        seen[item.uuid] = where
    known_rules = session.store.rules.uuids()
    new_rules = [rule for rule in parsed.rules if rule.uuid not in known_rules]
    result.unchanged += len(parsed.rules) - len(new_rules)
    with (nullcontext(None) if dry_run else session.store.items.staging()) as staged:
        plan = _Plan(session, result, staged)
        entries = [(item, None) for _, item in parsed.items]
        for start in range(0, len(entries), BATCH):
            plan.settle(entries[start:start + BATCH], merge=lambda old, item, _: _kept(old, item))
        if dry_run:
            result.rules = new_rules
            return result
        with session.write() as tx:
            plan.write(tx)
            for rule in new_rules:
                result.imported += len(rule_service.insert(session, tx, rule))
                result.rules.append(rule)
    return result


def _kept(old: Item | None, item: Item) -> Item:
    """Importing the file again keeps what the store knows of the item's history."""
    if old is None:
        return item
    return replace(item, id=old.id, created=old.created, updated=old.updated, assigned_at=old.assigned_at,
                   delegated_at=old.delegated_at, done_at=old.done_at if item.done_at else None,
                   locked=old.locked or item.locked)


def _opened(session: Session, existing: dict[str, Item]) -> dict[str, Item]:
    """Items the file updates, a locked one with its text (to compare; the passphrase is asked).
    An import locks an item when the file says so, but never unlocks one: that is `bgs unlock`."""
    from bangongshi.services import locks

    return {i.uuid: i for i in locks.reveal(session, list(existing.values()))}


def _given_keys(obj: dict) -> set[str]:
    keys = {k for k in obj if k in _ITEM_FIELDS}
    if "due_moment" in obj:
        keys |= {"due", "due_time"}
    if "folder" in keys:
        keys.add("done_at")
    return keys


def _differs(session: Session, old: Item, new: Item) -> bool:
    return not session.store.items.same_stored(old, new, sealed=False)


class _Converter:
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
                values.update(_due_from(moment, self.tz))
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
            item.uuid = _stable_uuid(obj)
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
    return content_uuid(NAMESPACE, json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str))
