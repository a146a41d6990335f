"""The long views on an office's history (issue #19): `report day|week|month`, `week`, `month`.

People's views read items in brief (model.brief.ItemBrief) and count in SQL what they only count;
scripts' views (json, csv, xlsx) read every item whole. Shown here: both show the same, the SQL
督办 status agrees with the rule, the report's 督办 section agrees with the ledger, the screen is
what Rich printed, and (the shape, not the time) the people's views read no item whole beyond the
few they list in full.
"""

import importlib.util
import io
import itertools
import sqlite3
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bangongshi.domain import follow as rules
from bangongshi.model import Folder, Item
from bangongshi.render import report as report_view
from bangongshi.services import overview, report
from bangongshi.storage import open_store

from conftest import NOW

PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}
MOMENT = datetime.fromisoformat(NOW + "+08:00")


def _office_data():
    path = Path(__file__).parents[1] / "scripts" / "office_data.py"
    spec = importlib.util.spec_from_file_location("office_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def office(bgs):
    """A year of a small office (scripts/office_data.py: 600 open, 1,500 handled, 督办 with cadences
    and nudges, results owed), with what the generator leaves out: a handoff waiting and one
    acknowledged, a locked item handled today, a result with a tab and a line break, a time stored
    in another UTC offset."""
    bgs.add("起草通知")
    _office_data().populate_bgs(bgs.db, 600, 1500, MOMENT)
    waiting, taken = bgs.add("移交的事项"), bgs.add("已移交的事项")
    bgs.ok("handoff", str(waiting), "--to", "综合科")
    bgs.ok("handoff", str(taken), "--to", "信息科")
    bgs.ok("ack", str(taken))
    secret = bgs.add("保密文件", "--kind", "办文", "--from", "王主任", "--report")
    bgs.ok("done", str(secret), "--result", "已送达")
    bgs.ok("lock", str(secret), env=PASS)
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET result = '第一行\n第二行\t附件' WHERE id = (SELECT min(id) FROM items "
                     "WHERE folder = 'done' AND done_at >= '2026-11-16')")
        conn.execute("UPDATE items SET done_at = '2026-11-17T23:30:00+00:00' WHERE id = (SELECT max(id) FROM items "
                     "WHERE folder = 'done' AND done_at >= '2026-11-17' AND at IS NULL)")
    return bgs


def _whole(monkeypatch, module, name):
    """Make `module.name` (a service) read every item whole, as scripts' views do."""
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: real(*args, **{**kwargs, "whole": True}))


PEOPLE = [(kind, fmt) for kind in ("day", "week", "month") for fmt in ("table", "text", "md", "html")]


@pytest.mark.parametrize("kind, fmt", PEOPLE)
def test_a_report_for_people_reads_briefs_and_shows_what_whole_items_showed(office, monkeypatch, kind, fmt):
    for when in ([], ["2026-10-12"] if kind != "month" else ["2026-10"]):
        briefly = office.ok("report", kind, *when, "--format", fmt).stdout
        with monkeypatch.context() as patch:
            _whole(patch, report, "build")
            assert office.ok("report", kind, *when, "--format", fmt).stdout == briefly


def test_a_locked_item_is_opened_in_brief_as_whole(office, monkeypatch):
    briefly = office.ok("report", "month", "--include-locked", "--format", "text", env=PASS).stdout
    assert f"#{_locked_id(office)} 保密文件——已送达" in briefly
    masked = office.ok("report", "month", "--format", "text").stdout
    assert "保密文件" not in masked and f"【密】事项 #{_locked_id(office)}" in masked
    _whole(monkeypatch, report, "build")
    assert office.ok("report", "month", "--include-locked", "--format", "text", env=PASS).stdout == briefly
    assert office.ok("report", "month", "--format", "text").stdout == masked


def _locked_id(bgs) -> int:
    with sqlite3.connect(bgs.db) as conn:
        return conn.execute("SELECT id FROM items WHERE locked = 1").fetchone()[0]


