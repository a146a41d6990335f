"""The leaders' week and the duty roster's tables (issue #24): item_people, leader_away, duty_rosters,
duty_shifts, duty_logs. Writes go through the caller's transaction (journaled, undoable)."""

from datetime import date, datetime

from bangongshi.model.leaders import Away, DutyLog, DutyShift, ItemPerson, LinkRole, Roster, Shift, Shifts
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import Repository


class LeaderRepository(Repository):
    # --- who an appointment belongs to ---------------------------------------------------------

    def set_links(self, tx, item_id: int, links: list[ItemPerson]) -> None:
        """The item's leaders and 陪同 become `links` (rows that stay the same are not rewritten)."""
        current = {(row[1], row[2]): row[0] for row in self.conn.execute(
            "SELECT id, person, role FROM item_people WHERE item_id = ?", (item_id,))}
        wanted = {(link.person, link.role.code): link for link in links}
        for key, row_id in current.items():
            if key not in wanted:
                tx.delete("item_person", row_id)
        for key, link in wanted.items():
            if key in current:
                tx.update("item_person", current[key], {"position": link.position})
            else:
                tx.insert("item_person", {"item_id": item_id, "person": link.person, "role": link.role.code,
                                          "position": link.position})

    def links_of(self, item_ids: list[int]) -> dict[int, list[ItemPerson]]:
        found: dict[int, list[ItemPerson]] = {}
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self.conn.execute(
                    f"SELECT item_id, person, role, position FROM item_people WHERE item_id IN ({marks}) "
                    "ORDER BY item_id, role, position, id", chunk):
                found.setdefault(row[0], []).append(ItemPerson(row[0], row[1], LinkRole.from_code(row[2]), row[3]))
        return found

    def linked_items(self) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT item_id FROM item_people ORDER BY item_id")]

    def all_links(self) -> list[ItemPerson]:
        return [ItemPerson(r[0], r[1], LinkRole.from_code(r[2]), r[3]) for r in self.conn.execute(
            "SELECT item_id, person, role, position FROM item_people ORDER BY item_id, role, position, id")]

    # --- away ----------------------------------------------------------------------------------

    def add_away(self, tx, away: Away) -> int:
        return tx.insert("leader_away", {"person": away.person, "start": codec.day_text(away.start),
                                         "end": codec.day_text(away.end), "reason": away.reason,
                                         "created": stamp(away.created)})

    def delete_away(self, tx, away_id: int) -> None:
        tx.delete("leader_away", away_id)

    def away(self, away_id: int) -> Away | None:
        found = self._aways("WHERE id = ?", (away_id,))
        return found[0] if found else None

    def aways_between(self, start: date | None = None, end: date | None = None) -> list[Away]:
        """Away periods that overlap start..end (every one when both are None)."""
        if start is None or end is None:
            return self._aways("ORDER BY start, person, id", ())
        return self._aways("WHERE start <= ? AND end >= ? ORDER BY start, person, id",
                           (codec.day_text(end), codec.day_text(start)))

    def _aways(self, tail: str, params: tuple) -> list[Away]:
        return [Away(r[0], r[1], codec.day(r[2]), codec.day(r[3]), r[4], codec.moment(r[5])) for r in self.conn.execute(
            f"SELECT id, person, start, end, reason, created FROM leader_away {tail}", params)]

    # --- duty ----------------------------------------------------------------------------------

    def add_roster(self, tx, roster: Roster) -> int:
        return tx.insert("duty_roster", {"label": roster.label, "start": codec.day_text(roster.start),
                                         "end": codec.day_text(roster.end), "shifts": roster.shifts.code,
                                         "estimated": int(roster.estimated), "created": stamp(roster.created)})

    def delete_roster(self, tx, roster_id: int) -> None:
        for shift in self.shifts_of(roster_id):
            tx.delete("duty_shift", shift.id)
        tx.delete("duty_roster", roster_id)

    def add_shift(self, tx, shift: DutyShift) -> int:
        return tx.insert("duty_shift", {"roster_id": shift.roster_id, "day": codec.day_text(shift.day),
                                        "shift": shift.shift.code, "person": shift.person, "leader": shift.leader,
                                        "note": shift.note, "updated": stamp(shift.updated)})

    def update_shift(self, tx, shift_id: int, now: datetime, **values) -> None:
        tx.update("duty_shift", shift_id, {**values, "updated": stamp(now)})

    def rosters(self) -> list[Roster]:
        return self._rosters("ORDER BY start, id", ())

    def roster(self, roster_id: int) -> Roster | None:
        found = self._rosters("WHERE id = ?", (roster_id,))
        return found[0] if found else None

    def _rosters(self, tail: str, params: tuple) -> list[Roster]:
        return [Roster(r[0], r[1], codec.day(r[2]), codec.day(r[3]), Shifts.from_code(r[4]), bool(r[5]),
                       codec.moment(r[6])) for r in self.conn.execute(
            f"SELECT id, label, start, end, shifts, estimated, created FROM duty_rosters {tail}", params)]

    def shifts_between(self, start: date, end: date) -> list[DutyShift]:
        return self._shifts("WHERE day BETWEEN ? AND ? ORDER BY day, shift = 'night', id",
                            (codec.day_text(start), codec.day_text(end)))

    def shifts_of(self, roster_id: int) -> list[DutyShift]:
        return self._shifts("WHERE roster_id = ? ORDER BY day, shift = 'night', id", (roster_id,))

    def shifts_before(self, day: date, limit: int = 400) -> list[DutyShift]:
        """The latest shifts before `day`, latest first: where the rotation stopped."""
        return self._shifts("WHERE day < ? ORDER BY day DESC, shift = 'night' DESC, id DESC LIMIT ?",
                            (codec.day_text(day), limit))

    def all_shifts(self) -> list[DutyShift]:
        return self._shifts("ORDER BY day, shift = 'night', id", ())

    def _shifts(self, tail: str, params: tuple) -> list[DutyShift]:
        return [DutyShift(r[0], r[1], codec.day(r[2]), Shift.from_code(r[3]), r[4], r[5], r[6], codec.moment(r[7]))
                for r in self.conn.execute(
                    f"SELECT id, roster_id, day, shift, person, leader, note, updated FROM duty_shifts {tail}", params)]

    def add_log(self, tx, log: DutyLog) -> int:
        return tx.insert("duty_log", {"at": stamp(log.at), "day": codec.day_text(log.day), "person": log.person,
                                      "text": log.text})

    def logs_between(self, start: date, end: date) -> list[DutyLog]:
        return self._logs("WHERE day BETWEEN ? AND ? ORDER BY at, id", (codec.day_text(start), codec.day_text(end)))

    def all_logs(self) -> list[DutyLog]:
        return self._logs("ORDER BY at, id", ())

    def _logs(self, tail: str, params: tuple) -> list[DutyLog]:
        return [DutyLog(r[0], codec.moment(r[1]), codec.day(r[2]), r[3], r[4]) for r in self.conn.execute(
            f"SELECT id, at, day, person, text FROM duty_logs {tail}", params)]
