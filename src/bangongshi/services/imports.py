"""`bgs import` (issue #8): everything is read and checked before anything is written, then all of
it goes in one transaction. Items are matched by uuid, so importing a file again changes nothing."""

import uuid as uuid_module
from dataclasses import dataclass, field, fields as dataclass_fields, replace
from datetime import date, datetime, time
from pathlib import Path

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.services.fields import clean_tag, clean_title
from bangongshi.services.session import Session
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


@dataclass
class ImportResult:
    source: str
    fmt: str
    imported: list[Item] = field(default_factory=list)
    rules: list = field(default_factory=list)  # recurring rules, from yaml
    updated: list[Item] = field(default_factory=list)
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


def import_format(value: str) -> str:
    """An import format as typed (any case), checked; the CLI reads `--format` the same way."""
    chosen = value.strip().lower()
    if chosen not in IMPORT_FORMATS:
        raise BadInput(f"不支持的导入格式「{chosen}」，可用：{'、'.join(IMPORT_FORMATS)}")
    return chosen


def run(session: Session, file: str, fmt: str | None, dry_run: bool) -> ImportResult:
    from bangongshi.formats.csv import csv_objects
    from bangongshi.formats.encoding import decode
    from bangongshi.formats.ics import ics_objects
    from bangongshi.formats.json import json_objects
    from bangongshi.formats.taskwarrior import taskwarrior_objects

    path = Path(file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"无法读取「{file}」：{error.strerror}") from None
    chosen = import_format(fmt or detect(path, data))
    source = f"「{path.name}」"
    result = ImportResult(str(path), chosen)
    if chosen == "yaml":
        return _run_yaml(session, decode(data, source), source, result, dry_run)
    if chosen == "ics":
        objects = ics_objects(data, source)
    elif chosen == "csv":
        objects = csv_objects(decode(data, source, chinese_windows=True), source)
    elif chosen == "taskwarrior":
        objects, result.skipped = taskwarrior_objects(decode(data, source), source, session.now.tzinfo)
    else:
        objects = json_objects(decode(data, source), source)
    incoming = [to_item(obj, f"{source} {place}", session)
                for place, obj in session.tracked(objects, len(objects), "检查")]
    given = [_given_keys(obj) for _, obj in objects]
    seen: dict[str, str] = {}
    for (place, _), item in zip(objects, incoming):
        if item.uuid in seen:
            raise BadInput(f"{source} {place} 与 {seen[item.uuid]} 是同一个事项（uuid 重复）")
        seen[item.uuid] = place
    existing = _opened(session, session.store.items.by_uuids(list(seen)))
    with_links = []
    for item, keys in zip(incoming, given):
        old = existing.get(item.uuid)
        if old is None:
            with_links.append((None, replace(item, **{k: None for k in LOCAL_LINKS})))
        else:
            # A file that carries fewer fields (ics, Taskwarrior) changes only the ones it carries.
            carried = {k: getattr(item, k) for k in keys if k not in LOCAL_LINKS and k != "id"}
            carried["locked"] = old.locked or item.locked
            with_links.append((old, replace(old, **carried)))
    if dry_run:
        for old, item in with_links:
            _count(session, result, old, item)
        return result
    with session.write() as tx:
        for old, item in session.tracked(with_links, len(with_links), "写入"):
            if old is None:
                result.imported.append(replace(item, id=session.store.items.add(tx, item)))
            elif _differs(session, old, item):
                session.store.items.update(tx, item)  # replace(old, …): its id is old.id
                result.updated.append(item)
            else:
                result.unchanged += 1
    return result


def _run_yaml(session: Session, text: str, source: str, result: ImportResult, dry_run: bool) -> ImportResult:
    from bangongshi.services import rules as rule_service, yaml_items

    parsed = yaml_items.read(session, text, source)
    seen: dict[str, str] = {}
    for where, item in parsed.items:
        if item.uuid in seen:
            raise BadInput(f"{where} 与 {seen[item.uuid]} 完全相同")
        seen[item.uuid] = where
    existing = _opened(session, session.store.items.by_uuids(list(seen)))
    known_rules = session.store.rules.uuids()
    new_rules = [rule for rule in parsed.rules if rule.uuid not in known_rules]
    result.unchanged += len(parsed.rules) - len(new_rules)
    if dry_run:
        for _, item in parsed.items:
            _count(session, result, existing.get(item.uuid), _kept(existing.get(item.uuid), item))
        result.rules = new_rules
        return result
    with session.write() as tx:
        for _, item in parsed.items:
            old = existing.get(item.uuid)
            if old is None:
                result.imported.append(replace(item, id=session.store.items.add(tx, item)))
            elif _differs(session, old, _kept(old, item)):
                session.store.items.update(tx, _kept(old, item))  # _kept gives it old.id
                result.updated.append(item)
            else:
                result.unchanged += 1
        for rule in new_rules:
            result.imported += rule_service.insert(session, tx, rule)
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


