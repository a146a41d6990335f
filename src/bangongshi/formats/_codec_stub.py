"""A minimal stand-in for formats/caldav.py (issue 18, CODEC branch) with the same interface, so the
sync engine can be tested before that branch is merged. DELETE at merge; import formats.caldav instead."""

from datetime import date, datetime, timedelta

from bangongshi.model import Folder, Item, Kind

_X = "X-BANGONGSHI-"


def item_component(item: Item, kept: bytes | None = None):
    import icalendar

    appointment = item.at is not None
    component = icalendar.Event() if appointment else icalendar.Todo()
    if kept:
        old = icalendar.Calendar.from_ical(kept)
        for sub in old.walk():
            if sub.name in ("VTODO", "VEVENT"):
                for name, value in sub.property_items(recursive=False):
                    if name not in ("BEGIN", "END") and not _ours(name):
                        component.add(name, value, encode=False)
    component["UID"] = item.uuid
    component.add("SUMMARY", item.title)
    if item.notes:
        component.add("DESCRIPTION", item.notes)
    if appointment:
        component.add("DTSTART", item.at)
        component.add("DTEND", item.at + timedelta(minutes=item.duration_minutes or 60))
    elif item.due:
        component.add("DUE", item.due)
    if item.location:
        component.add("LOCATION", item.location)
    if item.tags:
        component.add("CATEGORIES", list(item.tags))
    component.add("PRIORITY", 1 if item.important and item.urgent else 3 if item.important else 5 if item.urgent else 9)
    done = item.folder is Folder.DONE
    if not appointment:
        component.add("STATUS", "COMPLETED" if done else "NEEDS-ACTION")
        if done and item.done_at:
            component.add("COMPLETED", item.done_at)
    component.add(_X + "FOLDER", item.folder.code)
    if item.kind:
        component.add(_X + "KIND", item.kind.code)
    if item.result:
        component.add(_X + "RESULT", item.result)
    if item.report_required:
        component.add(_X + "REPORT-REQUIRED", "1")
    return component


def _ours(name: str) -> bool:
    return name.startswith(_X) or name in ("UID", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DUE", "LOCATION",
                                           "CATEGORIES", "PRIORITY", "STATUS", "COMPLETED", "DTSTAMP",
                                           "PERCENT-COMPLETE", "LAST-MODIFIED")


def item_fields(component) -> dict:
    def text(name):
        value = component.get(name)
        return str(value) if value is not None else ""

    fields: dict = {"title": text("SUMMARY"), "notes": text("DESCRIPTION"), "location": text("LOCATION"),
                    "result": text(_X + "RESULT")}
    if component.name == "VEVENT":
        start = component.decoded("DTSTART")
        end = component.decoded("DTEND") if component.get("DTEND") else None
        start = start.replace(tzinfo=None) if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
        fields["at"] = start
        if end is not None:
            end = end.replace(tzinfo=None) if isinstance(end, datetime) else datetime.combine(end, datetime.min.time())
            fields["duration_minutes"] = int((end - start).total_seconds() // 60)
    else:
        due = component.decoded("DUE") if component.get("DUE") else None
        fields["due"] = due.date() if isinstance(due, datetime) else due if isinstance(due, date) else None
    categories = component.get("CATEGORIES")
    tags: list[str] = []
    for entry in categories if isinstance(categories, list) else [categories] if categories else []:
        tags += [str(c) for c in entry.cats]
    fields["tags"] = tuple(tags)
    priority = int(component.get("PRIORITY", 9) or 9)
    fields["important"] = priority in (1, 2, 3, 4)
    fields["urgent"] = priority in (1, 2, 5)
    folder = text(_X + "FOLDER")
    status = text("STATUS")
    if status == "COMPLETED":
        fields["folder"] = Folder.DONE
        completed = component.decoded("COMPLETED") if component.get("COMPLETED") else None
        fields["done_at"] = completed.replace(tzinfo=None) if isinstance(completed, datetime) else None
    else:
        fields["folder"] = Folder.from_code(folder) if folder in ("todo", "temp") else Folder.TODO
        fields["done_at"] = None
    kind = text(_X + "KIND")
    fields["kind"] = Kind.from_code(kind) if kind else None
    fields["report_required"] = text(_X + "REPORT-REQUIRED") == "1"
    return fields
