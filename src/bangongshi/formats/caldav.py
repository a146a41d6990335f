"""Items and rules as CalDAV objects (issue #18), reader and writer side by side: pure functions
between our records and `icalendar` components; the sync engine (services/sync.py) moves the bytes.

The mapping is the table in docs/sync.md. In short: an item is a VTODO, or a VEVENT when it is an
appointment (`at` set), so it shows in every calendar app; its UID is the item's uuid. What CalDAV
has a property for travels in it (SUMMARY, DESCRIPTION, DUE, DTSTART/DTEND, LOCATION, PRIORITY,
CATEGORIES, STATUS/COMPLETED/PERCENT-COMPLETE, RELATED-TO); the rest in X-BANGONGSHI-* properties,
written as TEXT. Properties and alarms another client added are carried over from the copy last
received (`kept`), so a sync never strips what a phone put there.

Moments travel in UTC (a fixed "+08:00" offset is no time zone other programs know); a due time is a
wall-clock time, so DUE with a time is floating. `item_values(item)` is what an item looks like after
a trip through its component: the engine compares and merges those, never raw records.

`icalendar` is imported inside the functions (tests/test_formats_layout.py)."""

import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from bangongshi.errors import BadInput
from bangongshi.formats.ical_text import carried, categories, text
from bangongshi.formats.ical_text import read as read_text
from bangongshi.formats.ical_text import text as ical_text
from bangongshi.model import Item
from bangongshi.model.follow import FollowUp
from bangongshi.model.items import Attention, Folder, Kind
from bangongshi.model.rules import COPIED, ItemFields, Rule

PRODID = "-//bangongshi//办公室助手 sync//ZH"
X = "X-BANGONGSHI-"
MASK_TITLE = "【密】事项"
RULE_OBJECT, MASKED_OBJECT = "rule", "masked"
UTC = timezone.utc
DEFAULT_MINUTES = 60  # calendars need an end; X-BANGONGSHI-NO-DURATION says the hour was not typed

# Item fields that travel in X-BANGONGSHI-<NAME> properties, with how their value is written.
ITEM_X = (
    ("kind", "KIND", Kind), ("key", "KEY", bool), ("constrained", "CONSTRAINED", bool),
    ("source", "SOURCE", str), ("assigned_at", "ASSIGNED-AT", datetime), ("attention", "ATTENTION", Attention),
    ("report_required", "REPORT-REQUIRED", bool), ("handler", "HANDLER", str),
    ("estimate_minutes", "ESTIMATE", int), ("major", "MAJOR", bool), ("result", "RESULT", str),
    ("occurrence", "OCCURRENCE", date), ("hand_edited", "HAND-EDITED", bool), ("step", "STEP", str),
    ("step_from", "STEP-FROM", str), ("step_offset", "STEP-OFFSET", int), ("follow_every", "FOLLOW-EVERY", str),
    ("follow_rrule", "FOLLOW-RRULE", str), ("follow_policy", "FOLLOW-POLICY", str),
    ("delegated_at", "DELEGATED-AT", datetime), ("reported_at", "REPORTED-AT", datetime),
    ("handoff_to", "HANDOFF-TO", str), ("handoff_at", "HANDOFF-AT", datetime),
    ("acknowledged_at", "ACKNOWLEDGED-AT", datetime), ("spent_minutes", "SPENT", int), ("remind", "REMIND", int),
)
# What the component carries as standard properties (the rest of the synced Item fields).
ITEM_STANDARD = ("uuid", "title", "notes", "location", "tags", "important", "urgent", "folder", "due", "due_time",
                 "at", "duration_minutes", "done_at", "created", "updated")
# Every Item field that travels; the others (id, locked, sealed, recurrence_id, parent_id) stay on
# the machine: ids are local, links travel by uuid (item_links), a locked item travels masked.
SYNCED = ITEM_STANDARD + tuple(attr for attr, _, _ in ITEM_X)
TIME_FIELDS = ("uuid", "due", "due_time", "at", "duration_minutes")  # all a masked placeholder tells

