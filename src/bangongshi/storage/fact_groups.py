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
# A Reach (domain.agenda.Reach, the morning view) reads three partitions of the open items: unassigned,
# assigned on or before the floor (counted as on it), and assigned after it (by day). For each set of
# flags in them (found by a skip through the index, one search a set) it counts the items due on or
# before the day and after the settled day, and reads in full the groups due between the two days and
# the groups of no deadline; the groups due by the day, and after the settled day, it reads in deadline
# order through the index, row by row, only until the Reach says no later one can be shown. 100,000
# items cost some 60 groups a set and a third of the full read. Deadlines are compared as the ISO text
# bgs writes (as every other query does; the full read parses each instead); an empty one is none.
# (name, which items, their day of assignment as the rows give it, and whether that day is grouped by: a
# constant is not, for SQLite would sort the groups to group by it where the index gives them in order).
_PARTITIONS = (("unassigned", _UNASSIGNED, "NULL", False),
               ("folded", f"{_ASSIGNED} AND {_BEFORE_FLOOR}", ":floor", False),
               ("recent", f"{_ASSIGNED} AND NOT {_BEFORE_FLOOR}", _ASSIGNED_DAY, True))
_SETS = ("WITH RECURSIVE sets(code) AS (SELECT (SELECT min({c}) FROM items WHERE {w}) UNION ALL "
         "SELECT (SELECT min({c}) FROM items WHERE {w} AND {c} > code) FROM sets WHERE code IS NOT NULL) "
         "SELECT code FROM sets WHERE code IS NOT NULL")
_COUNTS = ("SELECT value, (SELECT count(*) FROM items WHERE {w} AND {c} = value AND due > '' AND due <= :by_day), "
           "(SELECT count(*) FROM items WHERE {w} AND {c} = value AND due > :settled) FROM json_each(:codes)")
_IN_FULL = ("SELECT {c}, due, {a}, count(*) FROM items WHERE {w} AND {c} IN (SELECT value FROM json_each(:codes)) "
            "AND due > :by_day AND due <= :settled GROUP BY 1, 2{by_a} "
            "UNION ALL SELECT {c}, NULL, {a}, count(*) FROM items WHERE {w} "
            "AND {c} IN (SELECT value FROM json_each(:codes)) AND due IS NULL GROUP BY 1{by_a} "
            "UNION ALL SELECT {c}, '', {a}, count(*) FROM items WHERE {w} "
            "AND {c} IN (SELECT value FROM json_each(:codes)) AND due = '' GROUP BY 1{by_a}")
_RUNS = {"by_day": "SELECT due, {a}, count(*) FROM items WHERE {w} AND {c} = :code AND due > '' AND due <= :by_day "
                   "GROUP BY 1{by_a} ORDER BY 1{by_a}",
         "settled": "SELECT due, {a}, count(*) FROM items WHERE {w} AND {c} = :code AND due > :settled "
                    "GROUP BY 1{by_a} ORDER BY 1{by_a}"}
_REACH_SQL = {name: {"counts": _COUNTS.format(c=FACTS_CODE, w=where),
                     **{run: sql.format(c=FACTS_CODE, w=where, a=a, by_a=f", {a}" if by_day else "")
                        for run, sql in (("in_full", _IN_FULL), *_RUNS.items())}}
              for name, where, a, by_day in _PARTITIONS}
_SETS_SQL = {"unassigned": _SETS.format(c=FACTS_CODE, w=_UNASSIGNED),
             "assigned": _SETS.format(c=FACTS_CODE, w=_ASSIGNED)}
_DUE_RANGE = ("SELECT (SELECT min(due) FROM items WHERE folder != 'done' AND due != ''), "
              "(SELECT max(due) FROM items WHERE folder != 'done' AND due != '')")
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
        rows = []
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
        _day(conn, days, text)
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
    """The groups of open items that a Reach can show (domain.agenda.Reach), added to `rows`; the items of
    each set of flags left unread, counted, to `rest` as (flags, due by the day, how many)."""
    days: dict = {None: None, "": None}  # an empty deadline is none, as codec.day reads it
    reach.begin(*(_day(conn, days, text) for text in conn.execute(_DUE_RANGE).fetchone()))
    params = {"floor": floor, "by_day": reach.by_day.isoformat(), "settled": reach.settled.isoformat()}
    found_sets = {name: [code for (code,) in conn.execute(sql, params)] for name, sql in _SETS_SQL.items()}
    runs = []
    left: dict[tuple, int] = {}
    listed: dict[tuple, int] = {}  # the 次日 list's items by the group they would be in: not shown from it
    for name, *_ in _PARTITIONS:
        if name == "folded" and floor is None:
            continue  # nothing is counted as assigned on the floor
        wanted = {}
        assigned = reach.floor if name == "folded" else None
        for code in found_sets["unassigned" if name == "unassigned" else "assigned"]:
            template, has_at = _template(code)
            by_day = reach.run(template, has_at, True, assigned, name == "recent")
            if by_day is not None:
                wanted[code] = (by_day, reach.run(template, has_at, False, assigned, name == "recent"))
        if not wanted:
            continue
        sql = _REACH_SQL[name]
        params["codes"] = json.dumps(sorted(wanted))
        for (code, due, assigned), ids in on_list.items():
            if code in wanted and _partition(assigned, floor) == name:
                listed[code, due, assigned] = len(ids)
        for code, due, assigned, count in conn.execute(sql["in_full"], params):
            rows.append((code, due, assigned, count))
            listed.pop((code, due, assigned), None)
        for code, overdue, later in conn.execute(sql["counts"], params).fetchall():
            for run, total, overdue_run in (("by_day", overdue, True), ("settled", later, False)):
                left[code, name, overdue_run] = total
                if total:
                    run_of = wanted[code][not overdue_run]
                    runs.append((run_of.first, len(runs), run_of, sql[run], code, name, overdue_run))
    # The runs that could hold the best keys first: the pools' bounds fall soonest, and a run whose best
    # is past its pool's bound is not read at all.
    runs.sort(key=lambda run: run[:2])
    for _, _, run, sql, code, name, overdue in runs:
        if reach.hopeless(run):
            continue
        for due, assigned, count in conn.execute(sql, {**params, "code": code}):
            rows.append((code, due, assigned, count))
            left[code, name, overdue] -= count
            shown = count - listed.pop((code, due, assigned), 0)
            if not run.more(_day(conn, days, due), _day(conn, days, assigned), shown):
                break
    by_day = params["by_day"]
    for (code, due, assigned), count in listed.items():  # listed, in a group left unread
        if due is not None:  # (the groups of no deadline are read in full)
            left[code, _partition(assigned, floor), not isinstance(due, str) or due <= by_day] -= count
    rest += [(code, overdue, count) for (code, _, overdue), count in left.items() if count]


def _partition(assigned: str | None, floor: str | None) -> str:
    """Which partition of a Reach's read a group is in, by its assigned day as the rows give it."""
    return "unassigned" if assigned is None else "folded" if assigned == floor else "recent"


def _day(conn: sqlite3.Connection, days: dict, text) -> date | None:
    """A stored day's date (None for none), each text parsed once; one that is no date is a damaged store."""
    found = days.get(text, days)
    if found is days:
        try:
            found = days[text] = date.fromisoformat(text) if text is not None else None
        except (ValueError, TypeError) as error:
            item = conn.execute("SELECT id FROM items WHERE folder != 'done' AND (due IS :t OR "
                                "substr(assigned_at, 1, 10) IS :t) ORDER BY id LIMIT 1", {"t": text}).fetchone()
            raise _damaged(conn, item, error) from None
    return found


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
