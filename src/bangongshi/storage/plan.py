"""The 次日 lists: one per day, items in order."""

from datetime import date, datetime

from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import Repository


class PlanRepository(Repository):
    """The 次日 lists (plans, plan_entries)."""

    def load(self, day: date) -> tuple[datetime, list[int]] | None:
        """When the list for `day` was made and its item ids in order, or None."""
        row = self.conn.execute("SELECT made_at FROM plans WHERE day = ?", (day.isoformat(),)).fetchone()
        if row is None:
            return None
        ids = [r[0] for r in self.conn.execute(
            "SELECT item_id FROM plan_entries WHERE day = ? ORDER BY position", (day.isoformat(),))]
        return codec.moment(row[0]), ids

    def get(self, day: date):
        """The 次日 list saved for `day` as a record (model.plan.Plan, its items in order), or None."""
        found = self.load(day)
        if found is None:
            return None
        from bangongshi.model.plan import Plan
        from bangongshi.storage.items import ItemRepository

        made_at, ids = found
        items = ItemRepository(self.conn).get_many(ids)
        return Plan(day, made_at, tuple(items[i] for i in ids if i in items))

    def save(self, tx, day: date, item_ids: list[int]) -> None:
        """Replace the list for `day`; every row it changes is journaled."""
        key = day.isoformat()
        row = self.conn.execute("SELECT id FROM plans WHERE day = ?", (key,)).fetchone()
        if row:
            tx.update("plan", row[0], {"made_at": stamp(tx.now)})
        else:
            tx.insert("plan", {"day": key, "made_at": stamp(tx.now)})
        existing = {item_id: (entry_id, position) for entry_id, item_id, position in self.conn.execute(
            "SELECT id, item_id, position FROM plan_entries WHERE day = ?", (key,)).fetchall()}
        wanted = {item_id: position for position, item_id in enumerate(item_ids, start=1)}
        for item_id, (entry_id, _) in existing.items():
            if item_id not in wanted:
                tx.delete("plan_entry", entry_id)
        for item_id, position in wanted.items():
            if item_id in existing:
                tx.update("plan_entry", existing[item_id][0], {"position": position})
            else:
                tx.insert("plan_entry", {"day": key, "item_id": item_id, "position": position})
