"""XLSX through openpyxl (imported only when a sheet is written): items for `bgs export`, and any
rows with stable keys (a report).

Cells that a spreadsheet would run as a formula are kept as text by default (formula injection),
by the same rule as every CSV (formats.csv.FORMULA_STARTS); `raw` turns this off for scripts.
"""

from datetime import date, datetime

from bangongshi.formats.csv import FORMULA_STARTS
from bangongshi.formats.json import ITEM_KEYS, item_object


def items_xlsx(items, target, *, raw: bool = False) -> None:
    rows = []
    for item in items:
        row = item_object(item)
        rows.append([_sheet_value(key, row[key], getattr(item, key, None)) for key in ITEM_KEYS])
    write_xlsx(target, "事项", ITEM_KEYS, rows, raw=raw)


def write_xlsx(target, title: str, keys, rows: list[list], *, raw: bool = False) -> None:
    """One sheet to `target` (a path or a binary file), a bold frozen header of the stable keys, dates as date cells, widths that fit
    Chinese (two cells a character), formula-like text kept as text unless `raw`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from rich.cells import cell_len

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(keys))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [cell_len(key) for key in keys]
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not raw:
                cell.data_type = "s"  # text, never a formula
            if isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            shown = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else cell_len(str(value or ""))
            widths[column - 1] = max(widths[column - 1], min(shown, 60))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width + 2
    book.save(target)


def _sheet_value(key: str, value, original):
    if isinstance(original, datetime):
        return original.replace(tzinfo=None)  # Excel has no time zones: local office time
    if isinstance(original, date):
        return original
    if isinstance(value, list):
        return ";".join(value)
    return value
