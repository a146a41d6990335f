"""Briefs of items (model.brief.ItemBrief) and the counts the long views print instead of lists:
what a month's report, a week and a month read. A month of a busy office holds ~10,000 handled
items; read whole (storage.items) each costs ~40 µs, read here ~2 µs, and what a view only counts
is counted by SQLite."""

import json
import sqlite3
from datetime import date, datetime, time

from bangongshi.model import Folder, Kind
from bangongshi.model.brief import DoneFact, ItemBrief
from bangongshi.storage.codec import stamp
from bangongshi.storage.follow import FOLLOW_STATUS
from bangongshi.storage.repository import FOLLOWED, Repository

BRIEF_COLUMNS = ", ".join(ItemBrief._fields)



def _briefs(cursor: sqlite3.Cursor, rows: list | None = None) -> list[ItemBrief]:
    """The briefs of `rows` (else of the cursor's rows), read from `cursor`'s connection."""
    if rows is None:
        rows = cursor.fetchall()
    try:
        return _decode(rows)
    except (ValueError, TypeError, KeyError) as error:
        for row in rows:
            try:
                _decode([row])
            except (ValueError, TypeError, KeyError):
                _damaged(cursor.connection, row[0])
        raise error


def _damaged(conn: sqlite3.Connection, item_id: int) -> None:
    """A row another program changed, or a damaged page: read whole, the item raises the store's one
    message for a damaged item (storage.items.from_row, exit 5), which names it."""
    from bangongshi.storage.items import _items

    _items(conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)))


def _decode(rows: list) -> list[ItemBrief]:
    folders = {f.code: f for f in Folder}
    kinds: dict = {k.code: k for k in Kind} | {None: None}
    days: dict = {None: None, "": None}
    moment = datetime.fromisoformat
    make = tuple.__new__  # the tuple itself: the named tuple's own __new__ is a Python function (~0.3 µs a row)

    def day(text):
        try:
            return days[text]
        except KeyError:
            days[text] = found = date.fromisoformat(text)
            return found

    found: list[ItemBrief] = []
    append = found.append
    for (item_id, title, folder, kind, key, locked, due, due_time, at, duration, estimate, spent, created, done_at,
         result, source, handler, every, rrule, policy, delegated_at, handoff_to, parent_id) in rows:
        # Text another program may have stored as a BLOB, which nothing downstream expects.
        if bytes in (type(title), type(result), type(source), type(handler), type(handoff_to)):
            raise TypeError("文本列里存的是二进制数据")
        append(make(ItemBrief, (
            item_id, title, folders[folder], kinds[kind], bool(key), bool(locked), day(due),
            time.fromisoformat(due_time) if due_time else None, moment(at) if at else None, duration, estimate, spent,
            moment(created), moment(done_at) if done_at else None, result, source, handler, every, rrule, policy,
            moment(delegated_at) if delegated_at else None, handoff_to, parent_id)))
    return found


