"""The agenda's grouped read of open items (issue #19): one row per group of open items that share the
facts ranking reads, counted by SQLite. The ids of a group are read only when asked, for the few groups
the agenda shows: at 100,000 open items there are some 10,000 groups, and joining every group's ids
cost SQLite a third of the read and Python as much again."""

import json
import sqlite3
from datetime import date
from typing import NamedTuple

from bangongshi.model import Attention, Folder
from bangongshi.storage.repository import damaged

# The facts ranking reads, in the order of the indexes items_open_facts and items_open_assigned
# (schema_v20.sql), so that SQLite groups by reading them alone, each item once, without sorting. The
# flags are packed into one number (FACTS_CODE, read back by _flags_of; written exactly as in the
# indexes): comparing it, the deadline and the day of an assignment costs SQLite half what comparing
# twelve columns did. An assignment counts by its day (ranking reads no finer); the days up to :floor,
# where the age rule is at full strength, count as that one (domain.ranking.age_floor).
FACTS_CODE = ("((folder = 'temp') | ((important IS 1) << 1) | ((urgent IS 1) << 2) "
              "| ((key IS 1) << 3) | ((constrained IS 1) << 4) | ((locked IS 1) << 5) "
              "| (CASE attention WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 0 END << 6) "
              "| ((at IS NOT NULL) << 8) | ((report_required IS 1) << 9) | ((handler != '') << 10))")
_ATTENTION_CODES = (None, Attention.HIGH, Attention.NORMAL, Attention.LOW)
_ASSIGNED_DAY = "substr(assigned_at, 1, 10)"
_BEFORE_FLOOR = f"ifnull({_ASSIGNED_DAY} <= :floor, 0)"  # the floor itself too: one row per group
_UNASSIGNED = "folder != 'done' AND ifnull(assigned_at, '') = ''"  # the WHERE of items_open_facts
_ASSIGNED = "folder != 'done' AND ifnull(assigned_at, '') != ''"  # the WHERE of items_open_assigned
OPEN_FACTS_SQL = (
    f"SELECT {FACTS_CODE}, due, NULL, count(*) FROM items WHERE {_UNASSIGNED} GROUP BY 1, 2 "
    f"UNION ALL SELECT {FACTS_CODE}, due, {_ASSIGNED_DAY}, count(*) FROM items "
    f"WHERE {_ASSIGNED} AND NOT {_BEFORE_FLOOR} GROUP BY 1, 2, 3 "
    f"UNION ALL SELECT {FACTS_CODE}, due, :floor, count(*) FROM items WHERE {_ASSIGNED} AND {_BEFORE_FLOOR} GROUP BY 1, 2"
)
# The same facts of given items (the 次日 list), folded as above.
_OPEN_FACTS_OF = (f"SELECT {FACTS_CODE}, due, CASE WHEN ifnull(assigned_at, '') = '' THEN NULL "
                  f"WHEN {_BEFORE_FLOOR} THEN :floor ELSE {_ASSIGNED_DAY} END, id FROM items "
                  "WHERE folder != 'done' AND id IN (SELECT value FROM json_each(:ids))")
# The ids of one group, lowest first, each through the index its group was counted from.
_IDS_UNASSIGNED = f"SELECT id FROM items WHERE {_UNASSIGNED} AND {FACTS_CODE} = :code AND due IS :due ORDER BY id LIMIT :n"
_IDS_ON_DAY = (f"SELECT id FROM items WHERE {_ASSIGNED} AND {FACTS_CODE} = :code AND due IS :due "
               f"AND {_ASSIGNED_DAY} = :assigned ORDER BY id LIMIT :n")
_IDS_FOLDED = (f"SELECT id FROM items WHERE {_ASSIGNED} AND {FACTS_CODE} = :code AND due IS :due "
               f"AND {_ASSIGNED_DAY} <= :floor ORDER BY id LIMIT :n")
