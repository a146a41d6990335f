"""The output contract for scripts (docs/contract.md). Keys are English and never renamed."""

import json
from datetime import date, datetime
from typing import TYPE_CHECKING

from bangongshi.model import Item

if TYPE_CHECKING:  # the journal's module is not needed to print an item (`bgs add`)
    from bangongshi.model.journal import Run

ITEM_KEYS = (
    "id", "uuid", "title", "notes", "folder", "folder_label", "kind", "kind_label",
    "due", "due_time", "at", "duration_minutes", "location", "important", "urgent", "key",
    "constrained", "source", "assigned_at", "attention", "attention_label", "report_required",
    "handler", "tags", "estimate_minutes", "major", "locked", "created", "updated", "done_at",
    "result", "recurrence_id", "occurrence", "hand_edited", "parent_id", "step", "step_from", "step_offset",
    "follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at", "handoff_to", "handoff_at",
    "acknowledged_at", "spent_minutes",
)
RUN_KEYS = ("id", "started", "command", "actor", "actor_label", "action", "action_label",
            "target_run", "undone", "changes")

ACTOR_LABELS = {"user": "用户", "tool": "工具"}
ACTION_LABELS = {"command": "命令", "undo": "撤销", "redo": "重做"}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def item_object(item: Item) -> dict:
    # Spelled out rather than looped: this runs once per item on every `list --format json`.
    kind, attention = item.kind, item.attention
    return {
        "id": item.id, "uuid": item.uuid, "title": item.title, "notes": item.notes,
        "folder": item.folder.code, "folder_label": item.folder.label,
        "kind": kind.code if kind else None, "kind_label": kind.label if kind else None,
        "due": _iso(item.due), "due_time": item.due_time.strftime("%H:%M") if item.due_time else None,
        "at": _iso(item.at), "duration_minutes": item.duration_minutes, "location": item.location,
        "important": item.important, "urgent": item.urgent, "key": item.key,
        "constrained": item.constrained, "source": item.source, "assigned_at": _iso(item.assigned_at),
        "attention": attention.code if attention else None,
        "attention_label": attention.label if attention else None,
        "report_required": item.report_required, "handler": item.handler, "tags": list(item.tags),
        "estimate_minutes": item.estimate_minutes, "major": item.major, "locked": item.locked,
        "created": _iso(item.created), "updated": _iso(item.updated), "done_at": _iso(item.done_at),
        "result": item.result, "recurrence_id": item.recurrence_id, "occurrence": _iso(item.occurrence),
        "hand_edited": item.hand_edited, "parent_id": item.parent_id, "step": item.step,
        "step_from": item.step_from, "step_offset": item.step_offset,
        "follow_every": item.follow_every, "follow_rrule": item.follow_rrule, "follow_policy": item.follow_policy,
        "delegated_at": _iso(item.delegated_at), "reported_at": _iso(item.reported_at),
        "handoff_to": item.handoff_to, "handoff_at": _iso(item.handoff_at),
        "acknowledged_at": _iso(item.acknowledged_at), "spent_minutes": item.spent_minutes,
    }


def run_object(run: "Run") -> dict:
    return {
        "id": run.id, "started": run.started.isoformat(), "command": run.command,
        "actor": run.actor, "actor_label": ACTOR_LABELS[run.actor],
        "action": run.action, "action_label": ACTION_LABELS[run.action],
        "target_run": run.target_run, "undone": run.undone, "changes": run.change_count,
    }


def to_json(data) -> str:
    """One object: indented. A list: one compact object per line, which `grep` and `jq -c` like,
    and which the C encoder writes (indent= falls back to pure Python, ~100× slower)."""
    if isinstance(data, list):
        if not data:
            return "[]"
        return "[\n" + ",\n".join(json.dumps(obj, ensure_ascii=False) for obj in data) + "\n]"
    return json.dumps(data, ensure_ascii=False, indent=2)


# Cells a spreadsheet would run as a formula (formula injection): `=HYPERLINK(…)`, `@SUM(…)`,
# `+cmd|…`, `-2+3`, and a leading tab or CR that some programs skip before looking for "=".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """Formula-like text as text: a leading apostrophe, the way spreadsheets themselves mark it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """Undo `neutralise` (only where it could have been applied)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def to_csv(rows: list[dict], keys: tuple[str, ...], *, raw: bool = False, excel: bool = False) -> str:
    """Every CSV the program writes (one writer, one rule). One header row of the JSON keys. Lists
    join with ';', booleans are 1/0, null is empty; formula-like cells are neutralised unless `raw`;
    `excel`: a BOM and CRLF, so Excel and WPS read the Chinese right."""
    body = [[_cell(row[key]) for key in keys] for row in rows]
    if not raw:
        body = [[neutralise(cell) for cell in cells] for cells in body]
    return (BOM if excel else "") + csv_text([list(keys)] + body, "\r\n" if excel else "\n")


def json_list_chunks(objects):
    """The same text as `to_json` of a list, a piece at a time (100,000 items need not sit in
    memory twice as dicts and once more as one string)."""
    first = True
    for obj in objects:
        yield ("[\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False)
        first = False
    yield "[]" if first else "\n]"


def csv_text(rows: list[list[str]], lineterminator: str = "\n") -> str:
    """Rows as CSV. Python 3.11's writer quotes a cell with a line break only if the break is part
    of the line terminator, so a row holding a bare CR is written with every cell quoted."""
    import csv
    import io

    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator=lineterminator)
    quoted = csv.writer(buffer, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell or "\n" in cell for cell in row) else plain).writerow(row)
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)
