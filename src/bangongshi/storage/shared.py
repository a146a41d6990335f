"""Which items live in a collection shared with a colleague (issue #25), from which side, and which
side last changed them. Bookkeeping of the sync like storage/sync.py: not journaled, written inside
the transaction of the items it concerns."""

from datetime import datetime

from bangongshi.model.shared import SharedItem
from bangongshi.storage.codec import moment, stamp
from bangongshi.storage.repository import Repository

_COLUMNS = "uuid, person, collection, side, changed_side, changed_at, ticked_at, deleted_at, created"


def _row(row: tuple) -> SharedItem:
    return SharedItem(row[0], row[1], row[2], row[3], row[4], moment(row[5]) if row[5] else None,
                      moment(row[6]) if row[6] else None, moment(row[7]) if row[7] else None,
                      moment(row[8]) if row[8] else None)


class SharedRepository(Repository):
    def all(self) -> dict[str, SharedItem]:
        return {row[0]: _row(row) for row in self.conn.execute(f"SELECT {_COLUMNS} FROM shared_items")}

    def of_uuids(self, uuids: list[str]) -> dict[str, SharedItem]:
        found: dict[str, SharedItem] = {}
        for start in range(0, len(uuids), 500):  # under SQLite's limit on bound parameters
            chunk = uuids[start:start + 500]
            found.update({row[0]: _row(row) for row in self.conn.execute(
                f"SELECT {_COLUMNS} FROM shared_items WHERE uuid IN ({', '.join('?' for _ in chunk)})", chunk)})
        return found

    def by_item(self) -> dict[int, SharedItem]:
        """Every shared item here, by its item's id (a handful per colleague: read whole)."""
        cols = ", ".join(f"s.{c.strip()}" for c in _COLUMNS.split(","))
        return {row[0]: _row(row[1:]) for row in self.conn.execute(
            f"SELECT i.id, {cols} FROM shared_items s JOIN items i ON i.uuid = s.uuid")}

    def get(self, uuid: str) -> SharedItem | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM shared_items WHERE uuid = ?", (uuid,)).fetchone()
        return _row(row) if row else None

    def share(self, uuid: str, person: str, collection: str, side: str, now: datetime) -> None:
        """(Again) shared: a fresh start, its marks of an earlier sharing cleared."""
        self.conn.execute(
            "INSERT OR REPLACE INTO shared_items (uuid, person, collection, side, changed_side, changed_at, created) "
            "VALUES (?, ?, ?, ?, 'here', ?, ?)", (uuid, person, collection, side, stamp(now), stamp(now)))

    def changed(self, uuid: str, side: str, at: datetime) -> None:
        self.conn.execute("UPDATE shared_items SET changed_side = ?, changed_at = ? WHERE uuid = ?",
                          (side, stamp(at), uuid))

    def ticked(self, uuid: str, at: datetime | None) -> None:
        self.conn.execute("UPDATE shared_items SET ticked_at = ? WHERE uuid = ?", (stamp(at) if at else None, uuid))

    def deleted(self, uuid: str, at: datetime) -> None:
        self.conn.execute("UPDATE shared_items SET deleted_at = ?, changed_side = 'there', changed_at = ? "
                          "WHERE uuid = ?", (stamp(at), stamp(at), uuid))

    def forget(self, uuid: str) -> None:
        self.conn.execute("DELETE FROM shared_items WHERE uuid = ?", (uuid,))
