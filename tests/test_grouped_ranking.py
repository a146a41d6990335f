"""The agenda ranks a real store by groups of equal facts; that must be the very order (and the very
scores) that ranking each item one by one gives."""

from bangongshi.model.record import replace
from datetime import date, datetime, time, timedelta, timezone
from itertools import islice

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from bangongshi.domain import ranking
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.settings import DEFAULTS
from bangongshi.model import Attention, Folder, Item, ItemFilter, Kind
from bangongshi.storage import fact_groups
from bangongshi.storage import open_store

CALENDAR = Calendar(package_data())
DAY = date(2026, 11, 20)
TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)

items = st.lists(st.builds(
    lambda folder, important, urgent, key, constrained, locked, due, assigned, hour, attention, at, estimate: Item(
        title="事项", folder=folder, important=important, urgent=urgent, key=key, constrained=constrained,
        locked=locked, due=due, assigned_at=datetime.combine(assigned, time(hour), tzinfo=TZ) if assigned else None,
        attention=attention, at=datetime.combine(at, time(9), tzinfo=TZ) if at else None,
        estimate_minutes=estimate, kind=Kind.AFFAIR, uuid="u", created=NOW, updated=NOW),
    folder=st.sampled_from(list(Folder)),
    important=st.booleans(), urgent=st.booleans(), key=st.booleans(), constrained=st.booleans(),
    locked=st.booleans(),
    due=st.one_of(st.none(), st.dates(date(2026, 11, 1), date(2026, 12, 10))),
    assigned=st.one_of(st.none(), st.dates(date(2026, 10, 1), DAY)),
    hour=st.integers(8, 18),
    attention=st.one_of(st.none(), st.sampled_from(list(Attention))),
    at=st.one_of(st.none(), st.dates(date(2026, 11, 18), date(2026, 11, 30))),
    estimate=st.one_of(st.none(), st.integers(5, 600)),
), min_size=0, max_size=40)


@hypothesis_settings(max_examples=60, deadline=None)
@given(items, st.sets(st.integers(1, 40), max_size=5), st.booleans())
def test_grouped_order_is_the_item_by_item_order(tmp_path_factory, batch, listed, folded):
    store = open_store(tmp_path_factory.mktemp("store") / "bangongshi.db", NOW)
    store.passphrase = "grouped-ranking"  # locked items are sealed as they are written
    try:
        with store.write("test", NOW) as tx:
            for item in batch:
                store.items.add(tx, replace(item, uuid=f"u{id(item)}"))
        open_items = [i for i in store.items.query(ItemFilter()) if i.is_open]
        one_by_one = ranking.rank([ranking.Candidate.of(i) for i in open_items], CALENDAR, DEFAULTS, DAY,
                                  frozenset(listed))
        # Folded: assignments older than the age rule can tell apart read as one day (as the agenda does).
        groups = _groups(store, listed, ranking.age_floor(CALENDAR, DAY) if folded else None)
        scored = ranking.score_all([facts for facts, _, _ in groups], CALENDAR, DEFAULTS, DAY)
        grouped = list(ranking.in_order([(facts, ids) for facts, _, ids in groups], scored))
    finally:
        store.close()
    assert [(item_id, s.score, s.quadrant, s.urgent_effective) for item_id, _, s in grouped] == [
        (r.candidate.id, r.score, r.quadrant, r.urgent_effective) for r in one_by_one]
    with_at = {item_id for facts, has_at, ids in groups if has_at for item_id in ids}
    assert with_at == {i.id for i in open_items if i.at is not None}


def _groups(store, listed=(), floor=None, one_by_one=False):
    """The store's groups of open items as [(Facts, has an `at`, ids)]: their ids read group by group
    (`one_by_one`), or in one pass over the open items, as a caller of every group reads them."""
    found = store.items.open_fact_groups(listed, floor)
    positions = range(len(found.rows))
    if one_by_one:
        ids = {}
        for position in positions:
            ids |= store.items.fact_group_ids(found, [position], None)
    else:
        ids = store.items.fact_group_ids(found, positions, None)
    return [(found.flags[flags][0]._replace(due=found.days[due], assigned_at=found.days[assigned]),
             found.flags[flags][1], ids[position])
            for position, (flags, due, assigned, _) in enumerate(found.rows)]


def test_grouping_reads_only_its_index_without_sorting(tmp_path):
    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        plan = [row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + fact_groups.OPEN_FACTS_SQL,
                                                       {"floor": "2026-11-06"})]
    finally:
        store.close()
    # Items nobody assigned; then assigned ones, on or after the floor by day, before it as one.
    assert plan == ["COMPOUND QUERY", "LEFT-MOST SUBQUERY", "SCAN items USING COVERING INDEX items_open_facts",
                    "UNION ALL", "SCAN items USING COVERING INDEX items_open_assigned",
                    "UNION ALL", "SCAN items USING COVERING INDEX items_open_assigned"]


