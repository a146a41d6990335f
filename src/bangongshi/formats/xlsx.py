"""XLSX through openpyxl (imported only when a sheet is written): items for `bgs export`, and any
rows with stable keys (a report).

A sheet is written as its rows come (openpyxl's write-only workbook: one row in memory at a time),
so 100,000 items cost what 1,000 do in memory. What a write-only sheet cannot change afterwards —
column widths, the frozen header, the header's style — is laid out before the first row, from the
keys and a bounded sample of the first rows (`Layout`, the one place a styled sheet adds to).

Cells that a spreadsheet would run as a formula are kept as text by default (formula injection),
by the same rule as every CSV (formats.csv.FORMULA_STARTS); `raw` turns this off for scripts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, islice

from bangongshi.formats.csv import FORMULA_STARTS
from bangongshi.formats.json import ITEM_KEYS, item_object

# Widths are measured on this many rows at most: enough to see the shape of the columns, and the
# same work for 100 rows or 100,000.
WIDTH_SAMPLE = 500
WIDEST = 60  # a long note does not make its column a screen wide
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"

# The item fields held as dates or datetimes: their cells are date cells, not the JSON text.
_DATE_KEYS = ("due", "at", "assigned_at", "created", "updated", "done_at", "occurrence", "delegated_at",
              "reported_at", "handoff_at", "acknowledged_at")
_DATE_COLUMNS = tuple((ITEM_KEYS.index(key), key) for key in _DATE_KEYS)
_TAGS_COLUMN = ITEM_KEYS.index("tags")


def items_xlsx(items: Iterable, target, *, raw: bool = False) -> None:
    write_xlsx(target, "事项", ITEM_KEYS, (_item_row(item) for item in items), raw=raw)


def _item_row(item) -> list:
    """The item's JSON values in ITEM_KEYS order, with dates as dates (Excel has no time zones: a
    datetime is local office time) and tags joined by ';'."""
    values = list(item_object(item).values())  # in ITEM_KEYS order (tests/test_contract.py)
    for column, key in _DATE_COLUMNS:
        value = getattr(item, key)
        if isinstance(value, datetime):
            values[column] = value.replace(tzinfo=None)
        elif isinstance(value, date):
            values[column] = value
    values[_TAGS_COLUMN] = ";".join(values[_TAGS_COLUMN])
    return values


@dataclass(frozen=True)
class Layout:
    """What a sheet settles before its first row: a width for each column (in characters, Chinese
    counting two), a frozen header row and a bold header."""

    widths: tuple[int, ...]
    frozen: str = "A2"
    bold_header: bool = True


def layout(keys, sample: list[list]) -> Layout:
    """Widths that fit the header and the sampled rows: a date 10, a datetime 16, text by its
    display width, at most WIDEST."""
    from rich.cells import cell_len

    widths = [cell_len(key) for key in keys]
    for values in sample:
        for column, value in enumerate(values):
            shown = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else cell_len(str(value or ""))
            widths[column] = max(widths[column], min(shown, WIDEST))
    return Layout(tuple(widths))


def write_xlsx(target, title: str, keys, rows: Iterable[list], *, raw: bool = False) -> None:
    """One sheet to `target` (a path or a binary file), a bold frozen header of the stable keys, dates as
    date cells, widths that fit Chinese, formula-like text kept as text unless `raw`. `rows` is read
    once, as the sheet is written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    shape = layout(keys, sample)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for column, width in enumerate(shape.widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    sheet.freeze_panes = shape.frozen
    bold = Font(bold=True) if shape.bold_header else None
    header = []
    for key in keys:
        cell = WriteOnlyCell(sheet, key)
        if bold:
            cell.font = bold
        header.append(cell)
    sheet.append(header)

    # Each styled cell costs openpyxl an object of its own; a plain value is cheaper. A date is given
    # plain (openpyxl's own format for a date is DATE_FORMAT), and empty text as no cell at all, which
    # reads back as the empty cell an empty text made (a third of an item's cells are empty text).
    for values in chain(sample, rows):
        row = list(values)
        for column, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    row[column] = None
                elif value.startswith(FORMULA_STARTS) and not raw:
                    text = WriteOnlyCell(sheet, value)
                    text.data_type = "s"  # text, never a formula
                    row[column] = text
            elif isinstance(value, datetime):
                moment = WriteOnlyCell(sheet, value)
                moment.number_format = DATETIME_FORMAT
                row[column] = moment
        sheet.append(row)
    book.save(target)


# ---- sheets for people (issue #22) ----------------------------------------------------------------------

HUMAN_WIDEST = 40  # a wrapped text column: wider than this, a printed page holds too few columns
OVERDUE_FILL = "FFE0E0"  # a pale red that still reads in grey when printed
HEADER_FILL = "DDEBF7"


@dataclass(frozen=True)
class Printed:
    """A sheet meant to be printed as it is (`formats.sheets` columns): a title row over a bold, frozen
    header that every printed page repeats, A4 landscape fitted to the page's width, long text wrapped,
    page numbers in the footer. `hidden`: columns kept for the round trip but not shown (识别码)."""

    title: str
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # formats.sheets kinds: how each column's cells look
    fixed: tuple[int | None, ...]  # a column's own width, when all its cells are alike
    hidden: tuple[bool, ...] = ()


def write_sheet(handle, fmt: str, columns, rows: Iterable[tuple[list, bool]], title: str, *,
                raw: bool = False, excel: bool = True) -> int:
    """A human sheet (formats.sheets columns) of (cells, marked) rows to the binary `handle`: xlsx, printable;
    or csv, the same cells as text (`excel`: BOM and CRLF)."""
    from bangongshi.formats.sheets import write_csv

    if fmt == "xlsx":
        return write_printed(handle, printed(title, columns), rows, raw=raw)
    return write_csv(handle, [c.label for c in columns], (cells for cells, _ in rows), raw=raw, excel=excel)


def printed(title: str, columns) -> Printed:
    """The shape of a human sheet of `columns` (formats.sheets.Column): 识别码 kept but hidden."""
    return Printed(title, tuple(c.label for c in columns), tuple(c.kind for c in columns),
                   tuple(c.width for c in columns), tuple(c.key == "uuid" for c in columns))


def human_widths(shape: Printed, sample: list[list]) -> list[int]:
    """Each column as wide as its header and its typical cell (the 80th percentile of the sample, so one
    long note does not stretch it), at most HUMAN_WIDEST; display width, a Chinese character counting
    two (rich.cells.cell_len, as the screen's tables measure)."""
    from rich.cells import cell_len

    widths = []
    for column, header in enumerate(shape.headers):
        fixed = shape.fixed[column]
        if fixed:
            widths.append(max(fixed, cell_len(header)))
            continue
        seen = sorted(_shown_width(row[column], cell_len) for row in sample if row[column] is not None)
        typical = seen[min(len(seen) - 1, len(seen) * 8 // 10)] if seen else 0
        widths.append(min(max(cell_len(header), typical), HUMAN_WIDEST))
    return widths


def _shown_width(value, cell_len) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    return max(cell_len(line) for line in text.split("\n")) if "\n" in text else cell_len(text)


def a4_landscape(sheet, *, freeze: str, title_rows: str) -> None:
    """Print setup as offices print a register or a table: A4 landscape, one page wide and as many
    down as it takes, centred, `title_rows` repeated on every page, rows above `freeze` kept in view,
    page numbers in the footer. For the item sheets here, the 登记簿 and the leaders' week and roster."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.freeze_panes = freeze
    sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_printed(target, shape: Printed, rows: Iterable[tuple[list, bool]], *, raw: bool = False) -> int:
    """A printable sheet to `target` (a path or a binary file): `rows` are (cells, marked) — cells in
    `shape.headers` order (text, numbers, dates, naive datetimes, None), marked rows (overdue) filled pale
    red. Written as the rows come (write-only workbook: flat memory), widths from the first WIDTH_SAMPLE
    rows. Returns how many rows were written.

    openpyxl costs ~10 µs a cell, and a styled cell (a WriteOnlyCell of its own) three times that, so
    most cells go plain: the grid is printed as gridlines rather than a border on each cell, and text is
    wrapped only in a cell too long for its column. A styled cell is one WriteOnlyCell per column made
    and styled once, given each row's value in turn (a row is written as soon as it is appended)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from bangongshi.formats.sheets import DATE, MOMENT, TEXT

    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths = human_widths(shape, [cells for cells, _ in sample])
    book = Workbook(write_only=True)
    sheet = book.create_sheet(shape.title[:31].replace("/", "-") or "表")
    last = get_column_letter(len(shape.headers))
    for column, width in enumerate(widths, start=1):
        dimension = sheet.column_dimensions[get_column_letter(column)]
        dimension.width = width + 2
        if shape.hidden and shape.hidden[column - 1]:
            dimension.hidden = True
    a4_landscape(sheet, freeze="A3", title_rows="1:2")  # the title and the header on every printed page
    sheet.print_options.gridLines = True
    sheet.merged_cells.add(f"A1:{last}1")

    title = WriteOnlyCell(sheet, shape.title)
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append([title])
    thin = Side(style="thin", color="999999")
    header = []
    for text in shape.headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=thin)
        header.append(cell)
    sheet.append(header)

    wrap = Alignment(wrap_text=True, vertical="top")
    overdue = PatternFill("solid", fgColor=OVERDUE_FILL)

    def styled(kind: str, marked: bool, wrapped: bool = False):
        cell = WriteOnlyCell(sheet)
        if wrapped:
            cell.alignment = wrap
        if kind == DATE:
            cell.number_format = DATE_FORMAT
        elif kind == MOMENT:
            cell.number_format = DATETIME_FORMAT
        if marked:
            cell.fill = overdue
        return cell

    kinds = shape.kinds
    marked_cells = [styled(kind, True, kind == TEXT) for kind in kinds]
    wrapped_cells = [styled(kind, False, True) for kind in kinds]
    moment_cells = [styled(MOMENT, False) for _ in kinds]
    texts = [(column, widths[column]) for column, kind in enumerate(kinds) if kind == TEXT]
    # A datetime needs its own format (openpyxl's default shows seconds); a date cell is plain.
    moments = [column for column, kind in enumerate(kinds) if kind in (DATE, MOMENT)]
    starts = () if raw else FORMULA_STARTS
    written = 0
    for cells, is_marked in chain(sample, rows):
        row = list(cells)
        if is_marked:
            for column, value in enumerate(row):
                cell = marked_cells[column]
                if isinstance(value, datetime) or kinds[column] == DATE:
                    cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
                cell.value = None if value == "" else value
                if isinstance(value, str) and value.startswith(starts):
                    cell.data_type = "s"  # text, never a formula
                row[column] = cell
        else:
            for column, width in texts:
                value = row[column]
                if not value:
                    row[column] = None
                elif value.startswith(starts):
                    cell = wrapped_cells[column]
                    cell.value = value
                    cell.data_type = "s"  # text, never a formula
                    row[column] = cell
                elif len(value) > width // 2 and (len(value.encode()) > width or "\n" in value):
                    # Longer than the column may be (a Chinese character is 3 bytes, 2 columns): wrapped.
                    cell = wrapped_cells[column]
                    cell.value = value
                    row[column] = cell
            for column in moments:
                value = row[column]
                if type(value) is datetime:
                    cell = moment_cells[column]
                    cell.value = value
                    row[column] = cell
        sheet.append(row)
        written += 1
    book.save(target)
    return written