# Rule fields in X-BANGONGSHI-<NAME>; the rule's item fields in X-BANGONGSHI-FIELD-<NAME>.
RULE_X = (("rule_text", "RULE-TEXT", str), ("policy", "POLICY", str), ("catch_up", "CATCH-UP", str),
          ("lead_workdays", "LEAD-WORKDAYS", int), ("at_time", "AT-TIME", time), ("due_time", "DUE-TIME", time),
          ("paused", "PAUSED", bool), ("ends", "ENDS", date))
FIELD_TYPES = {"kind": Kind, "source": str, "location": str, "notes": str, "tags": tuple, "estimate_minutes": int,
               "duration_minutes": int}  # the rest of ItemFields are bool

# Properties this module writes and so owns: on a new write they replace what `kept` held. Every
# other property of the kept copy (another client's) is carried over unchanged.
OWNED = {"UID", "DTSTAMP", "SUMMARY", "DESCRIPTION", "LOCATION", "CATEGORIES", "PRIORITY", "CREATED",
         "LAST-MODIFIED", "DTSTART", "DTEND", "DURATION", "DUE", "STATUS", "COMPLETED", "PERCENT-COMPLETE",
         "RELATED-TO", "CLASS"}
# A rule's object also owns its recurrence: the one kept from before an edit is the old schedule.
RULE_OWNED = OWNED | {"RRULE", "RDATE", "EXDATE"}


# ---- writing ---------------------------------------------------------------------------------------


def item_component(item: Item, kept: bytes | None = None, *, parent_uuid: str | None = None,
                   rule_uuid: str | None = None, log: Iterable[FollowUp] = (), assigner: str = ""):
    """The item as a VTODO (a VEVENT when it has a start time). `parent_uuid`: the item a template
    step hangs on (RELATED-TO;RELTYPE=PARENT); `rule_uuid`: the rule an occurrence belongs to;
    `log`: its 督办 entries (assignments, nudges, progress notes, reports), one property each;
    `assigner`: in a collection shared with a colleague, who assigned it (X-BANGONGSHI-ASSIGNER)."""
    if item.locked:
        # A locked item's plain fields hold masks and its text is sealed: only masked_component.
        raise ValueError("a locked item is synced only as masked_component(item)")
    from icalendar import Event, Todo

    event = item.at is not None
    comp = Event() if event else Todo()
    _carry_over(comp, kept, item.uuid)
    _identity(comp, item.uuid, item.updated or item.created)
    comp.add("summary", text(item.title))
    if item.notes:
        comp.add("description", text(item.notes))
    if item.location:
        comp.add("location", text(item.location))
    if item.tags:
        comp.add("categories", categories(item.tags))
    priority = 1 if item.important and item.urgent else 3 if item.important else 5 if item.urgent else 0
    if priority:
        comp.add("priority", priority)
    if item.created:
        comp.add("created", item.created.astimezone(UTC))
    if item.updated:
        comp.add("last-modified", item.updated.astimezone(UTC))
    _times(comp, item)
    if event:
        comp.add("status", "CONFIRMED")
        if item.done_at:
            _put(comp, "DONE-AT", item.done_at, datetime)
    else:
        comp.add("status", "NEEDS-ACTION" if item.is_open else "COMPLETED")
        if not item.is_open:
            comp.add("percent-complete", 100)
        if item.done_at and not item.is_open:
            comp.add("completed", item.done_at.astimezone(UTC))
        elif item.done_at:
            _put(comp, "DONE-AT", item.done_at, datetime)  # reopened: COMPLETED would tick it in every app
    _put(comp, "FOLDER", item.folder, Folder)
    for attr, name, kind in ITEM_X:
        _put(comp, name, getattr(item, attr), kind)
    if parent_uuid:
        comp.add("related-to", parent_uuid, parameters={"RELTYPE": "PARENT"})
    if rule_uuid:
        _put(comp, "RULE", rule_uuid, str)
    _put(comp, "ASSIGNER", assigner, str)
    for entry in log:
        _put(comp, "LOG", json.dumps({"kind": entry.kind, "at": _moment_text(entry.at), "channel": entry.channel,
                                      "who": entry.who, "note": entry.note}, ensure_ascii=False), str)
    return comp


