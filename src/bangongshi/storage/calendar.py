"""The user's calendar data: loaded years and local days."""

from datetime import date

from bangongshi.domain.calendar import LocalDay, YearSchedule
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import Repository

TYPE_CHECKING = False  # not typing's: `bgs add` would import typing for this flag alone
if TYPE_CHECKING:  # built only for `calendar status`: the morning agenda does not load it
    from bangongshi.model.calendar import LoadedYear


class CalendarRepository(Repository):
    """Loaded years (calendar_years) and their days and the local days (calendar_days)."""

    def load(self) -> tuple[dict[int, YearSchedule], dict[date, LocalDay]]:
        years = {row[0]: YearSchedule(row[0], {}, {}) for row in self.conn.execute("SELECT year FROM calendar_years")}
        local: dict[date, LocalDay] = {}
        for day_text, layer, workday, name in self.conn.execute("SELECT day, layer, workday, name FROM calendar_days"):
            day = codec.day(day_text)
            if layer == "local":
                local[day] = LocalDay(day, bool(workday), name)
            elif day.year in years or (day.year + 1 in years and day.month == 12):
                # A December day of a year not loaded belongs to the next year's notice (its 元旦).
                schedule = years[day.year] if day.year in years else years[day.year + 1]
                (schedule.work if workday else schedule.rest)[day] = name
        return years, local

    def loaded_years(self) -> list["LoadedYear"]:
        from bangongshi.model.calendar import LoadedYear

        rows = self.conn.execute("SELECT year, source, loaded_at FROM calendar_years ORDER BY year")
        return [LoadedYear(r[0], r[1], codec.moment(r[2])) for r in rows]

    def replace_year(self, tx, schedule: YearSchedule, source: str) -> None:
        """Store one year's arrangement, replacing whatever was loaded for it before."""
        self.remove_year(tx, schedule.year)
        spilled = [d for d in (*schedule.rest, *schedule.work) if d.year != schedule.year]
        for day in spilled:  # late December named by this notice: its word replaces what was there
            row = self.conn.execute("SELECT id FROM calendar_days WHERE layer = 'year' AND day = ?",
                                    (day.isoformat(),)).fetchone()
            if row:
                tx.delete("calendar_day", row[0])
        tx.insert("calendar_year", {"year": schedule.year, "source": source, "loaded_at": stamp(tx.now)})
        for workday, days in ((0, schedule.rest), (1, schedule.work)):
            for day, name in sorted(days.items()):
                if self.conn.execute("SELECT 1 FROM calendar_days WHERE layer = 'year' AND day = ?",
                                     (day.isoformat(),)).fetchone():
                    continue  # a December day the next year's notice already names
                tx.insert("calendar_day", {"day": day.isoformat(), "layer": "year", "workday": workday, "name": name})

    def remove_year(self, tx, year: int) -> bool:
        row = self.conn.execute("SELECT id FROM calendar_years WHERE year = ?", (year,)).fetchone()
        loaded = {r[0] for r in self.conn.execute("SELECT year FROM calendar_years WHERE year IN (?, ?)",
                                                  (year - 1, year + 1))}
        # December days of a year not loaded are this year's (its 元旦): they go with it; this
        # year's own December stays when the next year is loaded (its notice may name those days).
        first = f"{year}-01-01" if year - 1 in loaded else f"{year - 1}-12-01"
        last = f"{year}-11-30" if year + 1 in loaded else f"{year}-12-31"
        for (day_id,) in self.conn.execute(
            "SELECT id FROM calendar_days WHERE layer = 'year' AND day BETWEEN ? AND ?", (first, last),
        ).fetchall():
            tx.delete("calendar_day", day_id)
        if row:
            tx.delete("calendar_year", row[0])
        return row is not None

    def set_local_day(self, tx, local: LocalDay) -> None:
        row = self.conn.execute("SELECT id FROM calendar_days WHERE layer = 'local' AND day = ?",
                              (local.date.isoformat(),)).fetchone()
        values = {"day": local.date.isoformat(), "layer": "local", "workday": int(local.workday), "name": local.name}
        if row:
            tx.update("calendar_day", row[0], values)
        else:
            tx.insert("calendar_day", values)

    def remove_local_day(self, tx, day: date) -> bool:
        row = self.conn.execute("SELECT id FROM calendar_days WHERE layer = 'local' AND day = ?",
                              (day.isoformat(),)).fetchone()
        if row:
            tx.delete("calendar_day", row[0])
        return row is not None
