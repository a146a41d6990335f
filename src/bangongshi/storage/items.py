"""Items: the row codec and the queries. Rows hold ISO text; Items hold dates and enums."""

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

from bangongshi.model import Attention, Folder, Item, ItemFilter, Kind
from bangongshi.storage.codec import clock, clock_text, day, moment, stamp
from bangongshi.storage.repository import FOLLOWED, Repository, damaged

TYPE_CHECKING = False  # not typing's: a type checker takes any constant of this name as true
if TYPE_CHECKING:  # `bgs add` loads this module, and typing costs it 2.5 ms (tests/test_startup.py)
    from bangongshi.storage.fact_groups import FactGroups

__all__ = ["ITEM_COLUMNS", "ItemFilter", "ItemRepository", "from_row", "to_row"]

ITEM_COLUMNS = Item._fields


def to_row(item: Item) -> dict:
    row = {name: _column(name, getattr(item, name)) for name in ITEM_COLUMNS}
    if row["id"] is None:
        del row["id"]
    return row


def _column(name: str, value):
    """One item field as its column holds it."""
    if isinstance(value, Folder | Kind | Attention):
        return value.code
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return clock_text(value)
    if isinstance(value, bool):
        return int(value)
    if name == "tags":
        return json.dumps(list(value), ensure_ascii=False)
    return value


def from_row(row: dict) -> Item:
    """The item of a stored row; a row whose values cannot be read (changed by another program, a
    damaged page) is a damaged store (exit 5), named by its number."""
    try:
        return _item(row)
    except (ValueError, TypeError, KeyError) as error:
        raise damaged(row.get("id"), error) from None


# Text columns that another program could have filled with a BLOB (bytes), which nothing downstream
# expects; checked by type, which costs far less than decoding every value in Python.
_TEXT_COLUMNS = ("title", "notes", "result", "location", "source", "handler", "handoff_to", "tags")


def _item(row: dict) -> Item:
    for column in _TEXT_COLUMNS:
        if type(row[column]) is bytes:
            raise TypeError(f"{column} 列里存的是二进制数据")
    return Item(
        id=row["id"],
        uuid=row["uuid"],
        title=row["title"],
        notes=row["notes"],
        folder=Folder.from_code(row["folder"]),
        kind=Kind.from_code(row["kind"]),
        important=bool(row["important"]),
        urgent=bool(row["urgent"]),
        due=day(row["due"]),
        due_time=clock(row["due_time"]),
        at=moment(row["at"]),
        duration_minutes=row["duration_minutes"],
        location=row["location"],
        key=bool(row["key"]),
        constrained=bool(row["constrained"]),
        source=row["source"],
        assigned_at=moment(row["assigned_at"]),
        attention=Attention.from_code(row["attention"]),
        report_required=bool(row["report_required"]),
        handler=row["handler"],
        tags=_tags(row["tags"]),
        estimate_minutes=row["estimate_minutes"],
        major=bool(row["major"]),
        locked=bool(row["locked"]),
        created=moment(row["created"]),
        updated=moment(row["updated"]),
        done_at=moment(row["done_at"]),
        result=row["result"],
        recurrence_id=row["recurrence_id"],
        occurrence=day(row["occurrence"]),
        hand_edited=bool(row["hand_edited"]),
        parent_id=row["parent_id"],
        step=row["step"],
        step_from=row["step_from"],
        step_offset=row["step_offset"],
        follow_every=row["follow_every"],
        follow_rrule=row["follow_rrule"],
        follow_policy=row["follow_policy"],
        delegated_at=moment(row["delegated_at"]),
        reported_at=moment(row["reported_at"]),
        handoff_to=row["handoff_to"],
        handoff_at=moment(row["handoff_at"]),
        acknowledged_at=moment(row["acknowledged_at"]),
        spent_minutes=row["spent_minutes"],
        sealed=row["sealed"],
        remind=row["remind"],
    )