def test_a_store_from_before_v20_groups_by_the_packed_flags_from_its_new_indexes(tmp_path):
    """Schema v20 replaced the grouping indexes (one packed code of the flags, issue #19): a store made
    by the previous version, upgraded on open, reads its groups from them alone, and each open item is
    in the group of its own facts."""
    import shutil
    from pathlib import Path

    path = tmp_path / "bangongshi.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v19.db", path)
    store = open_store(path, NOW)
    try:
        plan = [row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + fact_groups.OPEN_FACTS_SQL,
                                                       {"floor": "2026-11-06"})]
        groups = _groups(store)
        open_items = store.items.query(ItemFilter())
    finally:
        store.close()
    assert plan.count("SCAN items USING COVERING INDEX items_open_assigned") == 2
    assert "SCAN items USING COVERING INDEX items_open_facts" in plan
    assert len(open_items) > 3
    found = {item_id: (facts, has_at) for facts, has_at, ids in groups for item_id in ids}
    assert found == {i.id: (ranking.Candidate.of(i).facts(), i.at is not None) for i in open_items}


def test_items_on_the_list_are_taken_out_of_their_group_once(tmp_path):
    # Assigned on the age rule's floor, before it and after it: three days that fold into two groups.
    floor = ranking.age_floor(CALENDAR, DAY)
    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            for n, assigned in enumerate([floor, floor, floor - timedelta(days=3), floor - timedelta(days=3),
                                          floor + timedelta(days=1)]):
                store.items.add(tx, Item(title=f"事项{n}", uuid=f"u{n}", constrained=True, created=NOW, updated=NOW,
                                         assigned_at=datetime.combine(assigned, time(9), tzinfo=TZ)))
        for listed in ({1}, {3}, {1, 3}, {1, 2, 3, 4, 5}):
            for one_by_one in (False, True):
                groups = _groups(store, listed, floor, one_by_one)
                ids = [(item_id, facts.listed) for facts, _, group in groups for item_id in group]
                assert sorted(ids) == [(i, i in listed) for i in range(1, 6)], listed
            counted = store.items.open_fact_groups(listed, floor)
            assert counted.total == sum(row[3] for row in counted.rows) == 5
            assert [row[3] for row in counted.rows] == [len(group) for _, _, group in groups]
    finally:
        store.close()


def test_score_all_weighs_each_set_of_flags_once(monkeypatch):
    """Groups of facts share a few dozen sets of flags and a few hundred deadlines (issue #19): a leader's
    signal is looked for once per set of flags, not once or twice per group; the scores stay the ones
    each group gets on its own."""
    facts = [ranking.Facts(Folder.TODO, False, False, False, True, False, DAY + timedelta(days=n),
                           DAY - timedelta(days=n % 7), Attention.NORMAL, False, True, False) for n in range(60)]
    alone = {one: ranking.score_all([one], CALENDAR, DEFAULTS, DAY)[one] for one in facts}
    asked = []
    signalled = ranking.signalled
    monkeypatch.setattr(ranking, "signalled", lambda *args: asked.append(args) or signalled(*args))
    from bangongshi.domain import quadrants
    monkeypatch.setattr(quadrants, "signalled", ranking.signalled)
    assert ranking.score_all(facts, CALENDAR, DEFAULTS, DAY) == alone
    assert len(asked) == 1


def test_score_all_counts_each_assignment_day_once(monkeypatch):
    """Groups of assigned items share a few assignment days (issue #19): the workdays since each day are
    counted once, not once per group; each score stays the one the rules give the group (`_core`, as
    `why` explains it)."""
    facts = [ranking.Facts(folder, important, False, False, constrained, False, DAY + timedelta(days=n % 9),
                           DAY - timedelta(days=1 + n % 4), attention, False, n % 2 == 0, False)
             for n in range(40) for folder in (Folder.TODO, Folder.TEMP) for important in (False, True)
             for constrained in (False, True) for attention in (None, Attention.HIGH)]
    counter = ranking._counter(facts, CALENDAR, DAY)
    plain = {}
    for one in facts:
        to_due, urgent, quadrant, _, age, signals, has_signal = ranking._core(one, counter, DEFAULTS)
        plain[one] = ranking.Scored(ranking._score(signals, DEFAULTS), quadrant, urgent, to_due, age, has_signal)
    asked = []
    between = ranking.WorkdayCounter.between
    monkeypatch.setattr(ranking.WorkdayCounter, "between", lambda self, other: asked.append(other) or between(self, other))
    assert ranking.score_all(facts, CALENDAR, DEFAULTS, DAY) == plain
    assigned = [day for day in asked if day < DAY]
    assert sorted(assigned) == sorted({one.assigned_at for one in facts}), assigned


@hypothesis_settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), st.lists(st.integers(1, 60), min_size=1, max_size=4,
                                                                         unique=True)), max_size=30),
       st.integers(1, 12))
def test_the_first_ids_in_order_come_from_the_foremost_groups_alone(raw, first):
    # Few scores and deadlines, so that many groups tie and interleave by id.
    groups, scored, seen = [], {}, set()
    for n, (score, due, ids) in enumerate(raw):
        ids = [i for i in ids if i not in seen]
        seen.update(ids)
        if not ids:
            continue
        one = ranking.Facts(Folder.TODO, False, False, False, False, False, DAY + timedelta(days=due), None, None,
                            False, False, n % 2 == 0)
        if one in scored:
            continue
        scored[one] = ranking.Scored(float(score), 4, False, due, None)
        groups.append((one, ids))
    whole = list(ranking.in_order(groups, scored))
    assert list(islice(ranking.in_order(groups, scored, first), first)) == whole[:first]
