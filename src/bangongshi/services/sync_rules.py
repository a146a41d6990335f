"""Recurring rules and links in `bgs sync` (issue 18, docs/sync.md): a rule travels as its own VTODO
carrying the RRULE (its UID is the rule's uuid), an occurrence as an ordinary item whose uuid is
derived from the rule and the date, a template step with RELATED-TO;RELTYPE=PARENT to its meeting.
A rule no RRULE can say (每年春节前: a lunar day, 清明) carries its dates for the coming year
instead (RDATE), worked out here on this machine's calendar, and is sent again when they change.
The engine (services/sync.py) calls these; they never touch the network themselves.
"""

from dataclasses import fields as dataclass_fields
from datetime import date, timedelta

from bangongshi.formats import caldav as codec
from bangongshi.model import Folder, Item
from bangongshi.model.record import replace
from bangongshi.model.rules import Rule
from bangongshi.services.session import Session

# Rule attributes a rule's object carries (the rest, id, is local).
RULE_ATTRS = tuple(f.name for f in dataclass_fields(Rule) if f.name != "id")
# How far ahead the RDATE of a rule without an RRULE reaches: the same year as `bgs export --format ics`.
RDATE_DAYS = 366


def is_rule_object(component) -> bool:
    """Our own rule object. A recurring VTODO made by another client is not read: it has none of
    the rule's settings (holiday policy, catch-up), and guessing them would make items nobody asked for."""
    return codec.object_kind(component) == codec.RULE_OBJECT


def check_rule(component) -> None:
    """Raises BadInput when the rule's object cannot be read (the engine lists it as malformed)."""
    codec.rule_fields(component)


def _rule_values(component, session: Session) -> dict:
    values = codec.rule_fields(component, session.now.tzinfo)
    return {k: v for k, v in values.items() if k in RULE_ATTRS}


def _component_of(text: str):
    return codec.read_object(text.encode("utf-8"), "上次同步的副本")


def _same(a: dict, b: dict) -> bool:
    """Equal as a rule; created/updated are bookkeeping and differ between two homes that made the
    same rule from the same file at different times."""
    skip = ("created", "updated")
    return {k: v for k, v in a.items() if k not in skip} == {k: v for k, v in b.items() if k not in skip}


def pull_rule(session: Session, tx, remote, row, report, dry_run: bool) -> None:
    """A rule's object came in, new or changed: add or update the rule, then complete the
    occurrences another client ticked on it. Changed on both sides: the later `updated` wins."""
    rules = session.store.rules
    local = next((r for r in rules.all() if r.uuid == remote.uid), None)
    values = _rule_values(remote.component, session)
    base = _rule_values(_component_of(row.synced), session) if row else None
    title = values.get("title", "")
    if local is None:
        if base is not None and _same(base, values):
            return  # deleted here, unchanged there: the push deletes it on the server
        report.pulled_new.append(title)
        if dry_run:
            return
        values["rule_text"] = values.get("rule_text") or values["rrule"]
        values.update(created=values.get("created") or session.now, updated=session.now)
        local = replace(Rule(**values), id=None)
        local.id = rules.add(tx, local)
    elif base is None or not _same(base, values):
        mine = _rule_values(codec.rule_component(local), session)
        changed_here = base is not None and not _same(base, mine)
        theirs_later = (values.get("updated") or local.updated) >= (local.updated or values.get("updated"))
        if not _same(mine, values) and (not changed_here or theirs_later):
            report.pulled_changed.append(title)
            if not dry_run:
                changes = {k: v for k, v in values.items() if k not in ("uuid", "created", "updated")}
                rules.update(tx, replace(local, **changes, updated=session.now))
    for day in codec.rule_ticks(remote.text.encode("utf-8"), f"周期规则「{title}」"):
        _tick(session, tx, local, day, report, dry_run)


def _tick(session: Session, tx, rule: Rule, day: date | None, report, dry_run: bool) -> None:
    """Complete the occurrence ticked elsewhere: that of `day`, or (None: the rule's own VTODO was
    ticked) the current one, the latest open occurrence due by today, else the next open one."""
    if rule.id is None:
        return
    items = session.store.items
    open_ones = sorted((i for i in items.get_many(session.store.rules.occurrence_ids(rule.id, open_only=True)).values()
                        if i.occurrence is not None), key=lambda i: i.occurrence)
    today = session.now.date()
    if day is not None:
        chosen = next((i for i in open_ones if i.occurrence == day), None)
    else:
        past = [i for i in open_ones if i.occurrence <= today]
        chosen = past[-1] if past else (open_ones[0] if open_ones else None)
    if chosen is None:
        return
    if chosen.report_required or chosen.handler:
        # A 督办 occurrence owes its result: it stays open and asks for it (as for a ticked item).
        report.waiting_result.append(chosen.id)
        session.notice(f"#{chosen.id}「{chosen.title}」在其他客户端标记为完成，但需要办理结果："
                       f"bgs done {chosen.id} --result 结果")
        return
    report.pulled_changed.append(chosen.title)
    if not dry_run:
        items.update(tx, replace(chosen, folder=Folder.DONE, done_at=session.now, updated=session.now))


