"""The long views with a real office's history (issue #19): the 督办台账 lists (and reads) what still
needs something and counts the rest; the evening plan, the week and the month's report work out the
督办 questions once and read what they only name in brief; a long table measures each text once."""

import sqlite3
from datetime import timedelta

from test_agenda_scale import counting_decodes, office_year

from bangongshi.domain import follow as follow_rules

# A followed item that still needs something: open (overdue or not), handed off and not yet
# received, or done with its result still owed (services.follow.PENDING).
PENDING_SQL = ("SELECT id FROM items WHERE (handler != '' OR report_required = 1 OR handoff_to != '') AND "
               "ifnull(acknowledged_at, '') = '' AND (handoff_to != '' OR folder != 'done' OR "
               "(report_required = 1 AND ifnull(reported_at, '') = ''))")
FOLLOWED_SQL = "SELECT id FROM items WHERE handler != '' OR report_required = 1 OR handoff_to != ''"


def ids(bgs, sql: str) -> set[int]:
    with sqlite3.connect(bgs.db) as conn:
        return {row[0] for row in conn.execute(sql)}


def counting_followed(monkeypatch) -> list:
    """Every followed item read for 督办 (storage.follow._followed), by id."""
    from bangongshi.storage import follow as follow_store

    read = []
    real = follow_store._followed
    monkeypatch.setattr(follow_store, "_followed", lambda row: read.append(row[0]) or real(row))
    return read


def test_the_ledger_table_reads_and_lists_only_what_still_needs_something(bgs, monkeypatch):
    office_year(bgs, open_count=300, handled=8_000)
    pending, followed = ids(bgs, PENDING_SQL), ids(bgs, FOLLOWED_SQL)
    assert 50 < len(pending) < len(followed) // 3  # a year of 督办 history, nearly all of it reported
    read = counting_followed(monkeypatch)
    table = bgs.ok("follow", "-n", "0").stdout.splitlines()
    assert sorted(read) == sorted(pending)
    # A header, its rule, one line a row, and the count of the rest with the command that lists them.
    assert len(table) == len(pending) + 3
    assert {int(line.split()[0][1:]) for line in table[2:-1]} == pending
    rest = len(followed) - len(pending)
    assert table[-1].startswith(f"另有 {rest} 项未列出（已反馈 ") and table[-1].endswith("bgs follow --all 查看全部")
    read.clear()
    everything = bgs.ok("follow", "--all").stdout.splitlines()
    assert len(read) == len(followed) and len(everything) == len(followed) + 2
    # Scripts and files still get every row, in the same order as the full table.
    rows = bgs.ok("follow", "--format", "json").json()
    assert [f"#{row['id']}" for row in rows] == [line.split()[0] for line in everything[2:]]
    assert len(bgs.ok("follow", "--format", "md").stdout.splitlines()) == len(followed) + 2


def test_the_ledger_table_shows_the_most_pressing_fifty_and_counts_the_others(bgs):
    office_year(bgs, open_count=300, handled=8_000)
    pending, followed = ids(bgs, PENDING_SQL), ids(bgs, FOLLOWED_SQL)
    whole = bgs.ok("follow", "-n", "0").stdout.splitlines()
    table = bgs.ok("follow").stdout.splitlines()
    # the first rows of the whole table: most pressing first, not any fifty (columns are laid out
    # for the rows shown, so compare the items)
    assert len(table) == 54
    assert [line.split()[0] for line in table[2:52]] == [line.split()[0] for line in whole[2:52]]
    assert table[-2] == f"只列出最要紧的 50 项，另有 {len(pending) - 50} 项还要办：bgs follow -n 0 全部列出"
    assert table[-1] == whole[-1] and table[-1].startswith(f"另有 {len(followed) - len(pending)} 项未列出")
    assert [line.split()[0] for line in bgs.ok("follow", "-n", "5").stdout.splitlines()[2:7]] == \
        [line.split()[0] for line in whole[2:7]]
    assert len(bgs.ok("follow", "--all").stdout.splitlines()) == len(followed) + 2