def masked_component(item: Item):
    """A locked item's placeholder: its uuid, 「【密】事项」 and its times, nothing else (no kept
    properties either: a copy from before the lock may hold its text)."""
    from icalendar import Event, Todo

    comp = Event() if item.at is not None else Todo()
    _identity(comp, item.uuid, None)
    comp.add("summary", MASK_TITLE)
    comp.add("class", "CONFIDENTIAL")
    _times(comp, item)
    comp.add("status", "CONFIRMED" if item.at is not None else "NEEDS-ACTION")
    _put(comp, "OBJECT", MASKED_OBJECT, str)
    return comp


def rule_component(rule: Rule, kept: bytes | None = None, dates: Iterable[date] = ()):
    """A recurring rule as its own VTODO: DTSTART on the anchor, the RRULE, and the rule's settings
    and copied item fields in X-BANGONGSHI-* properties (the RRULE's exact text too, so a rule
    comes back as typed unless another client edits the RRULE).

    A rule no RRULE can say (a lunar day, 清明: domain.rules.writes_as_rrule) has no RRULE, since a
    program that does not know RFC 7529's RSCALE would read its months as Gregorian ones: its
    `dates` (the occurrences the caller worked out) travel as RDATE, DTSTART is the first of them,
    and the anchor is in X-BANGONGSHI-ANCHOR."""
    from icalendar import Todo, vRecur

    from bangongshi.domain.rules import writes_as_rrule

    comp = Todo()
    _carry_over(comp, kept, rule.uuid, RULE_OWNED)
    _identity(comp, rule.uuid, rule.updated or rule.created)
    _put(comp, "OBJECT", RULE_OBJECT, str)
    comp.add("summary", text(rule.title))
    clock = rule.at_time or rule.due_time
    dates = sorted(dates)
    as_rrule = writes_as_rrule(rule.rrule)
    first = dates[0] if dates and not as_rrule else rule.anchor
    comp.add("dtstart", datetime.combine(first, clock) if clock else first)
    if as_rrule:
        comp.add("rrule", vRecur.from_ical(rule.rrule))
    else:
        _put(comp, "ANCHOR", rule.anchor, date)
        if dates:
            comp.add("rdate", [datetime.combine(d, clock) if clock else d for d in dates])
    _put(comp, "RRULE", rule.rrule, str)
    comp.add("status", "NEEDS-ACTION")
    if rule.created:
        comp.add("created", rule.created.astimezone(UTC))
    if rule.updated:
        comp.add("last-modified", rule.updated.astimezone(UTC))
    for attr, name, kind in RULE_X:
        _put(comp, name, getattr(rule, attr), kind)
    for name in COPIED:
        value = getattr(rule.fields, name)
        if value is not None:
            kind = FIELD_TYPES.get(name, bool)
            _put(comp, f"FIELD-{_prop(name)}", json.dumps(list(value), ensure_ascii=False) if kind is tuple
                 else value, str if kind is tuple else kind, always=True)
    # shown by calendar apps; read back from the X-BANGONGSHI-FIELD-* properties
    if rule.fields.notes:
        comp.add("description", text(rule.fields.notes))
    if rule.fields.location:
        comp.add("location", text(rule.fields.location))
    return comp


