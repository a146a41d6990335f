"""JSON, the output contract for scripts (docs/contract.md): keys are English and never renamed.
Written here (an item, a journal run, a list of them) and read back here (`bgs import`: an array, or
JSON Lines as `task export` may write).
"""

import json
from datetime import date, datetime

from bangongshi.errors import BadInput
from bangongshi.model import Coded, Item

# Not `from typing import TYPE_CHECKING`: typing costs `bgs add` more to import than printing its
# item; type checkers take any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:  # the journal's module is not needed to print an item (`bgs add`)
    from collections.abc import Iterator
    from typing import TextIO

    from bangongshi.model.journal import Run
    from bangongshi.model.rules import ItemFields

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


def decoded(text: str):
    """The values of a JSON text that bgs wrote itself (a list column in a journaled row, such as an
    item's tags), for views that show them to people."""
    return json.loads(text)


def to_json(data) -> str:
    """A list: one compact object per line, which `grep` and `jq -c` like. One object: a key per
    line, and a list of objects under it one object per line (a section's rows likewise). Every
    compact piece is written by the C encoder: `indent=` falls back to pure Python, which cost the
    agenda 60 ms for 110 rows."""
    if isinstance(data, list):
        if not data:
            return "[]"
        return "[\n" + ",\n".join(json.dumps(obj, ensure_ascii=False) for obj in data) + "\n]"
    return _laid_out(data, "")


