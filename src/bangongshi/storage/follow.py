"""The 督办 log: nudges, progress notes, reports, handoffs; and the items someone follows."""

from datetime import datetime
from typing import TYPE_CHECKING

from bangongshi.model import Item
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.items import _items
from bangongshi.storage.repository import FOLLOWED, Repository

if TYPE_CHECKING:  # built only for an item's 督办 log: the morning agenda does not load it
    from bangongshi.model.follow import FollowUp


class FollowRepository(Repository):
    """The 督办 log (follow_ups) and the items someone follows."""

    def record(self, tx, item_id: int, kind: str, at: datetime, channel: str | None = None, who: str = "",
               note: str = "") -> int:
        return tx.insert("follow_up", {"item_id": item_id, "kind": kind, "at": stamp(at), "channel": channel,
                                       "who": who, "note": note})

    def followed(self) -> list[Item]:
        """Items delegated, owing a report, or handed off (the partial index items_followed)."""
        return _items(self.conn.execute(
            f"SELECT * FROM items WHERE {FOLLOWED} ORDER BY id"))

    def counts(self, item_ids: list[int]) -> dict[int, tuple]:
        """For each item: (nudges, last nudge, last progress note, its time)."""
        if not item_ids:
            return {}
        marks = ", ".join("?" for _ in item_ids)
        found = {}
        for item_id, nudges, last_nudge, note, noted in self.conn.execute(
            f"""SELECT f.item_id,
                       sum(f.kind = 'nudge'),
                       max(CASE WHEN f.kind = 'nudge' THEN f.at END),
                       (SELECT p.note FROM follow_ups p WHERE p.item_id = f.item_id AND p.kind = 'progress'
                        ORDER BY p.at DESC, p.id DESC LIMIT 1),
                       max(CASE WHEN f.kind = 'progress' THEN f.at END)
                FROM follow_ups f WHERE f.item_id IN ({marks}) GROUP BY f.item_id""", item_ids):
            found[item_id] = (nudges or 0, codec.moment(last_nudge) if last_nudge else None, note or "",
                              codec.moment(noted) if noted else None)
        return found

    def log_of(self, item_id: int) -> list["FollowUp"]:
        from bangongshi.model.follow import FollowUp

        return [FollowUp(r[0], r[1], r[2], codec.moment(r[3]), r[4], r[5], r[6], r[7]) for r in self.conn.execute(
            "SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups WHERE item_id = ? ORDER BY at, id",
            (item_id,))]
