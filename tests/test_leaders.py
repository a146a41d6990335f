"""The leader's week (issue #24): appointments that belong to leaders, the week's table in every
format, clashes (two places at once, a rest day, a leader away), locked activities masked."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.test_startup import PROBE, _env

NOW = "2026-11-30T10:00"  # a Monday: this week is 11月30日—12月6日
PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}


@pytest.fixture
def office(bgs):
    bgs.env["BANGONGSHI_NOW"] = NOW
    bgs.home.mkdir(parents=True, exist_ok=True)
    (bgs.home / "config.yaml").write_text("me:\n  name: 李秘书\n  unit: 县政府办公室\n", encoding="utf-8")
    bgs.ok("people", "add", "钱副县长", "--role", "领导", "--title", "副县长", "--order", "2")
    bgs.ok("people", "add", "赵县长", "--role", "领导", "--title", "县长", "--order", "1")
    bgs.ok("people", "add", "办公室张三")
    return bgs


def _week(bgs, *args, env=None):
    return bgs.ok("leader", "week", *args, "--format", "json", env=env).json()


def test_an_appointment_for_two_leaders_is_in_their_week_in_precedence_order(office):
    made = office.ok("add", "全县安全生产会议", "--at", "周三上午9点", "--for", "钱副县长,赵县长",
                     "--where", "县政府三楼会议室", "--with", "办公室张三", "--format", "json").json()
    week = _week(office)
    assert week["title"] == "县政府领导每周活动安排（11月30日—12月6日）"
    assert [leader["name"] for leader in week["leaders"]] == ["赵县长", "钱副县长"]
    [activity] = week["activities"]
    assert activity == {"id": made["id"], "date": "2026-12-02", "time": "09:00", "end": None, "period": "上午",
                        "title": "全县安全生产会议", "where": "县政府三楼会议室", "leaders": ["钱副县长", "赵县长"],
                        "escorts": ["办公室张三"], "locked": False, "done": False, "clashes": []}
    table = office.ok("leader", "week").stdout
    assert "全县安全生产会议" in table and table.index("赵县长") < table.index("钱副县长")
    # An appointment is still an appointment: on the secretary's list and timeline like any other.
    assert office.item(made["id"])["at"].startswith("2026-12-02T09:00")


def test_for_takes_only_registered_leaders_and_a_refusal_changes_nothing(office):
    before = office.snapshot()
    unknown = office("add", "调研", "--at", "周四上午9点", "--for", "孙县长")
    assert unknown.code == 2 and "bgs people add 孙县长 --role 领导" in unknown.stderr
    colleague = office("add", "调研", "--at", "周四上午9点", "--for", "办公室张三")
    assert colleague.code == 2 and "不是领导" in colleague.stderr
    assert office.snapshot() == before


def test_edit_replaces_the_leaders_and_an_empty_value_clears_them(office):
    item = office.add("接待检查组", "--at", "周四下午3点", "--for", "赵县长")
    office.ok("edit", str(item), "--for", "钱副县长", "--with", "办公室张三")
    [activity] = _week(office)["activities"]
    assert (activity["leaders"], activity["escorts"]) == (["钱副县长"], ["办公室张三"])
    cleared = office.ok("edit", str(item), "--for", "")
    assert f"#{item} 接待检查组：已修改领导、陪同" in cleared.stderr and "不再是领导活动" in cleared.stderr
    assert _week(office)["activities"] == []
    undone = office.ok("undo")
    assert f"加上 #{item} 的领导 钱副县长" in undone.stderr
    assert _week(office)["activities"][0]["leaders"] == ["钱副县长"]
    added = office.ok("edit", str(item), "--with", "办公室张三,李四")
    assert "领导活动：钱副县长（陪同：办公室张三、李四）" in added.stderr


def test_the_same_leader_in_two_places_at_once_is_warned_on_add_and_shown(office):
    first = office.add("全县安全生产会议", "--at", "周三上午9点", "--for", "赵县长", "--duration", "2h")
    added = office.ok("add", "调研乡镇", "--at", "周三上午10点", "--for", "赵县长")
    second = int(added.stdout)
    assert f"领导活动冲突：赵县长 12月2日 09:00 同时有 #{first} 和 #{second}" in added.stderr
    # Back to back is no clash: the first meeting ends at 11:00.
    office.ok("add", "听取汇报", "--at", "周三上午11点", "--for", "赵县长")
    week = _week(office)
    overlaps = [c for c in week["clashes"] if c["kind"] == "overlap"]
    assert {c["item"] for c in overlaps} == {first, second}
    table = office.ok("leader", "week").stdout
    assert "同一时间两处活动" in table


def test_a_leader_away_is_a_clash_for_the_meetings_that_need_him(office):
    meeting = office.add("县长办公会", "--at", "12月3日上午9点", "--for", "赵县长,钱副县长")
    said = office.ok("leader", "away", "赵县长", "12月3日", "12月5日", "--reason", "出差")
    assert f"赵县长 12月3日至12月5日出差，#{meeting} 需要他参加" in said.stderr
    week = _week(office)
    assert week["away"] == [{"id": 1, "leader": "赵县长", "start": "2026-12-03", "end": "2026-12-05", "reason": "出差"}]
    assert [c["kind"] for c in week["clashes"]] == ["away"]
    later = office.ok("add", "座谈会", "--at", "12月4日下午3点", "--for", "赵县长")
    assert "赵县长 12月3日至12月5日出差" in later.stderr
    listed = office.ok("leader", "away-list", "--format", "json").json()
    assert [a["reason"] for a in listed] == ["出差"]
    office.ok("leader", "away-remove", "1")
    assert office.ok("leader", "away-list", "--format", "json").json() == []
    office.ok("undo")
    assert len(office.ok("leader", "away-list", "--format", "json").json()) == 1
    assert office("leader", "away", "孙县长", "明天").code == 3


def test_an_activity_on_a_rest_day_is_flagged_and_a_tiaoxiu_workday_is_marked(office):
    office.add("慰问值班人员", "--at", "12月5日上午10点", "--for", "赵县长")
    week = _week(office)
    assert [c["kind"] for c in week["clashes"]] == ["rest_day"]
    assert week["days"][5]["mark"] == "休息日" and week["days"][0]["mark"] == ""
    # 2026-09-20 (a Sunday) is a 调休 workday before 国庆; 10月1日 is 国庆节.
    september = _week(office, "2026-09-20")
    assert september["days"][6]["mark"] == "调休上班" and september["days"][6]["workday"] is True
    october = _week(office, "2026-10-01")
    assert october["days"][3]["mark"] == "国庆节"


def test_a_locked_activity_is_masked_unless_unlocked(office):
    office.ok("add", "省领导来县视察", "--at", "周四上午9点", "--for", "赵县长", "--where", "某企业", "--lock", env=PASS)
    shown = _week(office)["activities"][0]
    assert shown["locked"] is True and "省领导" not in json.dumps(shown, ensure_ascii=False)
    assert "省领导" not in office.ok("leader", "week", "--format", "md").stdout
    opened = _week(office, "--unlock", env=PASS)["activities"][0]
    assert opened["title"] == "省领导来县视察" and opened["where"] == "某企业"
    refused = office("add", "视察", "--at", "周四上午9点", "--for", "赵县长", "--with", "办公室张三", "--lock", env=PASS)
    assert refused.code == 2 and "陪同" in refused.stderr


def test_week_as_csv_has_one_row_per_leader(office):
    office.add("全县安全生产会议", "--at", "周三上午9点", "--for", "赵县长,钱副县长")
    lines = office.ok("leader", "week", "--format", "csv").stdout.splitlines()
    assert lines[0] == "date,weekday,period,time,end,leader,title,where,escorts,id,locked,clashes"
    assert [line.split(",")[5] for line in lines[1:]] == ["赵县长", "钱副县长"]


def test_week_html_is_self_contained_and_escaped(office, tmp_path):
    office.add("<script>alert(1)</script>座谈", "--at", "周三下午3点", "--for", "赵县长")
    page = office.ok("leader", "week", "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "src=" not in page and "href=" not in page and "@page{size:A4 landscape" in page
    office.ok("leader", "week", "--format", "html", "-o", str(tmp_path / "week.html"))
    assert (tmp_path / "week.html").read_text(encoding="utf-8") == page


def _printable_week(office, tmp_path):
    office.add("全县安全生产会议", "--at", "周三上午9点", "--for", "赵县长,钱副县长", "--where", "县政府三楼会议室",
               "--with", "办公室张三")
    office.add("=HYPERLINK(\"x\")", "--at", "周四晚上7点", "--for", "钱副县长")
    xlsx, docx = tmp_path / "week.xlsx", tmp_path / "week.docx"
    office.ok("leader", "week", "--format", "xlsx", "-o", str(xlsx))
    office.ok("leader", "week", "--format", "docx", "-o", str(docx))
    return xlsx, docx


def test_the_week_in_xlsx_is_printable_and_reads_back(office, tmp_path):
    from openpyxl import load_workbook

    xlsx, _ = _printable_week(office, tmp_path)
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "县政府领导每周活动安排（11月30日—12月6日）"
    assert [c.value for c in sheet[3]] == ["日期", "时段", "赵县长", "钱副县长"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$3:$3"
    rows = {(r[0].coordinate, r[1].value): r for r in sheet.iter_rows(min_row=4, max_row=24)}
    assert len(rows) == 21  # seven days × 上午、下午、晚上
    wednesday = sheet.cell(4 + 2 * 3, 3).value
    assert wednesday.splitlines() == ["09:00 全县安全生产会议", "地点：县政府三楼会议室", "陪同：办公室张三"]
    assert sheet.cell(4 + 3 * 3 + 2, 4).value == "19:00 =HYPERLINK(\"x\")"  # text, never a formula
    assert any(str(r) == "A10:A12" for r in sheet.merged_cells.ranges)  # a day is one cell over its three rows
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width


def test_the_week_in_docx_is_landscape_with_its_header_repeated(office, tmp_path):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    _, docx = _printable_week(office, tmp_path)
    document = Document(docx)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    assert document.paragraphs[0].text == "县政府领导每周活动安排（11月30日—12月6日）"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["日期", "时段", "赵县长", "钱副县长"]
    assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml or "tblHeader" in table.rows[0]._tr.xml
    assert "全县安全生产会议" in table.cell(1 + 2 * 3, 2).text and "陪同：办公室张三" in table.cell(1 + 2 * 3, 3).text
    assert len(table.rows) == 22


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_printable_week(office, tmp_path):
    xlsx, docx = _printable_week(office, tmp_path)
    out = tmp_path / "pdf"
    for source in (xlsx, docx):
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", "pdf", "--outdir", str(out), str(source)],
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        pdf = out / (source.stem + ".pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_md_marks_the_rest_days(office):
    office.add("全县安全生产会议", "--at", "周三上午9点", "--for", "赵县长")
    page = office.ok("leader", "week", "--format", "md").stdout
    assert page.startswith("# 县政府领导每周活动安排（11月30日—12月6日）")
    assert "| 日期 | 时段 | 赵县长 | 钱副县长 |" in page and "（休息日）" in page


def test_a_plain_add_does_not_read_the_people_registry(tmp_path):
    """The --for lookup is paid only by an add that names leaders (the quick path stays quick)."""
    env = {**_env(tmp_path)}
    subprocess.run([sys.executable, "-c", PROBE, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, "add", "起草通知", "--at", "明天上午9点"], env=env,
                          capture_output=True, text=True)
    modules = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    assert not {"bangongshi.services.leaders", "bangongshi.storage.registers", "bangongshi.storage.leaders"} & modules
    subprocess.run([sys.executable, "-c", PROBE, "people", "add", "赵县长", "--role", "领导"], env=env, check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, "add", "会", "--at", "明天上午9点", "--for", "赵县长"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    assert "typer" not in modules and "bangongshi.services.leaders" in modules  # still the quick path


def test_docx_is_a_zip_of_word_xml(office, tmp_path):
    _, docx = _printable_week(office, tmp_path)
    with zipfile.ZipFile(docx) as archive:
        assert "word/document.xml" in archive.namelist()
        assert "PAGE" in archive.read("word/footer1.xml").decode()
    assert Path(docx).stat().st_mode & 0o777 != 0


def test_a_meeting_laid_out_by_the_template_is_the_leaders_activity_and_recur_refuses(office):
    office.ok("template", "apply", "会议", "--at", "12月3日上午9点", "--title", "全县安全生产会议", "--for", "赵县长")
    assert [a["title"] for a in _week(office)["activities"]] == ["全县安全生产会议"]
    before = office.snapshot()
    refused = office("recur", "add", "县长办公会", "--rule", "每周一", "--at", "09:00", "--for", "赵县长")
    assert refused.code == 2 and "--for" in refused.stderr and office.snapshot() == before


def test_a_schema_17_store_keeps_its_people_and_gains_the_leaders_tables(bgs):
    """The registry of issue #23 is the one the leader's week uses: migrating keeps every person."""
    fixtures = Path(__file__).parent / "fixtures"
    bgs.home.mkdir(parents=True)
    shutil.copy(fixtures / "schema_v17.db", bgs.db)
    [person] = bgs.ok("people", "list", "--format", "json").json()
    assert (person["name"], person["role"], person["precedence"], person["channel"]) == ("王局长", "leader", 1, "")
    item = bgs.add("全县安全生产会议", "--at", "2026-11-25 09:00", "--for", "王局长")
    week = bgs.ok("leader", "week", "2026-11-25", "--format", "json").json()
    assert [a["id"] for a in week["activities"]] == [item] and week["leaders"][0]["name"] == "王局长"
    saved = fixtures / "schema_v18.db"  # and the saved 18 holds an activity, an away day and a roster
    bgs.db.unlink()
    shutil.copy(saved, bgs.db)
    week = bgs.ok("leader", "week", "2026-11-25", "--format", "json").json()
    assert [a["title"] for a in week["activities"]] == ["全县安全生产会议"] and week["away"][0]["reason"] == "出差"
    assert len(bgs.ok("duty", "show", "2026-11-21..2026-11-22", "--format", "json").json()["shifts"]) == 2