def _holds_rows(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _laid_out(value, margin: str) -> str:
    """Dicts (the top one, and any holding a list of objects) a key per line; lists of objects an
    object per line; everything else compact."""
    inner = margin + "  "
    # Rows (an object in a list, two levels down) stay on one line, whatever they hold.
    if isinstance(value, dict) and value and (not margin or (len(margin) <= 4 and any(map(_holds_rows, value.values())))):
        keys = (f"{inner}{_ENCODE(k)}: {_laid_out(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(keys) + "\n" + margin + "}"
    if _holds_rows(value):
        return "[\n" + ",\n".join(inner + _laid_out(v, inner) for v in value) + "\n" + margin + "]"
    return _ENCODE(value)  # json.dumps's text, by an encoder built once (the agenda makes 300 pieces)


# The encoder json.dumps(obj, ensure_ascii=False) builds afresh on every call, built once: a tenth of
# the time of `export` went into building it 100,000 times. The objects bgs writes are made fresh for
# the output (item_object, the views' objects), so there is no cycle to look for.
_ENCODE = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
BATCH = 1000  # objects joined into one write: few calls, and a batch is a few hundred KB at most


def write_items_json(items, handle) -> int:
    """The items as `to_json` of their objects and a newline, in UTF-8 to the binary `handle`, a batch
    at a time: memory stays flat however many items stream through. Returns how many were written.
    An item may come as the UTF-8 of its object already (bytes: storage/bulk.py made it in the query)."""
    encode = _ENCODE
    count = 0
    batch: list[bytes] = []
    lead = b"[\n"
    for item in items:
        batch.append(item if type(item) is bytes else encode(item_object(item)).encode())
        if len(batch) == BATCH:
            handle.write(lead + b",\n".join(batch))
            count += len(batch)
            batch.clear()
            lead = b",\n"
    if batch:
        handle.write(lead + b",\n".join(batch))
        count += len(batch)
    handle.write(b"\n]\n" if count else b"[]\n")
    return count


def json_objects(text: str, source: str) -> list[tuple[str, dict]]:
    """A JSON array, or one object per line (JSON Lines, as `task export` may write)."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        data = _json(stripped, source)
        if isinstance(data, dict) and isinstance(data.get("items"), list) and "registers" in data:
            # `bgs export --registers` (issue #23): its items; the registers are not imported.
            data = data["items"]
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
    except RecursionError:  # the decoder recurses once per [ or {
        raise BadInput(f"{source} 嵌套太深，不是 bgs 能读的 JSON") from None
    _check_text(data, text, source)
    return data


def _check_text(data, text: str, source: str, start: int = 0, end: int | None = None) -> None:
    """"\ud800" alone is valid JSON but not text: nothing can store or print it. Only a \\u escape
    can make one (text decoded from UTF-8 holds none), so only values whose text has one are checked."""
    if text.find("\\u", start, len(text) if end is None else end) < 0:
        return
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{source} 含有不成对的代理字符（如 \\ud800），不是有效的文本") from None


# Reading a file a piece at a time: `bgs import` of 100,000 items holds one piece of the file and one
# object, not the whole text and every object at once.
CHUNK = 1 << 20
# (Compiled where used: printing an item, which `bgs add` does with this module, needs no regex.)
_SPACE = r"[ \t\n\r]*"
_LINE_END = r"\r\n|\r|\n"


def json_stream(text: "TextIO", source: str, chunk: int = CHUNK) -> "Iterator[tuple[str, dict]]":
    """What `json_objects` reads, read from an open text file as it goes: a JSON array element by
    element, or one object per line. The same places and messages, but an error is met where it is:
    objects before it have been handed out already (the caller writes nothing until the end)."""
    head = text.read(chunk)
    while head.isspace():  # only whitespace so far
        more = text.read(chunk)
        if not more:
            return
        head += more
    if not head:
        return
    if head.lstrip()[0] == "[":
        yield from _array(head.lstrip(), text, source, chunk)
    else:
        yield from _json_lines(head, text, source, chunk)


def _array(buffer: str, text: "TextIO", source: str, chunk: int) -> "Iterator[tuple[str, dict]]":
    """Elements of the array `buffer` opens, with the messages the JSON decoder gives for the whole
    (lines counted from the "[", as json_objects counts them in the stripped text)."""
    import re

    scan = json.JSONDecoder().raw_decode
    space = re.compile(_SPACE).match
    position, lines, eof, number = 1, 0, False, 0
    searched, escape = None, 0  # the buffer last searched for "\u", and where the next one in it is

    def more() -> None:
        """Drop what has been read and add a piece (as long as what is kept, so that a value longer
        than a piece is read again only a few times)."""
        nonlocal buffer, position, lines, eof
        piece = text.read(max(chunk, len(buffer) - position))
        if not piece:
            eof = True
            return
        lines += buffer.count("\n", 0, position)
        buffer, position = buffer[position:] + piece, 0

    def skip_space() -> None:
        nonlocal position
        while True:
            position = space(buffer, position).end()
            if position < len(buffer) or eof:
                return
            more()

    def fail(message: str, at: int) -> BadInput:
        return BadInput(f"{source} 第 {lines + buffer.count(chr(10), 0, at) + 1} 行不是有效的 JSON：{message}")

    skip_space()
    if buffer.startswith("]", position):
        position += 1
    else:
        while True:
            while True:
                try:
                    value, end = scan(buffer, position)
                except json.JSONDecodeError as error:
                    # Where the text read so far ends inside the value, the rest is in the next piece.
                    if eof or not (error.msg.startswith("Unterminated string") or error.pos >= len(buffer) - 8):
                        raise fail(error.msg, error.pos) from None
                except RecursionError:  # the decoder recurses once per [ or {
                    raise BadInput(f"{source} 嵌套太深，不是 bgs 能读的 JSON") from None
                else:
                    if end < len(buffer) or eof:  # (a number at the very end may go on)
                        break
                more()
            number += 1
            if not isinstance(value, dict):
                raise BadInput(f"{source} 第 {number} 条：应是一个对象（{{…}}）")
            # Only a \u escape can make a lone surrogate (_check_text): looked for once per piece read,
            # not in each value (a tenth of the time an import of our own export takes to read).
            if searched is not buffer or escape < position:
                searched, escape = buffer, buffer.find("\\u", position)
                if escape < 0:
                    escape = len(buffer)  # none in the rest of this buffer
            if escape < end:
                _check_text(value, buffer, source, position, end)
            position = end
            yield f"第 {number} 条", value
            if buffer.startswith(",\n{", position):  # as bgs writes an array: nothing to skip
                position += 2
                continue
            skip_space()
            if buffer.startswith(",", position):
                position += 1
                skip_space()
            elif buffer.startswith("]", position):
                position += 1
                break
            else:
                raise fail("Expecting ',' delimiter", position)
    skip_space()
    if position < len(buffer):
        raise fail("Extra data", position)


def _json_lines(head: str, text: "TextIO", source: str, chunk: int) -> "Iterator[tuple[str, dict]]":
    """One value per line (JSON Lines). A file whose first line is not a whole value is one value
    over several lines, or not JSON: read whole, by json_objects; a file of one value calls it 第 1 条."""
    lines = _text_lines(head, text, chunk)
    first = None  # (line number, value, line), held until a second value shows the file is JSON Lines
    several = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if first is None:
            try:
                first = (number, json.loads(line), line)
            except (json.JSONDecodeError, RecursionError):
                yield from json_objects("\n" * (number - 1) + line + "\n" + "\n".join(lines), source)
                return
            continue
        if not several:
            several = True
            yield _line_object(*first, source)
        yield _line_object(number, _line_value(line, number, source), line, source)
    if first is not None and not several:
        _, value, line = first
        _check_text(value, line, source)
        if not isinstance(value, dict):
            raise BadInput(f"{source} 第 1 条：应是一个对象（{{…}}）")
        yield "第 1 条", value


def _line_value(line: str, number: int, source: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"{source} 第 {number} 行不是有效的 JSON：{error.msg}") from None
    except RecursionError:
        raise BadInput(f"{source} 第 {number} 行 嵌套太深，不是 bgs 能读的 JSON") from None


def _line_object(number: int, value, line: str, source: str) -> tuple[str, dict]:
    _check_text(value, line, f"{source} 第 {number} 行")
    if not isinstance(value, dict):
        raise BadInput(f"{source} 第 {number} 行：应是一个对象（{{…}}）")
    return f"第 {number} 行", value


def _text_lines(head: str, text: "TextIO", chunk: int) -> "Iterator[str]":
    """Lines (ended by LF, CR LF or CR) of `head` and what follows it in `text`, a piece at a time."""
    import re

    line_end = re.compile(_LINE_END)
    pending, eof = head, False
    while not eof:
        piece = text.read(chunk)
        eof = not piece
        pending += piece
        carried = ""
        if not eof and pending.endswith("\r"):  # its LF may start the next piece
            pending, carried = pending[:-1], "\r"
        parts = line_end.split(pending)
        pending = "" if eof else parts.pop() + carried
        yield from parts


def fields_object(copied: "ItemFields") -> dict:
    """The copied fields as the contract has always shown them: as stored item columns (codes, 0/1,
    tags as JSON text), by name in order. Scripts read it so; typing the record did not change it."""
    shown = {}
    for name, value in sorted(copied.given().items()):
        if isinstance(value, Coded):
            value = value.code
        elif isinstance(value, bool):
            value = int(value)
        elif name == "tags":
            value = json.dumps(list(value), ensure_ascii=False)
        shown[name] = value
    return shown
