"""Items an import has checked, staged before they are written (`bgs import`, issue #19): rows in the
stored form, in a temporary table of the store's connection, then copied into `items` by one INSERT …
SELECT per batch (ItemRepository.add_staged). The row codec of storage/items.py, spelled out for
100,000 rows."""

import json
import sqlite3
from datetime import date, datetime

from bangongshi.errors import BadInput
from bangongshi.model import Item
from bangongshi.storage.bulk import CODED, DAYS, FLAGS, INTEGERS, MOMENTS
from bangongshi.storage.codec import clock_text, stamp

# The columns a staged item fills, in the order of staged_values: every column but the id (the store
# gives it) and the sealed text (staged items are never locked; a locked one goes through
# Transaction.insert, which seals its text as it is written).
STAGED_COLUMNS = (
    "uuid", "title", "notes", "folder", "kind", "important", "urgent", "due", "due_time", "at",
    "duration_minutes", "location", "key", "constrained", "source", "assigned_at", "attention",
    "report_required", "handler", "tags", "estimate_minutes", "major", "locked", "created", "updated", "done_at",
    "result", "recurrence_id", "occurrence", "hand_edited", "parent_id", "step", "step_from", "step_offset",
    "follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at", "handoff_to", "handoff_at",
    "acknowledged_at", "spent_minutes", "remind",
)
STAGING_TABLE = "temp.import_items"
BULK_CACHE_KIB = -16384  # SQLite's page cache while staged items go in: 16 MiB (the default is 2)


