"""Importing our own YAML file (docs/yaml.md): each entry formats.yaml_items reads is given its
meaning here — dates and rules as people say them, understood with the office calendar and clock."""

from dataclasses import dataclass

from bangongshi import limits
from bangongshi.errors import BadInput
from bangongshi.formats.yaml_items import ItemEntry, RuleEntry, item_entries, rule_entries, sections
from bangongshi.model import Folder, Item
from bangongshi.model.record import replace
from bangongshi.services.fields import FieldInput, to_changes
from bangongshi.services.session import Session


@dataclass(frozen=True)
class Parsed:
    items: list[tuple[str, Item]]  # (where, item)
    rules: list  # model.rules.Rule, prepared


def read(session: Session, text: str, source: str) -> Parsed:
    found = sections(text, source)
    items = [_item(session, entry) for entry in item_entries(found, source)]
    rules = [_rule(session, entry) for entry in rule_entries(found, source)]
    return Parsed(items, rules)


def _item(session: Session, entry: ItemEntry) -> tuple[str, Item]:
    where = entry.where
    try:
        changes = to_changes(FieldInput(**entry.fields), session)
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    title = changes.pop("title")
    folder = Folder.TODO
    if entry.folder is not None:
        try:
            folder = Folder.parse(entry.folder, "文件夹")
        except BadInput as error:
            raise BadInput(f"{where}：{error.message}") from None
    now = session.now
    item = replace(Item(title=title, folder=folder), **changes, created=now, updated=now, uuid=entry.uuid)
    if item.constrained or folder is Folder.TEMP:
        item = replace(item, constrained=True, assigned_at=now)
    if entry.handler is not None:
        item = _assign(item, entry, now)
    if entry.locked is not None:
        item = replace(item, locked=entry.locked)  # sealed as it is written: needs the passphrase
    if entry.done is not None:
        item = replace(item, folder=Folder.DONE, done_at=now, result=entry.done)
    try:
        limits.check_item(item)  # the fields that did not pass through to_changes (done:, assign:)
    except BadInput as error:
        raise BadInput(f"{where}：{error.message}") from None
    return where, item


def _assign(item: Item, entry: ItemEntry, now) -> Item:
    from bangongshi.domain.rules import parse_recurrence

    item = replace(item, handler=entry.handler, delegated_at=now)
    if entry.every is not None:
        try:
            cadence = parse_recurrence(entry.every)
        except BadInput as error:
            raise BadInput(f"{entry.where}：{error.message}") from None
        item = replace(item, follow_every=cadence.text, follow_rrule=cadence.rrule, follow_policy=cadence.policy)
    return item


def _rule(session: Session, entry: RuleEntry):
    from bangongshi.services import rules as rule_service

    fields = FieldInput(**entry.fields)
    given = rule_service.RuleInput(title=fields.title, rule=entry.rule, policy=entry.policy, lead=entry.lead,
                                catch_up=entry.catch_up, start=entry.start, ends=entry.until)
    try:
        return rule_service.prepare(session, given, replace(fields, title=None), uuid=entry.uuid)
    except BadInput as error:
        raise BadInput(f"{entry.where}：{error.message}") from None
