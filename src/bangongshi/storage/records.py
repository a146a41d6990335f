"""Events (大事) and slips (差错): records of the office's year that are not tasks."""

from datetime import date, datetime

from bangongshi.model.records import Event, Slip
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import Repository


class RecordRepository(Repository):
    """Events and slips."""

    def add_event(self, tx, day: date, title: str, now: datetime) -> int:
        return tx.insert("event", {"day": day.isoformat(), "title": title, "created": stamp(now)})

    def add_slip(self, tx, at: datetime, text: str, item_id: int | None) -> int:
        return tx.insert("slip", {"at": stamp(at), "text": text, "item_id": item_id})

    def events_between(self, first: date, last: date) -> list[Event]:
        return [Event(r[0], codec.day(r[1]), r[2]) for r in self.conn.execute(
            "SELECT id, day, title FROM events WHERE day BETWEEN ? AND ? ORDER BY day, id", (first.isoformat(), last.isoformat()))]

    def slips_between(self, start: datetime, end: datetime) -> list[Slip]:
        return [Slip(r[0], codec.moment(r[1]), r[2], r[3], r[4]) for r in self.conn.execute(
            "SELECT id, at, text, item_id, sealed FROM slips WHERE at >= ? AND at < ? ORDER BY at, id", (stamp(start), stamp(end)))]
