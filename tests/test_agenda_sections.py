"""The agenda sorts counted groups of open items into its sections and reads the ids of only the groups
that can hold a section's first rows (domain/agenda.py, storage/fact_groups.py, issue #19). Whatever the
store, those first rows, the counts and 即将到期 must be what ranking every open item one by one gives."""

from datetime import date, datetime, time, timedelta, timezone
from itertools import islice

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from bangongshi.domain import agenda as sections_rules
from bangongshi.domain import quadrants, ranking
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.settings import DEFAULTS, RULES
from bangongshi.model import Attention, Folder, Item, ItemFilter, Kind
from bangongshi.model.record import replace
from bangongshi.services import agenda as agenda_service
from bangongshi.storage import fact_groups, open_store

CALENDAR = Calendar(package_data())
DAY = date(2026, 11, 20)
TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
HORIZON = 3

# Few distinct values, so that many items share their facts and groups tie in score and deadline.
items = st.lists(st.builds(
    lambda folder, important, urgent, key, constrained, locked, due, assigned, attention, at, report, handler: Item(
        title="事项", folder=folder, important=important, urgent=urgent, key=key, constrained=constrained,
        locked=locked, due=due, assigned_at=datetime.combine(assigned, time(9), tzinfo=TZ) if assigned else None,
        attention=attention, at=datetime.combine(at, time(9), tzinfo=TZ) if at else None, report_required=report,
        handler=handler, kind=Kind.AFFAIR, uuid="u", created=NOW, updated=NOW),
    folder=st.sampled_from(list(Folder)),
    important=st.booleans(), urgent=st.booleans(), key=st.booleans(), constrained=st.booleans(),
    locked=st.just(False),
    due=st.one_of(st.none(), st.dates(date(2026, 11, 16), date(2026, 12, 4))),
    assigned=st.one_of(st.none(), st.dates(date(2026, 10, 1), DAY)),
    attention=st.one_of(st.none(), st.sampled_from(list(Attention))),
    at=st.one_of(st.none(), st.none(), st.dates(date(2026, 11, 18), date(2026, 11, 30))),
    report=st.booleans(), handler=st.sampled_from(["", "", "小王"]),
), min_size=0, max_size=60)


@st.composite
def alike_items(draw):
    """Items of one to three sets of flags, each set with many deadlines: a set's groups then go past
    what a pool shows, and a Reach must stop reading each set where its first rows end."""
    palette = draw(items.filter(lambda found: 1 <= len(found) <= 3))
    batch = draw(items)
    flags = ("folder", "important", "urgent", "key", "constrained", "attention", "report_required", "handler")
    return [replace(item, **{name: getattr(palette[n % len(palette)], name) for name in flags})
            for n, item in enumerate(batch)]


def _first_rows(store, settings, listed, wanted: int, floor, reach, taken):
    """What the agenda takes of the grouped read: each pool's first `wanted` ids, each section's total,
    and 即将到期's rows and count (leaving out any of `taken` that a pool's first rows hold)."""
    groups = store.items.open_fact_groups(listed, floor, reach)
    sections = sections_rules.sort(groups.rows, groups.flags, groups.days, CALENDAR, settings, DAY, HORIZON,
                                   {pool: wanted for pool in sections_rules.POOLS}, groups.rest, reach)
    firsts = {}
    head_facts = {}
    for pool, found in sections.pools.items():
        ids = store.items.fact_group_ids(groups, found, wanted)
        firsts[pool] = []
        for item_id, facts, _ in islice(ranking.in_order([(sections.facts[p], ids[p]) for p in found],
                                                         sections.scored, wanted), wanted):
            firsts[pool].append(item_id)
            head_facts[item_id] = facts
    shown = {i for ids in firsts.values() for i in ids}
    soon_rows, soon_count = agenda_service._due_soon(store.items, groups, sections, taken & shown, head_facts, None)
    return firsts, sections.totals, soon_rows, soon_count, shown


def _reach(settings, wanted: int, floor):
    return sections_rules.reach(CALENDAR, settings, DAY, HORIZON, {pool: wanted for pool in sections_rules.POOLS}, floor)


def _pool_of(ranked: ranking.Ranked, listed, settings=DEFAULTS) -> tuple[str, bool] | None:
    """The agenda's pool of one item, from the rules as services/agenda.py states them."""
    c = ranked.candidate
    if c.id in listed or c.at is not None:
        return None
    if c.due is not None and c.due <= DAY:
        return ("must", True)
    if ranked.urgent_effective and quadrants.constrained(c):
        return ("must", False)
    return ("key" if c.key else "routine", quadrants.signalled(c, settings))


# Weights as config.yaml may set them (0 to 1000, any decimal): ties and near-ties in the sums included.
weights = st.one_of(st.just(DEFAULTS.weights), st.fixed_dictionaries(
    {rule: st.one_of(st.integers(0, 60).map(float), st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)))
     for rule in DEFAULTS.weights}))


