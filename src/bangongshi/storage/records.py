"""Events (大事) and slips (差错): records of the office's year that are not tasks."""

import sqlite3
from datetime import date, datetime

from bangongshi.clock import stamp
from bangongshi.model.records import Event, Slip


def add_event(tx, day: date, title: str, now: datetime) -> int:
    return tx.insert("event", {"day": day.isoformat(), "title": title, "created": stamp(now)})


def add_slip(tx, at: datetime, text: str, item_id: int | None) -> int:
    return tx.insert("slip", {"at": stamp(at), "text": text, "item_id": item_id})


def events_between(conn: sqlite3.Connection, first: date, last: date) -> list[Event]:
    return [Event(r[0], date.fromisoformat(r[1]), r[2]) for r in conn.execute(
        "SELECT id, day, title FROM events WHERE day BETWEEN ? AND ? ORDER BY day, id", (first.isoformat(), last.isoformat()))]


def slips_between(conn: sqlite3.Connection, start: datetime, end: datetime) -> list[Slip]:
    return [Slip(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4]) for r in conn.execute(
        "SELECT id, at, text, item_id, sealed FROM slips WHERE at >= ? AND at < ? ORDER BY at, id", (stamp(start), stamp(end)))]
