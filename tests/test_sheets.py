"""Sheets and documents for people (issue #22): Chinese headers and values in xlsx and `--excel` csv, the
printable 督办台账 and reports, .docx in the 公文 look, the week's plan for the wall, and a secretary's own
sheet coming back in through `bgs import` — while the machine formats stay byte for byte the contract."""

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import Workbook, load_workbook

from bangongshi.formats import sheets
from bangongshi.formats.json import ITEM_KEYS
from bangongshi.model import Attention, Folder, Item, Kind

FIXTURES = Path(__file__).parent / "fixtures" / "sheets"


def office(bgs) -> None:
    """A few items as an office has them (now: Friday 2026-11-20)."""
    bgs.add("起草年终总结", "--due", "11月25日下午5点", "--from", "王主任", "--important", "--tag", "材料", "--tag", "年终")
    bgs.add("全县经济工作会议", "--at", "下周一上午9点", "--where", "三楼会议室", "--kind", "办会")
    bgs.add("=HYPERLINK(\"http://x\") 报送月报", "--due", "2026-11-18", "--kind", "办文")  # overdue
    bgs.add("整理督办件", "--attention", "高", "--note", "第一行\n第二行")
    bgs.ok("done", "4", "--result", "'+已整理")
    bgs.ok("assign", "1", "--to", "教育科张三", "--due", "2026-11-19")  # overdue under 督办


def rows_of(path: Path) -> list[tuple]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


# ---- export: the item list for people ------------------------------------------------------------------

def test_xlsx_is_a_printable_sheet_in_chinese(bgs, tmp_path):
    office(bgs)
    bgs.ok("export", "--format", "xlsx", "-o", str(tmp_path / "事项.xlsx"))
    book = load_workbook(tmp_path / "事项.xlsx")
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "事项清单（截至2026年11月20日）"
    assert rows[1] == ("编号", "标题", "文件夹", "类别", "象限", "截止", "开始时间", "地点", "交办人", "承办人",
                       "重要", "紧急", "标签", "处理结果", "处理时间", "备注", "识别码")
    by_title = {r[1]: dict(zip(rows[1], r)) for r in rows[2:]}
    first = by_title["起草年终总结"]
    assert first["截止"] == datetime(2026, 11, 19, 0, 0)  # assign --due moved it; a date cell
    assert (first["文件夹"], first["象限"], first["重要"], first["紧急"]) == ("待办", "重要且紧急", "是", "否")
    assert first["标签"] == "材料、年终" and first["交办人"] == "王主任" and first["承办人"] == "教育科张三"
    meeting = by_title["全县经济工作会议"]
    assert meeting["类别"] == "办会" and meeting["开始时间"] == datetime(2026, 11, 23, 9, 0)
    handled = by_title["整理督办件"]
    assert handled["文件夹"] == "已处理" and handled["象限"] is None and handled["处理结果"] == "'+已整理"
    assert handled["备注"] == "第一行\n第二行"
    formula = next(r for r in sheet.iter_rows(min_row=3) if str(r[1].value).startswith("=HYPERLINK"))
    assert formula[1].data_type == "s"  # text, never run
    # Printed as it is: A4 landscape, one page wide, the title and header on every page, frozen header.
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$1:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "A1:Q1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(2, 2).font.b and "&P" in sheet.oddFooter.center.text
    assert sheet.column_dimensions["Q"].hidden  # 识别码: kept for the round trip, not printed
    # Widths: at least the header's display width (a Chinese character is two), capped.
    widths = {sheet.cell(2, c).value: sheet.column_dimensions[sheet.cell(2, c).column_letter].width
              for c in range(1, 18)}
    assert widths["象限"] >= 10 and widths["开始时间"] >= 16 and max(widths.values()) <= 42
    # Overdue rows (open, deadline passed) are filled; others are not.
    fills = {row[1].value: row[1].fill.fgColor.rgb for row in sheet.iter_rows(min_row=3)}
    assert fills["起草年终总结"].endswith("FFE0E0") and fills[formula[1].value].endswith("FFE0E0")
    assert not fills["全县经济工作会议"].endswith("FFE0E0") and not fills["整理督办件"].endswith("FFE0E0")