def _tags(text: str) -> tuple[str, ...]:
    # Most items have no tags: the stored '[]' needs no JSON parser. An office uses a few dozen sets of
    # tags, so each text is parsed once (json.loads is a fifth of decoding a tagged row).
    found = _TAG_SETS.get(text)
    if found is None:
        found = () if text == "[]" else tuple(json.loads(text))
        if len(_TAG_SETS) < 4096:  # bounded: a bulk read of 100,000 rows with free-form tags
            _TAG_SETS[text] = found
    return found


_TAG_SETS: dict[str, tuple[str, ...]] = {}


def _items(cursor: sqlite3.Cursor) -> list[Item]:
    names = [d[0] for d in cursor.description]
    return [from_row(dict(zip(names, row))) for row in cursor]


def _streamed(cursor: sqlite3.Cursor) -> Iterator[Item]:
    """The cursor's items one at a time, each decoded as it is read: a bulk output of 100,000 items
    holds one row at a time, never the list."""
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield from_row(dict(zip(names, row)))


def _span(first: date | None, last: date | None) -> tuple[str, list[str]]:
    """Any of an item's days (due; the day of created, at, done_at) in [first, last]. A stored moment's
    text starts with its day as the item holds it (codec.stamp: ISO 8601 with the UTC offset), so its
    first ten characters are the day Python's `.date()` gives, and SQLite compares them as text."""
    bounds, params = [], []
    if first is not None:
        bounds.append(">= ?")
        params.append(first.isoformat())
    if last is not None:
        bounds.append("<= ?")
        params.append(last.isoformat())
    if not bounds:
        return "1", []
    days = ("due", "substr(created, 1, 10)", "substr(at, 1, 10)", "substr(done_at, 1, 10)")
    condition = " OR ".join(" AND ".join(f"{column} {bound}" for bound in bounds) for column in days)
    return f"({condition})", params * len(days)


# What domain.ranking.Candidate holds, in its order.
_CANDIDATE_COLUMNS = ("id, folder, important, urgent, key, constrained, locked, due, assigned_at, attention, "
                      "estimate_minutes, kind, at, duration_minutes, report_required, handler")


def _candidates(rows) -> list:
    from bangongshi.domain.ranking import Candidate

    found = []
    for (item_id, folder, important, urgent, key, constrained, locked, due, assigned, level, estimate, kind, at,
         duration, report, handler) in rows:
        try:
            found.append(Candidate(item_id, Folder.from_code(folder), bool(important), bool(urgent), bool(key),
                                   bool(constrained), bool(locked), day(due),
                                   moment(assigned).date() if assigned else None, Attention.from_code(level),
                                   estimate, Kind.from_code(kind), moment(at), duration, bool(report), bool(handler)))
        except (ValueError, TypeError, AttributeError) as error:
            raise damaged(item_id, error) from None
    return found


ID_CHUNK = 5000  # ids a statement looks up at a time (as one JSON array: no limit on bound parameters)