# A Reach (domain.agenda.Reach, the morning view): items assigned after the floor are read as above; the
# rest, per partition (unassigned; assigned on or before the floor), set of flags by set of flags: which
# sets there are (a skip through the index, one search a set), how many items each has due never, on or
# before the day, and after the settled day, then the groups due between the two days in full, and the
# earliest groups due by the day and after the settled day, as many as can be shown (storage reads on,
# row by row, until they hold enough). 100,000 items cost a third of the full read.
_RECENT_SQL = (f"SELECT {FACTS_CODE}, due, {_ASSIGNED_DAY}, count(*) FROM items "
               f"WHERE {_ASSIGNED} AND NOT {_BEFORE_FLOOR} GROUP BY 1, 2, 3")
_PARTITIONS = ((_UNASSIGNED, "NULL"), (f"{_ASSIGNED} AND {_BEFORE_FLOOR}", ":floor"))
_SETS = ("WITH RECURSIVE sets(code) AS (SELECT (SELECT min({c}) FROM items WHERE {w}) UNION ALL "
         "SELECT (SELECT min({c}) FROM items WHERE {w} AND {c} > code) FROM sets WHERE code IS NOT NULL) "
         "SELECT code FROM sets WHERE code IS NOT NULL")
_COUNTS = ("SELECT value, (SELECT count(*) FROM items WHERE {w} AND {c} = value AND due IS NULL), "
           "(SELECT count(*) FROM items WHERE {w} AND {c} = value AND due <= :by_day), "
           "(SELECT count(*) FROM items WHERE {w} AND {c} = value AND due > :settled) FROM json_each(:codes)")
_BETWEEN = ("SELECT {c}, due, {a}, count(*) FROM items WHERE {w} AND {c} IN (SELECT value FROM json_each(:codes)) "
            "AND due > :by_day AND due <= :settled GROUP BY 1, 2")
_EARLIEST = ("SELECT due, count(*) FROM items WHERE {w} AND {c} = :code AND due <= :by_day GROUP BY due ORDER BY due",
             "SELECT due, count(*) FROM items WHERE {w} AND {c} = :code AND due > :settled GROUP BY due ORDER BY due")
_REACH_SQL = tuple({name: sql.format(c=FACTS_CODE, w=where, a=assigned) for name, sql in (
    ("sets", _SETS), ("counts", _COUNTS), ("between", _BETWEEN), ("by_day", _EARLIEST[0]), ("settled", _EARLIEST[1]))}
    for where, assigned in _PARTITIONS)
# Every group's ids, joined by SQLite, for a caller that lists them all (`bgs agenda --all`, `bgs why`,
# the matrix): the grouped read above, one row a group (100,000 rows of one id each cost Python more).
_ALL_IDS_SQL = OPEN_FACTS_SQL.replace("count(*)", "group_concat(id)")
LISTED = 1 << 11  # in a row's flags: the group of the items on the 次日 list (above FACTS_CODE's bits)
# Up to this many groups (or one in 50 open items), their ids are read group by group rather than in one pass.
_ONE_PASS = 64


def _flags_of(code: int) -> tuple:
    """FACTS_CODE read back: (folder, important, urgent, key, constrained, locked, attention, has an
    `at`, a result owed, under 督办)."""
    return (Folder.TEMP if code & 1 else Folder.TODO, bool(code & 2), bool(code & 4), bool(code & 8),
            bool(code & 16), bool(code & 32), _ATTENTION_CODES[code >> 6 & 3], bool(code & 256),
            bool(code & 512), bool(code & 1024))


class FactGroups(NamedTuple):
    """Open items in groups of equal facts, counted. `rows`: (flags, due, assigned day, how many) for each
    group, as SQLite gives them: `flags` is a number that is equal for groups with equal flags
    (FACTS_CODE, with LISTED for the items on the 次日 list), and the two days are the stored texts;
    `flags` maps each such number to the group's Facts without its two days (domain.ranking.Facts, due
    and assigned_at None) and whether its items have an `at`; `days` maps each text to its date. Two
    texts may read as one date (a value written past bgs): their groups then have equal facts."""

    rows: list[tuple[int, str | None, str | None, int]]
    flags: dict[int, tuple]
    days: dict[str | None, date | None]
    listed: dict[tuple, list[int]]  # the 次日 list's ids by (code, due text, assigned text)
    floor: str | None
    total: int  # open items in all
    rest: list[tuple[int, bool, int]] | tuple = ()  # past a Reach: (flags, due by the day, how many) left unread