def test_a_page_of_the_ledger_reads_in_full_only_the_rows_it_shows(bgs, monkeypatch):
    from bangongshi.storage import follow as follow_store

    office_year(bgs, open_count=300, handled=8_000)
    whole = bgs.ok("follow", "-n", "0").stdout.splitlines()
    overdue = bgs.ok("follow", "--overdue", "-n", "0").stdout.splitlines()
    assert len(whole) > 60 and len(overdue) > 10
    read, logs = counting_followed(monkeypatch), []
    real = follow_store.FollowRepository.counts
    monkeypatch.setattr(follow_store.FollowRepository, "counts",
                        lambda self, item_ids=None: logs.append(item_ids) or real(self, item_ids))
    table = bgs.ok("follow").stdout.splitlines()
    shown = [line.split()[0] for line in table[2:52]]
    assert shown == [line.split()[0] for line in whole[2:52]] and table[-1] == whole[-1]
    # the order of every pending row from a narrow read; the fifty shown read in full, their log too
    assert sorted(f"#{n}" for n in read) == sorted(shown)
    assert [sorted(f"#{n}" for n in ids) for ids in logs] == [sorted(shown)]
    read.clear()
    first = bgs.ok("follow", "--overdue", "-n", "3").stdout.splitlines()
    assert [line.split()[0] for line in first[2:5]] == [line.split()[0] for line in overdue[2:5]]
    assert sorted(f"#{n}" for n in read) == sorted(line.split()[0] for line in first[2:5])
    assert first[-1] == overdue[-1]


def test_a_ledger_with_nothing_left_to_do_says_so_and_counts_the_rest(bgs):
    item = bgs.add("报送安全台账", "--from", "李科长", "--report")
    bgs.ok("done", str(item), "--result", "已报送")
    bgs.ok("reported", str(item))
    assert bgs.ok("follow").stderr.strip() == "没有还要办的督办事项。另有 1 项未列出（已反馈 1 项），bgs follow --all 查看全部"
    assert f"#{item}" in bgs.ok("follow", "--all").stdout
    assert [row["status"] for row in bgs.ok("follow", "--format", "json").json()] == ["reported"]


def test_a_long_table_measures_each_text_once(bgs, monkeypatch):
    office_year(bgs, open_count=300, handled=3_000)
    from bangongshi.render import lines

    measured = []
    real = lines.cell_len
    monkeypatch.setattr(lines, "cell_len", lambda text: measured.append(text) or real(text))
    getattr(lines, "_WIDTHS", {}).clear()  # what an earlier test measured
    table = bgs.ok("list", "--all").stdout.splitlines()
    # Rich measures only text that is not plain ASCII, each text once (titles, names, statuses).
    assert len(measured) == len(set(measured)) < 3 * len(table)
    assert all(not text.isascii() for text in measured)


def test_the_evening_review_names_today_s_done_items_in_brief(bgs, monkeypatch):
    import re

    from bangongshi.services.plan import DONE_SHOWN

    office_year(bgs, open_count=300, handled=3_000)
    done = [bgs.add(f"今天办结的事{n}") for n in range(30)]
    bgs.ok("done", *map(str, done), "--result", "已办")
    today = ids(bgs, "SELECT id FROM items WHERE folder = 'done' AND done_at LIKE '2026-11-20%'")
    assert len(today) > DONE_SHOWN  # the year's history closed some that morning too
    decoded = counting_decodes(monkeypatch)
    review = bgs.ok("plan", "tomorrow", "--auto", env={"BANGONGSHI_NOW": "2026-11-20T17:30"}).stderr
    named = {int(n) for n in re.findall(r"✓ #(\d+) ", review)}
    assert f"已办结 {len(today)} 项" in review and len(named) == DONE_SHOWN and named < today
    assert not set(decoded) & today  # named from a brief, not read in full