def test_excel_csv_speaks_chinese_and_labels_code_keeps_the_contract(bgs):
    office(bgs)
    human = bgs.ok("export", "--format", "csv", "--excel").stdout
    assert human.startswith("\ufeff编号,标题,文件夹,类别,象限,截止,开始时间,")
    lines = human.split("\r\n")
    assert lines[1].startswith("1,起草年终总结,待办,,重要且紧急,2026-11-19,,,王主任,教育科张三,是,否,材料、年终,")
    assert "'=HYPERLINK" in human  # the formula rule of every csv
    machine = bgs.ok("export", "--format", "csv", "--excel", "--labels", "code").stdout
    plain = bgs.ok("export", "--format", "csv").stdout
    assert machine.startswith("\ufeff" + ",".join(ITEM_KEYS) + "\r\n")
    assert machine == "\ufeff" + plain.replace("\n", "\r\n").replace("第一行\r\n第二行", "第一行\n第二行")
    assert plain.startswith(",".join(ITEM_KEYS) + "\n")  # csv without --excel: the contract, as before


def test_columns_choose_and_order_by_header_or_alias(bgs):
    office(bgs)
    out = bgs.ok("export", "--format", "csv", "--excel", "--columns", "编号,标题,时限,交办领导,状态").stdout
    assert out.split("\r\n")[:2] == ["\ufeff编号,标题,截止,交办人,文件夹", "1,起草年终总结,2026-11-19,王主任,待办"]
    wrong = bgs("export", "--format", "xlsx", "-o", "x.xlsx", "--columns", "编号,题目")
    assert wrong.code == 2 and "没有「题目」这一列（是不是「标题」？）" in wrong.stderr
    assert bgs("export", "--format", "csv", "--labels", "code", "--columns", "编号").code == 2
    assert "只用于 csv、xlsx" in bgs("export", "--format", "json", "--labels", "zh").stderr


# ---- the ledger and the reports ------------------------------------------------------------------------

def test_follow_ledger_as_a_printable_sheet_and_a_document(bgs, tmp_path):
    office(bgs)
    bgs.add("报送材料", "--from", "李局长", "--due", "2026-12-04")
    bgs.ok("assign", "5", "--to", "办公室李四", "--every", "每2个工作日")
    bgs.ok("follow", "--format", "xlsx", "-o", str(tmp_path / "台账.xlsx"))
    rows = rows_of(tmp_path / "台账.xlsx")
    assert rows[0][0] == "督办事项台账（截至2026年11月20日）"
    assert rows[1] == ("编号", "事项", "交办人", "承办人", "交办日期", "时限", "催办次数", "最近催办", "最近进展", "状态")
    assert rows[2][:4] == (1, "起草年终总结", "王主任", "教育科张三") and rows[2][-1] == "已逾期"
    assert rows[2][5] == datetime(2026, 11, 19) and rows[3][-1] == "办理中"
    sheet = load_workbook(tmp_path / "台账.xlsx").active
    assert sheet.cell(3, 2).fill.fgColor.rgb.endswith("FFE0E0") and not sheet.cell(4, 2).fill.fgColor.rgb.endswith("FFE0E0")
    # The machine csv is as it was; --labels zh gives the sheet's columns.
    assert bgs.ok("follow", "--format", "csv").stdout.startswith("id,title,source,handler,assigned_at,")
    assert bgs.ok("follow", "--format", "csv", "--labels", "zh", "--columns", "编号,事项,状态").stdout.split("\r\n")[:2] \
        == ["\ufeff编号,事项,状态", "1,起草年终总结,已逾期"]
    bgs.ok("follow", "--format", "docx", "-o", str(tmp_path / "台账.docx"))
    from docx import Document

    document = Document(str(tmp_path / "台账.docx"))
    assert [p.text for p in document.paragraphs[:2]] == ["督办事项台账", "截至2026年11月20日"]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][:4] == ["编号", "事项", "交办人", "承办人"]
    assert table.rows[1].cells[1].text == "起草年终总结" and "已逾期" in table.rows[1].cells[-1].text
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    assert bgs("follow", "--format", "docx").code == 2  # a file, never stdout


