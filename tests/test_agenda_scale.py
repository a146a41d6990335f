"""The morning agenda with a real office's history (issue #19): the 督办提醒 read only what can still
remind and show the most pressing few, the agenda reads in full only the rows it shows, and the
shortcuts it takes (cadences worked out once, assignment days folded, overlaps in one pass) give what
the plain rules give."""

import shutil
import sqlite3
import sys
from bangongshi.model.record import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from bangongshi.domain import ranking
from bangongshi.domain.calendar import Calendar, package_data
from bangongshi.domain.follow import NudgeDays
from bangongshi.domain.rules import occurrences, parse_recurrence
from bangongshi.domain.settings import DEFAULTS, IMPORTANCE_SIGNALS
from bangongshi.model import Attention, Folder
from bangongshi.services.agenda import FOLLOW_UP_ROWS, overlapping
from bangongshi.storage import items as item_store

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
CALENDAR = Calendar(package_data())
TZ = timezone(timedelta(hours=8))
CADENCES = ["每2个工作日", "每3个工作日", "每工作日", "每天", "每周一", "每周一三五", "隔周二", "每月15日",
            "每月最后一个工作日", "FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=2"]


def nudge_by_the_rule(every: str, anchor: date, start: date) -> date | None:
    """The next 催办 as the rule alone gives it (what domain.follow.next_nudge did item by item)."""
    rule = parse_recurrence(every)
    later = [o.date for o in occurrences(rule, start, CALENDAR, 2, anchor=anchor) if o.date > start]
    return later[0] if later else None


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CADENCES), st.dates(date(2025, 9, 1), date(2027, 2, 28)),
                          st.integers(-20, 120)), min_size=1, max_size=12))
def test_cadences_worked_out_once_give_what_the_rule_gives(questions):
    # One NudgeDays answers many questions, in any order (its list of workdays grows both ways).
    days = NudgeDays(CALENDAR)
    for every, anchor, later in questions:
        rule = parse_recurrence(every)
        start = anchor + timedelta(days=later)
        assert days.after(rule.text, rule.rrule, rule.policy, anchor, start) == nudge_by_the_rule(every, anchor, start), (
            every, anchor, start)


@given(st.builds(ranking.Facts, st.sampled_from(list(Folder)), st.booleans(), st.booleans(), st.booleans(),
                  st.booleans(), st.booleans(), st.none(), st.none(), st.one_of(st.none(), st.sampled_from(list(Attention))),
                  st.booleans(), st.booleans(), st.booleans()),
       st.frozensets(st.sampled_from(list(IMPORTANCE_SIGNALS))))
def test_the_quick_signal_check_agrees_with_the_signals(facts, switched):
    settings = replace(DEFAULTS, importance=switched)
    assert ranking.signalled(facts, settings) == bool(ranking.importance_signals(facts, settings))


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=25)


@given(spans)
def test_overlaps_found_in_one_pass_are_the_pairs_that_overlap(raw):
    base = datetime(2026, 11, 30, 8, 0, tzinfo=TZ)
    found = [(base + timedelta(minutes=15 * a), base + timedelta(minutes=15 * (a + n))) for a, n in raw]
    pairwise = {i for i, (begin, end) in enumerate(found)
                if any(b < end and begin < e for j, (b, e) in enumerate(found) if j != i)}
    assert overlapping(found) == pairwise