def object_bytes(component) -> bytes:
    """One CalDAV object: the component in its VCALENDAR."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(component)
    return cal.to_ical()


# ---- reading ---------------------------------------------------------------------------------------


def read_object(data: bytes, source: str):
    """The main VTODO/VEVENT of a CalDAV object (the one without RECURRENCE-ID); BadInput when the
    bytes are not iCalendar, hold no task or event, or have no UID."""
    comp = _main(_parse(data, source))
    if comp is None:
        raise BadInput(f"{source} 里没有待办（VTODO）或日程（VEVENT）")
    if not str(comp.get("uid", "")).strip():
        raise BadInput(f"{source} 的{_name(comp)}没有 UID")
    return comp


def object_kind(component) -> str:
    """"item", "rule" (a recurring rule's own object) or "masked" (a locked item's placeholder,
    whose text must never be taken for the item's)."""
    return (_get(component, "OBJECT", str) or "item").lower()


def item_fields(component, tz=None) -> dict:
    """The Item field values the component carries, keyed by Item attribute (SYNCED). Moments come
    back aware, in `tz` when given; a floating time (another client's) is read in `tz` (UTC if
    none). A placeholder gives only its times (TIME_FIELDS). A task ticked elsewhere (STATUS
    COMPLETED while X-BANGONGSHI-FOLDER says open) comes back in Folder.DONE; one reopened comes
    back in Folder.TODO. What a 督办 item that needs a result does then is the engine's rule."""
    try:
        return _item_fields(component, tz or UTC)
    except (ValueError, TypeError, KeyError) as error:
        raise BadInput(f"{_name(component)}「{component.get('summary', '')}」的内容无法读取：{error}") from None


def item_links(component) -> dict:
    """The uuids an item points at: "parent_uuid" (RELATED-TO;RELTYPE=PARENT) and "rule_uuid"."""
    parent = None
    related = component.get("related-to")
    for value in related if isinstance(related, list) else [related] if related is not None else []:
        if str(getattr(value, "params", {}).get("RELTYPE", "PARENT")).upper() == "PARENT":
            parent = str(value)
    return {"parent_uuid": parent, "rule_uuid": _get(component, "RULE", str)}


def item_assigner(component) -> str:
    """Who assigned a shared 督办 item (X-BANGONGSHI-ASSIGNER: her `me.name`); empty when not said."""
    return _get(component, "ASSIGNER", str) or ""


def item_log(component) -> list[dict]:
    """The 督办 entries the component carries: kind, at (aware), channel, who, note."""
    entries = []
    for text in _all(component, "LOG"):
        try:
            entry = json.loads(text)
            entry["at"] = _moment(entry["at"])
        except (ValueError, KeyError, TypeError):
            raise BadInput(f"{_name(component)}「{component.get('summary', '')}」的督办记录无法读取") from None
        entries.append(entry)
    return entries


def rule_fields(component, tz=None) -> dict:
    """The Rule field values (title, rrule, anchor, …, fields as ItemFields) of a rule's object."""
    try:
        return _rule_fields(component, tz or UTC)
    except (ValueError, TypeError, KeyError) as error:
        raise BadInput(f"周期规则「{component.get('summary', '')}」的内容无法读取：{error}") from None


def rule_dates(component) -> list[date]:
    """The dates a rule's object lists in RDATE (a rule no RRULE can say), in order."""
    found = component.get("rdate")
    days = set()
    for prop in found if isinstance(found, list) else [found] if found is not None else []:
        for period in prop.dts:
            value = period.dt
            days.add(value.date() if isinstance(value, datetime) else value)
    return sorted(days)


def rule_ticks(data: bytes, source: str) -> list[date | None]:
    """Occurrences another client ticked on a rule's object: None for the rule's own VTODO marked
    completed (the current occurrence), a date for each completed override (RECURRENCE-ID), as
    Thunderbird writes it. Clients that instead move DTSTART to the next date are not read here."""
    ticked: list[date | None] = []
    for comp in _parse(data, source).walk("VTODO"):
        if str(comp.get("status", "")).upper() != "COMPLETED" and comp.get("completed") is None:
            continue
        recurrence = comp.get("recurrence-id")
        if recurrence is None:
            ticked.append(None)
        else:
            moment = comp.decoded("recurrence-id")
            ticked.append(moment.date() if isinstance(moment, datetime) else moment)
    return ticked


def item_values(item: Item) -> dict:
    """What item_fields gives back for this item's component: the synced fields, with line ends as
    iCalendar text keeps them (a CR cannot travel) — the engine's "local" side of a merge."""
    values = {name: getattr(item, name) for name in SYNCED}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = _lines(value)
    values["tags"] = tuple(_lines(t) for t in item.tags)
    if item.due is None:
        values["due_time"] = None
    return values


# ---- the parts ---------------------------------------------------------------------------------------


def _identity(comp, uuid: str, stamp: datetime | None) -> None:
    comp.add("uid", uuid)
    # DTSTAMP is required; the record's own last change keeps the function pure and the bytes stable
    comp.add("dtstamp", (stamp or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC))


def _times(comp, item: Item) -> None:
    if item.at is not None:
        comp.add("dtstart", item.at.astimezone(UTC))
        comp.add("dtend", (item.at + timedelta(minutes=item.duration_minutes or DEFAULT_MINUTES)).astimezone(UTC))
        _put(comp, "NO-DURATION", item.duration_minutes is None, bool)
        _put(comp, "DUE", item.due, date)
        _put(comp, "DUE-TIME", item.due_time if item.due else None, time)
    else:
        if item.due:
            comp.add("due", datetime.combine(item.due, item.due_time) if item.due_time else item.due)
        _put(comp, "DURATION", item.duration_minutes, int)


def _item_fields(comp, tz) -> dict:
    out: dict = {"uuid": str(comp.get("uid", ""))}
    event = comp.name == "VEVENT"
    if event:
        start = _aware(comp.decoded("dtstart"), tz) if comp.get("dtstart") is not None else None
        out["at"] = start
        end = _aware(comp.decoded("dtend"), tz) if comp.get("dtend") is not None and start else None
        if end is None and comp.get("duration") is not None and start:
            end = start + comp.decoded("duration")
        # Elapsed time between the instants: two datetimes in the same zone subtract as wall clocks,
        # which loses an hour across a daylight-saving change (China until 1991, other zones today).
        minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60) if end is not None else None
        untyped = _get(comp, "NO-DURATION", bool) and minutes in (DEFAULT_MINUTES, None)
        out["duration_minutes"] = None if untyped else minutes
        out["due"] = _get(comp, "DUE", date)
        out["due_time"] = _get(comp, "DUE-TIME", time) if out["due"] else None
    else:
        out["at"] = None
        out["duration_minutes"] = _get(comp, "DURATION", int)
        due = comp.decoded("due") if comp.get("due") is not None else None
        if isinstance(due, datetime):
            local = due if due.tzinfo is None else due.astimezone(tz)  # floating: the wall clock as written
            out["due"], out["due_time"] = local.date(), local.time().replace(tzinfo=None)
        else:
            out["due"], out["due_time"] = due, None
    if object_kind(comp) == MASKED_OBJECT:
        return {name: out[name] for name in TIME_FIELDS}
    out["title"] = str(comp.get("summary", ""))
    out["notes"] = str(comp.get("description", ""))
    out["location"] = str(comp.get("location", ""))
    out["tags"] = tuple(_categories(comp))
    priority = int(comp.get("priority", 0) or 0)
    out["important"], out["urgent"] = 1 <= priority <= 4, priority in (1, 5)
    for key, prop in (("created", "created"), ("updated", "last-modified")):
        out[key] = _aware(comp.decoded(prop), tz) if comp.get(prop) is not None else None
    folder = _get(comp, "FOLDER", Folder) or Folder.TODO
    if event:
        done_at = _get(comp, "DONE-AT", datetime)
    else:
        status = str(comp.get("status", "")).upper()
        completed = status == "COMPLETED" or (not status and comp.get("completed") is not None)
        if completed and folder is not Folder.DONE:
            folder = Folder.DONE  # ticked off on a phone
        elif not completed and folder is Folder.DONE:
            folder = Folder.TODO  # reopened elsewhere
        done_at = (_aware(comp.decoded("completed"), tz) if comp.get("completed") is not None
                   else _get(comp, "DONE-AT", datetime))
    out["folder"] = folder
    out["done_at"] = _in(done_at, tz)
    for attr, name, kind in ITEM_X:
        value = _get(comp, name, kind)
        out[attr] = _in(value, tz) if kind is datetime else value
        if value is None:
            out[attr] = _DEFAULTS[attr]
    return out


