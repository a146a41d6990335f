"""Items an import has checked, staged before they are written (`bgs import`, issue #19): rows in the
stored form, in a temporary table of the store's connection, then copied into `items` by one INSERT …
SELECT per batch (ItemRepository.add_staged). The row codec of storage/items.py, spelled out for
100,000 rows."""

import json
import sqlite3
from datetime import date, datetime

from bangongshi.model import Item
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


# What an import's plain lane (services.contract_items.Converter.plain) needs to make a staged row
# itself, without an Item: each column's place, the row of an item whose fields are all at their
# defaults, and the stored form of each kind of value (tests/test_bulk_import.py holds the rows it
# makes equal to staged_values of the Item the object makes).
COLUMN_INDEX = {column: n for n, column in enumerate(STAGED_COLUMNS)}
stored_moment = stamp
stored_clock = clock_text


def stored_day(value: date) -> str:
    return value.isoformat()


def stored_tags(tags: tuple[str, ...]) -> str:
    return json.dumps(list(tags), ensure_ascii=False) if tags else "[]"


def default_row() -> list:
    """The staged row of Item(title=""), as a list to fill in."""
    return list(staged_values(Item(title="")))


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