def read(conn: sqlite3.Connection, listed, assigned_floor: date | None, reach=None) -> FactGroups:
    """See ItemRepository.open_fact_groups."""
    floor = assigned_floor.isoformat() if assigned_floor else None
    on_list: dict[tuple, list[int]] = {}
    wanted = sorted(set(listed))
    if wanted:
        for code, due, assigned, item_id in conn.execute(_OPEN_FACTS_OF, {"floor": floor, "ids": json.dumps(wanted)}):
            on_list.setdefault((code, due, assigned), []).append(item_id)
    rest: list[tuple[int, bool, int]] = []
    if reach is None:
        # The rows as SQLite gives them (10,000 at 100,000 open items): no Python a row on most mornings.
        rows = conn.execute(OPEN_FACTS_SQL, {"floor": floor}).fetchall()
    else:
        rows = conn.execute(_RECENT_SQL, {"floor": floor}).fetchall()
        _read_reach(conn, reach, floor, on_list, rows, rest)
    codes = {row[0] for row in rows}
    if None in codes:  # a flag column holds what no bgs wrote (a NULL where text belongs)
        found = conn.execute(f"SELECT id FROM items WHERE folder != 'done' AND {FACTS_CODE} IS NULL "
                             "ORDER BY id LIMIT 1").fetchone()
        raise _damaged(conn, found, "标记列的值无法读取")
    if on_list:
        # The 次日 list is a fact of a few items: they are taken out of their group into one of their own.
        listed_codes = {code for code, _, _ in on_list}
        split = []
        for code, due, assigned, count in rows:
            ids = on_list.get((code, due, assigned)) if code in listed_codes else None
            if ids:
                split.append((code | LISTED, due, assigned, len(ids)))
                count -= len(ids)
                if not count:
                    continue
            split.append((code, due, assigned, count))
        # Past a Reach, a listed item's group may be unread: its own group is made all the same.
        if reach is not None:
            made = {row[:3] for row in split if row[0] & LISTED}
            split += [(code | LISTED, due, assigned, len(ids)) for (code, due, assigned), ids in on_list.items()
                      if (code | LISTED, due, assigned) not in made]
        rows = split
        codes = {row[0] for row in rows}
    codes |= {row[0] for row in rest}
    days: dict[str | None, date | None] = {None: None, "": None}
    for text in {row[1] for row in rows} | {row[2] for row in rows}:
        if text not in days:
            try:
                days[text] = date.fromisoformat(text)
            except (ValueError, TypeError) as error:
                found = conn.execute("SELECT id FROM items WHERE folder != 'done' AND (due IS :t OR "
                                     "substr(assigned_at, 1, 10) IS :t) ORDER BY id LIMIT 1", {"t": text}).fetchone()
                raise _damaged(conn, found, error) from None
    flags = {code: _template(code & ~LISTED, bool(code & LISTED)) for code in codes}
    return FactGroups(rows, flags, days, {k: sorted(v) for k, v in on_list.items()}, floor,
                      sum(row[3] for row in rows) + sum(row[2] for row in rest), rest)


def _template(code: int, listed: bool = False) -> tuple:
    """A set of flags' Facts without the two days, and whether its items have an `at`."""
    from bangongshi.domain.ranking import Facts

    folder, important, urgent, key, constrained, locked, level, has_at, report, supervised = _flags_of(code)
    return Facts(folder, important, urgent, key, constrained, locked, None, None, level, listed, report,
                 supervised), has_at