def _rule_fields(comp, tz) -> dict:
    from icalendar import vRecur

    out: dict = {"uuid": str(comp.get("uid", "")), "title": str(comp.get("summary", ""))}
    start = comp.decoded("dtstart")
    out["anchor"] = _get(comp, "ANCHOR", date) or (start.date() if isinstance(start, datetime) else start)
    rrule = comp.get("rrule")
    rrule = rrule[0] if isinstance(rrule, list) else rrule
    sent = _get(comp, "RRULE", str)
    # the text as typed, unless another client changed the rule itself
    same = sent is not None and rrule is not None and vRecur.from_ical(sent).to_ical() == rrule.to_ical()
    out["rrule"] = sent if same or rrule is None else rrule.to_ical().decode()
    for attr, name, kind in RULE_X:
        out[attr] = _get(comp, name, kind)
    out["lead_workdays"] = out["lead_workdays"] or 0
    out["paused"] = bool(out["paused"])
    copied = {}
    for name in COPIED:
        kind = FIELD_TYPES.get(name, bool)
        value = _get(comp, f"FIELD-{_prop(name)}", str if kind is tuple else kind)
        copied[name] = tuple(json.loads(value)) if kind is tuple and value is not None else value
    out["fields"] = ItemFields(**copied)
    for key, prop in (("created", "created"), ("updated", "last-modified")):
        out[key] = _aware(comp.decoded(prop), tz) if comp.get(prop) is not None else None
    return out