def _count(session: Session, result: ImportResult, old: Item | None, item: Item) -> None:
    if old is None:
        result.imported.append(item)
    elif _differs(session, old, item):
        result.updated.append(item)
    else:
        result.unchanged += 1


def _given_keys(obj: dict) -> set[str]:
    keys = {k for k in obj if k in _ITEM_FIELDS}
    if "due_moment" in obj:
        keys |= {"due", "due_time"}
    if "folder" in keys:
        keys.add("done_at")
    return keys


def _differs(session: Session, old: Item, new: Item) -> bool:
    return not session.store.items.same_stored(replace(old, sealed=None), replace(new, sealed=None))


def to_item(obj: dict, where: str, session: Session) -> Item:
    """One object keyed like the JSON contract (plus the readers' `due_moment`, `uid`) as an Item."""
    tz = session.now.tzinfo

    def fail(key: str, why: str) -> BadInput:
        return BadInput(f"{where}，字段 {key}：{why}")

    values: dict = {}
    for key, value in obj.items():
        if key in ("folder_label", "kind_label", "attention_label", "id", "uid", "due_moment"):
            continue
        if key not in _ITEM_FIELDS:
            raise BadInput(f"{where}：不认识的字段「{key}」（字段见 docs/contract.md）")
        if value is None:
            continue
        try:
            values[key] = _value(key, value, tz)
        except (ValueError, TypeError):
            raise fail(key, f"「{value}」{_expected(key)}") from None
        except BadInput as error:
            raise fail(key, error.message) from None
    if "title" not in values:
        raise BadInput(f"{where}：缺少 title")
    try:
        values["title"] = clean_title(values["title"])
        if "tags" in values:
            values["tags"] = tuple(dict.fromkeys(clean_tag(t) for t in values["tags"]))
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    moment = obj.get("due_moment")
    if moment is not None:
        try:
            values.update(_due_from(moment, tz))
        except (ValueError, TypeError):
            raise fail("due", f"「{moment}」{_expected('due')}") from None
        except BadInput as error:
            raise fail("due", error.message) from None
    item = Item(**values)
    now = session.now
    created = item.created or now
    item = replace(item, created=created, updated=item.updated or created)
    if not item.is_open and item.done_at is None:
        item = replace(item, done_at=item.updated)
    if item.is_open and item.done_at is not None:
        item = replace(item, done_at=None)
    try:
        limits.check_item(item)  # what `bgs add` and `bgs edit` would refuse, a file may not bring in
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    if not item.uuid:
        item = replace(item, uuid=_stable_uuid(obj))
    return item


def _value(key: str, value, tz):
    if key == "folder":
        return Folder.parse(str(value), "文件夹")
    if key == "kind":
        return Kind.parse(str(value), "类别")
    if key == "attention":
        return Attention.parse(str(value), "关注程度")
    if key in _BOOLS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(value)
    if key in _INTS:
        if isinstance(value, bool):
            raise TypeError(value)
        number = int(str(value).strip())
        if number < -100_000 or number > 10_000_000:
            raise ValueError(value)
        return number
    if key in ("due", "occurrence"):
        day = value if isinstance(value, date) and not isinstance(value, datetime) else date.fromisoformat(str(value).strip())
        return limits.day(day, "日期")
    if key == "due_time":
        return time.fromisoformat(str(value).strip())
    if key in _MOMENTS:
        return _moment(value, tz)
    if key == "tags":
        return [str(t) for t in value] if isinstance(value, list) else [t for t in str(value).split(";") if t]
    if key == "uuid":
        return str(uuid_module.UUID(str(value).strip()))
    if not isinstance(value, str | int | float):
        raise TypeError(value)
    return str(value)


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