def test_the_report_lists_the_first_carried_and_new_items_and_counts_them_all(office):
    data = office.ok("report", "month", "--format", "json").json()
    text = office.ok("report", "month", "--format", "text").stdout
    assert len(data["carried"]) > report.SHOWN and len(data["captured"]) > report.SHOWN
    assert f"【结转（{len(data['carried'])}）】" in text and f"【新记（{len(data['captured'])}）】" in text
    shown = text.split("【结转")[1].split("【新记")[0].splitlines()[1:]
    assert [line.split()[0] for line in shown if line] == [f"#{i['id']}" for i in data["carried"][:report.SHOWN]]


@pytest.mark.parametrize("columns", ["40", "120", "300"])
@pytest.mark.parametrize("args", [["week"], ["week", "2026-11-10"], ["week", "2026-12-02"], ["month"],
                                  ["month", "2026-10"]])
def test_the_week_and_month_tables_read_briefs_and_show_what_whole_items_showed(office, monkeypatch, args, columns):
    env = {"COLUMNS": columns}
    briefly = office.ok(*args, env=env).stdout
    colour = office.ok(*args, env={**env, "NO_COLOR": None, "FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in colour
    with monkeypatch.context() as patch:
        _whole(patch, overview, "days")
        assert office.ok(*args, env=env).stdout == briefly
    # A cell is built only as far as the screen shows it: building all of it shows the same.
    from bangongshi.render import overview as view

    real = view._things
    monkeypatch.setattr(view, "_things", lambda load, today, room: real(load, today, 10**9))
    assert office.ok(*args, env=env).stdout == briefly
    assert office.ok(*args, env={**env, "NO_COLOR": None, "FORCE_COLOR": "1"}).stdout == colour


def test_the_report_follow_section_is_the_ledger_s(office):
    ledger = office.ok("follow", "--format", "json").json()
    data = office.ok("report", "month", "--format", "json").json()
    statuses = [row["status"] for row in ledger]
    assert set(statuses) >= {"overdue", "open", "done_unreported", "reported", "handed_off", "acknowledged"}
    expected = Counter(statuses)
    assert data["follow"]["counts"] == expected
    assert list(data["follow"]["counts"]) == list(dict.fromkeys(statuses))  # in the ledger's order
    pressing = [(row["id"], row["status"]) for row in ledger if row["status"] in ("overdue", "done_unreported",
                                                                                  "handed_off")]
    assert [(row["id"], row["status"]) for row in data["follow"]["pressing"]] == pressing
    assert any(row["next_nudge"] for row in ledger if row["status"] == "overdue")  # the order has to use it


def test_the_sql_follow_status_agrees_with_the_rule(tmp_path):
    store = open_store(tmp_path / "bangongshi.db", MOMENT)
    today = MOMENT.date()
    ids = []
    try:
        with store.write("test", MOMENT) as tx:
            for n, (acknowledged, handoff, folder, report_required, reported, due) in enumerate(itertools.product(
                    [None, MOMENT], ["", "综合科"], list(Folder), [False, True], [None, MOMENT],
                    [None, today - timedelta(days=1), today, today + timedelta(days=1)])):
                ids.append(store.items.add(tx, Item(
                    title=f"事项{n}", uuid=f"u-{n}", created=MOMENT, updated=MOMENT, handler="李科长",
                    acknowledged_at=acknowledged, handoff_to=handoff, folder=folder, report_required=report_required,
                    reported_at=reported, due=due, done_at=MOMENT if folder is Folder.DONE else None)))
        # What another program may leave: an empty text where a time belongs reads as no time.
        store.conn.execute("UPDATE items SET acknowledged_at = '', reported_at = '' WHERE id = ?", (ids[-1],))
        store.conn.execute("UPDATE items SET due = '' WHERE id = ?", (ids[-2],))
        expected = Counter(rules.status(store.items.get(i), today).code for i in ids)
        assert len(expected) == 6
        for code in expected:
            counts, found = store.briefs.followed(today, (code,))
            assert counts == expected
            assert [(c, b.id) for c, b in found] == [
                (code, i) for i in ids if rules.status(store.items.get(i), today).code == code]
    finally:
        store.close()


def _statements(bgs, monkeypatch, *args) -> tuple[list[str], str]:
    """The SQL statements one command line ran (in-process), and its output."""
    run = []
    real = sqlite3.connect

    def connect(*a, **k):
        conn = real(*a, **k)
        conn.set_trace_callback(run.append)
        return conn

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        shown = bgs.ok(*args).stdout
    return run, shown


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_report_reads_the_followed_items_in_one_pass(office, monkeypatch, fmt):
    """The 督办 counts, the rows still needing something and what was closed in the period come from
    one pass over the followed items (each a row of the table: ~30,000 at 100k open), not two."""
    from bangongshi.storage.repository import FOLLOWED

    office.ok("report", "month")
    run, shown = _statements(office, monkeypatch, "report", "month", "--format", fmt)
    assert len([sql for sql in run if f"WHERE {FOLLOWED}" in sql]) == 1
    assert "本期已反馈" in shown or '"closed"' in shown


def _items_made(bgs, monkeypatch, *args) -> tuple[int, str]:
    """How many whole Items one command line made (every read of a whole row makes one), and its output."""
    made = []
    real = Item.__new__  # a named tuple: made by __new__ (model/record.py)

    def counting(cls, *a, **k):
        made.append(1)
        return real(cls, *a, **k)

    with monkeypatch.context() as patch:
        patch.setattr(Item, "__new__", counting)
        shown = bgs.ok(*args).stdout
    return len(made), shown


@pytest.mark.parametrize("args, bound", [
    (["report", "month"], report.SHOWN), (["report", "month", "--format", "md"], report.SHOWN),
    (["report", "week", "2026-11-12"], report.SHOWN),
    # A week and a month without today: no agenda for today is worked out (services.agenda reads its own).
    (["week", "2026-11-10"], 0), (["week", "2026-12-02"], 0), (["month", "2026-10"], 0),
])
def test_people_s_views_read_no_item_whole_beyond_what_they_list_in_full(office, monkeypatch, args, bound):
    office.ok(*args)  # anything opening the store does once (due occurrences, the daily backup) is done
    made, _ = _items_made(office, monkeypatch, *args)
    assert made <= bound
    # Scripts still get every item whole: as many as the JSON lists, and more than people's views read.
    made, shown = _items_made(office, monkeypatch, *args, "--format", "json")
    listed = shown.count('"uuid": ')
    assert made >= listed > bound + 20


def _rich_printed(rep) -> str:
    """What the report's screen was when each line went through Rich's print (before issue #19)."""
    from rich.console import Console
    from rich.text import Text

    from bangongshi.domain.calendar import WEEKDAYS
    from bangongshi.render.lines import rich_text

    out = io.StringIO()
    console = Console(file=out, highlight=False, emoji=False)  # as before, but to a string
    for level, line in report_view._lines(rep):
        console.print(rich_text(("\n" if level == 2 else "") + line, style="bold" if level else ""), soft_wrap=True)
    if len(rep.per_day) > 1:
        console.print(Text("\n每天办结", style="bold"))
        peak = max(n for _, n in rep.per_day) or 1
        for day, count in rep.per_day:
            bar = "█" * (count * 20 // peak)
            console.print(f"  {day.month:>2}-{day.day:02d} 周{WEEKDAYS[day.weekday()]} {bar:<20} {count}")
    m = rep.minutes
    console.print(Text("\n重点与常规（实际或预计用时）", style="bold"))
    for label, spent, target in (("重点", m.key_spent, m.key_target), ("常规", m.routine_spent, m.routine_target)):
        filled = min(20, spent * 20 // target) if target else 0
        console.print(f"  {label} {'█' * filled:<20} {spent / 60:.1f}/{target / 60:.1f} 小时")
    return out.getvalue()


@pytest.mark.parametrize("environ", [{"COLUMNS": "120", "NO_COLOR": "1"}, {"COLUMNS": "120", "FORCE_COLOR": "1"},
                                     {"COLUMNS": "30", "FORCE_COLOR": "1"}, {"COLUMNS": "30", "NO_COLOR": "1"}])
def test_the_report_screen_is_what_rich_printed(monkeypatch, environ):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    tz = timezone(timedelta(hours=8))
    done = tuple(Item(title=title, id=n, result=result, done_at=datetime(2026, 11, 16 + n % 3, 9, tzinfo=tz),
                      folder=Folder.DONE)
                 for n, (title, result) in enumerate([
                     ("起草通知", ""), ("带[bold]方括号[/bold]的标题", "结果\t附件\t二"),
                     ("控制\x1b[2J字符", "第一行\n第二行"),
                     ("很长的标题" * 12, "已办结"), ("tab\tin\ttitle", "")], start=1))
    rep = report.Report("week", "周报 2026年11月16日—11月22日", date(2026, 11, 16), date(2026, 11, 22), 5,
                        ((None, done),), (), 0, done[:2], 2, {"open": 1}, (), (), 0, 0,
                        report.Minutes(90, 30, 1800, 450),
                        tuple((date(2026, 11, 16 + n), n % 3) for n in range(7)))
    expected = _rich_printed(rep)
    screen = io.StringIO()
    monkeypatch.setattr(sys, "stdout", screen)
    report_view.table(rep)
    monkeypatch.undo()
    assert screen.getvalue() == expected
    assert ("\x1b[1m" in expected) == ("FORCE_COLOR" in environ)


def test_a_store_from_before_v21_counts_what_was_recorded_in_a_period_from_an_index(tmp_path):
    """Schema v21 (issue #19): what a report counts as recorded in its period (新记) is read from the
    index items_created, not by reading every row of the table; a store of the previous version,
    upgraded on open, counts the same as before."""
    import shutil

    path = tmp_path / "bangongshi.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v20.db", path)
    with sqlite3.connect(path) as conn:
        start, end = "2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00"
        before = conn.execute("SELECT count(*) FROM items WHERE created >= ? AND created < ?", (start, end)).fetchone()
    store = open_store(path, MOMENT)
    try:
        bounds = (datetime.fromisoformat(start), datetime.fromisoformat(end))
        run = []
        store.conn.set_trace_callback(run.append)
        counted = store.briefs.count_created_between(*bounds)
        store.conn.set_trace_callback(None)
        plans = [row[-1] for sql in run for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    finally:
        store.close()
    assert counted == before[0] > 3
    assert plans == ["SEARCH items USING COVERING INDEX items_created (created>? AND created<?)"]


def test_the_report_s_records_are_named_tuples_not_dataclasses():
    """Defining a frozen dataclass of a report's 22 fields cost each report ~3 ms (issue #19): the
    report's records are model.record.Records, copied with model.record.replace."""
    from bangongshi.model.record import replace

    for record in (report.Report, report.Minutes, report.ChronicleEntry):
        assert issubclass(record, tuple) and not hasattr(record, "__dataclass_fields__"), record
    minutes = report.Minutes(1, 2, 3, 4)
    assert replace(minutes, key_spent=5) == (5, 2, 3, 4)


@pytest.fixture
def busy(bgs):
    """A busy office's month (scripts/office_data.py: 600 open, 8,000 handled): hundreds handled this
    month, more than the screen lists of each kind, and more 督办 rows still owing something."""
    bgs.add("起草通知")
    _office_data().populate_bgs(bgs.db, 600, 8000, MOMENT)
    return bgs


def _sections(text: str) -> dict[str, list[str]]:
    """A report's screen cut at its headings (a line without indent), heading -> its lines."""
    found: dict[str, list[str]] = {}
    heading = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            heading = line
            found[heading] = []
        elif line:
            found[heading].append(line)
    return found


def test_the_report_screen_lists_the_first_of_each_list_and_counts_the_rest(busy):
    """A month of hundreds handled (thousands in a busy office): each kind's first REPORT_ROWS, the 督办
    rows most pressing first, each list with how many more and the command that lists them all; the
    figures as the whole report has them. --all (the command named) lists all, as the files do."""
    from bangongshi.cli.daily import REPORT_ROWS

    data = busy.ok("report", "month", "--format", "json").json()
    screen = _sections(busy.ok("report", "month").stdout)
    hint = "bgs report month 2026-11 --all 全部列出"
    groups = [g for g in data["done"] if g["items"]]
    assert sum(len(g["items"]) > REPORT_ROWS for g in groups) >= 3
    assert len(data["follow"]["pressing"]) > REPORT_ROWS
    assert f"工作日 {data['workdays']} 天，办结 {data['done_count']} 项" in screen
    for group in groups:
        lines = screen[f"{group['kind_label']}（{len(group['items'])}）："]
        listed = [line.split()[0] for line in lines if line.startswith("  #")]
        assert listed == [f"#{i['id']}" for i in group["items"][:REPORT_ROWS]]
        hidden = len(group["items"]) - REPORT_ROWS
        assert (lines[-1] == f"  ……另有 {hidden} 项未列出，{hint}") == (hidden > 0)
    follow = next(lines for heading, lines in screen.items() if heading.startswith("办理中 "))
    pressing = data["follow"]["pressing"]
    assert [(r.split("】")[0][3:], r.split("】")[1].split()[0]) for r in follow[:-1]] == [
        (p["status_label"], f"#{p['id']}") for p in pressing[:REPORT_ROWS]]
    assert follow[-1] == f"  ……另有 {len(pressing) - REPORT_ROWS} 项未列出，{hint}"
    everything = busy.ok("report", "month", "2026-11", "--all").stdout
    whole = _sections(everything)
    for group in groups:
        lines = whole[f"{group['kind_label']}（{len(group['items'])}）："]
        assert [line.split()[0] for line in lines] == [f"#{i['id']}" for i in group["items"]]
    follow = next(lines for heading, lines in whole.items() if heading.startswith("办理中 "))
    assert [line.split("】")[1].split()[0] for line in follow] == [f"#{p['id']}" for p in pressing]
    # Only the lists differ: the figures, the charts and the other sections are the whole report's.
    shorter = {k: v for k, v in screen.items() if not k.startswith("办理中 ") and not k.endswith("）：")}
    assert shorter == {k: v for k, v in _sections(everything).items() if k in shorter}
    text = busy.ok("report", "month", "--format", "text").stdout
    assert "另有" not in text.split("【结转")[0] and text.count("\n  【") == len(pressing)


@pytest.mark.parametrize("kind, when", [("day", "2026-11-19"), ("week", "2026-11-16")])
def test_a_day_or_week_report_names_its_own_period_in_the_command(busy, kind, when):
    from bangongshi.cli.daily import REPORT_ROWS

    data = busy.ok("report", kind, when, "--format", "json").json()
    screen = busy.ok("report", kind, when).stdout
    pressing = len(data["follow"]["pressing"])
    assert f"  ……另有 {pressing - REPORT_ROWS} 项未列出，bgs report {kind} {when} --all 全部列出" in screen
    assert "另有" not in busy.ok("report", kind, when, "--all").stdout.split("督办")[1]


def test_the_command_that_lists_it_all_keeps_the_locked_items_open(busy):
    """Run with --include-locked, the report's hint names it too: the command it prints shows the
    same items in the clear, not masked."""
    locked = busy.add("保密文件", "--kind", "办文")
    busy.ok("done", str(locked))
    busy.ok("lock", str(locked), env=PASS)
    screen = busy.ok("report", "month", "--include-locked", env=PASS).stdout
    assert "bgs report month 2026-11 --include-locked --all 全部列出" in screen
    assert "bgs report month 2026-11 --all" in busy.ok("report", "month").stdout
    everything = busy.ok("report", "month", "2026-11", "--include-locked", "--all", env=PASS).stdout
    assert f"#{locked} 保密文件" in everything
