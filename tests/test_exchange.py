"""Export and import: formats real programs read, stable columns, nothing half-imported."""

import csv
import io
import json
from bangongshi.model.record import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings as hypothesis_settings
from hypothesis import strategies as st

from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.formats.json import ITEM_KEYS
from bangongshi.storage import open_store

FIXTURES = Path(__file__).parent / "fixtures"
TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


def sample(bgs):
    bgs.add("=HYPERLINK(\"http://x\") 危险标题", "--due", "下周三", "--tag", "会议", "--from", "王主任", "--kind", "办文")
    bgs.add("全市会议", "--at", "下周一上午9点", "--duration", "2h", "--where", "三楼会议室")
    done = bgs.add("报送月报", "-i")
    bgs.ok("done", str(done), "--result", "+已报送")


def test_export_json_is_every_item_with_the_contract_keys(bgs):
    sample(bgs)
    exported = json.loads(bgs.ok("export").stdout)
    assert [list(i) for i in exported] == [list(ITEM_KEYS)] * 3
    assert [i["id"] for i in exported] == [1, 2, 3]
    assert exported == sorted(bgs.ok("list", "--all", "--format", "json").json(), key=lambda i: i["id"])
    assert [i["id"] for i in json.loads(bgs.ok("export", "--folder", "已处理").stdout)] == [3]


def test_csv_neutralises_formulas_unless_raw_and_import_undoes_it(bgs, tmp_path):
    sample(bgs)
    rows = list(csv.reader(io.StringIO(bgs.ok("export", "--format", "csv").stdout)))
    assert rows[0] == list(ITEM_KEYS)
    by_title = {r[2]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert "'=HYPERLINK(\"http://x\") 危险标题" in by_title
    assert by_title["报送月报"]["result"] == "'+已报送"
    raw = list(csv.reader(io.StringIO(bgs.ok("export", "--format", "csv", "--raw").stdout)))
    assert raw[1][2] == "=HYPERLINK(\"http://x\") 危险标题"
    excel = bgs.ok("export", "--format", "csv", "--excel", "-o", str(tmp_path / "x.csv"))
    data = (tmp_path / "x.csv").read_bytes()
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data and "已导出 3 个事项" in excel.stderr
    other = type(bgs)(tmp_path / "other")
    other.ok("import", str(tmp_path / "x.csv"))
    titles = sorted(i["title"] for i in other.items("--all", "--format", "json"))
    assert titles == ["=HYPERLINK(\"http://x\") 危险标题", "全市会议", "报送月报"]
    assert other.item(3)["result"] == "+已报送"


def test_ics_is_read_back_by_icalendar(bgs):
    from icalendar import Calendar

    sample(bgs)
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--policy", "next", "--at", "09:00", "--start", "2026-09-01",
           env={"BANGONGSHI_NOW": "2026-09-21T09:00"})
    data = bgs.ok("export", "--format", "ics", env={"BANGONGSHI_NOW": "2026-09-21T10:00"}).stdout.encode()
    cal = Calendar.from_ical(data)
    todos = [c for c in cal.walk("VTODO")]
    events = [c for c in cal.walk("VEVENT")]
    assert sorted(str(t["summary"]) for t in todos) == ["=HYPERLINK(\"http://x\") 危险标题", "报送月报"]
    meeting = next(e for e in events if str(e["summary"]) == "全市会议")
    assert meeting.decoded("dtstart") == datetime(2026, 11, 23, 9, 0, tzinfo=meeting.decoded("dtstart").tzinfo)
    assert meeting.decoded("dtstart").utcoffset() == timedelta(hours=8)
    assert str(meeting["location"]) == "三楼会议室"
    done = next(t for t in todos if str(t["summary"]) == "报送月报")
    assert str(done["status"]) == "COMPLETED" and int(done["priority"]) == 3
    rule = next(e for e in events if str(e["summary"]) == "周一例会" and "RRULE" in e)
    assert rule["rrule"]["FREQ"] == ["WEEKLY"]
    exdates = [d.dt.date() for x in ([rule["exdate"]] if not isinstance(rule["exdate"], list) else rule["exdate"])
               for d in x.dts]
    rdates = [d.dt.date() for x in ([rule["rdate"]] if not isinstance(rule["rdate"], list) else rule["rdate"])
              for d in x.dts]
    # 国庆 2026: Monday 10-05 is a holiday, the meeting moves to Thursday 10-08.
    assert date(2026, 10, 5) in exdates and date(2026, 10, 8) in rdates
    # The occurrence already made as an item (09-21) is exported as that item, not again by the rule.
    assert date(2026, 9, 21) in exdates