def _day_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class _Texts:
    """The stored text of values an import repeats, worked out once: a moment by the object itself
    (the import hands the same datetime for the same text), a list of tags by its value."""

    def __init__(self):
        self.moments: dict[int, tuple[datetime, str]] = {}
        self.tags: dict[tuple, str] = {}

    def moment(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        found = self.moments.get(id(value))
        if found is not None and found[0] is value:  # (held here, so its id is not another's)
            return found[1]
        if len(self.moments) > 10_000:
            self.moments.clear()
        text = self.moments[id(value)] = (value, stamp(value))
        return text[1]

    def tag_list(self, value: tuple) -> str:
        if not value:
            return "[]"
        found = self.tags.get(value)
        if found is None:
            if len(self.tags) > 10_000:
                self.tags.clear()
            found = self.tags[value] = json.dumps(list(value), ensure_ascii=False)
        return found


def staged_values(item: Item, texts: _Texts | None = None) -> tuple:
    """to_row(item) for STAGED_COLUMNS, spelled out rather than looped: it runs once per imported item
    (a moment is turned into text only when there is one; a flag is 1 or 0 as bool() says). The item,
    a named tuple, is unpacked in its fields' order at once, cheaper than fifty attribute reads
    (tests/test_bulk_import.py compares the result with to_row on every kind of value)."""
    texts = texts or _Texts()
    m = texts.moment
    (title, folder, _, uuid, notes, kind, important, urgent, due, due_time, at, duration, location, key, constrained,
     source, assigned_at, attention, report_required, handler, tags, estimate, major, locked, created, updated, done_at,
     result, recurrence_id, occurrence, hand_edited, parent_id, step, step_from, step_offset, follow_every,
     follow_rrule, follow_policy, delegated_at, reported_at, handoff_to, handoff_at, acknowledged_at, spent, _,
     remind) = item
    return (
        uuid, title, notes, folder.code, kind.code if kind else None, 1 if important else 0,
        1 if urgent else 0, _day_text(due), clock_text(due_time), None if at is None else m(at),
        duration, location, 1 if key else 0, 1 if constrained else 0, source,
        None if assigned_at is None else m(assigned_at), attention.code if attention else None,
        1 if report_required else 0, handler, texts.tag_list(tuple(tags)) if tags else "[]",
        estimate, 1 if major else 0, 1 if locked else 0, m(created), m(updated),
        None if done_at is None else m(done_at), result, recurrence_id, _day_text(occurrence),
        1 if hand_edited else 0, parent_id, step, step_from, step_offset, follow_every, follow_rrule,
        follow_policy, None if delegated_at is None else m(delegated_at),
        None if reported_at is None else m(reported_at), handoff_to,
        None if handoff_at is None else m(handoff_at), None if acknowledged_at is None else m(acknowledged_at),
        spent, remind,
    )


COLUMN_INDEX = {column: n for n, column in enumerate(STAGED_COLUMNS)}


class ItemStaging:
    """Items an import has checked, waiting to be written (`ItemRepository.add_staged`) in a temporary
    table of this connection. SQLite keeps a temporary database in a file of its own once it outgrows
    a small cache, so memory stays flat however many items a file holds; nothing of the store is
    locked or written while items are staged."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.count = 0  # staged so far; item n (1-based) is row n
        self.texts = _Texts()
        conn.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")
        conn.execute(f"CREATE TABLE {STAGING_TABLE} (n INTEGER PRIMARY KEY, {', '.join(STAGED_COLUMNS)})")

    def add(self, items: list[Item]) -> None:
        if any(item.locked for item in items):
            raise ValueError("a locked item is written by Transaction.insert, which seals it")
        self.add_rows([self.row_of(item) for item in items])

    def row_of(self, item: Item) -> tuple:
        """The staged row of `item` (staged_values, with this import's texts worked out once)."""
        return staged_values(item, self.texts)

    def add_rows(self, rows: list[tuple]) -> None:
        """Stage rows made by row_of, or by an import's plain lane (COLUMN_INDEX, default_row)."""
        if not rows:
            return
        # n is the rowid SQLite gives, 1, 2, 3… in the order of the rows (the table only grows).
        columns = ", ".join(STAGED_COLUMNS)
        marks = ", ".join("?" for _ in STAGED_COLUMNS)
        # One transaction per batch (of the temporary database only): not a commit per row.
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        self.conn.executemany(f"INSERT INTO {STAGING_TABLE} ({columns}) VALUES ({marks})", rows)
        if own:
            self.conn.execute("COMMIT")
        self.count += len(rows)

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {STAGING_TABLE}")


# ---- an import of our own export: rows straight from its objects ---------------------------------------

_FLAG_COLUMNS = frozenset(FLAGS) - {"locked"}
_MOMENT_COLUMNS = frozenset(MOMENTS)
_NUMBER_COLUMNS = frozenset((*INTEGERS, "remind")) - {"id"}
_TEXT, _FLAG, _MOMENT, _LINK = object(), object(), object(), object()
_UUID, _TITLE, _FOLDER = COLUMN_INDEX["uuid"], COLUMN_INDEX["title"], COLUMN_INDEX["folder"]
_CREATED, _UPDATED, _DONE_AT = COLUMN_INDEX["created"], COLUMN_INDEX["updated"], COLUMN_INDEX["done_at"]


class PlainRows:
    """The staged rows (staged_values) of objects keyed by the Item's fields, their values as `bgs
    export --format json` writes them, made without an Item: most of a large import is such objects,
    and an Item each, then staged_values of it, were two thirds of the time they took (issue #19).
    The values are read and checked by the caller's `reader` (services.contract_items: the contract's
    parsing, its limits, the office's time zone), each distinct text once; this class knows the row.

    `reader` gives moment(text) -> datetime, day(text) -> date, clock(text) -> time, tags(list) ->
    tuple, title(text) -> str, text(column, value) (None, or it raises), number(value) -> int and
    uuid(text) -> str; each raises ValueError, TypeError or BadInput for a value it refuses.
    `ignored`: keys that are no field (labels, the store's id); `links`: fields checked, then dropped
    (rows of another store). Any other key, or a value of another type or refused, and row() gives
    None: the caller makes the Item, which names what is wrong (tests/test_bulk_import.py holds the
    rows equal to staged_values of that Item)."""

    def __init__(self, reader, now: datetime, ignored: frozenset[str], links: tuple[str, ...]):
        self.reader = reader
        self.blank = list(staged_values(Item(title="")))
        self.now = stamp(now)
        self.stored: dict = {}  # (column, text) or a moment's text -> its stored value, each worked out once
        self.shapes: dict[tuple, tuple | bool] = {}  # an object's keys, in order -> how it is read
        self.lane: dict[str, tuple] = {key: (None, None) for key in ignored}
        self.lane.update((key, (None, _LINK)) for key in links)
        for column, index in COLUMN_INDEX.items():
            if column in self.lane:
                continue
            if column in _FLAG_COLUMNS:
                how = _FLAG
            elif column in _MOMENT_COLUMNS:
                how = _MOMENT
            elif column in _NUMBER_COLUMNS:
                how = reader.number
            elif column in DAYS:
                how = self._once(column, lambda text: reader.day(text).isoformat())
            elif column == "due_time":
                how = self._once(column, lambda text: clock_text(reader.clock(text)))
            elif column in CODED:
                how = {member.code: member.code for member in CODED[column]}.__getitem__
            elif column == "tags":
                how = self._tags
            elif column == "locked":
                how = _unlocked
            elif column == "uuid":
                how = reader.uuid
            else:
                how = _TEXT
            self.lane[column] = (index, how)

    def row(self, obj: dict) -> tuple[str, tuple] | None:
        """(uuid, the staged row) of `obj`, or None: not such an object, or a value the reader refuses."""
        keys = tuple(obj)
        shape = self.shapes.get(keys)
        if shape is None:
            if len(self.shapes) > 1000:  # a file of ever new shapes: keep memory flat
                self.shapes.clear()
            shape = self.shapes[keys] = self._shape(keys)
        if shape is False:
            return None
        take, plan = shape
        row, stored, reader = self.blank.copy(), self.stored, self.reader
        try:
            for (index, how), value in zip(plan, take(obj)):
                if value is None:
                    continue
                if how is _TEXT:
                    if type(value) is not str:
                        return None
                    if value:
                        reader.text(STAGED_COLUMNS[index], value)
                    row[index] = value
                elif how is _FLAG:
                    if value is not True and value is not False:
                        return None
                    row[index] = 1 if value else 0
                elif how is _MOMENT:
                    found = stored.get(value) if type(value) is str else None
                    if found is None:
                        if type(value) is not str:
                            return None
                        found = self._remember(value, stamp(reader.moment(value)))
                    row[index] = found
                elif how is _LINK:
                    reader.number(value)
                else:
                    row[index] = how(value)
            title = obj.get("title")
            if type(title) is not str:
                return None
            row[_TITLE] = reader.title(title)
        except (ValueError, TypeError, KeyError, BadInput):
            return None
        uuid = row[_UUID]
        if not uuid:
            return None
        if row[_CREATED] is None:
            row[_CREATED] = self.now
        if row[_UPDATED] is None:
            row[_UPDATED] = row[_CREATED]
        if row[_FOLDER] == "done":
            if row[_DONE_AT] is None:
                row[_DONE_AT] = row[_UPDATED]
        else:
            row[_DONE_AT] = None
        return uuid, tuple(row)

    def _shape(self, keys: tuple[str, ...]):
        """How objects with these keys (in this order) are read: (a function taking the values that
        matter, (column, how) for each), or False: such objects are not read here."""
        from operator import itemgetter

        if any(key not in self.lane for key in keys):
            return False
        wanted = [key for key in keys if self.lane[key][1] is not None]
        if not wanted:
            return False
        take = itemgetter(*wanted) if len(wanted) > 1 else (lambda obj, key=wanted[0]: (obj[key],))
        return take, tuple(self.lane[key] for key in wanted)

    def _remember(self, key, value):
        if len(self.stored) > 100_000:  # a file of ever new texts: keep memory flat
            self.stored.clear()
        self.stored[key] = value
        return value

    def _once(self, column: str, convert):
        stored = self.stored

        def read(text):
            if type(text) is not str:
                raise TypeError(text)
            found = stored.get((column, text))
            return self._remember((column, text), convert(text)) if found is None else found
        return read

    def _tags(self, value) -> str:
        if type(value) is not list:
            raise TypeError(value)
        key = ("tags", *value)
        found = self.stored.get(key)
        if found is None:
            if any(type(tag) is not str for tag in value):
                raise TypeError(value)
            tags = self.reader.tags(value)
            found = self._remember(key, json.dumps(list(tags), ensure_ascii=False) if tags else "[]")
        return found


def _unlocked(value) -> int:
    if value is not False:  # a locked item is sealed as it is written: the Item's way
        raise ValueError(value)
    return 0
