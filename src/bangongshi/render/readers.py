"""Reading items back from the formats bgs writes (json, csv, ics) and from Taskwarrior's export.

Every reader returns plain objects keyed like our JSON contract, with where each came from
("第 3 行"), so that the import service validates them all before writing any.
"""

import json
from datetime import datetime, timezone

from bangongshi.errors import BadInput
from bangongshi.render.machine import ITEM_KEYS

LABEL_KEYS = {"folder_label", "kind_label", "attention_label", "id"}
TASKWARRIOR_IGNORED = {"id", "urgency", "modified", "mask", "imask", "parent", "wait", "scheduled", "until",
                       "recur", "start", "depends"}


def decode(data: bytes, source: str, *, chinese_windows: bool = False) -> str:
    """UTF-8 (with or without BOM); for CSV also GB18030, what Excel and WPS save on Chinese Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if chinese_windows:
            try:
                return data.decode("gb18030")
            except UnicodeDecodeError:
                pass
        line = data[:error.start].count(b"\n") + 1
        what = "UTF-8 或 GB18030" if chinese_windows else "UTF-8"
        raise BadInput(f"{source} 不是 {what} 文本（第 {line} 行）") from None


def json_objects(text: str, source: str) -> list[tuple[str, dict]]:
    """A JSON array, or one object per line (JSON Lines, as `task export` may write)."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        data = _json(stripped, source)
        objects = data if isinstance(data, list) else [data]
        places = [f"第 {n} 条" for n in range(1, len(objects) + 1)]
    except json.JSONDecodeError as error:
        if stripped.startswith("["):
            raise BadInput(f"{source} 第 {error.lineno} 行不是有效的 JSON：{error.msg}") from None
        objects, places = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append(_json(line, f"{source} 第 {number} 行"))
            except json.JSONDecodeError as line_error:
                raise BadInput(f"{source} 第 {number} 行不是有效的 JSON：{line_error.msg}") from None
            places.append(f"第 {number} 行")
    found = []
    for place, obj in zip(places, objects):
        if not isinstance(obj, dict):
            raise BadInput(f"{source} {place}：应是一个对象（{{…}}）")
        found.append((place, obj))
    return found


def _json(text: str, source: str):
    try:
        data = json.loads(text)
        # "\ud800" alone is valid JSON but not text: nothing can store or print it.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except RecursionError:  # the decoder recurses once per [ or {
        raise BadInput(f"{source} 嵌套太深，不是 bgs 能读的 JSON") from None
    except UnicodeEncodeError:
        raise BadInput(f"{source} 含有不成对的代理字符（如 \\ud800），不是有效的文本") from None
    return data


def csv_objects(text: str, source: str) -> list[tuple[str, dict]]:
    import csv
    import io

    from bangongshi.render.machine import restore

    # newline="" keeps a CR or LF inside a quoted cell (a note of several lines) part of the cell.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise BadInput(f"{source} 第 {reader.line_num} 行不是有效的 CSV：{error}") from None
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    for name in header:
        if name not in ITEM_KEYS:
            raise BadInput(f"{source} 第 1 行：不认识的列「{name}」（列名见 docs/contract.md）")
    if "title" not in header:
        raise BadInput(f"{source} 第 1 行：缺少 title 列")
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise BadInput(f"{source} 第 {number} 行：有 {len(row)} 列，表头有 {len(header)} 列")
        found.append((f"第 {number} 行", {k: _csv_value(k, restore(v)) for k, v in zip(header, row)}))
    return found


def _csv_value(key: str, text: str):
    if text == "":
        return None if key not in ("title", "notes", "location", "source", "handler", "result", "step",
                                   "step_from", "follow_every", "follow_rrule", "follow_policy", "handoff_to") else ""
    if key == "tags":
        return [t for t in text.split(";") if t]
    return text


def taskwarrior_objects(text: str, source: str, tz) -> tuple[list[tuple[str, dict]], dict[str, int]]:
    """`task export` as our objects. Deleted tasks and recurring templates are left out, and
    counted; keys we have no place for are dropped, and counted."""
    skipped: dict[str, int] = {}
    found = []
    for place, task in json_objects(text, source):
        status = task.get("status", "pending")
        if status in ("deleted", "recurring"):
            label = "已删除的任务" if status == "deleted" else "周期任务模板"
            skipped[label] = skipped.get(label, 0) + 1
            continue
        if not str(task.get("description", "")).strip():
            raise BadInput(f"{source} {place}：缺少 description")
        obj: dict = {"title": task["description"], "uuid": task.get("uuid")}
        obj["folder"] = "done" if status == "completed" else "todo"
        for key, ours in (("entry", "created"), ("end", "done_at"), ("modified", "updated")):
            if key in task:
                obj[ours] = _tw_moment(task[key], f"{source} {place} 的 {key}")
        if "due" in task:
            obj["due_moment"] = _tw_moment(task["due"], f"{source} {place} 的 due")
        priority = task.get("priority")
        if priority == "H":
            obj["important"] = True
        tags = [str(t) for t in task.get("tags", [])]
        if task.get("project"):
            tags.append(str(task["project"]))
        obj["tags"] = tags
        notes = [f"{datetime.fromisoformat(_tw_moment(a['entry'], source)).astimezone(tz):%Y-%m-%d %H:%M} "
                 f"{a.get('description', '')}"
                 if isinstance(a, dict) and "entry" in a else str(a) for a in task.get("annotations", [])]
        if notes:
            obj["notes"] = "\n".join(notes)
        for key in task:
            if key not in {"description", "uuid", "status", "entry", "end", "due", "priority", "tags", "project",
                           "annotations"} | TASKWARRIOR_IGNORED:
                skipped[f"字段 {key}"] = skipped.get(f"字段 {key}", 0) + 1
        found.append((place, obj))
    return found, skipped


def _tw_moment(text: str, where: str) -> str:
    try:
        return datetime.strptime(str(text), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).isoformat()
    except ValueError:
        raise BadInput(f"{where}「{text}」不是 Taskwarrior 的时间格式（YYYYMMDDTHHMMSSZ）") from None


def ics_objects(data: bytes, source: str) -> list[tuple[str, dict]]:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(data)
    except ValueError as error:
        raise BadInput(f"{source} 不是有效的 iCalendar：{error}") from None
    found = []
    for number, comp in enumerate(cal.walk(), start=1):
        if comp.name not in ("VTODO", "VEVENT") or comp.get("rrule"):
            continue  # a recurring series stays in the calendar program; its made items come one by one
        place = f"第 {number} 个组件（{comp.get('summary', '')}）"
        uid = str(comp.get("uid", ""))
        obj: dict = {"title": str(comp.get("summary", "")).strip(), "uid": uid,
                     "notes": str(comp.get("description", "")), "location": str(comp.get("location", ""))}
        if comp.get("x-bangongshi-result") is not None:
            obj["result"] = str(comp.get("x-bangongshi-result"))
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