def test_the_evening_review_names_the_first_of_a_busy_day_and_counts_the_rest(bgs, monkeypatch):
    from bangongshi.services.plan import DONE_SHOWN
    from bangongshi.storage import briefs

    done = [bgs.add(f"今天办结的事{n}") for n in range(DONE_SHOWN + 5)]
    bgs.ok("done", *map(str, done), "--result", "已办")
    decoded = []
    real = briefs._decode
    monkeypatch.setattr(briefs, "_decode", lambda rows: decoded.extend(row[0] for row in rows) or real(rows))
    evening = {"BANGONGSHI_NOW": "2026-11-20T17:30"}
    review = bgs.ok("plan", "tomorrow", "--auto", env=evening).stderr.splitlines()
    assert f"  已办结 {DONE_SHOWN + 5} 项" in review
    # Done in one command, so at one moment: named in the order of their numbers, the first DONE_SHOWN.
    assert [line for line in review if line.startswith("    ✓ ")] == [
        f"    ✓ #{n} 今天办结的事{k}" for k, n in enumerate(done[:DONE_SHOWN])]
    assert "    ……另有 5 项未列出，bgs report day --all 全部列出" in review
    assert not set(decoded) & set(done[DONE_SHOWN:])  # the rest are counted, not read
    # The command the review names lists every one of them.
    listed = bgs.ok("report", "day", "--all", env=evening).stdout
    assert all(f"#{n} 今天办结的事{k}" in listed for k, n in enumerate(done))


def test_the_evening_review_works_out_the_reminders_once(bgs, monkeypatch):
    from bangongshi.storage import follow as follow_store

    office_year(bgs, open_count=300, handled=3_000)
    reads, per_item = [], []
    real = follow_store.FollowRepository.pressing
    monkeypatch.setattr(follow_store.FollowRepository, "pressing", lambda self, day: reads.append(day) or real(self, day))
    monkeypatch.setattr(follow_store.FollowRepository, "reminding", lambda self, day: per_item.append(day) or [])
    review = bgs.ok("plan", "tomorrow", "--auto", env={"BANGONGSHI_NOW": "2026-11-20T17:30"}).stderr
    assert "督办提醒" in review
    # one grouped read for what to remind of and what the list takes; no item-by-item read
    assert len(reads) == 1 and per_item == []


def test_the_week_does_not_work_out_the_reminders(bgs, monkeypatch):
    office_year(bgs, open_count=300, handled=3_000)
    read = counting_followed(monkeypatch)
    bgs.ok("week")
    bgs.ok("month")
    assert read == []  # a day's load counts its plan and appointments, not its 督办提醒


def test_the_month_s_report_shares_its_nudge_days(bgs, monkeypatch):
    office_year(bgs, open_count=300, handled=3_000)
    made = []
    real = follow_rules.NudgeDays.__init__
    monkeypatch.setattr(follow_rules.NudgeDays, "__init__", lambda self, calendar: made.append(1) or real(self, calendar))
    data = bgs.ok("report", "month", "--format", "json").json()
    assert len(data["follow"]["pressing"]) > 20
    assert len(made) <= 2, len(made)  # one for the report's 督办 rows (the agenda's: one more at most)


def test_the_evening_review_names_the_first_overdue_items_without_sorting_the_backlog(bgs, monkeypatch):
    office_year(bgs, open_count=600, handled=3_000)
    from bangongshi.model import ItemFilter
    from bangongshi.services import plan
    from bangongshi.services.opening import open_session

    for name, value in bgs.env.items():
        if value is not None:
            monkeypatch.setenv(name, value)
    session = open_session(None, [])
    try:
        items = session.store.items
        today = session.now.date()
        backlog = items.count_open_due_before(today)
        assert backlog > 3 * plan.OVERDUE_SHOWN
        for day in (today, today - timedelta(days=30), today + timedelta(days=60)):
            for limit in (1, plan.OVERDUE_SHOWN, backlog + 5):
                assert items.first_open_due_before(day, limit) == items.query(ItemFilter(due_earlier_than=day))[:limit]
        said = []
        session.store.conn.set_trace_callback(said.append)
        review = plan.review(session, deciding=False)
        session.store.conn.set_trace_callback(None)
        assert review.overdue == tuple(items.query(ItemFilter(due_earlier_than=today))[:plan.OVERDUE_SHOWN])
        assert review.overdue_count == backlog
        # what the review reads of the backlog: walks of the deadline index that stop at the tenth
        overdue = [sql for sql in said if sql.lstrip().startswith("SELECT") and "due <" in sql]
        assert overdue
        for sql in overdue:
            steps = [row[-1] for row in session.store.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert "USE TEMP B-TREE FOR ORDER BY" not in steps, (sql, steps)
    finally:
        session.store.close()
