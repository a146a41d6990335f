"""Our own YAML item file (docs/yaml.md) read into entries: items and recurring rules written the
way people say them (明天, 下周一上午9点, 每月最后一个工作日), so a file like examples/week.yaml is
always current.

Here: the file's shape — sections, keys, value types, line numbers, stable uuids. What a value
means (a date needs the office calendar and the clock) is the import service's
(services/yaml_items). Entries are read one at a time, so the first wrong entry in the file is the
one reported.
"""

import json
import uuid as uuid_module
from collections.abc import Iterator
from dataclasses import dataclass

from bangongshi.errors import BadInput
from bangongshi.model.ids import content_uuid

NAMESPACE = "7a4b7d4e-1f2c-4c3a-8e5d-79616d6c6261"  # content uuids of this kind of file (model/ids.py)
FIELD_KEYS = {"title", "due", "at", "duration", "where", "important", "urgent", "key", "from", "kind", "tags",
              "estimate", "note", "major", "attention", "report"}
ITEM_KEYS = FIELD_KEYS | {"uuid", "folder", "assign", "done", "lock"}
RULE_KEYS = FIELD_KEYS | {"uuid", "rule", "policy", "lead", "catch_up", "start", "until"}
_FLAGS = {"important", "urgent", "key", "major", "report"}


@dataclass(frozen=True)
class ItemEntry:
    where: str  # "「week.yaml」 第 3 行"
    fields: dict  # item fields as written, by services.fields.FieldInput's names
    uuid: str
    folder: str | None = None  # as written; the service knows the folders
    handler: str | None = None  # assign: to
    every: str | None = None  # assign: every, a cadence as written
    locked: bool | None = None
    done: str | None = None  # the result ("" for none) when the entry says done


@dataclass(frozen=True)
class RuleEntry:
    where: str
    fields: dict
    uuid: str
    rule: str | None = None
    policy: str | None = None
    lead: int | None = None
    catch_up: str | None = None
    start: str | None = None
    until: str | None = None


def sections(text: str, source: str) -> dict:
    """The file's `items` and `recurring` nodes (a file that is one list holds items only)."""
    from bangongshi.yamlfile import located

    root = located(text, source, as_typed=True)
    if root is None:
        return {}
    found = {"items": root} if isinstance(root.value, list) else root.value
    if not isinstance(found, dict):
        raise BadInput(f"{source} 第 {root.line} 行：应是 items 和 recurring 两个列表")
    for name, node in found.items():
        if name not in ("items", "recurring"):
            raise BadInput(f"{source} 第 {node.line} 行：不认识「{name}」，可用：items、recurring")
    return found


def item_entries(found: dict, source: str) -> Iterator[ItemEntry]:
    return (_item(node, source) for node in _entries(found.get("items"), source, "items"))


def rule_entries(found: dict, source: str) -> Iterator[RuleEntry]:
    return (_rule(node, source) for node in _entries(found.get("recurring"), source, "recurring"))


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


def _fields(tree: dict, where: str, allowed: set[str]) -> dict:
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
    return values


def _stable_uuid(tree: dict, kind: str) -> str:
    """The uuid the entry gives, or one made from its content: reading the file again finds the
    same items, and changes nothing."""
    given = tree.get("uuid")
    if given is not None:
        try:
            return str(uuid_module.UUID(str(given.value)))
        except ValueError:
            raise BadInput(f"第 {given.line} 行：uuid「{given.value}」无效") from None
    plain = {k: _plain(v) for k, v in tree.items()}
    return content_uuid(NAMESPACE, kind + json.dumps(plain, ensure_ascii=False, sort_keys=True))


def _item(node, source: str) -> ItemEntry:
    tree = node.value
    where = f"{source} 第 {node.line} 行"
    fields = _fields(tree, where, ITEM_KEYS)
    if fields.get("title") is None:
        raise BadInput(f"{where}：缺少 title")
    entry = {"where": where, "fields": fields, "uuid": _stable_uuid(tree, "item")}
    if "folder" in tree:
        entry["folder"] = str(tree["folder"].value)
    if "assign" in tree:
        assign = tree["assign"]
        parts = assign.value if isinstance(assign.value, dict) else {"to": assign}
        to = parts.get("to")
        if to is None or not str(to.value).strip():
            raise BadInput(f"{where}（第 {assign.line} 行）：assign 需要 to（承办人）")
        entry["handler"] = str(to.value).strip()
        if "every" in parts:
            entry["every"] = str(parts["every"].value)
    if "lock" in tree:
        if not isinstance(tree["lock"].value, bool):
            raise BadInput(f"{where}（第 {tree['lock'].line} 行）：lock 应是 true 或 false")
        entry["locked"] = tree["lock"].value
    if "done" in tree:
        done = tree["done"].value
        entry["done"] = "" if done is True else str(done or "")
    return ItemEntry(**entry)


def _rule(node, source: str) -> RuleEntry:
    tree = node.value
    where = f"{source} 第 {node.line} 行"
    fields = _fields(tree, where, RULE_KEYS)
    lead = tree.get("lead")
    try:
        lead_value = int(str(lead.value)) if lead is not None else None
    except ValueError:
        raise BadInput(f"{where}：lead 应是工作日数（整数）") from None
    words = {key: str(tree[key].value) for key in ("rule", "policy", "catch_up", "start", "until") if key in tree}
    return RuleEntry(where, fields, _stable_uuid(tree, "rule"), lead=lead_value, **words)