def test_xlsx_has_a_header_dates_as_dates_and_no_formulas(bgs, tmp_path):
    from openpyxl import load_workbook

    sample(bgs)
    bgs.ok("export", "--format", "xlsx", "--labels", "code", "-o", str(tmp_path / "x.xlsx"))
    sheet = load_workbook(tmp_path / "x.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header == list(ITEM_KEYS)
    first = {h: c for h, c in zip(header, sheet[2])}
    assert first["title"].value == "=HYPERLINK(\"http://x\") 危险标题" and first["title"].data_type == "s"
    assert first["due"].is_date and first["due"].value.date() == date(2026, 11, 25)
    assert sheet.column_dimensions["C"].width >= 20  # a Chinese title counts two cells a character
    assert sheet.freeze_panes == "A2"


def test_vdir_writes_one_ics_per_item(bgs, tmp_path):
    from icalendar import Calendar

    sample(bgs)
    bgs.ok("export", "--format", "vdir", "-o", str(tmp_path / "vdir"))
    files = sorted((tmp_path / "vdir").glob("*.ics"))
    uuids = {i["uuid"] for i in bgs.items("--all", "--format", "json")}
    assert {f.stem for f in files} == uuids
    for file in files:
        components = [c for c in Calendar.from_ical(file.read_bytes()).walk() if c.name in ("VTODO", "VEVENT")]
        assert len(components) == 1 and str(components[0]["uid"]).startswith(file.stem)


def test_importing_the_same_file_again_changes_nothing(bgs, tmp_path):
    sample(bgs)
    bgs.ok("export", "-o", str(tmp_path / "all.json"))
    other = type(bgs)(tmp_path / "other")
    first = other.ok("import", str(tmp_path / "all.json"))
    assert "已导入 3 个新事项，已更新 0 个，0 个没有变化（json）" in first.stderr
    before = other.snapshot()
    again = other.ok("import", str(tmp_path / "all.json"))
    assert "已导入 0 个新事项，已更新 0 个，3 个没有变化" in again.stderr
    assert other.snapshot() == before
    dry = other.ok("import", str(tmp_path / "all.json"), "--dry-run")
    assert "--dry-run：什么都没有写入" in dry.stderr


def test_a_real_taskwarrior_export(bgs):
    result = bgs.ok("import", str(FIXTURES / "taskwarrior_2.6.2_export.json"))
    assert "已导入 4 个新事项" in result.stderr
    assert "未导入：已删除的任务 1 个" in result.stderr and "未导入：周期任务模板 1 个" in result.stderr
    items = {i["title"]: i for i in bgs.items("--all", "--format", "json")}
    assert sorted(items) == sorted(["联系会场", "已办的事", "报送周报", "起草年终总结"])
    plan = items["起草年终总结"]
    assert (plan["due"], plan["due_time"], plan["important"], plan["tags"]) == ("2026-12-20", None, True, ["总结", "办公室"])
    assert (items["报送周报"]["due"], items["报送周报"]["due_time"]) == ("2026-11-27", "17:00")
    assert items["联系会场"]["notes"].endswith("三楼会议室已预订")
    assert items["已办的事"]["folder"] == "done"
    tasks = json.loads((FIXTURES / "taskwarrior_2.6.2_export.json").read_text())
    assert plan["uuid"] == next(t["uuid"] for t in tasks if t["description"] == "起草年终总结")


def test_one_task_per_line_is_read_too(bgs, tmp_path):
    tasks = json.loads((FIXTURES / "taskwarrior_2.6.2_export.json").read_text())
    lines = tmp_path / "tasks.data"
    lines.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tasks) + "\n", encoding="utf-8")
    assert "已导入 4 个新事项" in bgs.ok("import", str(lines), "--format", "taskwarrior").stderr


