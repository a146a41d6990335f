"""The output contract for scripts (docs/contract.md). Keys are English and never renamed."""

import csv
import io
import json
from datetime import date, datetime, time

from bangongshi.model import Item
from bangongshi.storage.journal import Run

ITEM_KEYS = (
    "id", "uuid", "title", "notes", "folder", "folder_label", "kind", "kind_label",
    "due", "due_time", "at", "duration_minutes", "location", "important", "urgent", "key",
    "constrained", "source", "assigned_at", "attention", "attention_label", "report_required",
    "handler", "tags", "estimate_minutes", "major", "locked", "created", "updated", "done_at",
    "result",
)
RUN_KEYS = ("id", "started", "command", "actor", "actor_label", "action", "action_label",
            "target_run", "undone", "changes")

ACTOR_LABELS = {"user": "用户", "tool": "工具"}
ACTION_LABELS = {"command": "命令", "undo": "撤销", "redo": "重做"}


def _value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def item_object(item: Item) -> dict:
    coded = {
        "folder": item.folder.code, "folder_label": item.folder.label,
        "kind": item.kind.code if item.kind else None,
        "kind_label": item.kind.label if item.kind else None,
        "attention": item.attention.code if item.attention else None,
        "attention_label": item.attention.label if item.attention else None,
        "tags": list(item.tags),
    }
    return {key: coded[key] if key in coded else _value(getattr(item, key)) for key in ITEM_KEYS}


def run_object(run: Run) -> dict:
    return {
        "id": run.id, "started": run.started.isoformat(), "command": run.command,
        "actor": run.actor, "actor_label": ACTOR_LABELS[run.actor],
        "action": run.action, "action_label": ACTION_LABELS[run.action],
        "target_run": run.target_run, "undone": run.undone, "changes": run.change_count,
    }


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], keys: tuple[str, ...]) -> str:
    """One header row of the JSON keys. Lists join with ';', booleans are 1/0, null is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_cell(row[key]) for key in keys])
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
