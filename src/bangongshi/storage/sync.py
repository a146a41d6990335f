"""What `bgs sync` agreed with the CalDAV server: per item its href, etag and last synced component,
the sync settings and tokens, and the conflicts kept visible. Bookkeeping: not journaled; callers
write it inside the same transaction as the items it concerns (Store.write), so an item and the
record of having synced it never disagree after a crash."""

from dataclasses import dataclass
from datetime import datetime

from bangongshi.storage.codec import moment, stamp
from bangongshi.storage.repository import Repository


@dataclass
class Synced:
    uuid: str
    collection: str
    href: str
    etag: str
    synced: str  # the iCalendar text both sides last agreed on
    synced_at: datetime | None


@dataclass
class ConflictRow:
    uuid: str
    field: str
    local: str
    remote: str
    kept: str
    at: datetime | None
    title: str = ""


class SyncRepository(Repository):
    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO sync_meta (key, value) VALUES (?, ?)", (key, value))

    def all(self) -> dict[str, Synced]:
        cursor = self.conn.execute("SELECT uuid, collection, href, etag, synced, synced_at FROM sync_items")
        return {row[0]: Synced(*row[:5], moment(row[5])) for row in cursor}

    def record(self, uuid: str, collection: str, href: str, etag: str, synced: str, now: datetime) -> None:
        self.conn.execute("INSERT OR REPLACE INTO sync_items (uuid, collection, href, etag, synced, synced_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)", (uuid, collection, href, etag, synced, stamp(now)))

    def forget(self, uuid: str) -> None:
        self.conn.execute("DELETE FROM sync_items WHERE uuid = ?", (uuid,))

    def add_conflict(self, uuid: str, field: str, local: str, remote: str, kept: str, now: datetime) -> None:
        self.conn.execute("INSERT INTO sync_conflicts (uuid, field, local, remote, kept, at) VALUES (?, ?, ?, ?, ?, ?)",
                          (uuid, field, local, remote, kept, stamp(now)))

    def conflicts_of(self, uuids: list[str]) -> dict[str, list[ConflictRow]]:
        """The conflicts kept for these items (for `bgs show`), oldest first, by uuid."""
        found: dict[str, list[ConflictRow]] = {}
        if not uuids:
            return found
        marks = ", ".join("?" for _ in uuids)
        cursor = self.conn.execute(
            "SELECT c.uuid, c.field, c.local, c.remote, c.kept, c.at, coalesce(i.title, '') FROM sync_conflicts c "
            f"LEFT JOIN items i ON i.uuid = c.uuid WHERE c.uuid IN ({marks}) ORDER BY c.id", uuids)
        for row in cursor:
            found.setdefault(row[0], []).append(ConflictRow(*row[:5], moment(row[5]), row[6]))
        return found

    def conflicts(self) -> list[ConflictRow]:
        cursor = self.conn.execute(
            "SELECT c.uuid, c.field, c.local, c.remote, c.kept, c.at, coalesce(i.title, '') FROM sync_conflicts c "
            "LEFT JOIN items i ON i.uuid = c.uuid ORDER BY c.id")
        return [ConflictRow(*row[:5], moment(row[5]), row[6]) for row in cursor]