@hypothesis_settings(max_examples=120, deadline=None)
@given(st.one_of(items, alike_items()), st.sets(st.integers(1, 30), max_size=8), st.integers(1, 8), st.booleans(),
       st.sets(st.integers(1, 60), max_size=10), weights, st.booleans(), st.integers(0, 4))
def test_each_sections_first_rows_are_those_of_ranking_every_item(tmp_path_factory, batch, listed, wanted, folded,
                                                                  taken, chosen_weights, reached, urgent_within):
    """Read in full, or only as far as a Reach goes (the morning view): the same first rows and counts."""
    settings = replace(DEFAULTS, weights=chosen_weights, urgent_within_workdays=urgent_within)
    store = open_store(tmp_path_factory.mktemp("store") / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            for n, item in enumerate(batch):
                store.items.add(tx, replace(item, uuid=f"u{n}"))
        open_items = [i for i in store.items.query(ItemFilter()) if i.is_open]
        one_by_one = ranking.rank([ranking.Candidate.of(i) for i in open_items], CALENDAR, settings, DAY,
                                  frozenset(listed))
        floor = ranking.age_floor(CALENDAR, DAY) if folded else None
        reach = sections_rules.reach(CALENDAR, settings, DAY, HORIZON, {pool: wanted for pool in sections_rules.POOLS},
                                     floor)
        firsts, totals, soon_rows, soon_count, shown = _first_rows(store, settings, listed, wanted, floor,
                                                                   reach if reached else None, taken)
    finally:
        store.close()
    pools = {}
    for r in one_by_one:
        pools.setdefault(_pool_of(r, listed, settings), []).append(r)
    for pool in sections_rules.POOLS:
        assert firsts[pool] == [r.candidate.id for r in pools.get(pool, [])][:wanted], pool
    assert totals == {code: sum(len(pools.get((code, always), [])) for always in (True, False))
                               for code in ("must", "key", "routine")}
    soon = sorted((r.candidate.due, -r.score, r.candidate.id) for pool in (("key", True), ("key", False),
                                                                         ("routine", True), ("routine", False))
                  for r in pools.get(pool, []) if r.candidate.due and 0 < r.workdays_to_due <= HORIZON)
    soon = [row for row in soon if row[-1] not in taken & shown]
    assert soon_count == len(soon)
    assert [row[-1] for row in soon_rows][:agenda_service.SECTION_ROWS] == [row[-1] for row in soon][
        :agenda_service.SECTION_ROWS]


@hypothesis_settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 4), st.integers(1, 20), st.booleans(), weights, st.integers(0, 4))
def test_a_reach_reads_a_sets_first_groups_and_the_agenda_is_the_same(tmp_path_factory, seed, sets, wanted, folded,
                                                                      chosen_weights, urgent_within):
    """An office's store: a few sets of flags with hundreds of deadlines each. Read only as far as a Reach
    goes, each pool's first rows, each section's total and 即将到期 are those of the full read; and of
    each set's deadlines on or before the day, and after the settled day, no more groups are read than
    a pool can show items (and the 次日 list's, shown in a section of their own)."""
    import random

    rng = random.Random(seed)
    settings = replace(DEFAULTS, weights=chosen_weights, urgent_within_workdays=urgent_within)
    palette = [dict(folder=rng.choice([Folder.TODO, Folder.TEMP]), important=rng.random() < 0.5,
                    urgent=rng.random() < 0.3, key=rng.random() < 0.5, constrained=rng.random() < 0.5,
                    attention=rng.choice([None, *Attention]), report_required=rng.random() < 0.3,
                    handler=rng.choice(["", "小王"])) for _ in range(sets)]
    first, span = date(2026, 10, 1), (date(2027, 1, 31) - date(2026, 10, 1)).days
    store = open_store(tmp_path_factory.mktemp("store") / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            for n in range(300):
                assigned = rng.choice([None, None, DAY - timedelta(days=rng.randint(0, 60))])
                store.items.add(tx, Item(
                    title="事项", uuid=f"u{n}", kind=Kind.AFFAIR, created=NOW, updated=NOW, **rng.choice(palette),
                    due=None if rng.random() < 0.1 else first + timedelta(days=rng.randint(0, span)),
                    assigned_at=datetime.combine(assigned, time(9), tzinfo=TZ) if assigned else None,
                    at=NOW + timedelta(days=rng.randint(1, 9)) if rng.random() < 0.05 else None))
        if rng.random() < 0.3:  # deadlines another program stored as '': none, as codec.day reads them
            store.conn.execute("UPDATE items SET due = '' WHERE id % 17 = 0")
            store.conn.commit()
        listed = set(rng.sample(range(1, 301), rng.randint(0, 6)))
        taken = set(rng.sample(range(1, 301), 10))
        floor = ranking.age_floor(CALENDAR, DAY) if folded else None
        full = _first_rows(store, settings, listed, wanted, floor, None, taken)
        reached = _first_rows(store, settings, listed, wanted, floor, _reach(settings, wanted, floor), taken)
        read = store.items.open_fact_groups(listed, floor, _reach(settings, wanted, floor)).rows
    finally:
        store.close()
    assert reached == full
    reach = _reach(settings, wanted, floor)
    by_day, settled = reach.by_day.isoformat(), reach.settled.isoformat()
    per_segment = {}
    for code, due, assigned, _ in read:
        if not code & fact_groups.LISTED and (assigned is None or assigned == (floor and floor.isoformat())) and due:
            if due <= by_day or due > settled:
                per_segment[code, assigned, due <= by_day] = per_segment.get((code, assigned, due <= by_day), 0) + 1
    assert max(per_segment.values(), default=0) <= wanted + len(listed)  # a listed item is not shown there


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0, 0.5, 0.6, 0.2, 0.72, 1.3, 2.0]), min_size=10, max_size=10)
       .map(tuple), weights)