class BriefRepository(Repository):
    """The items table as the long views read it: briefs, and counts."""

    def done_between(self, start: datetime, end: datetime, limit: int | None = None) -> list[ItemBrief]:
        """As ItemRepository.done_between (the same rows in the same order), in brief; the first
        `limit` of them, when given."""
        return _briefs(self.conn.execute(
            f"SELECT {BRIEF_COLUMNS} FROM items WHERE folder = 'done' AND done_at >= ? AND done_at < ? "
            "ORDER BY done_at, id LIMIT ?",
            (stamp(start), stamp(end), -1 if limit is None else limit)))

    def open_due_between(self, first: date, last: date) -> list[ItemBrief]:
        """As ItemRepository.open_due_between, in brief."""
        return _briefs(self.conn.execute(
            f"SELECT {BRIEF_COLUMNS} FROM items WHERE folder != 'done' AND due BETWEEN ? AND ? "
            "ORDER BY due, due_time IS NULL, due_time, id", (first.isoformat(), last.isoformat())))

    def appointments_between(self, start: datetime, end: datetime) -> list[ItemBrief]:
        """As ItemRepository.appointments_between, in brief."""
        return _briefs(self.conn.execute(
            f"SELECT {BRIEF_COLUMNS} FROM items WHERE at >= ? AND at < ? ORDER BY at, id", (stamp(start), stamp(end))))

    def created_between(self, start: datetime, end: datetime, limit: int) -> list[ItemBrief]:
        """The first `limit` items of ItemRepository.created_between, in brief."""
        return _briefs(self.conn.execute(
            f"SELECT {BRIEF_COLUMNS} FROM items WHERE created >= ? AND created < ? ORDER BY id LIMIT ?",
            (stamp(start), stamp(end), limit)))

    def open_due_by(self, last: date, limit: int) -> list[ItemBrief]:
        """The first `limit` of ItemRepository.query(ItemFilter(due_on_or_before=last)), in its order
        (临时 before 待办, then by deadline), in brief. One folder at a time, read along the index of
        open items by deadline (`+folder` keeps SQLite off the folder's index): the first few of
        25,000 carried items cost 0.3 ms instead of sorting them all (50 ms)."""
        found: list[ItemBrief] = []
        for folder in (Folder.TEMP, Folder.TODO):
            if len(found) < limit:
                found += _briefs(self.conn.execute(
                    f"SELECT {BRIEF_COLUMNS} FROM items WHERE +folder = ? AND folder != 'done' AND due <= ? "
                    "ORDER BY due, due_time IS NULL, due_time, id LIMIT ?",
                    (folder.code, last.isoformat(), limit - len(found))))
        return found

    def count_open_due_by(self, last: date) -> int:
        """How many open items are due on or before `last` (ItemFilter(due_on_or_before=last))."""
        return self.conn.execute("SELECT count(*) FROM items WHERE folder != 'done' AND due <= ?",
                                 (last.isoformat(),)).fetchone()[0]

    def count_created_between(self, start: datetime, end: datetime) -> int:
        return self.conn.execute("SELECT count(*) FROM items WHERE created >= ? AND created < ?",
                                 (stamp(start), stamp(end))).fetchone()[0]

    def followed(self, today: date, codes: tuple[str, ...]) -> tuple[dict[str, int], list[tuple[str, ItemBrief]]]:
        """The 督办台账 on `today` as a report shows it: how many followed items are in each status (by
        status code), and the items whose status is one of `codes`, (code, brief) by id."""
        counts, status_of, _ = self.ledger_summary(today, codes)
        return counts, [(status_of[b.id], b) for b in self.of_ids(sorted(status_of))]

    def of_ids(self, item_ids: list[int], order: str = "id") -> list[ItemBrief]:
        """The briefs of the items `item_ids` that exist, by number (`order` "done_at": as done_between
        orders them)."""
        by = {"id": "id", "done_at": "done_at, id"}[order]
        return _briefs(self.conn.execute(
            f"SELECT {BRIEF_COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?)) ORDER BY {by}",
            (json.dumps(item_ids),)))

    def done_facts(self, start: datetime, end: datetime) -> list[DoneFact]:
        """What a report counts of each item handled in [start, end) (its kind, its time, its day), in
        done_between's order, without the texts: a month of 10,000 handled items reads in half the
        time of their briefs when the screen shows fifty of them (issue #19)."""
        kinds: dict = {k.code: k for k in Kind} | {None: None}
        moment = datetime.fromisoformat
        make = tuple.__new__
        rows = self.conn.execute(
            "SELECT id, kind, key, at, duration_minutes, estimate_minutes, spent_minutes, done_at FROM items "
            "WHERE folder = 'done' AND done_at >= ? AND done_at < ? ORDER BY done_at, id", (stamp(start), stamp(end)))
        try:
            return [make(DoneFact, (item_id, kinds[kind], bool(key), moment(at) if at else None, duration, estimate,
                                    spent, moment(done_at)))
                    for item_id, kind, key, at, duration, estimate, spent, done_at in rows]
        except (ValueError, TypeError, KeyError):
            # The row that cannot be read, named by the store's one message for a damaged item.
            for item_id, *_ in self.conn.execute(
                    "SELECT id FROM items WHERE folder = 'done' AND done_at >= ? AND done_at < ?",
                    (stamp(start), stamp(end))):
                _briefs(self.conn.execute(f"SELECT {BRIEF_COLUMNS} FROM items WHERE id = ?", (item_id,)))
            raise

    def ledger_summary(self, today: date, codes: tuple[str, ...], start: datetime | None = None,
                       end: datetime | None = None) -> tuple[dict[str, int], dict[int, str], dict[str, int]]:
        """How many followed items are in each status on `today` (by status code), the status code of
        each item whose status is one of `codes` (by id), and in the same pass what
        ItemRepository.followed_closed_between(start, end) counts (results reported back, handoffs
        received in [start, end); zeros without a period). One pass over the followed items (each a
        row of the table: ~30,000 at 100k open, the pass is most of the cost)."""
        marks = ", ".join(f":code{n}" for n in range(len(codes)))
        bounds = {"start": stamp(start) if start else None, "end": stamp(end) if end else None}
        counts, status_of = {}, {}
        reported = acknowledged = 0
        for status, count, ids, closed, received in self.conn.execute(
                f"SELECT status, count(*), group_concat(id) FILTER (WHERE status IN ({marks})), sum(closed), "
                f"sum(received) FROM (SELECT {FOLLOW_STATUS} AS status, id, "
                "reported_at >= :start AND reported_at < :end AS closed, "
                f"acknowledged_at >= :start AND acknowledged_at < :end AS received FROM items WHERE {FOLLOWED}) "
                "GROUP BY status",
                {"today": today.isoformat(), **bounds, **{f"code{n}": code for n, code in enumerate(codes)}}):
            counts[status] = count
            reported += closed or 0
            acknowledged += received or 0
            if ids:
                status_of.update((int(i), status) for i in ids.split(","))
        return counts, status_of, {"reported": reported, "acknowledged": acknowledged}

    def planned(self, first: date, last: date) -> list[tuple[date, datetime | None]]:
        """The items on the 次日 lists of the days first…last, as PlanRepository.get reads them (a list
        saved for the day, its items that still exist): (the list's day, when the item was done)."""
        found = []
        for day, item_id, done_at in self.conn.execute(
                "SELECT e.day, i.id, i.done_at FROM plans p JOIN plan_entries e ON e.day = p.day "
                "JOIN items i ON i.id = e.item_id WHERE p.day BETWEEN ? AND ?", (first.isoformat(), last.isoformat())):
            try:
                found.append((date.fromisoformat(day), datetime.fromisoformat(done_at) if done_at else None))
            except (ValueError, TypeError):
                _damaged(self.conn, item_id)
                raise
        return found
