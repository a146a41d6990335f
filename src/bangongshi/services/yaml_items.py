"""Our own YAML format (docs/yaml.md): items and recurring rules written the way people say them
(明天, 下周一上午9点, 每月最后一个工作日), so a file like examples/week.yaml is always current."""

import json
import uuid as uuid_module
from dataclasses import dataclass, replace

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.model import Folder, Item
from bangongshi.services.fields import FieldInput, to_changes
from bangongshi.services.session import Session

NAMESPACE = uuid_module.UUID("7a4b7d4e-1f2c-4c3a-8e5d-79616d6c6261")
FIELD_KEYS = {"title", "due", "at", "duration", "where", "important", "urgent", "key", "from", "kind", "tags",
              "estimate", "note", "major", "attention", "report"}
ITEM_KEYS = FIELD_KEYS | {"uuid", "folder", "assign", "done", "lock"}
RULE_KEYS = FIELD_KEYS | {"uuid", "rule", "policy", "lead", "catch_up", "start", "until"}
_FLAGS = {"important", "urgent", "key", "major", "report"}


@dataclass(frozen=True)
class Parsed:
    items: list[tuple[str, Item]]  # (where, item)
    rules: list  # model.rules.Rule, prepared


def read(session: Session, text: str, source: str) -> Parsed:
    from bangongshi.yamlfile import located

    root = located(text, source, as_typed=True)
    if root is None:
        return Parsed([], [])
    sections = {"items": root} if isinstance(root.value, list) else root.value
    if not isinstance(sections, dict):
        raise BadInput(f"{source} 第 {root.line} 行：应是 items 和 recurring 两个列表")
    for name, node in sections.items():
        if name not in ("items", "recurring"):
            raise BadInput(f"{source} 第 {node.line} 行：不认识「{name}」，可用：items、recurring")
    items = [_item(session, node, source) for node in _entries(sections.get("items"), source, "items")]
    rules = [_rule(session, node, source) for node in _entries(sections.get("recurring"), source, "recurring")]
    return Parsed(items, rules)


def _entries(node, source: str, name: str) -> list:
    if node is None:
        return []
    if not isinstance(node.value, list):
        raise BadInput(f"{source} 第 {node.line} 行：{name} 应是列表")
    for entry in node.value:
        if not isinstance(entry.value, dict):
            raise BadInput(f"{source} 第 {entry.line} 行：每一项应是「键: 值」的映射")
    return node.value


def _plain(node) -> object:
    value = node.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _fields(tree: dict, where: str, allowed: set[str]) -> FieldInput:
    for key, node in tree.items():
        if key not in allowed:
            raise BadInput(f"{where}：不认识「{key}」（第 {node.line} 行），可用：{'、'.join(sorted(allowed))}")
    values: dict = {}
    for key in FIELD_KEYS & set(tree):
        node = tree[key]
        value = node.value
        name = {"from": "source"}.get(key, key)
        if key in _FLAGS:
            if not isinstance(value, bool):
                raise BadInput(f"{where}（第 {node.line} 行）：{key} 应是 true 或 false")
            values[name] = value
        elif key == "tags":
            values["tags"] = [str(_plain(t)) for t in value] if isinstance(value, list) else [str(value)]
        elif isinstance(value, (dict, list)) or value is None:
            raise BadInput(f"{where}（第 {node.line} 行）：{key} 应是一个值")
        else:
            values[name] = str(value)
    return FieldInput(**values)


def _stable_uuid(tree: dict, kind: str) -> str:
    given = tree.get("uuid")
    if given is not None:
        try:
            return str(uuid_module.UUID(str(given.value)))
        except ValueError:
            raise BadInput(f"第 {given.line} 行：uuid「{given.value}」无效") from None
    plain = {k: _plain(v) for k, v in tree.items()}
    return str(uuid_module.uuid5(NAMESPACE, kind + json.dumps(plain, ensure_ascii=False, sort_keys=True)))


def _item(session: Session, node, source: str) -> tuple[str, Item]:
    tree = node.value
    where = f"{source} 第 {node.line} 行"
    given = _fields(tree, where, ITEM_KEYS)
    if given.title is None:
        raise BadInput(f"{where}：缺少 title")
    try:
        changes = to_changes(given, session)
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    title = changes.pop("title")
    folder = Folder.TODO
    if "folder" in tree:
        try:
            folder = Folder.parse(str(tree["folder"].value), "文件夹")
        except BadInput as error:
            raise BadInput(f"{where}：{error.message}") from None
    now = session.now
    item = replace(Item(title=title, folder=folder), **changes, created=now, updated=now,
                   uuid=_stable_uuid(tree, "item"))
    if item.constrained or folder is Folder.TEMP:
        item = replace(item, constrained=True, assigned_at=now)
    if "assign" in tree:
        item = _assign(item, tree["assign"], where, now)
    if "lock" in tree:
        if not isinstance(tree["lock"].value, bool):
            raise BadInput(f"{where}（第 {tree['lock'].line} 行）：lock 应是 true 或 false")
        item = replace(item, locked=tree["lock"].value)  # sealed as it is written: needs the passphrase
    if "done" in tree:
        done = tree["done"].value
        item = replace(item, folder=Folder.DONE, done_at=now, result="" if done is True else str(done or ""))
    try:
        limits.check_item(item)  # the fields that did not pass through to_changes (done:, assign:)
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    return where, item


def _assign(item: Item, node, where: str, now) -> Item:
    from bangongshi.domain.recurrence import parse_recurrence

    tree = node.value if isinstance(node.value, dict) else {"to": node}
    to = tree.get("to")
    if to is None or not str(to.value).strip():
        raise BadInput(f"{where}（第 {node.line} 行）：assign 需要 to（承办人）")
    item = replace(item, handler=str(to.value).strip(), delegated_at=now)
    if "every" in tree:
        try:
            cadence = parse_recurrence(str(tree["every"].value))
        except BadInput as error:
            raise BadInput(f"{where}：{error.message}") from None
        item = replace(item, follow_every=cadence.text, follow_rrule=cadence.rrule, follow_policy=cadence.policy)
    return item


def _rule(session: Session, node, source: str):
    from bangongshi.services import recurring

    tree = node.value
    where = f"{source} 第 {node.line} 行"
    fields = _fields(tree, where, RULE_KEYS)
    lead = tree.get("lead")
    try:
        lead_value = int(str(lead.value)) if lead is not None else None
    except ValueError:
        raise BadInput(f"{where}：lead 应是工作日数（整数）") from None
    given = recurring.RuleInput(
        title=fields.title, rule=str(tree["rule"].value) if "rule" in tree else None,
        policy=str(tree["policy"].value) if "policy" in tree else None, lead=lead_value,
        catch_up=str(tree["catch_up"].value) if "catch_up" in tree else None,
        start=str(tree["start"].value) if "start" in tree else None,
        ends=str(tree["until"].value) if "until" in tree else None)
    try:
        return recurring.prepare(session, given, replace(fields, title=None), uuid=_stable_uuid(tree, "rule"))
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