def test_a_csv_saved_by_excel_on_chinese_windows(bgs, tmp_path):
    text = "title,due,tags\r\n起草通知,2026-12-01,会议;急件\r\n联系会场,,\r\n"
    (tmp_path / "gbk.csv").write_bytes(text.encode("gb18030"))
    bgs.ok("import", str(tmp_path / "gbk.csv"))
    assert [(i["title"], i["due"], i["tags"]) for i in bgs.items()] == [
        ("起草通知", "2026-12-01", ["会议", "急件"]), ("联系会场", None, [])]


def test_bad_files_import_nothing(bgs, tmp_path):
    bgs.add("已有的事项")
    before = bgs.snapshot()
    rows = ["title,due"] + [f"事项{n},2026-12-01" for n in range(1, 3000)] + ["坏日期的事项,12月32日"]
    (tmp_path / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text('[{"title": "x"},\n {"title": }]', encoding="utf-8")
    (tmp_path / "column.csv").write_text("title,deadline\nx,2026-12-01\n", encoding="utf-8")
    (tmp_path / "latin.json").write_bytes('[{"title": "起草"}]'.encode("gb18030"))
    (tmp_path / "field.json").write_text('[{"title": "x", "important": "maybe"}]', encoding="utf-8")
    for name, message in [
        ("big.csv", "「big.csv」 第 3001 行，字段 due：「12月32日」应是日期 YYYY-MM-DD"),
        ("bad.json", "「bad.json」 第 2 行不是有效的 JSON"),
        ("column.csv", "「column.csv」 第 1 行：不认识的列「deadline」"),
        ("latin.json", "「latin.json」 不是 UTF-8 文本"),
        ("field.json", "「field.json」 第 1 条，字段 important：「maybe」应是 true/false 或 1/0"),
        ("missing.json", "无法读取"),
    ]:
        result = bgs("import", str(tmp_path / name))
        assert result.code == 2 and message in result.stderr, (name, result.stderr)
    assert bgs.snapshot() == before
    assert "所在的目录不存在" in bgs("export", "-o", str(tmp_path / "nowhere" / "x.json")).stderr
    assert "需要 -o" in bgs("export", "--format", "xlsx").stderr


def test_importing_our_own_ics_back_changes_nothing(bgs, tmp_path):
    sample(bgs)
    bgs.add("碰头会", "--at", "下周二上午10点")
    before = bgs.snapshot()
    bgs.ok("export", "--format", "ics", "-o", str(tmp_path / "all.ics"))
    again = bgs.ok("import", str(tmp_path / "all.ics"))
    assert "已导入 0 个新事项，已更新 0 个，4 个没有变化（ics）" in again.stderr
    assert bgs.snapshot() == before
    assert bgs.item(4)["duration_minutes"] is None


def test_backslashes_commas_and_semicolons_come_back_from_an_ics_as_typed(bgs, tmp_path):
    # icalendar writes a literal backslash-N as a line break, and read our result back still escaped
    title, notes, result = r"C:\New\文件 \N 第2稿", "\\\\文件服务器\\New通知, 第2稿; 见附件", r"见\\srv\New, 已办; 好"
    item = bgs.add(title, "--note", notes, "--tag", r"督查\N")
    bgs.ok("done", str(item), "--result", result)
    bgs.ok("export", "--format", "ics", "-o", str(tmp_path / "all.ics"))
    bgs.ok("delete", str(item), "--yes")
    bgs.ok("import", str(tmp_path / "all.ics"))
    back = next(i for i in bgs.ok("list", "--all", "--format", "json").json() if i["title"] == title)
    assert (back["notes"], back["result"]) == (notes, result)
    assert r"督查\N" in back["tags"]


items_strategy = st.lists(st.builds(
    lambda title, folder, kind, important, key, due, due_time, tags, notes, estimate, attention, report: Item(
        title=title, folder=folder, kind=kind, important=important, key=key, due=due,
        due_time=due_time if due else None, tags=tags, notes=notes, estimate_minutes=estimate, attention=attention,
        report_required=report, created=NOW, updated=NOW, done_at=NOW if folder is Folder.DONE else None),
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1, max_size=30),
    folder=st.sampled_from(list(Folder)), kind=st.one_of(st.none(), st.sampled_from(list(Kind))),
    important=st.booleans(), key=st.booleans(),
    due=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 12, 31))),
    due_time=st.one_of(st.none(), st.times().map(lambda t: time(t.hour, t.minute))),
    tags=st.lists(st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=6), max_size=3,
                  unique=True).map(tuple),
    notes=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(lambda s: s.strip()),
    estimate=st.one_of(st.none(), st.integers(1, 600)),
    attention=st.one_of(st.none(), st.sampled_from(list(Attention))),
    report=st.booleans(),
), min_size=1, max_size=8)