class ItemRepository(Repository):
    """The items table: reads return Items; writes go through the caller's Transaction."""

    def get(self, item_id: int) -> Item | None:
        return self.get_many([item_id]).get(item_id)

    def add(self, tx, item: Item) -> int:
        """Insert a new item; its id."""
        return tx.insert("item", to_row(item))

    def update(self, tx, item: Item) -> None:
        """Write every field of `item` over the stored row."""
        tx.update("item", item.id, to_row(item))

    def change(self, tx, item_id: int, **values) -> None:
        """Write only the fields named (a lock or an unlock touches no text, so none is re-sealed)."""
        tx.update("item", item_id, {name: _column(name, value) for name, value in values.items()})

    def delete(self, tx, item_id: int) -> None:
        tx.delete("item", item_id)

    @contextmanager
    def staging(self) -> Iterator["ItemStaging"]:
        """A place for the items an import checks before it writes them (storage/item_staging.py)."""
        from bangongshi.storage.item_staging import ItemStaging

        staged = ItemStaging(self.conn)
        try:
            yield staged
        finally:
            staged.close()

    def add_staged(self, tx, staged: "ItemStaging", first: int, last: int) -> int:
        """Insert staged items first..last (1-based, in order) in one statement, journaled without a
        copy of each row (Transaction.insert_selected). How many were inserted."""
        from bangongshi.storage.item_staging import BULK_CACHE_KIB, STAGED_COLUMNS, STAGING_TABLE

        select = f"SELECT {', '.join(STAGED_COLUMNS)} FROM {STAGING_TABLE} WHERE n BETWEEN ? AND ? ORDER BY n"
        # Rows go in by uuid (random) into the unique index: a larger page cache for this statement keeps
        # its pages from being written out and read back (a third less time at 100,000 items).
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        try:
            return tx.insert_selected("item", STAGED_COLUMNS, select, (first, last))
        finally:
            self.conn.execute(f"PRAGMA cache_size = {cache}")

    def existing_uuids(self, uuids: list[str]) -> set[str]:
        """Which of these uuids the store holds (an index lookup each, no row read)."""
        found: set[str] = set()
        for start in range(0, len(uuids), 500):  # stay under SQLite's limit on bound parameters
            chunk = uuids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update(r[0] for r in self.conn.execute(f"SELECT uuid FROM items WHERE uuid IN ({marks})", chunk))
        return found

    @staticmethod
    def same_stored(a: Item, b: Item, sealed: bool = True) -> bool:
        """Whether the two would be stored alike (dates to the second, tags in order); `sealed=False`:
        leaving the sealed text out of it."""
        if not sealed:
            from bangongshi.storage.item_staging import staged_values

            return a.id == b.id and staged_values(a) == staged_values(b)
        return to_row(a) == to_row(b)

    def query(self, wanted: ItemFilter) -> list[Item]:
        return _items(self.conn.execute(*self._query_sql(wanted)))

    def stream(self, wanted: ItemFilter) -> Iterator[Item]:
        """What `query` returns, in its order, read lazily (`list --all --format json`)."""
        return _streamed(self.conn.execute(*self._query_sql(wanted)))

    @staticmethod
    def _query_sql(wanted: ItemFilter, columns: str = "*") -> tuple[str, list]:
        conditions = [f"folder IN ({', '.join('?' for _ in wanted.folders)})"]
        params: list = [f.code for f in wanted.folders]
        if Folder.DONE not in wanted.folders:
            # Spelled out so that SQLite may use the partial index on open items.
            conditions.append("folder != 'done'")
        if wanted.search:
            # instr, not LIKE: LIKE folds case only for ASCII and treats % and _ as wildcards.
            conditions.append("(instr(lower(title), lower(?)) > 0 OR instr(lower(notes), lower(?)) > 0)")
            params += [wanted.search, wanted.search]
        if wanted.source:
            conditions.append("source = ?")
            params.append(wanted.source)
        if wanted.kind:
            conditions.append("kind = ?")
            params.append(wanted.kind.code)
        for tag in wanted.tags:
            conditions.append("EXISTS (SELECT 1 FROM json_each(items.tags) WHERE value = ?)")
            params.append(tag)
        if wanted.due_earlier_than:
            conditions.append("due < ?")
            params.append(wanted.due_earlier_than.isoformat())
        if wanted.due_on_or_before:
            conditions.append("due <= ?")
            params.append(wanted.due_on_or_before.isoformat())
        if wanted.due_on_or_after:
            conditions.append("due >= ?")
            params.append(wanted.due_on_or_after.isoformat())
        # Open items first, ad-hoc (临时) before planned, by deadline; then handled ones, newest first.
        sql = (
            f"SELECT {columns} FROM items WHERE {' AND '.join(conditions)} "
            "ORDER BY folder = 'done', folder != 'temp', due IS NULL, due, due_time IS NULL, due_time, "
            "done_at DESC, id"
        )
        if wanted.limit:
            sql += f" LIMIT {int(wanted.limit)}"
        return sql, params

    def iter_all(self, folders: tuple[Folder, ...], first: date | None = None, last: date | None = None,
                 *, locked: bool = True) -> Iterator[Item]:
        """Every item of `folders` with any of its days in [first, last] (either may be open), by id,
        read lazily (`bgs export`); without the locked ones unless `locked`."""
        where, params = self._export_where(folders, first, last)
        if not locked:
            where += " AND locked = 0"
        return _streamed(self.conn.execute(f"SELECT * FROM items WHERE {where} ORDER BY id", params))

    def iter_all_texts(self, fmt: str, keys: tuple[str, ...], folders: tuple[Folder, ...], first: date | None = None,
                       last: date | None = None, *, locked: bool = True, raw: bool = False) -> Iterator[bytes | Item]:
        """`iter_all`'s items as the UTF-8 of their JSON objects (`fmt` "json") or CSV lines ("csv", formula-like
        cells marked unless `raw`) of `keys`, made by SQLite (storage/bulk.py); an Item where only Python
        writes the row as formats/ do (then the caller writes that one)."""
        from bangongshi.storage import bulk

        where, params = self._export_where(folders, first, last)
        if not locked:
            where += " AND locked = 0"
        if fmt == "json" and not bulk.sqlite_json_agrees(self.conn):
            return _streamed(self.conn.execute(f"SELECT * FROM items WHERE {where} ORDER BY id", params))
        made = bulk.json_object(keys) if fmt == "json" else bulk.csv_line(keys, raw)
        # As a BLOB: the UTF-8 as SQLite made it, never decoded into a str to be encoded again.
        rows = self.conn.execute(f"SELECT id, CAST({made} AS BLOB) FROM items WHERE {where} ORDER BY id", params)
        return self._written(rows, fmt == "csv")

    def stream_texts(self, fmt: str, keys: tuple[str, ...], wanted: ItemFilter, *,
                     raw: bool = False) -> Iterator[bytes | Item]:
        """`stream`'s items in its order, as `iter_all_texts` gives them. SQLite sorts the ids alone, and the
        texts are made for a chunk of them at a time, in the ids' order (_in_order): sorting the texts
        themselves moved 140 MB through SQLite's temporary file for 110,000 items."""
        from bangongshi.storage import bulk

        if not bulk.sqlite_json_agrees(self.conn):  # the ids' order is kept through json_each (_in_order)
            return self.stream(wanted)
        ids = self.conn.execute(*self._query_sql(wanted, "id"))
        made = bulk.json_object(keys) if fmt == "json" else bulk.csv_line(keys, raw)
        return self._in_order(ids, made, fmt == "csv")

    def _in_order(self, ids: sqlite3.Cursor, made: str, lines: bool) -> Iterator[bytes | Item]:
        # A chunk of ids as one JSON array, whose elements json_each gives in order as the outer loop
        # (CROSS JOIN keeps it outside): the rows come in the ids' order, each looked up by its rowid.
        # Binding each id (id IN (?, ?, …), put back in order in Python) cost a fifth more.
        statement = (f"WITH wanted(wanted_id) AS (SELECT value FROM json_each(?)) "
                     f"SELECT items.id, CAST({made} AS BLOB) FROM wanted CROSS JOIN items ON items.id = wanted_id")
        while chunk := [row[0] for row in ids.fetchmany(ID_CHUNK)]:
            yield from self._written(self.conn.execute(statement, (json.dumps(chunk),)), lines)

    def _written(self, rows, lines: bool) -> Iterator[bytes | Item]:
        """Each row's text; the Item where SQLite gave none or marked it (storage/bulk.py MARK), or for a CSV
        line with a line break, a CR or a NUL in a cell (Python's writer quotes every cell of such a row:
        formats/csv.py). A cell holding MARK itself is read as an Item too, which writes it alike."""
        for item_id, text in rows:
            if text is not None and b"\x01" not in text and not (
                    lines and (b"\n" in text or b"\r" in text or b"\0" in text)):
                yield text
            elif (item := self.get(item_id)) is not None:  # None: deleted by another window since
                yield item

    def count_all(self, folders: tuple[Folder, ...], first: date | None = None,
                  last: date | None = None) -> tuple[int, int]:
        """How many items `iter_all` would give with the locked ones, and how many of them are locked."""
        where, params = self._export_where(folders, first, last)
        total, locked = self.conn.execute(f"SELECT count(*), total(locked != 0) FROM items WHERE {where}", params).fetchone()
        return total, int(locked)

    @staticmethod
    def _export_where(folders: tuple[Folder, ...], first: date | None, last: date | None) -> tuple[str, list]:
        span, params = _span(first, last)
        return f"folder IN ({', '.join('?' for _ in folders)}) AND {span}", [f.code for f in folders] + params

    def get_many(self, ids: list[int]) -> dict[int, Item]:
        found: dict[int, Item] = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            cursor = self.conn.execute(f"SELECT * FROM items WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
            found.update((item.id, item) for item in _items(cursor))
        return found

    def by_uuids(self, uuids: list[str]) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for start in range(0, len(uuids), 500):  # stay under SQLite's limit on bound parameters
            chunk = uuids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.update((i.uuid, i) for i in _items(self.conn.execute(f"SELECT * FROM items WHERE uuid IN ({marks})", chunk)))
        return found

    def major(self) -> list[Item]:
        return _items(self.conn.execute("SELECT * FROM items WHERE major = 1 ORDER BY id"))

    def children(self, parent_id: int) -> list[Item]:
        """The steps laid out under an item by a template, by date."""
        return _items(self.conn.execute("SELECT * FROM items WHERE parent_id = ? ORDER BY due, id", (parent_id,)))

    def open_titled(self, title: str, limit: int = 3) -> list[tuple[int, Folder]]:
        """Open items with exactly this title, oldest first: a new item's duplicates (one lookup in
        the index items_open_title, so `bgs add` stays flat in the store's size)."""
        rows = self.conn.execute("SELECT id, folder FROM items WHERE title = ? AND folder != 'done' ORDER BY id LIMIT ?",
                                 (title, limit))
        return [(item_id, Folder.from_code(folder)) for item_id, folder in rows]

    def followed_closed_between(self, start: datetime, end: datetime) -> dict[str, int]:
        """Followed items (the 督办台账's) whose result was reported back, and handoffs received, in
        [start, end): read along the small partial index items_followed."""
        bounds = (stamp(start), stamp(end))
        row = self.conn.execute(
            "SELECT coalesce(sum(reported_at >= ? AND reported_at < ?), 0), "
            f"coalesce(sum(acknowledged_at >= ? AND acknowledged_at < ?), 0) FROM items WHERE {FOLLOWED}",
            bounds * 2).fetchone()
        return {"reported": row[0], "acknowledged": row[1]}

    def has_any(self) -> bool:
        # Not count(*): that walks every row, 7 ms at 100k items, on the path of every bare `bgs`.
        return self.conn.execute("SELECT 1 FROM items LIMIT 1").fetchone() is not None

    def folder_before_done(self, item_id: int) -> Folder | None:
        """The folder an item sat in before it was last moved to 已处理, from the journal."""
        row = self.conn.execute(
            "SELECT json_extract(before, '$.folder') FROM changes "
            "WHERE entity = 'item' AND entity_id = ? AND json_extract(after, '$.folder') = 'done' "
            "AND json_extract(before, '$.folder') IN ('todo', 'temp') ORDER BY id DESC LIMIT 1",
            (item_id,),
        ).fetchone()
        return Folder.from_code(row[0]) if row else None

    def open_fact_groups(self, listed: Iterable[int] = (), assigned_floor: date | None = None,
                         reach=None) -> "FactGroups":
        """Open items grouped by the facts ranking reads, counted, without their ids
        (storage/fact_groups.py), so that ranking scores each distinct set of facts once instead of each
        item. `listed`: the 次日 list, whose items make groups of their own. `assigned_floor`: assignments
        before this day are read as made on it, as ranking cannot tell them apart
        (domain.ranking.age_floor); a year of history then makes a few groups, not hundreds. `reach`
        (domain.agenda.Reach, the morning view): only the groups that can hold a section's first rows are
        read; the other items are counted, by set of flags, in FactGroups.rest."""
        from bangongshi.storage import fact_groups

        return fact_groups.read(self.conn, listed, assigned_floor, reach)

    def fact_group_ids(self, groups: "FactGroups", positions: Iterable[int], limit: int | None) -> dict[int, list[int]]:
        """The ids of the groups at `positions` of `groups.rows`, lowest first: the first `limit` of each
        (all when None)."""
        from bangongshi.storage import fact_groups

        return fact_groups.ids(self.conn, groups, positions, limit)

    def candidates(self, ids: list[int]) -> dict:
        """The items of `ids` as ranking reads them (domain.ranking.Candidate): a narrow read, for the
        agenda to weigh more rows than it shows and read in full only the ones it shows."""
        found = {}
        for start in range(0, len(ids), 500):  # stay under SQLite's limit on bound parameters
            chunk = ids[start:start + 500]
            found.update((c.id, c) for c in _candidates(self.conn.execute(
                f"SELECT {_CANDIDATE_COLUMNS} FROM items WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)))
        return found

    def open_appointment_candidates(self, start: datetime, end: datetime) -> list:
        """Open items whose start (`at`) falls in [start, end), by start, as ranking reads them."""
        return _candidates(self.conn.execute(
            f"SELECT {_CANDIDATE_COLUMNS} FROM items WHERE at >= ? AND at < ? AND folder != 'done' ORDER BY at, id",
            (stamp(start), stamp(end))))

    def appointments_between(self, start: datetime, end: datetime) -> list[Item]:
        """Items whose start (`at`) falls in [start, end), whatever their folder."""
        cursor = self.conn.execute("SELECT * FROM items WHERE at >= ? AND at < ? ORDER BY at, id", (stamp(start), stamp(end)))
        return _items(cursor)

    def open_due_between(self, first: date, last: date) -> list[Item]:
        cursor = self.conn.execute(
            "SELECT * FROM items WHERE folder != 'done' AND due BETWEEN ? AND ? ORDER BY due, due_time IS NULL, due_time, id",
            (first.isoformat(), last.isoformat()),
        )
        return _items(cursor)

    def done_between(self, start: datetime, end: datetime) -> list[Item]:
        cursor = self.conn.execute("SELECT * FROM items WHERE folder = 'done' AND done_at >= ? AND done_at < ? "
                                   "ORDER BY done_at, id", (stamp(start), stamp(end)))
        return _items(cursor)

    def count_done_between(self, start: datetime, end: datetime) -> int:
        """How many items done_between would give, counted through the index items_done_at."""
        return self.conn.execute("SELECT count(*) FROM items WHERE folder = 'done' AND done_at >= ? AND done_at < ?",
                                 (stamp(start), stamp(end))).fetchone()[0]

    def count_created_between(self, start: datetime, end: datetime) -> int:
        return self.conn.execute("SELECT count(*) FROM items WHERE created >= ? AND created < ?",
                                 (stamp(start), stamp(end))).fetchone()[0]

    def first_open_due_before(self, day: date, limit: int) -> list[Item]:
        """The first `limit` of query(ItemFilter(due_earlier_than=day)), in its order (临时 first, then by
        deadline), read as two walks of the index items_open_due, one a folder, each stopping at
        `limit`: a year's backlog of overdue items (tens of thousands) is neither read nor sorted."""
        first = ("SELECT * FROM (SELECT id FROM items WHERE folder != 'done' AND folder = '{folder}' AND due < :day "
                 "ORDER BY due, due_time IS NULL, due_time, done_at DESC, id LIMIT :limit)")
        ids = [row[0] for row in self.conn.execute(
            f"{first.format(folder='temp')} UNION ALL {first.format(folder='todo')} LIMIT :limit",
            {"day": day.isoformat(), "limit": limit})]
        found = self.get_many(ids)
        return [found[i] for i in ids if i in found]

    def count_open_due_before(self, day: date) -> int:
        """How many open items are overdue on `day` (as query(ItemFilter(due_earlier_than=day)) lists them)."""
        return self.conn.execute("SELECT count(*) FROM items WHERE folder != 'done' AND due < ?",
                                 (day.isoformat(),)).fetchone()[0]

    def created_between(self, start: datetime, end: datetime) -> list[Item]:
        cursor = self.conn.execute("SELECT * FROM items WHERE created >= ? AND created < ? ORDER BY id", (stamp(start), stamp(end)))
        return _items(cursor)
