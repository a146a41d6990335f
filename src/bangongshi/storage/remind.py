"""What `bgs remind` delivered: one row per (reminder key, channel), claimed before sending.

The claim is made by the caller inside a write transaction (Store.rewrite), so of two schedulers
running at once only one gets a given (key, channel); the other sees it claimed and skips it.
"""

from datetime import datetime, timedelta

from bangongshi.model.remind import Delivery, Reminder
from bangongshi.storage.codec import moment, stamp
from bangongshi.storage.repository import Repository

# A claim whose run never marked a result (killed mid-send) counts as a failed attempt after this.
STALE_CLAIM = timedelta(minutes=10)
_COLUMNS = "key, channel, kind, due, claimed, finished, result, attempts, error, text"


def _delivery(row) -> Delivery:
    key, channel, kind, due, claimed, finished, result, attempts, error, text = row
    return Delivery(key, channel, kind, moment(due), moment(claimed), moment(finished), result, attempts, error, text)


class RemindRepository(Repository):
    def settled(self, keys: list[str]) -> set[tuple[str, str]]:
        """The (key, channel) pairs already sent, or claimed by a run still sending."""
        if not keys:
            return set()
        marks = ", ".join("?" for _ in keys)
        return {(k, c) for k, c in self.conn.execute(
            f"SELECT key, channel FROM reminders_sent WHERE key IN ({marks}) AND result != 'failed'", keys)}

    def claim(self, reminder: Reminder, channel: str, now: datetime, max_attempts: int) -> bool:
        """Take (reminder, channel) for this run: new, failed with attempts left, or a stale claim.
        Call inside a write transaction."""
        row = self.conn.execute("SELECT result, attempts, claimed FROM reminders_sent WHERE key = ? AND channel = ?",
                                (reminder.key, channel)).fetchone()
        if row is None:
            self.conn.execute(
                f"INSERT INTO reminders_sent ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, 'sending', 1, '', ?)",
                (reminder.key, channel, reminder.kind, stamp(reminder.at), stamp(now), reminder.text))
            return True
        result, attempts, claimed = row
        if result == "sent" or attempts >= max_attempts:
            return False
        if result == "sending" and now - moment(claimed) < STALE_CLAIM:
            return False  # another run is sending it right now
        self.conn.execute("UPDATE reminders_sent SET result = 'sending', claimed = ?, attempts = attempts + 1, "
                          "finished = NULL WHERE key = ? AND channel = ?", (stamp(now), reminder.key, channel))
        return True

    def mark(self, key: str, channel: str, now: datetime, error: str = "") -> None:
        """The delivery's result: sent, or failed with why (a later run retries while attempts last)."""
        self.conn.execute("UPDATE reminders_sent SET result = ?, finished = ?, error = ? WHERE key = ? AND channel = ?",
                          ("failed" if error else "sent", stamp(now), error, key, channel))

    def recent(self, since: datetime, limit: int) -> list[Delivery]:
        return [_delivery(row) for row in self.conn.execute(
            f"SELECT {_COLUMNS} FROM reminders_sent WHERE claimed >= ? ORDER BY claimed DESC, key, channel LIMIT ?",
            (stamp(since), limit))]