def _read_reach(conn: sqlite3.Connection, reach, floor: str | None, on_list: dict, rows: list, rest: list) -> None:
    """The groups of the unassigned and the long-assigned items that a Reach can show (domain.agenda.Reach),
    added to `rows`; the items of each set of flags left unread, counted, to `rest`."""
    by_day, settled = reach.by_day.isoformat(), reach.settled.isoformat()
    for assigned, sql in zip((None, floor), _REACH_SQL):
        if sql is _REACH_SQL[1] and floor is None:
            continue  # nothing is folded
        params = {"floor": floor, "by_day": by_day, "settled": settled}
        wanted = {}
        for (code,) in conn.execute(sql["sets"], params):
            if code is not None:
                counts = reach.of(*_template(code))
                if any(counts):
                    wanted[code] = counts
        if not wanted:
            continue
        params["codes"] = json.dumps(sorted(wanted))
        # The items on the 次日 list, by the group they would be in: they are not shown from it.
        listed = {(code, due): len(ids) for (code, due, day), ids in on_list.items() if day == assigned and code in wanted}
        for code, due, _, count in conn.execute(sql["between"], params):
            rows.append((code, due, assigned, count))
            listed.pop((code, due), None)
        left = {}
        for code, never, overdue, later in conn.execute(sql["counts"], params).fetchall():
            if never:
                rows.append((code, None, assigned, never))
            for name, total, enough in (("by_day", overdue, wanted[code][0]), ("settled", later, wanted[code][1])):
                held = 0  # items not on the 次日 list
                if total:
                    for due, count in conn.execute(sql[name], {**params, "code": code}):
                        rows.append((code, due, assigned, count))
                        total -= count
                        held += count - listed.pop((code, due), 0)
                        if held >= enough:
                            break
                left[code, name == "by_day"] = total
        for (code, due), count in listed.items():  # listed, in a group left unread
            if due is not None:  # (the group of no deadline is always read)
                left[code, not isinstance(due, str) or due <= by_day] -= count
        rest += [(code, overdue, count) for (code, overdue), count in left.items() if count]


def _damaged(conn: sqlite3.Connection, found: tuple | None, error) -> Exception:
    """A stored value of an open item that ranking cannot read: the store is damaged, named by the item."""
    return damaged(found[0] if found else "?", error)


def ids(conn: sqlite3.Connection, groups: FactGroups, positions, limit: int | None) -> dict[int, list[int]]:
    """See ItemRepository.fact_group_ids."""
    positions = list(positions)
    # A statement a group costs some 20 µs, one pass over the open items some 0.4 µs an item.
    if len(positions) > max(_ONE_PASS, groups.total // 50):
        return _all_ids(conn, groups, set(positions), limit)
    found = {}
    for position in positions:
        flags, due, assigned, _ = groups.rows[position]
        code = flags & ~LISTED
        on_list = groups.listed.get((code, due, assigned), ())
        if flags & LISTED:
            found[position] = list(on_list) if limit is None else on_list[:limit]
            continue
        sql = _IDS_UNASSIGNED if assigned is None else _IDS_FOLDED if assigned == groups.floor else _IDS_ON_DAY
        group = [row[0] for row in conn.execute(sql, {
            "code": code, "due": due, "assigned": assigned, "floor": groups.floor,
            "n": -1 if limit is None else limit + len(on_list)})]
        if on_list:
            leave_out = set(on_list)
            group = [i for i in group if i not in leave_out]
        found[position] = group if limit is None else group[:limit]
    return found


def _all_ids(conn: sqlite3.Connection, groups: FactGroups, positions: set[int], limit: int | None) -> dict[int, list[int]]:
    """fact_group_ids in one pass over the open items."""
    where = {(row[0], row[1], row[2]): position for position, row in enumerate(groups.rows)}
    found: dict[int, list[int]] = {}
    for code, due, assigned, joined in conn.execute(_ALL_IDS_SQL, {"floor": groups.floor}):
        key = (code, due, assigned)
        on_list = groups.listed.get(key)
        if on_list:  # the 次日 list's items are a group of their own
            listed_at = where.get((code | LISTED, due, assigned))
            if listed_at in positions:
                found[listed_at] = list(on_list)
        position = where.get(key)
        if position in positions:
            ids = map(int, joined.split(","))
            if on_list:
                leave_out = set(on_list)
                ids = (i for i in ids if i not in leave_out)
            found[position] = sorted(ids)
    for position in positions:
        group = found.setdefault(position, [])
        if limit is not None:
            del group[limit:]
    return found
