"""The office registers' tables: people, 收文/发文 entries, their numbers and sequences, 来电来访.
Writes go through the caller's Transaction (journaled); reads return model records."""

from datetime import datetime

from bangongshi.model.registers import (Contact, ContactKind, Direction, DocNumber, EntryFilter, EntryStatus,
                                        NumberStatus, Person, RegisterEntry, Role, Secrecy, Urgency)
from bangongshi.storage import codec
from bangongshi.storage.codec import stamp
from bangongshi.storage.repository import Repository

ENTRY_TEXT = ("title", "unit", "doc_number", "proposal", "instruction", "leader", "handler", "main_to", "copy_to",
              "drafter", "checker", "signer", "prefix", "note", "void_reason")


class RegisterRepository(Repository):
    # --- numbers -------------------------------------------------------------------------------

    def take_number(self, tx, direction: Direction, prefix: str, year: int, first: int, text_of,
                    status: NumberStatus, register_id: int | None, now: datetime) -> DocNumber:
        """The next number of a sequence, recorded as `status`. Called inside the store's write
        transaction (BEGIN IMMEDIATE holds the write lock from its start), so the read of `last` and
        the write of `last + 1` cannot interleave with another terminal's: no duplicate and no gap.
        The UNIQUE index on doc_numbers is the second guard."""
        row = self.conn.execute("SELECT id, last FROM doc_sequences WHERE direction = ? AND prefix = ? AND year = ?",
                                (direction.code, prefix, year)).fetchone()
        if row is None:
            seq = first
            tx.insert("doc_sequence", {"direction": direction.code, "prefix": prefix, "year": year, "last": seq})
        else:
            seq = row[1] + 1
            tx.update("doc_sequence", row[0], {"last": seq})
        number_id = tx.insert("doc_number", {
            "direction": direction.code, "prefix": prefix, "year": year, "seq": seq, "text": text_of(seq),
            "status": status.code, "register_id": register_id, "reason": "", "created": stamp(now),
            "updated": stamp(now)})
        return self.number(number_id)

    def set_number(self, tx, number_id: int, now: datetime, **values) -> DocNumber:
        coded = {k: (v.code if isinstance(v, NumberStatus) else v) for k, v in values.items()}
        tx.update("doc_number", number_id, {**coded, "updated": stamp(now)})
        return self.number(number_id)

    def number(self, number_id: int) -> DocNumber | None:
        found = self._numbers("WHERE id = ?", (number_id,))
        return found[0] if found else None

    def number_titled(self, text: str) -> DocNumber | None:
        found = self._numbers("WHERE text = ? ORDER BY id DESC LIMIT 1", (text,))
        return found[0] if found else None

    def numbers(self, direction: Direction | None = None, year: int | None = None,
                status: NumberStatus | None = None) -> list[DocNumber]:
        where, params = [], []
        for column, value in (("direction", direction and direction.code), ("year", year), ("status", status and status.code)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return self._numbers(("WHERE " + " AND ".join(where) if where else "") + " ORDER BY direction, prefix, year, seq",
                             tuple(params))

    def last_numbers(self, direction: Direction, year: int) -> dict[str, int]:
        """Each sequence's last number of a year, by prefix."""
        return dict(self.conn.execute("SELECT prefix, last FROM doc_sequences WHERE direction = ? AND year = ?",
                                      (direction.code, year)))

    def _numbers(self, tail: str, params: tuple) -> list[DocNumber]:
        return [DocNumber(r[0], Direction.from_code(r[1]), r[2], r[3], r[4], r[5], NumberStatus.from_code(r[6]), r[7],
                          r[8], codec.moment(r[9]), codec.moment(r[10])) for r in self.conn.execute(
            "SELECT id, direction, prefix, year, seq, text, status, register_id, reason, created, updated "
            f"FROM doc_numbers {tail}", params)]

    # --- entries -------------------------------------------------------------------------------

    def add_entry(self, tx, entry: RegisterEntry) -> int:
        return tx.insert("register", _entry_row(entry))

    def update_entry(self, tx, entry_id: int, now: datetime, **values) -> None:
        """Write the fields named (record values: enums, dates) and the time of the change."""
        row = {k: (v.code if isinstance(v, EntryStatus) else v) for k, v in values.items()}
        tx.update("register", entry_id, {**row, "updated": stamp(now)})

    def entry(self, entry_id: int) -> RegisterEntry | None:
        found = self._entries("WHERE id = ?", (entry_id,))
        return found[0] if found else None

    def entry_of_item(self, item_id: int) -> RegisterEntry | None:
        """The entry an item tracks, the item being its anchor."""
        found = self._entries("WHERE item_id = ? ORDER BY id LIMIT 1", (item_id,))
        return found[0] if found else None

    def entries(self, wanted: EntryFilter) -> list[RegisterEntry]:
        where, named = [], {}
        if wanted.direction is not None:
            where.append("direction = :direction")
            named["direction"] = wanted.direction.code
        if wanted.year is not None:
            where.append("year = :year")
            named["year"] = wanted.year
        if wanted.unit:
            where.append("(instr(unit, :unit) > 0 OR instr(main_to, :unit) > 0)")
            named["unit"] = wanted.unit
        if wanted.secrecy is not None:
            where.append("secrecy = :secrecy")
            named["secrecy"] = wanted.secrecy.code
        if not wanted.include_void:
            where.append("status = 'active'")
        found = []
        if wanted.search:
            found.append("instr(title, :s) > 0 OR instr(doc_number, :s) > 0 OR id IN "
                         "(SELECT register_id FROM doc_numbers WHERE instr(text, :s) > 0 AND register_id IS NOT NULL)")
            named["s"] = wanted.search
        if wanted.doc:
            found.append("(doc_prefix = :p AND doc_year = :y AND doc_seq = :n)")
            named.update(p=wanted.doc[0], y=wanted.doc[1], n=wanted.doc[2])
        if found:
            where.append("(" + " OR ".join(found) + ")")
        sql = ("WHERE " + " AND ".join(where) if where else "") + " ORDER BY direction, year, id"
        if wanted.limit:
            sql += f" LIMIT {int(wanted.limit)}"
        return self._entries(sql, named)

    def count_entries(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT direction, count(*) FROM registers GROUP BY direction"))

    def count_created_between(self, start: datetime, end: datetime) -> dict[str, int]:
        """收文 and 发文 registered in [start, end), by direction code (both always present)."""
        found = {"in": 0, "out": 0}
        found.update(self.conn.execute("SELECT direction, count(*) FROM registers WHERE created >= ? AND created < ? "
                                       "GROUP BY direction", (stamp(start), stamp(end))))
        return found

    def stats(self, year: int) -> list[tuple[str, str, str, int]]:
        """(direction, 来文单位 or '', secrecy, count) of a year's entries that are not void."""
        return list(self.conn.execute(
            "SELECT direction, unit, secrecy, count(*) FROM registers WHERE year = ? AND status = 'active' "
            "GROUP BY direction, unit, secrecy ORDER BY direction, count(*) DESC, unit", (year,)))

    def _entries(self, tail: str, params) -> list[RegisterEntry]:
        cursor = self.conn.execute(f"SELECT * FROM registers {tail}", params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r)) for r in cursor]
        if not rows:
            return []
        numbers: dict[int, list[DocNumber]] = {}
        ids = [r["id"] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for number in self._numbers(f"WHERE register_id IN ({', '.join('?' for _ in chunk)}) ORDER BY id",
                                        tuple(chunk)):
                numbers.setdefault(number.register_id, []).append(number)
        return [_entry(r, tuple(numbers.get(r["id"], ()))) for r in rows]

    # --- 来电来访 ------------------------------------------------------------------------------

    def add_contact(self, tx, contact: Contact) -> int:
        return tx.insert("contact", {
            "uuid": contact.uuid, "kind": contact.kind.code, "at": stamp(contact.at), "person": contact.person,
            "unit": contact.unit, "phone": contact.phone, "visitors": contact.visitors, "matter": contact.matter,
            "handling": contact.handling, "receiver": contact.receiver, "item_id": contact.item_id,
            "created": stamp(contact.created)})

    def update_contact(self, tx, contact_id: int, **values) -> None:
        tx.update("contact", contact_id, {k: (stamp(v) if isinstance(v, datetime) else v) for k, v in values.items()})

    def contact(self, contact_id: int) -> Contact | None:
        found = self._contacts("WHERE id = ?", (contact_id,))
        return found[0] if found else None

    def contacts_between(self, start: datetime | None, end: datetime | None, kind: ContactKind | None = None,
                         search: str | None = None) -> list[Contact]:
        where, params = [], []
        if start is not None:
            where.append("at >= ?")
            params.append(stamp(start))
        if end is not None:
            where.append("at < ?")
            params.append(stamp(end))
        if kind is not None:
            where.append("kind = ?")
            params.append(kind.code)
        if search:
            where.append("(instr(person, ?) > 0 OR instr(unit, ?) > 0 OR instr(matter, ?) > 0)")
            params += [search] * 3
        return self._contacts(("WHERE " + " AND ".join(where) if where else "") + " ORDER BY at, id", tuple(params))

    def contact_of_item(self, item_id: int) -> Contact | None:
        found = self._contacts("WHERE item_id = ? ORDER BY id LIMIT 1", (item_id,))
        return found[0] if found else None

    def _contacts(self, tail: str, params: tuple) -> list[Contact]:
        return [Contact(r[0], r[1], ContactKind.from_code(r[2]), codec.moment(r[3]), r[4], r[8], unit=r[5], phone=r[6],
                        visitors=r[7], handling=r[9], receiver=r[10], item_id=r[11], created=codec.moment(r[12]))
                for r in self.conn.execute(
                    "SELECT id, uuid, kind, at, person, unit, phone, visitors, matter, handling, receiver, item_id, "
                    f"created FROM contacts {tail}", params)]

    # --- people --------------------------------------------------------------------------------

    def add_person(self, tx, person: Person) -> int:
        return tx.insert("person", {
            "name": person.name, "unit": person.unit, "phone": person.phone, "role": person.role.code,
            "title": person.title, "precedence": person.precedence, "note": person.note, "channel": person.channel,
            "caldav_url": person.caldav_url, "caldav_user": person.caldav_user,
            "created": stamp(person.created), "updated": stamp(person.updated)})

    def update_person(self, tx, person_id: int, now: datetime, **values) -> None:
        row = {k: (v.code if isinstance(v, Role) else v) for k, v in values.items()}
        tx.update("person", person_id, {**row, "updated": stamp(now)})

    def delete_person(self, tx, person_id: int) -> None:
        tx.delete("person", person_id)

    def person_named(self, name: str) -> Person | None:
        found = self._people("WHERE name = ?", (name,))
        return found[0] if found else None

    def person(self, person_id: int) -> Person | None:
        found = self._people("WHERE id = ?", (person_id,))
        return found[0] if found else None

    def people(self, role: Role | None = None) -> list[Person]:
        """Leaders first, in their order of precedence, then everyone else by unit and name."""
        where = "WHERE role = ? " if role else ""
        return self._people(where + "ORDER BY role = 'colleague', precedence IS NULL, precedence, unit, name",
                            (role.code,) if role else ())

    def _people(self, tail: str, params: tuple) -> list[Person]:
        return [Person(r[0], r[1], r[2], r[3], Role.from_code(r[4]), r[5], r[6], r[7], codec.moment(r[8]),
                       codec.moment(r[9]), r[10], r[11], r[12]) for r in self.conn.execute(
            "SELECT id, name, unit, phone, role, title, precedence, note, created, updated, channel, caldav_url, "
            f"caldav_user FROM people {tail}", params)]

    def shared_people(self) -> list[Person]:
        """Colleagues with a CalDAV identity: each one's shared collection is synced (issue #25)."""
        return self._people("WHERE caldav_url != '' ORDER BY name", ())


def _entry(row: dict, numbers: tuple[DocNumber, ...]) -> RegisterEntry:
    current = next((n for n in reversed(numbers) if n.status is not NumberStatus.VOID), None)
    if current is None and row["status"] == "void" and numbers:
        current = numbers[-1]  # a voided 收文: the number it had
    return RegisterEntry(
        id=row["id"], uuid=row["uuid"], direction=Direction.from_code(row["direction"]), year=row["year"],
        title=row["title"], unit=row["unit"], doc_number=row["doc_number"], doc_prefix=row["doc_prefix"],
        doc_year=row["doc_year"], doc_seq=row["doc_seq"], secrecy=Secrecy.from_code(row["secrecy"]),
        urgency=Urgency.from_code(row["urgency"]), received=codec.day(row["received"]),
        issued=codec.day(row["issued"]), copies=row["copies"], deadline=codec.day(row["deadline"]),
        proposal=row["proposal"], instruction=row["instruction"], leader=row["leader"], handler=row["handler"],
        main_to=row["main_to"], copy_to=row["copy_to"], drafter=row["drafter"], checker=row["checker"],
        signer=row["signer"], prefix=row["prefix"], note=row["note"], item_id=row["item_id"],
        status=EntryStatus.from_code(row["status"]), void_reason=row["void_reason"],
        created=codec.moment(row["created"]), updated=codec.moment(row["updated"]), number=current, numbers=numbers)


def _entry_row(entry: RegisterEntry) -> dict:
    """An entry as its row holds it (without id, numbers)."""
    row = {name: getattr(entry, name) for name in (
        "uuid", "year", "title", "unit", "doc_number", "doc_prefix", "doc_year", "doc_seq", "copies", "proposal",
        "instruction", "leader", "handler", "main_to", "copy_to", "drafter", "checker", "signer", "prefix", "note",
        "item_id", "void_reason")}
    row.update(direction=entry.direction.code, secrecy=entry.secrecy.code, urgency=entry.urgency.code,
               status=entry.status.code, received=codec.day_text(entry.received), issued=codec.day_text(entry.issued),
               deadline=codec.day_text(entry.deadline), created=stamp(entry.created), updated=stamp(entry.updated))
    return row

