"""The 督办 log: nudges, progress notes, reports, handoffs; and the items someone follows."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from bangongshi.domain.follow import Followed, Reminding
from bangongshi.model import Attention
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.items import damaged
from bangongshi.storage.repository import FOLLOWED, Repository

if TYPE_CHECKING:  # built only for an item's 督办 log: the morning agenda does not load it
    from bangongshi.model.follow import FollowUp

# The 督办 status of an item (domain.follow.status) as SQL, so that a report counts a ledger of
# 30,000 followed items without reading them; tests/test_reports.py checks that the two agree on
# every combination of the facts they read. An empty text reads as no value, as the codec does.
FOLLOW_STATUS = (
    "CASE WHEN ifnull(acknowledged_at, '') != '' THEN 'acknowledged' "
    "WHEN handoff_to != '' THEN 'handed_off' "
    "WHEN folder = 'done' THEN "
    "CASE WHEN report_required != 0 AND ifnull(reported_at, '') = '' THEN 'done_unreported' ELSE 'reported' END "
    "WHEN ifnull(due, '') != '' AND due < :today THEN 'overdue' "
    "ELSE 'open' END"
)

# Items that can still remind (domain.follow.reminders): a handoff not acknowledged, a result owed, an
# open item under 督办. Written exactly as the partial index items_reminding of schema_v14.sql, so
# that SQLite uses it: a year's handled and reported 督办 items are never read for the agenda.
REMINDING = ("(handoff_to != '' AND ifnull(acknowledged_at, '') = '') "
             "OR (folder = 'done' AND report_required = 1 AND ifnull(reported_at, '') = '') "
             "OR (folder != 'done' AND handler != '')")
# Of those, an open item under 督办 with no cadence reminds only once it is past its deadline (or while
# a handoff waits), as domain.follow.reminders has it: until then it is not read.
_SILENT = ("folder != 'done' AND follow_rrule = '' AND ifnull(due < :day, 0) = 0 "
           "AND NOT (handoff_to != '' AND ifnull(acknowledged_at, '') = '')")
# The columns of domain.follow.Followed, in its order (all in the index items_reminding); the last
# nudge only where a cadence can use it. The ledger reads the ones it shows besides.
_COLUMNS = ("id, folder != 'done', source, handler, attention, due, report_required, reported_at, done_at, "
            "delegated_at, created, follow_every, follow_rrule, follow_policy, handoff_to, handoff_at, acknowledged_at")
FOLLOWED_COLUMNS = (f"{_COLUMNS}, CASE WHEN folder != 'done' AND follow_rrule != '' THEN "
                    "(SELECT f.at FROM follow_ups f WHERE f.item_id = items.id AND f.kind = 'nudge' "
                    "ORDER BY f.at DESC LIMIT 1) END")
LEDGER_COLUMNS = f"{_COLUMNS}, NULL, title, assigned_at, locked"
REMINDING_SQL = f"SELECT {FOLLOWED_COLUMNS} FROM items WHERE ({REMINDING}) AND NOT ({_SILENT})"


# The same rows for the morning view (domain.follow.Reminding): each row reduced in SQL to the facts
# that decide its reminder, as one text, so that a year of 督办 (some 80,000 rows at 1M items) comes
# back as two values a row and as a few thousand distinct facts (issue #19). The branches are those of
# domain.follow.reminders, in its order; a moment counts by its day, the first ten characters of its
# stamp (codec.stamp: ISO 8601 in the office's zone, the day Python's `.date()` gives). NULL: no reminder.
_SEP = "char(31)"
_FIRST = "nullif(delegated_at, ''), nullif(created, '')"
# The last nudge's stamp: the first entry of the item's nudges, latest first, in the index follow_ups_nudges.
# (max(f.at) gives the same, through an aggregate that costs SQLite a third more, 6,000 times a morning.)
_LAST_NUDGE = ("(SELECT nullif(f.at, '') FROM follow_ups f WHERE f.item_id = items.id AND f.kind = 'nudge' "
               "ORDER BY f.at DESC LIMIT 1)")
# The fixed-width parts of each text are made by one printf (one buffer, where `||` allocates a string
# per piece: a tenth of the query); a deadline and the cadence's words are appended with `||`, which
# keeps them whole where printf would stop at a NUL another program wrote (and a damaged deadline would
# read as a good one). The columns printf reads are NOT NULL or made so; %.10s of an ISO stamp is its day.
PRESSING_SQL = (
    # Attention first and the cadence's own words last: only those may hold any character.
    "SELECT id, CASE "
    "WHEN handoff_to != '' AND ifnull(acknowledged_at, '') = '' "
    "THEN printf('%s\x1fH\x1f%.10s', ifnull(attention, ''), ifnull(handoff_at, '')) "
    "WHEN folder = 'done' THEN CASE "
    "WHEN report_required AND ifnull(reported_at, '') = '' AND ifnull(done_at, '') != '' "
    "THEN printf('%s\x1fR\x1f%.10s', ifnull(attention, ''), done_at) END "
    "WHEN handler = '' THEN NULL "
    "WHEN ifnull(due, '') != '' AND due < :day THEN printf('%s\x1fO\x1f', ifnull(attention, '')) || due "
    "WHEN follow_rrule != '' AND handoff_to = '' AND coalesce({first}) IS NOT NULL "
    "THEN printf('%s\x1fN\x1f%.10s\x1f%.10s\x1f', ifnull(attention, ''), coalesce({first}), "
    "coalesce({last}, {first})) || follow_policy || {s} || follow_rrule || {s} || follow_every END "
    "FROM items WHERE ({reminding}) AND NOT ({silent})"
).format(first=_FIRST, last=_LAST_NUDGE, reminding=REMINDING, silent=_SILENT, s=_SEP)

# What the 督办台账's order reads of a followed item (services.follow.ledger): its status on :today
# (FOLLOW_STATUS), its deadline, and the facts its next 催办 is worked out from (domain.follow.NudgeDays:
# the day it counts from, the day of the last nudge or of that, the policy, the rule and its words) as
# one text, NULL where it has none (not open, no cadence, handed off, no day to count from). A page of
# the table then reads only the rows it shows in full (issue #19).
_NUDGE_FACTS = (
    "CASE WHEN folder != 'done' AND follow_rrule != '' AND handoff_to = '' AND coalesce({first}) IS NOT NULL "
    "THEN substr(coalesce({first}), 1, 10) || {s} || substr(coalesce({last}, {first}), 1, 10) || {s} || "
    "follow_policy || {s} || follow_rrule || {s} || follow_every END"
).format(s=_SEP, first=_FIRST, last=_LAST_NUDGE)
LEDGER_ORDER_SQL = f"SELECT {FOLLOW_STATUS}, id, due, {_NUDGE_FACTS} FROM items WHERE {FOLLOWED}"


def _followed(row: tuple) -> Followed:
    """The narrow record of a row of FOLLOWED_COLUMNS or LEDGER_COLUMNS; a damaged row is a damaged
    store (exit 5). Written out (no helper per value): it runs once per followed item."""
    (item_id, is_open, source, handler, attention, due, report, reported, done, delegated, created, every, rrule,
     policy, handoff_to, handoff_at, acknowledged, last_nudge, *shown) = row
    title, assigned, locked = shown or ("", None, False)
    at = datetime.fromisoformat
    try:
        if bytes in (type(source), type(handler), type(handoff_to), type(title)):
            raise TypeError("source、handler、handoff_to 或 title 列里存的是二进制数据")
        return Followed(item_id, bool(is_open), source, handler, Attention.from_code(attention),
                        date.fromisoformat(due) if due else None, bool(report), at(reported) if reported else None,
                        at(done) if done else None, at(delegated) if delegated else None,
                        at(created) if created else None, every, rrule, policy, handoff_to,
                        at(handoff_at) if handoff_at else None, at(acknowledged) if acknowledged else None,
                        at(last_nudge) if last_nudge else None, title, at(assigned) if assigned else None, bool(locked))
    except (ValueError, TypeError) as error:
        raise damaged(item_id, error) from None


def _order(rows, statuses: tuple[str, ...] | None, counted: dict[str, int]) -> list[tuple]:
    """The rows of LEDGER_ORDER_SQL as (status code, id, deadline, nudge facts or None), only those of
    `statuses` (None: all); every row counted by status into `counted`. Each distinct nudge text is
    read once (a few cadences and days serve thousands of items)."""
    found = []
    facts_of: dict[str, tuple] = {}
    for code, item_id, due, facts in rows:
        counted[code] = counted.get(code, 0) + 1
        if statuses is not None and code not in statuses:
            continue
        try:
            if facts is not None:
                nudge = facts_of.get(facts)
                if nudge is None:
                    anchor, start, policy, rrule, every = facts.split("\x1f", 4)
                    nudge = facts_of[facts] = (every, rrule, policy or "keep", date.fromisoformat(anchor),
                                               date.fromisoformat(start))
            found.append((code, item_id, date.fromisoformat(due) if due else None,
                          nudge if facts is not None else None))
        except (ValueError, TypeError) as error:
            raise damaged(item_id, error) from None
    return found


class FollowRepository(Repository):
    """The 督办 log (follow_ups) and the items someone follows."""

    def record(self, tx, item_id: int, kind: str, at: datetime, channel: str | None = None, who: str = "",
               note: str = "") -> int:
        return tx.insert("follow_up", {"item_id": item_id, "kind": kind, "at": stamp(at), "channel": channel,
                                       "who": who, "note": note})

    def followed(self, today: date | None = None, statuses: tuple[str, ...] | None = None) -> list[Followed]:
        """Items delegated, owing a report, or handed off (the partial index items_followed), by
        number, narrowly read: the columns the 督办台账 shows and its rules read. Only those whose
        status on `today` (domain.follow.status, as FOLLOW_STATUS) is one of
        `statuses`, when given: a year's reported items are then never decoded."""
        if statuses is None:
            return [_followed(row) for row in self.conn.execute(
                f"SELECT {LEDGER_COLUMNS} FROM items WHERE {FOLLOWED} ORDER BY id")]
        marks = ", ".join(f":code{n}" for n in range(len(statuses)))
        return [_followed(row) for row in self.conn.execute(
            f"SELECT {LEDGER_COLUMNS} FROM items WHERE ({FOLLOWED}) AND {FOLLOW_STATUS} IN ({marks}) ORDER BY id",
            {"today": today.isoformat(), **{f"code{n}": code for n, code in enumerate(statuses)}})]

    def ledger_order(self, today: date, statuses: tuple[str, ...]) -> tuple[list[tuple], dict[str, int]]:
        """What orders the 督办台账 rows of `statuses` on `today`, in one pass over the followed items:
        (status code, id, deadline, the next 催办's facts as domain.follow.NudgeDays.of reads them or
        None) for each such item, and how many followed items are in each status."""
        counted: dict[str, int] = {}
        return _order(self.conn.execute(LEDGER_ORDER_SQL, {"today": today.isoformat()}), statuses, counted), counted

    def order_of(self, today: date, item_ids: list[int]) -> list[tuple]:
        """ledger_order's rows of the followed items `item_ids` (a report's 督办 rows: it orders a few
        thousand and shows the first few; issue #19)."""
        import json

        return _order(self.conn.execute(
            f"SELECT {FOLLOW_STATUS}, id, due, {_NUDGE_FACTS} FROM items WHERE ({FOLLOWED}) "
            "AND id IN (SELECT value FROM json_each(:ids))",
            {"today": today.isoformat(), "ids": json.dumps(item_ids)}), None, {})

    def followed_of(self, item_ids: list[int]) -> list[Followed]:
        """Those of `item_ids` that are followed, as `followed` reads them, by number."""
        found = []
        for start in range(0, len(item_ids), 500):  # under SQLite's limit on bound parameters
            chunk = item_ids[start:start + 500]
            found += [_followed(row) for row in self.conn.execute(
                f"SELECT {LEDGER_COLUMNS} FROM items WHERE ({FOLLOWED}) AND id IN ({', '.join('?' for _ in chunk)})",
                chunk)]
        return sorted(found, key=lambda f: f.id)

    def status_counts(self, today: date) -> dict[str, int]:
        """How many followed items are in each status on `today` (by status code), counted by SQLite."""
        return dict(self.conn.execute(
            f"SELECT {FOLLOW_STATUS}, count(*) FROM items WHERE {FOLLOWED} GROUP BY 1", {"today": today.isoformat()}))

    def reminding(self, day: date) -> list[Followed]:
        """The items that can still remind on `day`, narrowly read (the partial index items_reminding)."""
        return [_followed(row) for row in self.conn.execute(REMINDING_SQL, {"day": day.isoformat()})]

    def pressing(self, day: date, silenced: bool = True) -> list[tuple[Reminding, list[int]]]:
        """The items of `reminding(day)` as the morning view's 督办提醒 read them: grouped by the facts
        that decide their reminder (domain.follow.Reminding), with the ids of each group. `silenced`:
        False leaves out the items never to be reminded of (`--remind none`), which `bgs remind` pushes
        nothing of; the column is not in the index items_reminding, so only it reads the rows."""
        groups: dict[str, list[int]] = {}
        sql = PRESSING_SQL
        if not silenced:
            from bangongshi.model.remind import NO_REMIND  # its records are dataclasses: not on bare `bgs`'s way

            sql = f"{PRESSING_SQL} AND remind IS NOT {NO_REMIND}"
        for item_id, facts in self.conn.execute(sql, {"day": day.isoformat()}):
            if facts is not None:
                groups.setdefault(facts, []).append(item_id)
        found = []
        # Some 3,000 distinct facts at 100,000 items share a few hundred days: each day is parsed once,
        # and each record made as the tuple it is (NamedTuple's keyword-checking __new__ costs a third more).
        days: dict[str, date] = {}
        levels = {"": None, **{member.code: member for member in Attention}}
        made = tuple.__new__
        for facts, ids in groups.items():
            level, code, *values = facts.split("\x1f", 6)
            try:
                if code == "N":
                    anchor, start, policy, rrule, every = values
                    fact = made(Reminding, (code, None, levels[level], every, rrule, policy,
                                            days.get(anchor) or days.setdefault(anchor, date.fromisoformat(anchor)),
                                            days.get(start) or days.setdefault(start, date.fromisoformat(start))))
                else:
                    fact = made(Reminding, (code, date.fromisoformat(values[0]), levels[level], "", "", "", None, None))
            except ValueError as error:
                raise damaged(min(ids), error) from None
            except KeyError:
                raise damaged(min(ids), f"unknown attention {level!r}") from None
            found.append((fact, ids))
        return found

    def counts(self, item_ids: list[int] | None = None) -> dict[int, tuple]:
        """For each item with a 督办 log: (nudges, last nudge, last progress note, its time). Of the
        items `item_ids`, or of every item in one grouped pass over the log (None)."""
        if item_ids is None:
            return self._counts("", [])
        found = {}
        for start in range(0, len(item_ids), 500):  # stay under SQLite's limit on bound parameters
            chunk = item_ids[start:start + 500]
            found.update(self._counts(f"WHERE f.item_id IN ({', '.join('?' for _ in chunk)})", chunk))
        return found

    def _counts(self, where: str, params: list) -> dict[int, tuple]:
        found = {}
        for item_id, nudges, last_nudge, noted, note in self.conn.execute(
            f"""SELECT f.item_id, sum(f.kind = 'nudge'), max(CASE WHEN f.kind = 'nudge' THEN f.at END),
                       max(CASE WHEN f.kind = 'progress' THEN f.at END),
                       CASE WHEN max(f.kind = 'progress') THEN
                           (SELECT p.note FROM follow_ups p WHERE p.item_id = f.item_id AND p.kind = 'progress'
                            ORDER BY p.at DESC, p.id DESC LIMIT 1) END
                FROM follow_ups f {where} GROUP BY f.item_id""", params):
            found[item_id] = (nudges or 0, codec.moment(last_nudge) if last_nudge else None, note or "",
                              codec.moment(noted) if noted else None)
        return found

    def extension_items(self) -> list[int]:
        """The items with any 延期 entry (the partial index follow_ups_extensions: none read otherwise)."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT item_id FROM follow_ups WHERE kind IN ('extend', 'extend_ok', 'extend_no')")]

    def extension_logs(self, item_ids: list[int]) -> dict[int, list["FollowUp"]]:
        """The 延期 entries (extend, extend_ok, extend_no) of those of `item_ids` that have any."""
        if not item_ids:
            return {}  # most mornings: the agenda then loads no 督办 log records
        from bangongshi.model.follow import FollowUp

        found: dict[int, list] = {}
        for start in range(0, len(item_ids), 500):  # under SQLite's limit on bound parameters
            chunk = item_ids[start:start + 500]
            for r in self.conn.execute(
                    "SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups WHERE kind IN "
                    f"('extend', 'extend_ok', 'extend_no') AND item_id IN ({', '.join('?' for _ in chunk)}) "
                    "ORDER BY at, id", chunk):
                found.setdefault(r[1], []).append(FollowUp(r[0], r[1], r[2], codec.moment(r[3]), r[4], r[5], r[6], r[7]))
        return found

    def log_of(self, item_id: int) -> list["FollowUp"]:
        from bangongshi.model.follow import FollowUp

        return [FollowUp(r[0], r[1], r[2], codec.moment(r[3]), r[4], r[5], r[6], r[7]) for r in self.conn.execute(
            "SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups WHERE item_id = ? ORDER BY at, id",
            (item_id,))]
