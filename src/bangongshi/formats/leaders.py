"""The leader's week (领导每周活动安排表) and the duty roster (值班表) as printable files: Markdown,
self-contained HTML, XLSX (openpyxl) and DOCX (python-docx), each imported only when its file is
written. Both are a grid — a title, a line under it, a header row, rows of cells that may hold lines —
worked out once from the view's JSON object (render/leaders.py, docs/contract.md) and written by one
writer per format. Printed: A4 landscape, the header row repeated on every page, columns as wide as
their text is on paper (a Chinese character counts two), page numbers in the footer.

Issue #22 builds the printable reports in formats/xlsx.py and formats/docx.py at the same time; this
module keeps its own writers so that the two do not collide, to be unified when both are merged."""

import html
import unicodedata
from dataclasses import dataclass, field

from bangongshi.formats.csv import FORMULA_STARTS
from bangongshi.formats.visible import visible

WEEKDAYS = "一二三四五六日"


@dataclass
class Grid:
    title: str
    subtitle: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)  # under the table: clashes, 估计
    widths: list[int] = field(default_factory=list)  # least widths (display cells) per column
    merge_first: bool = False  # the first column's equal neighbours are one cell (a day's three rows)


def display_width(text: str) -> int:
    """Cells a line takes on paper or a terminal: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _day(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{month}月{day}日"


# --- objects (docs/contract.md): the views' and the export's ---------------------------------------

def _iso(value):
    return value.isoformat() if value is not None else None


def away_object(away) -> dict:
    return {"id": away.id, "leader": away.person, "start": _iso(away.start), "end": _iso(away.end),
            "reason": away.reason}


def roster_object(roster) -> dict:
    return {"id": roster.id, "label": roster.label, "start": _iso(roster.start), "end": _iso(roster.end),
            "shifts": roster.shifts.code, "estimated": roster.estimated}


def log_object(entry) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(timespec="seconds"), "day": _iso(entry.day),
            "person": entry.person, "text": entry.text}


def link_object(link) -> dict:
    return {"item": link.item_id, "person": link.person, "role": link.role.code, "role_label": link.role.label,
            "position": link.position}


def shift_object(shift) -> dict:
    """A shift as the store holds it (the export); `bgs duty show` adds phones and hours."""
    return {"id": shift.id, "roster": shift.roster_id, "date": _iso(shift.day), "shift": shift.shift.code,
            "person": shift.person, "leader": shift.leader, "note": shift.note}


# --- the week --------------------------------------------------------------------------------------

def week_grid(obj: dict) -> Grid:
    """Days × 上午/下午/晚上, one column per leader in order of precedence; a cell lists the leader's
    activities (time, what, where, 陪同), the days away, and ⚠ before a clash."""
    leaders = [leader["name"] for leader in obj["leaders"]]
    header = ["日期", "时段", *leaders]
    rows = []
    for day in obj["days"]:
        label = f"{_day(day['date'])}\n{day['weekday']}" + (f"\n（{day['mark']}）" if day["mark"] else "")
        for period in ("上午", "下午", "晚上"):
            cells = []
            for name in leaders:
                lines = []
                if period == "上午":
                    lines += [f"{a['reason'] or '不在'}（{_day(a['start'])}—{_day(a['end'])}）" for a in obj["away"]
                              if a["leader"] == name and a["start"] <= day["date"] <= a["end"]]
                for act in obj["activities"]:
                    if act["date"] != day["date"] or act["period"] != period or name not in act["leaders"]:
                        continue
                    lines.append(f"{act['time']} {act['title']}")
                    if act["where"]:
                        lines.append(f"地点：{act['where']}")
                    if act["escorts"]:
                        lines.append(f"陪同：{'、'.join(act['escorts'])}")
                    lines += [f"⚠ {c['text']}" for c in _unique(obj["clashes"])
                              if c["item"] == act["id"] and name in c["leader"].split("、")]
                cells.append("\n".join(lines))
            rows.append([label, period, *cells])
    notes = [f"⚠ {c['text']}" for c in _unique(obj["clashes"])]
    if obj["estimated"]:
        notes.append("注：本周有尚未载入的放假安排，休息日按法定节日估计")
    return Grid(obj["title"], obj["subtitle"], header, rows, notes, [10, 6] + [24] * len(leaders), merge_first=True)


def _unique(clashes: list[dict]) -> list[dict]:
    seen, found = set(), []
    for clash in clashes:
        if clash["text"] not in seen:
            seen.add(clash["text"])
            found.append(clash)
    return found


# --- the roster ------------------------------------------------------------------------------------

def duty_grid(obj: dict) -> Grid:
    """日期、星期、带班领导、值班人员、联系电话 (the usual 值班表), one row per duty day."""
    rows = []
    days: dict[str, list[dict]] = {}
    for shift in obj["shifts"]:
        days.setdefault(shift["date"], []).append(shift)
    for iso, shifts in days.items():
        two = len(shifts) > 1 or shifts[0]["shift"] != "full"
        people = "\n".join(f"{s['person']}（{s['shift_label']}）" if two else s["person"] for s in shifts)
        phones = "\n".join(s["phone"] or "" for s in shifts)
        leader = shifts[0]["leader"]
        leader_phone = shifts[0]["leader_phone"]
        mark = shifts[0]["holiday"]
        notes = "；".join(s["note"] for s in shifts if s["note"])
        rows.append([_day(iso) + (f"（{mark}）" if mark else ""), shifts[0]["weekday"],
                     leader + (f"\n{leader_phone}" if leader_phone else ""), people, phones, notes])
    notes = []
    if any(r["estimated"] for r in obj["rosters"]):
        notes.append("注：所排期间的放假安排尚未公布，休息日按法定节日估计，公布后请核对")
    if obj.get("hours"):
        notes.append(f"值班时间：{obj['hours']}")
    return Grid(obj["title"], obj["subtitle"], ["日期", "星期", "带班领导", "值班人员", "联系电话", "备注"], rows, notes,
                [14, 6, 14, 16, 16, 16])


# --- writers ---------------------------------------------------------------------------------------

def markdown(grid: Grid) -> str:
    def cell(text: str) -> str:
        return visible(text).replace("|", "\\|").replace("\n", "<br>")

    lines = [f"# {visible(grid.title)}", ""]
    if grid.subtitle:
        lines += [visible(grid.subtitle), ""]
    lines.append("| " + " | ".join(cell(h) for h in grid.header) + " |")
    lines.append("|" + "---|" * len(grid.header))
    previous = None
    for row in grid.rows:
        first = "" if grid.merge_first and row[0] == previous else row[0]
        previous = row[0]
        lines.append("| " + " | ".join(cell(c) for c in [first, *row[1:]]) + " |")
    if grid.notes:
        lines += [""] + [f"- {visible(n)}" for n in grid.notes]
    return "\n".join(lines) + "\n"


_CSS = ("@page{size:A4 landscape;margin:12mm}body{font-family:'仿宋_GB2312','FangSong','SimSun',serif;margin:0 auto}"
        "h1{font-family:'方正小标宋简体','SimHei',serif;font-size:20pt;text-align:center;margin:0 0 4pt}"
        "p.sub{text-align:center;margin:0 0 8pt}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #000;padding:3pt 4pt;vertical-align:top;font-size:11pt}"
        "th{background:#eee}thead{display:table-header-group}td.day{white-space:nowrap;text-align:center}"
        "tr{page-break-inside:avoid}ul{margin-top:8pt}")


def html_page(grid: Grid) -> str:
    """One self-contained page (no script, no outside resource); every text escaped."""
    def cell(text: str) -> str:
        return "<br>".join(html.escape(visible(line)) for line in text.split("\n"))

    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{html.escape(visible(grid.title))}</title><style>{_CSS}</style></head><body>",
           f"<h1>{html.escape(visible(grid.title))}</h1>"]
    if grid.subtitle:
        out.append(f'<p class="sub">{html.escape(visible(grid.subtitle))}</p>')
    out.append("<table><thead><tr>" + "".join(f"<th>{cell(h)}</th>" for h in grid.header) + "</tr></thead><tbody>")
    spans = _spans(grid)
    for index, row in enumerate(grid.rows):
        cells = []
        for column, text in enumerate(row):
            if column == 0 and grid.merge_first:
                if spans[index] == 0:
                    continue
                cells.append(f'<td class="day" rowspan="{spans[index]}">{cell(text)}</td>')
            else:
                kind = ' class="day"' if column == 1 and grid.merge_first else ""
                cells.append(f"<td{kind}>{cell(text)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if grid.notes:
        out.append("<ul>" + "".join(f"<li>{html.escape(visible(n))}</li>" for n in grid.notes) + "</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _spans(grid: Grid) -> list[int]:
    """How many rows each first cell spans (0: part of the one above)."""
    spans = [1] * len(grid.rows)
    if not grid.merge_first:
        return spans
    start = 0
    for index in range(1, len(grid.rows) + 1):
        if index == len(grid.rows) or grid.rows[index][0] != grid.rows[start][0]:
            spans[start] = index - start
            for inside in range(start + 1, index):
                spans[inside] = 0
            start = index
    return spans


def _widths(grid: Grid, most: int = 60) -> list[int]:
    """Each column as wide as its longest line (display cells), at least its least width, at most `most`."""
    found = []
    for column, name in enumerate(grid.header):
        lines = [name] + [line for row in grid.rows for line in row[column].split("\n")]
        least = grid.widths[column] if column < len(grid.widths) else 8
        found.append(min(most, max(least, *(display_width(line) + 2 for line in lines))))
    return found


def write_xlsx(grid: Grid, target) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from bangongshi.formats.xlsx import a4_landscape

    book = Workbook()
    sheet = book.active
    sheet.title = grid.title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼")) or "安排表"  # Excel's rules
    width = len(grid.header)
    sheet.append([grid.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=16)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append([grid.subtitle])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.cell(2, 1).alignment = Alignment(horizontal="center")
    sheet.append(grid.header)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, size in enumerate(_widths(grid), start=1):
        cell = sheet.cell(3, column)
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = size
    spans = _spans(grid)
    for index, row in enumerate(grid.rows):
        sheet.append(row)
        at = sheet.max_row
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(at, column)
            cell.border = border
            centred = column <= (2 if grid.merge_first else 1)
            cell.alignment = Alignment(wrap_text=True, vertical="center" if centred else "top",
                                       horizontal="center" if centred else None)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
    for index, span in enumerate(spans):  # after every row is in: a merge makes its lower cells rows too
        if grid.merge_first and span > 1:
            sheet.merge_cells(start_row=4 + index, start_column=1, end_row=4 + index + span - 1, end_column=1)
    for note in grid.notes:
        sheet.append([note])
    a4_landscape(sheet, freeze="A4", title_rows="3:3")
    book.save(target)


def write_docx(grid: Grid, target) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    def chinese(run, font: str, size: float, bold: bool = False) -> None:
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = "Times New Roman"
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chinese(title.add_run(visible(grid.title)), "方正小标宋简体", 18)
    if grid.subtitle:
        sub = document.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        chinese(sub.add_run(visible(grid.subtitle)), "仿宋_GB2312", 12)
    table = document.add_table(rows=1, cols=len(grid.header))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row again on every printed page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    widths = _widths(grid)
    usable = 267  # mm of A4 landscape inside the margins
    for column, name in enumerate(grid.header):
        cell = header.cells[column]
        cell.width = Mm(usable * widths[column] / sum(widths))
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        chinese(paragraph.add_run(visible(name)), "黑体", 11, bold=True)
    spans = _spans(grid)
    rows = []
    for row in grid.rows:
        cells = table.add_row().cells
        rows.append(cells)
        for column, text in enumerate(row):
            cells[column].width = Mm(usable * widths[column] / sum(widths))
            paragraph = cells[column].paragraphs[0]
            if column <= (1 if grid.merge_first else 0):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for number, line in enumerate(text.split("\n")):
                if number:
                    paragraph = cells[column].add_paragraph()
                chinese(paragraph.add_run(visible(line)), "仿宋_GB2312", 10.5)
    if grid.merge_first:
        for index, span in enumerate(spans):
            if span > 1:
                top = rows[index][0]
                merged = top.merge(rows[index + span - 1][0])
                for extra in merged.paragraphs[len(grid.rows[index][0].split("\n")):]:
                    extra._element.getparent().remove(extra._element)
    for note in grid.notes:
        chinese(document.add_paragraph().add_run(visible(note)), "仿宋_GB2312", 10.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    document.save(target)


def _page_field(paragraph) -> None:
    """「— N —」, N a PAGE field that Word, WPS and LibreOffice fill in on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, instruction, end])
    paragraph.add_run(" —")
