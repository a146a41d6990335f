"""Recurring rules, how far their occurrences have been made, and the items made from them."""

import json
import sqlite3
from datetime import date

from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.model.rules import COPIED, ItemFields, Rule
from bangongshi.storage import codec
from bangongshi.storage import items as item_codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import RULES_DUE, Repository


def to_row(rule: Rule) -> dict:
    row = {
        "uuid": rule.uuid, "title": rule.title, "rule_text": rule.rule_text, "rrule": rule.rrule,
        "policy": rule.policy, "anchor": rule.anchor.isoformat(), "lead_workdays": rule.lead_workdays,
        "catch_up": rule.catch_up, "at_time": codec.clock_text(rule.at_time),
        "due_time": codec.clock_text(rule.due_time),
        "fields": json.dumps(_fields_to_columns(rule.fields), ensure_ascii=False, sort_keys=True), "paused": int(rule.paused),
        "ends": codec.day_text(rule.ends), "created": stamp(rule.created),
        "updated": stamp(rule.updated),
    }
    if rule.id is not None:
        row["id"] = rule.id
    return row


def from_row(row: dict) -> Rule:
    return Rule(
        id=row["id"], uuid=row["uuid"], title=row["title"], rule_text=row["rule_text"], rrule=row["rrule"],
        policy=row["policy"], anchor=codec.day(row["anchor"]), catch_up=row["catch_up"],
        lead_workdays=row["lead_workdays"],
        at_time=codec.clock(row["at_time"]),
        due_time=codec.clock(row["due_time"]),
        fields=_fields_from_columns(json.loads(row["fields"])), paused=bool(row["paused"]),
        ends=codec.day(row["ends"]),
        created=codec.moment(row["created"]), updated=codec.moment(row["updated"]),
    )


def _fields_to_columns(copied: ItemFields) -> dict:
    """The `fields` column holds the given fields as item columns would (codes, 0/1, tags as JSON
    text), encoded by the item codec so that a value is stored alike in a rule and in an item."""
    given = copied.given()
    row = item_codec.to_row(replace(Item(title="-"), **given))
    return {name: row[name] for name in given}


def _fields_from_columns(stored: dict) -> ItemFields:
    # Read through a whole item row, so the item codec decodes it. Keys outside COPIED were never
    # written (COPIED is as old as the column); should one appear, it is dropped (occurrences always ignored it).
    row = {**item_codec.to_row(Item(title="-")), "id": None}
    wanted = {name: value for name, value in stored.items() if name in COPIED and value is not None}
    item = item_codec.from_row({**row, **wanted})
    return ItemFields(**{name: getattr(item, name) for name in wanted})


def _rules(cursor: sqlite3.Cursor) -> list[Rule]:
    names = [d[0] for d in cursor.description]
    return [from_row(dict(zip(names, row))) for row in cursor]


class RuleRepository(Repository):
    """Recurring rules (the recurrences table), their progress, and which items they made."""

    def add(self, tx, rule: Rule) -> int:
        return tx.insert("recurrence", to_row(rule))

    def update(self, tx, rule: Rule) -> None:
        tx.update("recurrence", rule.id, to_row(rule))

    def delete(self, tx, rule_id: int) -> None:
        tx.delete("recurrence", rule_id)

    def get(self, rule_id: int) -> Rule | None:
        found = _rules(self.conn.execute("SELECT * FROM recurrences WHERE id = ?", (rule_id,)))
        return found[0] if found else None

    def uuids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT uuid FROM recurrences")}

    def all(self) -> list[Rule]:
        return _rules(self.conn.execute("SELECT * FROM recurrences ORDER BY id"))

    def due_for_making(self, today: date) -> list[Rule]:
        """Rules that may have an occurrence to make today: the next one has entered its window, the
        rule changed since its progress was worked out (an edit, an undo), or it was never worked out.
        One indexed query, so that every command can afford to ask."""
        return _rules(self.conn.execute(f"SELECT r.* {RULES_DUE} ORDER BY r.id", (today.isoformat(),)))

    def progress(self, rule_id: int) -> date | None:
        row = self.conn.execute("SELECT made_through FROM recurrence_progress WHERE recurrence_id = ?", (rule_id,)).fetchone()
        return codec.day(row[0]) if row else None

    def next_appear(self, rule_id: int) -> date | None:
        row = self.conn.execute("SELECT next_appear FROM recurrence_progress WHERE recurrence_id = ?", (rule_id,)).fetchone()
        return codec.day(row[0]) if row and row[0] else None

    def set_progress(self, rule: Rule, made_through: date, next_appear: date | None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO recurrence_progress (recurrence_id, made_through, next_appear, rule_updated) "
            "VALUES (?, ?, ?, ?)",
            (rule.id, made_through.isoformat(), codec.day_text(next_appear), stamp(rule.updated)),
        )

    def made_dates(self, rule_id: int) -> set[date]:
        return {codec.day(r[0]) for r in self.conn.execute(
            "SELECT occurrence FROM items WHERE recurrence_id = ?", (rule_id,))}

    def occurrence_ids(self, rule_id: int, *, open_only: bool = False, after: date | None = None,
                       untouched: bool = False) -> list[int]:
        conditions, params = ["recurrence_id = ?"], [rule_id]
        if open_only:
            conditions.append("folder != 'done'")
        if after is not None:
            conditions.append("occurrence > ?")
            params.append(after.isoformat())
        if untouched:
            conditions.append("hand_edited = 0")
        return [r[0] for r in self.conn.execute(
            f"SELECT id FROM items WHERE {' AND '.join(conditions)} ORDER BY occurrence, id", params)]