def office_year(bgs, open_count: int, handled: int) -> None:
    """A store made like scripts/bench.py makes it: `handled` items of a past year (15% of them 督办
    or owing a report, nearly all reported) and `open_count` open ones."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        import office_data
    finally:
        sys.path.remove(str(SCRIPTS))
    bgs.ok("list")  # creates the store
    office_data.populate_bgs(bgs.db, open_count, handled, datetime(2026, 11, 20, 10, 0, tzinfo=TZ))


def counting_decodes(monkeypatch) -> list:
    """Every item row read in full (storage.items._item), by id."""
    decoded = []
    real = item_store._item

    def counted(row):
        decoded.append(row["id"])
        return real(row)

    monkeypatch.setattr(item_store, "_item", counted)
    return decoded


def test_the_agenda_reads_in_full_only_the_rows_it_shows(bgs, monkeypatch):
    office_year(bgs, open_count=400, handled=20_000)
    with sqlite3.connect(bgs.db) as conn:
        handled_followed = conn.execute("SELECT count(*) FROM items WHERE folder = 'done' AND "
                                        "(handler != '' OR report_required = 1)").fetchone()[0]
    assert handled_followed > 2_500  # a year of 督办 history, nearly all of it reported
    decoded = counting_decodes(monkeypatch)
    data = bgs.ok("agenda", "--format", "json").json()
    shown = ({i["id"] for s in data["sections"] for i in s["items"]} | {a["id"] for a in data["timeline"]}
             | {r["id"] for r in data["follow_ups"]})
    assert len(data["follow_ups"]) == FOLLOW_UP_ROWS and data["follow_ups_hidden"] > 0
    # The heads of the sections are weighed from a narrow read; only what is shown is read in full.
    assert len(decoded) == len(set(decoded)) <= len(shown) + 2, (len(decoded), len(shown))
    assert set(decoded) >= shown


def test_the_reminders_read_no_handled_history(bgs, monkeypatch):
    office_year(bgs, open_count=400, handled=20_000)
    from bangongshi.storage import follow as follow_store

    read = []
    real = follow_store.FollowRepository.pressing

    def counted(self, day):
        groups = real(self, day)
        read.extend(i for _, ids in groups for i in ids)
        return groups

    monkeypatch.setattr(follow_store.FollowRepository, "pressing", counted)
    bgs.ok("agenda", "--format", "json")
    with sqlite3.connect(bgs.db) as conn:
        # Under 督办 with a cadence or past the deadline, a handoff not acknowledged, a result owed.
        can_remind = {r[0] for r in conn.execute(
            "SELECT id FROM items WHERE (folder != 'done' AND handler != '' AND (follow_rrule != '' "
            "OR due < '2026-11-20')) OR (handoff_to != '' AND acknowledged_at IS NULL) "
            "OR (folder = 'done' AND report_required = 1 AND reported_at IS NULL)")}
    assert sorted(read) == sorted(can_remind)
    assert len(read) < 400  # of 20,400 items, 3,000 of them followed

def test_the_morning_views_grouped_reminders_are_the_plain_rules_reminders(bgs, monkeypatch):
    office_year(bgs, open_count=2_000, handled=5_000)
    from bangongshi.services import follow
    from bangongshi.services.opening import open_session

    for name, value in bgs.env.items():
        if value is not None:
            monkeypatch.setenv(name, value)
    session = open_session(None, [])
    try:
        today = session.now.date()
        for day in (today, today + timedelta(days=3), today + timedelta(days=40)):
            assert follow.pressing(session, day).total > FOLLOW_UP_ROWS
            for limit in (FOLLOW_UP_ROWS, None):
                assert follow.pressing(session, day, limit) == follow.reminders(session, day, limit), (day, limit)
    finally:
        session.store.close()


def test_the_morning_view_shows_the_most_pressing_reminders_and_counts_the_rest(bgs):
    for n in range(FOLLOW_UP_ROWS + 3):
        item = bgs.add(f"督办事项{n}", "--from", "王主任", "--due", "2026-11-18")
        bgs.ok("assign", str(item), "--to", "教育科张三")
    everything = bgs.ok("agenda", "--all", "--format", "json").json()
    assert len(everything["follow_ups"]) == FOLLOW_UP_ROWS + 3
    assert (everything["follow_ups_hidden"], everything["follow_ups_more"]) == (0, None)
    data = bgs.ok("agenda", "--format", "json").json()
    assert data["follow_ups"] == everything["follow_ups"][:FOLLOW_UP_ROWS]
    assert (data["follow_ups_hidden"], data["follow_ups_more"]) == (3, "bgs follow")
    table = bgs.ok("agenda").stdout
    assert table.count("【已逾期】") == FOLLOW_UP_ROWS and "另有 3 条督办提醒未列出，bgs follow 查看" in table
    text = bgs.ok("agenda", "--format", "text").stdout
    assert "另有 3 条督办提醒未列出，bgs follow 查看" in text


def test_a_store_of_version_14_gets_the_reminder_index_and_keeps_its_reminders(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v14.db", bgs.db)
    data = bgs.ok("agenda", "--format", "json").json()  # upgrades the store
    # #1 was handed off to 李四 and not acknowledged; #15's nudge was recorded today.
    assert [(r["kind"], r["id"]) for r in data["follow_ups"]] == [("handoff", 1)]
    with sqlite3.connect(bgs.db) as conn:
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {reminding_sql()}", {"day": "2026-11-20"}))
    assert {"items_reminding", "items_open_facts", "items_open_assigned", "follow_ups_nudges"} <= indexes
    assert "SCAN items USING COVERING INDEX items_reminding" in plan
    assert "USING INDEX follow_ups_nudges" in plan or "USING COVERING INDEX follow_ups_nudges" in plan


def reminding_sql() -> str:
    from bangongshi.storage.follow import REMINDING_SQL

    return REMINDING_SQL


def test_the_evening_plan_takes_the_most_pressing_nudges_not_every_one(bgs):
    many = 3 * FOLLOW_UP_ROWS
    ids = []
    for n in range(many):
        ids.append(bgs.add(f"督办事项{n}"))
        bgs.ok("assign", str(ids[-1]), "--to", "教育科张三", "--every", "每周一")  # the first nudge is Monday
    plan = bgs.ok("plan", "tomorrow", "--auto", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-20T17:30"})
    listed = [i["id"] for i in plan.json()["items"]]
    # The agenda's own section shows at most 15 of them; the 督办 reminders add the most pressing few.
    assert set(ids[:FOLLOW_UP_ROWS]) <= set(listed) and len(listed) <= 15 + FOLLOW_UP_ROWS < many
    assert plan.stderr.count("【该催办】") == FOLLOW_UP_ROWS
    assert f"另有 {many - FOLLOW_UP_ROWS} 条督办提醒未列出，bgs follow 查看" in plan.stderr


def test_the_most_pressing_reminders_are_taken_from_the_foremost_groups_alone():
    """At 100,000 items the 督办提醒 come in some 3,000 groups (issue #19): the first few are taken from
    the groups that can hold them; the ids of the others are counted, never looked at."""
    from bangongshi.domain import follow as rules

    looked_at = []

    class Ids(list):
        def __iter__(self):
            looked_at.append(self[0])
            return super().__iter__()

    today = date(2026, 11, 30)
    groups = [(rules.Reminding("O", today - timedelta(days=n), None), Ids(range(100 * n + 1, 100 * n + 6)))
              for n in range(1, 40)]
    everything = rules.pressing_sets([(facts, list(ids)) for facts, ids in groups], today, CALENDAR, None, [None])
    looked_at.clear()
    found = rules.pressing_sets(groups, today, CALENDAR, FOLLOW_UP_ROWS, [None])
    assert found == [(everything[0][0][:FOLLOW_UP_ROWS], 39 * 5)]
    # The most overdue come first, five ids a group: two groups hold the first eight.
    assert sorted(looked_at) == [3801, 3901]


def test_the_agenda_is_built_without_the_cycle_collector(bgs, monkeypatch):
    """Its groups and scores make no reference cycles, and at 100,000 open items the collector cost a
    tenth of the agenda walking them (issue #19); it runs again afterwards."""
    import gc

    from bangongshi.services import agenda
    from bangongshi.services.opening import open_session

    bgs.add("起草年终总结", "--due", "2026-12-20")
    for name, value in bgs.env.items():
        if value is not None:
            monkeypatch.setenv(name, value)
    collecting = []
    real = item_store.ItemRepository.open_fact_groups
    monkeypatch.setattr(item_store.ItemRepository, "open_fact_groups",
                        lambda self, *args: collecting.append(gc.isenabled()) or real(self, *args))
    session = open_session(None, [])
    try:
        assert gc.isenabled()
        built = agenda.of_day(session, session.now.date())
    finally:
        session.store.close()
    assert collecting == [False] and gc.isenabled()
    assert [e.item.title for s in built.sections for e in s.entries] == ["起草年终总结"]