def pull_rule_deleted(session: Session, tx, uuid: str, row, report, dry_run: bool) -> bool:
    """The server no longer has a rule's object: the rule goes here too (journaled, so `bgs undo`
    brings it back) unless it was edited here since. Its occurrences stay (they are items). False
    when `uuid` is no rule of ours."""
    rule = next((r for r in session.store.rules.all() if r.uuid == uuid), None)
    if rule is None:
        return False
    mine = _rule_values(codec.rule_component(rule), session)
    if not _same(mine, _rule_values(_component_of(row.synced), session)):
        return True  # edited here since: it goes back to the server as a new object
    report.pulled_deleted.append(rule.title)
    if not dry_run:
        session.store.rules.delete(tx, rule.id)
    return True


def new_item_links(session: Session, component) -> dict:
    """The local numbers an item arriving from the server points at: its meeting (parent_id) and
    its rule (recurrence_id), found by uuid; what is not here (yet) stays unlinked."""
    links = codec.item_links(component)
    out = {}
    if links["parent_uuid"]:
        parent = session.store.items.by_uuids([links["parent_uuid"]]).get(links["parent_uuid"])
        if parent is not None:
            out["parent_id"] = parent.id
    if links["rule_uuid"]:
        rule = next((r for r in session.store.rules.all() if r.uuid == links["rule_uuid"]), None)
        if rule is not None:
            out["recurrence_id"] = rule.id
    return out


def pull_order(remote) -> tuple:
    """Rules before items (an occurrence finds its rule), items before their steps."""
    if remote.kind == "rule":
        return (0,)
    return (1 if not codec.item_links(remote.component)["parent_uuid"] else 2,)


def item_links_for_push(session: Session, items: list[Item]) -> dict[str, dict]:
    """Per item uuid, the codec's parent_uuid= / rule_uuid= for item_component."""
    uuid_of = {i.id: i.uuid for i in items}
    rule_uuid = {r.id: r.uuid for r in session.store.rules.all()}
    links = {}
    for item in items:
        parent = uuid_of.get(item.parent_id) if item.parent_id else None
        rule = rule_uuid.get(item.recurrence_id) if item.recurrence_id else None
        if parent or rule:
            links[item.uuid] = {"parent_uuid": parent, "rule_uuid": rule}
    return links


def rules_to_push(session: Session, known: dict) -> list[tuple[str, str, str]]:
    """(uuid, title, text) of each rule changed here since the last agreement, or ticked elsewhere
    (its object is sent again as not done, so the phone shows the next occurrence open)."""
    out = []
    for rule in session.store.rules.all():
        row = known.get(rule.uuid)
        kept = row.synced.encode("utf-8") if row else None
        component = codec.rule_component(rule, kept, rule_dates(session, rule))
        if row is not None:
            synced = _component_of(row.synced)
            # a rule without an RRULE changes on the phone when its dates do (a year ahead, a notice loaded)
            unchanged = (_same(_rule_values(component, session), _rule_values(synced, session))
                         and codec.rule_dates(component) == codec.rule_dates(synced))
            if unchanged and not codec.rule_ticks(kept, "上次同步的副本"):
                continue
        out.append((rule.uuid, rule.title, codec.object_bytes(component).decode("utf-8")))
    return out


def rule_dates(session: Session, rule: Rule) -> list[date]:
    """The dates the object of a rule no RRULE can say lists (RDATE): its occurrences from today (or
    its later start) through RDATE_DAYS ahead, the holiday policy applied, as `bgs recur show` lists
    them; none for a rule with an RRULE, which a calendar program expands itself."""
    from bangongshi.domain.rules import occurrences_between, writes_as_rrule
    from bangongshi.services.rules import schedule_of

    if writes_as_rrule(rule.rrule):
        return []
    today = session.now.date()
    last = today + timedelta(days=RDATE_DAYS)
    if rule.ends:
        last = min(last, rule.ends)
    found = occurrences_between(schedule_of(rule).recurrence, rule.anchor, max(today, rule.anchor), last,
                                session.calendar)
    return [o.date for o in found]


def rule_uuids(session: Session) -> set[str]:
    return session.store.rules.uuids()
