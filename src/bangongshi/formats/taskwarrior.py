"""Taskwarrior's `task export` (JSON, or JSON Lines) read as our objects for `bgs import`.

Nothing is written in this format: `bgs export --format json` is what other programs read.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

from bangongshi.errors import BadInput

TASKWARRIOR_IGNORED = {"id", "urgency", "modified", "mask", "imask", "parent", "wait", "scheduled", "until",
                       "recur", "start", "depends"}
_KNOWN = frozenset({"description", "uuid", "status", "entry", "end", "due", "priority", "tags", "project",
                    "annotations"} | TASKWARRIOR_IGNORED)


def taskwarrior_stream(tasks: Iterable[tuple[str, dict]], source: str, tz,
                       skipped: dict[str, int]) -> Iterator[tuple[str, dict]]:
    """`task export` (as formats.json.json_stream reads it) as our objects, as they come. Deleted
    tasks and recurring templates are left out, and counted in `skipped` as they go by; so are keys
    we have no place for."""
    seen: dict[str, str] = {}  # moments read before: an office's tasks share their half hours

    def moment(text, key: str) -> str:
        found = seen.get(text) if type(text) is str else None
        if found is None:
            found = _tw_moment(text, f"{source} {place} 的 {key}")
            if type(text) is str and len(seen) < 100_000:
                seen[text] = found
        return found

    for place, task in tasks:
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
                obj[ours] = moment(task[key], key)
        if "due" in task:
            obj["due_moment"] = moment(task["due"], "due")
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
            if key not in _KNOWN:
                skipped[f"字段 {key}"] = skipped.get(f"字段 {key}", 0) + 1
        yield place, obj


_BASIC_UTC = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z")


def _tw_moment(text: str, where: str) -> str:
    """`20261120T020000Z` as ISO text in UTC. The usual spelling is read by hand (strptime costs
    about 20 µs, three times a task); anything else is strptime's to accept or refuse."""
    matched = _BASIC_UTC.fullmatch(text) if type(text) is str else None
    try:
        if matched:
            return datetime(*map(int, matched.groups()), tzinfo=timezone.utc).isoformat()
        return datetime.strptime(str(text), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).isoformat()
    except ValueError:
        raise BadInput(f"{where}「{text}」不是 Taskwarrior 的时间格式（YYYYMMDDTHHMMSSZ）") from None
