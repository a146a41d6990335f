"""Word documents in the 公文 look (issue #22): the 周报/月报, the 督办台账 and the week's plan as .docx
that Word, WPS and LibreOffice open, through python-docx (imported only here, only when one is written).

The look is the one offices know from GB/T 9704 (党政机关公文格式): the title centred in 方正小标宋简体
二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt), section headings in 黑体, 1.5 line spacing, A4, the page
number centred in the footer (「— 1 —」). Word picks a Chinese font from a run's East Asian font
(`w:rFonts w:eastAsia`), which python-docx's `font.name` does not set, so each style sets it too; a
machine without these fonts shows its own 宋体/仿宋 in their place.

A document is described as plain data (`Paper`: a title, a line under it, and blocks) by render/, and
written here; text is shown with its control characters escaped (formats.visible), as every human format.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from bangongshi.formats.visible import visible

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 12  # 小四: a table of eight columns still fits the page
LINE_SPACING = 1.5


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    marked: tuple[bool, ...] = ()  # rows to shade (overdue)
    widths: tuple[float, ...] = ()  # relative widths of the columns


@dataclass
class Paper:
    """What a document says: the title, one line under it (the period, 「截至…」), then the blocks."""

    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)
    landscape: bool = False


def _east_asian(style_or_run, font: str, size: int | None = None, bold: bool | None = None) -> None:
    """A font for Chinese text (w:eastAsia) as well as for Latin text and digits."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style_or_run.font.name = LATIN_FONT
    if size is not None:
        style_or_run.font.size = Pt(size)
    if bold is not None:
        style_or_run.font.bold = bold
    properties = style_or_run.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)


def _page_number(paragraph) -> None:
    """「— N —」 with N a PAGE field, which Word, WPS and LibreOffice fill in on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
            run._r.append(element)
        else:
            element = OxmlElement("w:t")
            element.text = text
            run._r.append(element)
    paragraph.add_run(" —")


def _shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def write_docx(target, paper: Paper) -> None:
    """The document to `target` (a path or a binary file)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    # GB/T 9704's margins: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    styles = document.styles
    normal = styles["Normal"]
    _east_asian(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing = LINE_SPACING
    normal.paragraph_format.space_after = Pt(0)
    title_style = styles["Title"]
    _east_asian(title_style, TITLE_FONT, TITLE_SIZE, bold=False)
    title_style.font.color.rgb = None
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.line_spacing = LINE_SPACING
    title_style.paragraph_format.space_after = Pt(12)
    heading = styles["Heading 1"]
    _east_asian(heading, HEADING_FONT, BODY_SIZE, bold=False)
    heading.font.color.rgb = None
    heading.paragraph_format.line_spacing = LINE_SPACING
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(0)
    # The Title style draws a rule under itself in Word's default template: a 公文 title has none.
    borders = title_style.element.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") \
        if title_style.element.pPr is not None else None
    if borders is not None:
        title_style.element.pPr.remove(borders)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)
    for run in footer.runs:
        _east_asian(run, "宋体", 14)

    document.add_paragraph(visible(paper.title), style="Title")
    if paper.subtitle:
        line = document.add_paragraph(visible(paper.subtitle))
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    headings = 0
    for block in paper.blocks:
        if isinstance(block, Heading):
            headings += 1
            document.add_paragraph(f"{_ordinal(headings)}、{visible(block.text)}", style="Heading 1")
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(visible(block.text))
            paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)  # 首行缩进两字
        else:
            _table(document, block, WD_TABLE_ALIGNMENT, Pt)
    document.save(target)


def _table(document, block: Table, alignment, points) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = alignment.CENTER
    _cells(table.rows[0].cells, block.headers, bold=True)
    for number, values in enumerate(block.rows):
        cells = table.add_row().cells
        _cells(cells, values)
        if number < len(block.marked) and block.marked[number]:
            for cell in cells:
                _shade(cell, "FFE0E0")
    if block.widths:
        total = sum(block.widths)
        room = document.sections[0].page_width - document.sections[0].left_margin - document.sections[0].right_margin
        for column, share in zip(table.columns, block.widths):
            for cell in column.cells:
                cell.width = int(room * share / total)


def _cells(cells, values: Iterable[str], bold: bool = False) -> None:
    from docx.shared import Pt

    for cell, value in zip(cells, values):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.first_line_indent = Pt(0)
        run = paragraph.add_run(visible(value or ""))
        _east_asian(run, HEADING_FONT if bold else BODY_FONT, TABLE_SIZE, bold=None)


def _ordinal(number: int) -> str:
    """一、二、…、十、十一: the numbering of a 公文's first-level headings."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
