"""Items as iCalendar (RFC 5545) through the `icalendar` library (imported only when an .ics is
written or read): appointments as VEVENT, the rest as VTODO; a recurring rule as one component with
its RRULE, and EXDATE/RDATE where China's 调休 calendar moves or drops an occurrence. `vdir`: one
.ics per item, the layout todoman and vdirsyncer read. Reading is the other half (`bgs import`),
and what a calendar sync will use both ways."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from bangongshi.errors import BadInput
from bangongshi.formats.ical_text import categories as text_categories
from bangongshi.formats.ical_text import read as read_text
from bangongshi.formats.ical_text import text
from bangongshi.model import Item

PRODID = "-//bangongshi//办公室助手//ZH"
UID_DOMAIN = "bangongshi"


def uid_of(item_uuid: str) -> str:
    return f"{item_uuid}@{UID_DOMAIN}"


def calendar():
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    return cal


def _local(moment: datetime, now: datetime) -> datetime:
    # Stored times carry a fixed offset; the office's named zone gives other programs a VTIMEZONE.
    return moment.astimezone(now.tzinfo)


def component(item: Item, now: datetime):
    from icalendar import Event, Todo

    event = item.at is not None
    comp = Event() if event else Todo()
    comp.add("uid", uid_of(item.uuid))
    comp.add("dtstamp", now)
    comp.add("summary", text(item.title))
    if item.notes:
        comp.add("description", text(item.notes))
    if item.result:
        comp.add("x-bangongshi-result", text(item.result), parameters={"VALUE": "TEXT"})
    if item.location:
        comp.add("location", text(item.location))
    categories = [item.folder.label, *(x for x in (item.kind.label if item.kind else "",) if x), *item.tags]
    comp.add("categories", text_categories(categories))
    priority = 1 if item.important and item.urgent else 3 if item.important else 5 if item.urgent else 0
    if priority:
        comp.add("priority", priority)
    if item.created:
        comp.add("created", _local(item.created, now))
    if item.updated:
        comp.add("last-modified", _local(item.updated, now))
    if event:
        comp.add("dtstart", _local(item.at, now))
        comp.add("dtend", _local(item.at + timedelta(minutes=item.duration_minutes or 60), now))
        if item.duration_minutes is None:
            # calendars need an end; the flag keeps our own import from taking the hour as typed
            comp.add("x-bangongshi-no-duration", "TRUE")
        comp.add("status", "CONFIRMED")
    else:
        if item.due:
            due = datetime.combine(item.due, item.due_time, tzinfo=now.tzinfo) if item.due_time else item.due
            comp.add("due", due)
        comp.add("status", "NEEDS-ACTION" if item.is_open else "COMPLETED")
        if item.done_at:
            comp.add("completed", _local(item.done_at, now))
    comp.add("x-bangongshi-folder", item.folder.code)
    return comp


def rule_component(rule, now: datetime, first, moved: list, dropped: list):
    """A recurring rule as one component starting on its first occurrence: RRULE as the rule says,
    then the calendar's corrections. A rule no RRULE can say (a lunar day, 清明) has none: its
    dates are all in `moved` (RDATE)."""
    from icalendar import Event, Todo, vRecur

    from bangongshi.domain.rules import writes_as_rrule

    comp = Event() if rule.at_time else Todo()
    comp.add("uid", uid_of(rule.uuid))
    comp.add("dtstamp", now)
    comp.add("summary", text(rule.title))
    start = datetime.combine(first, rule.at_time or rule.due_time or datetime.min.time(), tzinfo=now.tzinfo)
    comp.add("dtstart", start)
    if rule.at_time:
        comp.add("duration", timedelta(minutes=rule.fields.duration_minutes or 60))
    if writes_as_rrule(rule.rrule):
        comp.add("rrule", vRecur.from_ical(rule.rrule))
    if dropped:
        comp.add("exdate", [datetime.combine(d, start.timetz()) for d in dropped])
    if moved:
        comp.add("rdate", [datetime.combine(d, start.timetz()) for d in moved])
    comp.add("categories", ["周期事项"])
    return comp


def to_ics(items: Iterable[Item], now: datetime, rules=()) -> bytes:
    cal = calendar()
    for item in items:
        cal.add_component(component(item, now))
    for rule_parts in rules:
        cal.add_component(rule_component(*rule_parts))
    cal.add_missing_timezones()
    return cal.to_ical()


def vdir_files(items: Iterable[Item], now: datetime):
    """For a vdir: (file name, VCALENDAR bytes) of each item, named by its uid. The bytes of a
    calendar holding the item's component and the VTIMEZONE of each zone it names (as
    `add_missing_timezones` makes them), put together from pieces made once: working a VTIMEZONE out
    of the zone's rules took 90% of a file's time."""
    closing = b"END:VCALENDAR\r\n"
    opening = calendar().to_ical().removesuffix(closing)  # an empty calendar: its properties, then the end
    zones: dict[str, bytes] = {}
    for item in items:
        comp = component(item, now)
        used = sorted(_tzids(comp) - {"UTC"})
        for tzid in used:
            if tzid not in zones:
                zones[tzid] = _vtimezone(tzid)
        yield f"{item.uuid}.ics", b"".join((opening, *(zones[t] for t in used), comp.to_ical(), closing))


def _tzids(comp) -> set[str]:
    """As Calendar.get_used_tzids reads them, the TZID parameter of any property; read from the
    component's values directly (it has no subcomponents), not through property_items, which
    encodes every value again."""
    found = set()
    for value in comp.values():
        for one in value if isinstance(value, list) else (value,):
            params = getattr(one, "params", None)
            if params is not None:
                found.add(params.get("TZID"))
    return found - {None}


def _vtimezone(tzid: str) -> bytes:
    """The VTIMEZONE `add_missing_timezones` adds for `tzid`; nothing for a zone it does not know."""
    from icalendar import Timezone

    try:
        return Timezone.from_tzid(tzid, first_date=Timezone.DEFAULT_FIRST_DATE,
                                  last_date=Timezone.DEFAULT_LAST_DATE).to_ical()
    except ValueError:
        return b""


def ics_objects(data: bytes, source: str) -> list[tuple[str, dict]]:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except ValueError as error:
        raise BadInput(f"{source} 不是有效的 iCalendar：{error}") from None
    found = []
    for number, comp in enumerate(cal.walk(), start=1):
        if comp.name not in ("VTODO", "VEVENT") or comp.get("rrule") or comp.get("rdate"):
            continue  # a recurring series stays in the calendar program; its made items come one by one
        place = f"第 {number} 个组件（{comp.get('summary', '')}）"
        uid = str(comp.get("uid", ""))
        obj: dict = {"title": str(comp.get("summary", "")).strip(), "uid": uid,
                     "notes": str(comp.get("description", "")), "location": str(comp.get("location", ""))}
        if comp.get("x-bangongshi-result") is not None:
            obj["result"] = read_text(comp.get("x-bangongshi-result"))
        categories = comp.get("categories")
        if categories is not None:
            cats = categories if isinstance(categories, list) else [categories]
            obj["tags"] = [str(c) for group in cats for c in group.cats]
        folder = str(comp.get("x-bangongshi-folder", ""))
        if folder:
            obj["folder"] = folder
            obj["tags"] = [t for t in obj.get("tags", []) if t not in ("待办", "临时", "已处理", "办文", "办会", "办事")]
        elif str(comp.get("status", "")).upper() == "COMPLETED":
            obj["folder"] = "done"
        priority = int(comp.get("priority", 0) or 0)
        if 1 <= priority <= 4:
            obj["important"] = True
        if priority in (1, 5):
            obj["urgent"] = True
        for key, ours in (("due", "due_moment"), ("dtstart", "at"), ("completed", "done_at"), ("created", "created"),
                          ("last-modified", "updated")):
            if comp.get(key) is not None:
                obj[ours] = comp.decoded(key)
        if comp.get("x-bangongshi-no-duration") is not None:
            obj["duration_minutes"] = None
        elif comp.name == "VEVENT" and comp.get("dtend") is not None and isinstance(obj.get("at"), datetime):
            obj["duration_minutes"] = int((comp.decoded("dtend") - obj["at"]).total_seconds() // 60)
        found.append((place, obj))
    return found