def test_report_week_xlsx_in_chinese_and_code_as_before(bgs, tmp_path):
    office(bgs)
    bgs.ok("report", "week", "--format", "xlsx", "-o", str(tmp_path / "周报.xlsx"))
    rows = rows_of(tmp_path / "周报.xlsx")
    assert rows[0][0] == "周报（2026年11月16日—11月22日）"
    assert rows[1] == ("栏目", "编号", "事项", "类别", "截止", "处理时间", "处理结果", "交办人", "承办人")
    sections = {r[0] for r in rows[2:]}
    assert {"已办结", "结转（未办完）", "新记"} <= sections
    done = next(r for r in rows[2:] if r[0] == "已办结")
    assert done[2] == "整理督办件" and done[3] == "其他" and done[6] == "'+已整理"
    bgs.ok("report", "week", "--format", "xlsx", "--labels", "code", "-o", str(tmp_path / "code.xlsx"))
    assert rows_of(tmp_path / "code.xlsx")[0][:3] == ("section", "section_label", "id")


def docx_fonts(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("word/styles.xml").decode() + package.read("word/document.xml").decode()


def test_report_docx_has_the_official_look(bgs, tmp_path):
    office(bgs)
    bgs.ok("slip", "通知漏发了教育局")
    bgs.ok("report", "week", "--format", "docx", "-o", str(tmp_path / "周报.docx"))
    from docx import Document
    from docx.shared import Pt

    document = Document(str(tmp_path / "周报.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "工作周报" and texts[1] == "（2026年11月16日—11月22日，工作日 5 天）"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.split("、", 1)[0] for h in headings] == ["一", "二", "三", "四", "五", "六"]
    assert headings[0] == "一、已办结（1 项）" and headings[4] == "五、下周安排"
    assert "1. 整理督办件——'+已整理" in texts and "11月20日 通知漏发了教育局" in texts
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing == 1.5
    assert document.styles["Title"].font.size == Pt(22)
    xml = docx_fonts(tmp_path / "周报.docx")
    assert 'w:eastAsia="仿宋_GB2312"' in xml and 'w:eastAsia="方正小标宋简体"' in xml and 'w:eastAsia="黑体"' in xml
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    tables = document.tables
    carried = [[c.text for c in row.cells] for row in tables[0].rows]
    assert carried[0] == ["编号", "事项", "截止", "交办人", "承办人"]
    assert [row[1] for row in carried[1:]] == ["=HYPERLINK(\"http://x\") 报送月报", "起草年终总结"]  # by deadline
    coming = [[c.text for c in row.cells] for row in tables[-1].rows]
    assert coming[1][:2] == ["11-23 09:00", "全县经济工作会议"]


def test_libreoffice_turns_the_docx_into_a_pdf_with_its_text(bgs, tmp_path):
    """Only where LibreOffice is installed (.ci/run installs libreoffice-writer, so CI runs it)."""
    office_bin = shutil.which("soffice") or shutil.which("libreoffice")
    if office_bin is None:
        pytest.skip("LibreOffice is not installed here")
    office(bgs)
    bgs.ok("report", "week", "--format", "docx", "-o", str(tmp_path / "周报.docx"))
    subprocess.run([office_bin, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "周报.docx")],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "周报.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
    else:  # LibreOffice itself reads its text back out of the document
        subprocess.run([office_bin, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(tmp_path / "周报.docx")],
                       check=True, capture_output=True, timeout=300)
        text = (tmp_path / "周报.txt").read_text(encoding="utf-8-sig")
    squeezed = "".join(text.split())
    for expected in ("工作周报", "一、已办结", "整理督办件", "起草年终总结", "五、下周安排", "全县经济工作会议", "—1—"):
        assert expected in squeezed


# ---- the week's plan for the wall ----------------------------------------------------------------------

def test_week_html_is_a_wall_plan_days_by_half_days(bgs, tmp_path):
    bgs.add("周例会", "--at", "下周一上午9点", "--where", "三楼<会议室>")
    bgs.add("接待<script>alert(1)</script>", "--at", "下周二下午3点")
    bgs.add("报材料", "--due", "下周三")
    bgs.add("交总结", "--due", "下周四下午5点")
    html = bgs.ok("week", "下周一", "--format", "html").stdout
    assert html.startswith("<!doctype html>") and "<script>" not in html and "&lt;script&gt;" in html
    assert "src=" not in html and "http" not in html  # self-contained
    assert "<h1>一周工作安排（2026年11月23日—11月29日）</h1>" in html
    assert "<th>周一 11月23日</th>" in html and "<th class=rest>周六 11月28日<small>休息</small></th>" in html
    rows = {part.split("</th>", 1)[0]: part for part in html.split("<tr><th>")[1:]}
    assert "09:00 周例会（三楼&lt;会议室&gt;）" in rows["上午"] and "15:00 接待" in rows["下午"]
    assert "17:00前 交总结" in rows["下午"] and "<p>报材料</p>" in rows["当天截止"]
    bgs.ok("week", "下周一", "--format", "docx", "-o", str(tmp_path / "周.docx"))
    from docx import Document

    table = Document(str(tmp_path / "周.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["", "周一 11月23日"]
    assert table.rows[1].cells[1].text == "09:00 周例会（三楼<会议室>）"
    bgs.ok("week", "下周一", "--format", "html", "-o", str(tmp_path / "周.html"))
    assert (tmp_path / "周.html").read_text(encoding="utf-8") == html


# ---- a secretary's own sheet comes in -------------------------------------------------------------------

def secretary_xlsx(path: Path) -> None:
    """The way a secretary makes one: a merged title, an empty row, 序号, her own headers, dates every way."""
    book = Workbook()
    sheet = book.active
    sheet.title = "重点工作"
    sheet.append(["2026年第四季度重点工作台账"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["序号", "工作内容", "完成时限", "交办领导", "责任人", "是否重要", "文件夹", "标签"])
    sheet.append([1, "起草年终总结", "12月1日", "王主任", "张三", "是", "待办", "材料；年终"])
    sheet.append([2, "报送安全生产材料", date(2026, 12, 5), "李局长", "办公室李四", "否", "临时", None])
    sheet.append([None] * 8)
    sheet.append([3, "全县经济工作会议筹备", "2026.12.15", "王主任", None, "是", None, None])
    sheet.append([4, "整理督办件", "11月18日", None, "张三", None, "已处理", None])
    sheet.append([5, "交总结", datetime(2026, 11, 27, 17, 0), None, None, "√", None, None])
    book.save(path)


def test_import_a_secretarys_xlsx(bgs, tmp_path):
    secretary_xlsx(tmp_path / "台账.xlsx")
    bgs.ok("list")  # the store made, so that a snapshot has something to compare
    before = bgs.snapshot()
    dry = bgs.ok("import", str(tmp_path / "台账.xlsx"), "--dry-run")
    assert "将导入 5 个新事项" in dry.stderr and "前 5 项" not in dry.stderr
    assert "新增：起草年终总结（待办，截止 2026-12-01，交办人 王主任，承办人 张三，重要，标签 材料、年终）" in dry.stderr
    assert bgs.snapshot() == before
    assert "已导入 5 个新事项" in bgs.ok("import", str(tmp_path / "台账.xlsx")).stderr
    items = {i["title"]: i for i in bgs.items("--all")}
    assert items["起草年终总结"]["due"] == "2026-12-01" and items["起草年终总结"]["tags"] == ["材料", "年终"]
    assert items["报送安全生产材料"]["folder"] == "temp" and items["报送安全生产材料"]["due"] == "2026-12-05"
    assert items["报送安全生产材料"]["handler"] == "办公室李四" and not items["报送安全生产材料"]["important"]
    assert items["全县经济工作会议筹备"]["due"] == "2026-12-15" and items["全县经济工作会议筹备"]["important"]
    # A day without a year is the nearest such day: 11月18日 on 11-20 is two days ago, not next year.
    assert items["整理督办件"]["due"] == "2026-11-18" and items["整理督办件"]["folder"] == "done"
    assert (items["交总结"]["due"], items["交总结"]["due_time"], items["交总结"]["important"]) == ("2026-11-27", "17:00", True)
    # The same sheet again finds what it brought in (a uuid from the row itself).
    assert "0 个新事项，已更新 0 个，5 个没有变化" in bgs.ok("import", str(tmp_path / "台账.xlsx")).stderr


def test_import_a_hand_made_gbk_csv_with_a_column_mapped(bgs, tmp_path):
    fixture = FIXTURES / "重点工作安排.csv"
    bgs.ok("list")
    before = bgs.snapshot()
    refused = bgs("import", str(fixture))
    assert refused.code == 2 and "不认识的列「工作任务」" in refused.stderr and "--map 工作任务=字段" in refused.stderr
    assert bgs.snapshot() == before
    bgs.ok("import", str(fixture), "--map", "工作任务=标题")
    items = {i["title"]: i for i in bgs.items("--all")}
    assert set(items) == {"起草年终总结", "全县经济工作会议筹备", "整理11月督办件", "报送安全生产材料"}
    assert (items["起草年终总结"]["kind"], items["起草年终总结"]["source"]) == ("doc", "王主任")
    assert items["全县经济工作会议筹备"]["kind"] == "meeting" and items["全县经济工作会议筹备"]["notes"] == "会场：三楼\r\n需提前布置"
    assert items["整理11月督办件"]["due"] == "2026-11-20" and not items["整理11月督办件"]["important"]
    assert items["报送安全生产材料"]["due"] == "2026-11-27"  # 下周五, read by the CLI's grammar


def test_unknown_columns_name_the_closest_and_map_can_leave_one_out(bgs, tmp_path):
    path = tmp_path / "表.csv"
    path.write_text("标题,截至日期,备用\n起草通知,12月1日,x\n", encoding="utf-8")
    refused = bgs("import", str(path))
    assert refused.code == 2 and "不认识的列「截至日期」（是不是「截止日期」？）" in refused.stderr
    bgs.ok("import", str(path), "--map", "截至日期=截止", "--map", "备用=")
    assert bgs.items()[0]["due"] == "2026-12-01"
    assert bgs("import", str(path), "--map", "截至日期=不存在").code == 2
    assert "只用于 csv、xlsx" in bgs("import", str(path), "--format", "json", "--map", "a=标题").stderr
    bad = tmp_path / "坏.csv"
    bad.write_text("标题,截止,重要\n起草通知,12月1日,也许\n", encoding="utf-8")
    wrong = bgs("import", str(bad))
    assert wrong.code == 2 and "第 2 行「重要」应填 是 或 否，不是「也许」" in wrong.stderr
    worse = tmp_path / "更坏.csv"
    worse.write_text("标题,截止\n起草通知,2月30日\n", encoding="utf-8")
    assert bgs("import", str(worse)).code == 2


@pytest.mark.parametrize("args, name", [(("export", "--format", "xlsx"), "x.xlsx"),
                                        (("export", "--format", "csv", "--excel"), "x.csv"),
                                        (("export", "--format", "xlsx", "--labels", "code"), "code.xlsx")])
def test_an_unchanged_human_export_imports_as_nothing_changed(bgs, tmp_path, args, name):
    office(bgs)
    bgs.ok(*args, "-o", str(tmp_path / name))
    before = bgs.snapshot()
    done = bgs.ok("import", str(tmp_path / name))
    assert "已导入 0 个新事项，已更新 0 个，4 个没有变化" in done.stderr
    assert bgs.snapshot() == before  # the items and the journal as they were


def test_an_edited_sheet_changes_what_was_edited_and_undo_takes_it_back(bgs, tmp_path):
    office(bgs)
    bgs.ok("export", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    book = load_workbook(tmp_path / "x.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[1].value == "全县经济工作会议")
    row[header.index("地点")].value = "五楼"
    row[header.index("承办人")].value = "王五"
    book.save(tmp_path / "x.xlsx")
    before = bgs.items("--all")
    assert "已更新 1 个" in bgs.ok("import", str(tmp_path / "x.xlsx")).stderr
    after = {i["title"]: i for i in bgs.items("--all")}
    assert (after["全县经济工作会议"]["location"], after["全县经济工作会议"]["handler"]) == ("五楼", "王五")
    assert after["全县经济工作会议"]["at"] == "2026-11-23T09:00:00+08:00"
    bgs.ok("undo")
    assert bgs.items("--all") == before


# ---- the vocabulary as a property -----------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@settings(max_examples=150)
@given(title=text.filter(lambda t: t.strip()), notes=text, handler=text,
       tags=st.lists(st.text(st.characters(whitelist_categories=("Lo", "Nd", "Lu")), min_size=1, max_size=6),
                     max_size=3, unique=True),
       folder=st.sampled_from(list(Folder)), kind=st.sampled_from([None, *Kind]),
       attention=st.sampled_from([None, *Attention]), flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       due=st.none() | st.dates(date(1900, 1, 1), date(2999, 12, 31)))
def test_every_cell_written_for_people_reads_back_as_the_same_field(title, notes, handler, tags, folder, kind,
                                                                   attention, flags, due):
    item = Item(title=title, notes=notes, handler=handler, tags=tuple(tags), folder=folder, kind=kind,
                attention=attention, important=flags[0], urgent=flags[1], major=flags[2], due=due)
    keys = ("title", "notes", "handler", "tags", "folder", "kind", "attention", "important", "urgent", "major", "due")
    columns = [sheets.ITEM_BY_KEY[k] for k in keys]
    cells = sheets.item_cells(columns)(item)
    # Through csv text, as a secretary's Excel would keep it, then read as `bgs import` reads a cell.
    from bangongshi.formats.csv import neutralise, restore

    written = [neutralise(sheets.cell_text(v)) for v in cells]
    back = {k: sheets.field_value(k, restore(cell), "x") for k, cell in zip(keys, written)}
    assert back["title"] == title and back["notes"] == notes and back["handler"] == handler
    assert back["tags"] == list(tags)
    assert back["folder"] == folder.code and back["kind"] == (kind.code if kind else None)
    assert back["attention"] == (attention.code if attention else None)
    assert (back["important"], back["urgent"], back["major"]) == flags
    # A date as csv text is left to the date grammar (the service), as written: 2026-11-20.
    assert back["due"] == (due.isoformat() if due else None)


def test_every_header_and_alias_names_one_field():
    seen: dict[str, str] = {}
    for column in sheets.ITEM_COLUMNS:
        for name in column.names():
            assert seen.setdefault(name, column.key) == column.key, name
    assert set(ITEM_KEYS) - {f"{k}_label" for k in ("folder", "kind", "attention")} <= set(sheets.ITEM_BY_KEY)
    assert set(sheets.ITEM_DEFAULT) <= set(sheets.ITEM_BY_KEY)
    assert json.dumps(sheets.QUADRANT_LABELS, ensure_ascii=False)


def test_docs_list_every_header_and_alias():
    """docs/sheets.md is the vocabulary as a table: a header added in code is added there too."""
    page = (Path(__file__).parent.parent / "docs" / "sheets.md").read_text(encoding="utf-8")
    for columns in (sheets.ITEM_COLUMNS, sheets.LEDGER_COLUMNS, sheets.REPORT_COLUMNS):
        for column in columns:
            row = next((line for line in page.splitlines() if line.startswith(f"| {column.label} | `{column.key}` |")), None)
            assert row is not None, column.label
            assert all(alias in row for alias in column.aliases), column.label


def test_a_csv_whose_first_cell_is_too_long_is_bad_input(bgs, tmp_path):
    # Python's csv refuses a field over 128 KiB; the header is read before the sheet reader's own guard
    path = tmp_path / "表.csv"
    path.write_text("[" * 140_000 + "\n", encoding="utf-8")
    result = bgs("import", str(path))
    assert result.code == 2 and "第 1 行不是有效的 CSV" in result.stderr