@hypothesis_settings(max_examples=25, deadline=None)
@given(items_strategy, st.sampled_from(["json", "csv"]))
def test_export_then_import_gives_the_same_items(tmp_path_factory, batch, fmt):
    from conftest import Bgs

    home = tmp_path_factory.mktemp("round")
    source, target = Bgs(home / "a"), Bgs(home / "b")
    source.ok("list")
    store = open_store(source.db, NOW)
    try:
        with store.write("test", NOW) as tx:
            for n, item in enumerate(batch):
                store.items.add(tx, replace(item, uuid=f"00000000-0000-4000-8000-{n:012d}"))
    finally:
        store.close()
    exported = source.ok("export", "--format", fmt, "-o", str(home / f"all.{fmt}"))
    assert f"已导出 {len(batch)} 个事项" in exported.stderr
    target.ok("import", str(home / f"all.{fmt}"))
    strip = lambda items: sorted(({k: v for k, v in i.items() if k != "id"} for i in items), key=lambda i: i["uuid"])  # noqa: E731
    assert strip(target.items("--all", "--format", "json")) == strip(source.items("--all", "--format", "json"))


def test_libreoffice_reads_the_xlsx_with_text_and_dates(bgs, tmp_path):
    """Only where LibreOffice is installed (Debian: libreoffice-calc); the openpyxl test above always runs."""
    import shutil
    import subprocess

    import pytest

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed here")
    sample(bgs)
    bgs.ok("export", "--format", "xlsx", "--labels", "code", "-o", str(tmp_path / "x.xlsx"))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(tmp_path / "x.xlsx")],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text(encoding="utf-8"))))
    assert rows[0] == list(ITEM_KEYS)
    first = dict(zip(rows[0], rows[1]))
    assert first["title"] == "=HYPERLINK(\"http://x\") 危险标题"  # shown as text, not run as a formula
    assert first["due"] == "2026-11-25" and first["created"] == "2026-11-20 10:00"  # the cell format yyyy-mm-dd hh:mm


def test_since_until_and_markdown(bgs):
    bgs.add("上月的事", "--due", "2026-10-15")
    bgs.add("本周的事", "--due", "2026-11-24")
    bgs.add("没有日期的事")
    chosen = json.loads(bgs.ok("export", "--since", "2026-11-23", "--until", "2026-11-30").stdout)
    assert [i["title"] for i in chosen] == ["本周的事"]
    # Every item was created on 11-20: a range that holds that day holds them all.
    assert len(json.loads(bgs.ok("export", "--since", "2026-11-20", "--until", "2026-11-20").stdout)) == 3
    md = bgs.ok("export", "--format", "md").stdout.splitlines()
    assert md[0] == "| " + " | ".join(ITEM_KEYS) + " |" and len(md) == 5
    assert md[2].startswith("| 1 | ") and "| 上月的事 |" in md[2]
    assert "晚于 --until" in bgs("export", "--since", "2026-12-01", "--until", "2026-11-01").stderr


def test_long_imports_and_exports_show_a_bar_at_a_terminal_only(bgs, tmp_path):
    from conftest import run_in_terminal

    rows = ["title,due"] + [f"事项{n},2026-12-{n % 28 + 1:02d}" for n in range(2500)]
    (tmp_path / "big.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    piped = bgs.ok("import", str(tmp_path / "big.csv"))
    assert piped.stderr.strip() == "已导入 2500 个新事项，已更新 0 个，0 个没有变化（csv）"
    env = type(bgs)(tmp_path / "terminal").process_env()
    code, screen = run_in_terminal(["import", str(tmp_path / "big.csv")], [], env)
    assert code == 0 and "检查" in screen and "写入" in screen and "2500/2500" in screen
    assert "已导入 2500 个新事项" in screen
    code, screen = run_in_terminal(["export", "--format", "csv", "-o", str(tmp_path / "out.csv")], [], env)
    assert code == 0 and "导出" in screen and "已导出 2500 个事项" in screen
    assert len((tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()) == 2501