def rekey_unsynced_occurrences(conn: sqlite3.Connection, synced: frozenset[str] | set[str] = frozenset()) -> int:
    """Give each occurrence made before occurrence uuids were derived (model.ids.occurrence_uuid) its
    derived uuid, so that two machines that made the same occurrence converge on one object when they
    sync. For the schema migration that adds sync (call it inside the migration's transaction); returns
    how many items got a new uuid. Not journaled, like every migration: a uuid is identity, not content;
    the journal's snapshots of the item are rewritten with it, so that undo and redo still match the row.

    Left alone: `synced` (uuids the server already holds under the old name); occurrences of a rule
    that no longer exists; locked items and items whose history holds a sealed snapshot (sealed text is
    bound to the uuid and cannot be sealed again without the passphrase; locked items are not synced in
    plain text anyway); an item whose derived uuid another item already holds."""
    from bangongshi.model.ids import occurrence_uuid

    rows = conn.execute(
        "SELECT i.id, i.uuid, r.uuid, i.occurrence FROM items i JOIN recurrences r ON r.id = i.recurrence_id "
        "WHERE i.occurrence IS NOT NULL AND i.locked = 0 AND i.sealed IS NULL ORDER BY i.id").fetchall()
    wanted = {item_id: (old, occurrence_uuid(rule_uuid, codec.day(day)))
              for item_id, old, rule_uuid, day in rows if old not in synced}
    wanted = {item_id: pair for item_id, pair in wanted.items() if pair[0] != pair[1]}
    if not wanted:
        return 0
    history = _item_history(conn, list(wanted))
    for item_id, snapshots in history.items():
        if any(s.get("sealed") or s.get("locked") for _, _, s in snapshots):
            wanted.pop(item_id, None)
    taken = {r[0] for r in conn.execute("SELECT uuid FROM items")}
    done = 0
    for item_id, (old, new) in wanted.items():
        if new in taken:
            continue
        conn.execute("UPDATE items SET uuid = ? WHERE id = ?", (new, item_id))
        taken.add(new)
        for change_id, column, snapshot in history.get(item_id, ()):
            if snapshot.get("uuid") == old:  # an earlier item of the same number is another item
                snapshot["uuid"] = new
                conn.execute(f"UPDATE changes SET {column} = ? WHERE id = ?",
                             (json.dumps(snapshot, ensure_ascii=False, sort_keys=True), change_id))
        done += 1
    return done


def _item_history(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, list[tuple[int, str, dict]]]:
    """Every journal snapshot of these items: (change id, column, snapshot), by item id."""
    found: dict[int, list[tuple[int, str, dict]]] = {}
    for start in range(0, len(item_ids), 500):  # stay under SQLite's limit on bound parameters
        chunk = item_ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for change_id, item_id, before, after in conn.execute(
                f"SELECT id, entity_id, before, after FROM changes WHERE entity = 'item' AND entity_id IN ({marks})",
                chunk):
            for column, text in (("before", before), ("after", after)):
                if text is not None:
                    found.setdefault(item_id, []).append((change_id, column, json.loads(text)))
    return found