def test_a_score_is_each_rules_points_added_in_rules_order(signals, chosen_weights):
    """Explained (`why`), grouped (the agenda) or in a report, a score is the one sum: every rule's
    points added one by one in RULES order, then rounded, as it always was."""
    import operator

    settings = replace(DEFAULTS, weights=chosen_weights)
    in_order = 0
    for points in map(operator.mul, signals, [chosen_weights[rule] for rule in RULES]):
        in_order += points
    assert ranking._score(signals, settings) == round(in_order, 2)


def test_a_groups_ids_are_looked_up_through_its_index(tmp_path):
    """Each group's ids come from a search of the index it was counted from, lowest first: the agenda
    asks this of a few dozen groups each morning."""
    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        plans = {name: [row[-1] for row in store.conn.execute(
            "EXPLAIN QUERY PLAN " + sql, {"code": 1, "due": "2026-11-30", "assigned": "2026-11-20",
                                          "floor": "2026-11-06", "n": 5})]
            for name, sql in (("unassigned", fact_groups._IDS_UNASSIGNED), ("on a day", fact_groups._IDS_ON_DAY),
                              ("folded", fact_groups._IDS_FOLDED))}
    finally:
        store.close()
    assert plans == {
        "unassigned": ["SEARCH items USING COVERING INDEX items_open_facts (<expr>=? AND due=?)"],
        "on a day": ["SEARCH items USING COVERING INDEX items_open_assigned (<expr>=? AND due=? AND <expr>=?)"],
        # The days before the floor are one group: its ids are sorted, the group's alone.
        "folded": ["SEARCH items USING COVERING INDEX items_open_assigned (<expr>=? AND due=? AND <expr><?)",
                   "USE TEMP B-TREE FOR ORDER BY"],
    }


def test_a_damaged_deadline_names_its_item(tmp_path):
    """A deadline that is no date (written past bgs) is a damaged store (exit 5) named by its item, not
    a bug."""
    from bangongshi.errors import StorageError

    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            for n in range(3):
                store.items.add(tx, Item(title=f"事项{n}", uuid=f"u{n}", due=DAY, created=NOW, updated=NOW))
        store.conn.execute("UPDATE items SET due = '2026-13-45' WHERE id = 2")
        store.conn.commit()
        try:
            store.items.open_fact_groups()
        except StorageError as error:
            message = str(error)
        else:
            message = ""
    finally:
        store.close()
    assert "事项 #2 的记录已损坏" in message


def test_items_on_the_list_leave_their_groups_first_rows(tmp_path):
    """An item on the 次日 list is shown in that section alone: read group by group or in one pass, the
    group it shares facts with gives its other items, the lowest first."""
    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            for n in range(5):
                store.items.add(tx, Item(title=f"事项{n}", uuid=f"u{n}", due=DAY, created=NOW, updated=NOW))
        groups = store.items.open_fact_groups({1, 3})
        assert sorted((row[0] & fact_groups.LISTED, row[3]) for row in groups.rows) == [(0, 3), (fact_groups.LISTED, 2)]
        by_group = {p: store.items.fact_group_ids(groups, [p], 2)[p] for p in range(len(groups.rows))}
        in_one_pass = fact_groups._all_ids(store.conn, groups, set(range(len(groups.rows))), 2)
    finally:
        store.close()
    listed = {p for p, row in enumerate(groups.rows) if row[0] & fact_groups.LISTED}
    assert {p: ids for p, ids in by_group.items()} == in_one_pass
    assert [by_group[p] for p in sorted(by_group, key=lambda p: p in listed)] == [[2, 4], [1, 3]]