_DEFAULTS = Item._field_defaults  # every field's but the title's


def _carry_over(comp, kept: bytes | None, uuid: str, owned: set[str] = OWNED) -> None:
    if not kept:
        return
    cal = _parse(kept, "上次同步的副本")
    old = next((c for c in cal.walk() if c.name in ("VTODO", "VEVENT") and str(c.get("uid", "")) == uuid
                and c.get("recurrence-id") is None), None) or _main(cal)
    if old is None:
        return
    for name, value in old.property_items(recursive=False, sorted=False):
        if name in ("BEGIN", "END") or name in owned or name.startswith(X):
            continue
        comp.add(name, carried(value))
    related = old.get("related-to")
    for value in related if isinstance(related, list) else [related] if related is not None else []:
        # another client's relations (a sibling, a child) are its own; PARENT is ours
        if str(value.params.get("RELTYPE", "PARENT")).upper() != "PARENT":
            comp.add("related-to", value)
    for sub in old.subcomponents:
        comp.add_component(sub)  # alarms a phone set


def _parse(data: bytes, source: str):
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise BadInput(f"{source} 不是有效的 iCalendar：{error}") from None
    return cal


def _main(cal):
    return next((c for c in cal.walk() if c.name in ("VTODO", "VEVENT") and c.get("recurrence-id") is None), None)


def _name(comp) -> str:
    return "日程" if comp.name == "VEVENT" else "待办"


def _categories(comp) -> list[str]:
    found = comp.get("categories")
    groups = found if isinstance(found, list) else [found] if found is not None else []
    return [str(c) for group in groups for c in group.cats]


def _prop(attr: str) -> str:
    return attr.upper().replace("_", "-")


def _put(comp, name: str, value, kind, *, always: bool = False) -> None:
    """An X-BANGONGSHI-<name> property holding `value` as TEXT; nothing for an empty value (the
    reader then gives the Item default) unless `always` (a rule's field given as False or "")."""
    if value is None or (not always and (value is False or value == "")):
        return
    if kind is bool:
        value_text = "TRUE" if value else "FALSE"
    elif kind is datetime:
        value_text = _moment_text(value)
    elif kind is date:
        value_text = value.isoformat()
    elif kind is time:
        value_text = value.strftime("%H:%M")
    elif isinstance(kind, type) and issubclass(kind, (Folder, Kind, Attention)):
        value_text = value.code
    else:
        value_text = str(value)
    comp.add(X + name, ical_text(value_text), parameters={"VALUE": "TEXT"})


def _all(comp, name: str) -> list[str]:
    found = comp.get(X + name)
    values = found if isinstance(found, list) else [] if found is None else [found]
    # read as TEXT whether or not another client kept the VALUE=TEXT parameter
    return [read_text(v) for v in values]


def _get(comp, name: str, kind):
    values = _all(comp, name)
    if not values:
        return None
    text = values[0]
    if kind is bool:
        return text.strip().upper() == "TRUE"
    if kind is int:
        return int(text)
    if kind is datetime:
        return _moment(text)
    if kind is date:
        return date.fromisoformat(text.strip())
    if kind is time:
        return time.fromisoformat(text.strip())
    if isinstance(kind, type) and issubclass(kind, (Folder, Kind, Attention)):
        return kind.from_code(text.strip())
    return text


def _moment_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _moment(text: str) -> datetime:
    return datetime.strptime(text.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _aware(value, tz):
    """A DATE-TIME as an aware datetime in tz (floating read as tz); a DATE as its midnight in tz."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def _in(value, tz):
    return value.astimezone(tz) if isinstance(value, datetime) else value


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
