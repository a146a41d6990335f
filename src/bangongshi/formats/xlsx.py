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
