"""CSV, written by one writer with one rule and read back by `bgs import`.

Cells a spreadsheet would run as a formula are neutralised on the way out unless `raw`, and our
own apostrophe is removed again on the way in. The stdlib's csv is imported only when a CSV is
written or read (absolute imports: `import csv` here is the stdlib's, never this module).
"""

from collections.abc import Iterator
from typing import TextIO

from bangongshi.errors import BadInput
from bangongshi.formats.json import ITEM_KEYS, item_object

# Cells a spreadsheet would run as a formula (formula injection): `=HYPERLINK(…)`, `@SUM(…)`,
# `+cmd|…`, `-2+3`, and a leading tab or CR that some programs skip before looking for "=".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


# Text that starts with an apostrophe gets one more, so that reading it back (which removes one)
# gives the text as written: `'=x` goes out as `''=x` and comes back as `'=x`.
_MARKED = (*FORMULA_STARTS, "'")


def neutralise(text: str) -> str:
    """Formula-like text as text: a leading apostrophe, the way spreadsheets themselves mark it."""
    return "'" + text if text.startswith(_MARKED) else text


def restore(text: str) -> str:
    """Undo `neutralise` (only where it could have been applied)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_MARKED) else text


def to_csv(rows: list[dict], keys: tuple[str, ...], *, raw: bool = False, excel: bool = False) -> str:
    """Every CSV the program writes (one writer, one rule). One header row of the JSON keys. Lists
    join with ';', booleans are 1/0, null is empty; formula-like cells are neutralised unless `raw`;
    `excel`: a BOM and CRLF, so Excel and WPS read the Chinese right."""
    body = [[cell_text(row[key]) for key in keys] for row in rows]
    if not raw:
        body = [[neutralise(cell) for cell in cells] for cells in body]
    return (BOM if excel else "") + csv_text([list(keys)] + body, "\r\n" if excel else "\n")


def csv_text(rows: list[list[str]], lineterminator: str = "\n") -> str:
    """Rows as CSV. Python 3.11's writer quotes a cell with a line break only if the break is part
    of the line terminator, so a row holding a bare CR is written with every cell quoted."""
    import csv
    import io

    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator=lineterminator)
    quoted = csv.writer(buffer, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoted if any("\r" in cell or "\n" in cell for cell in row) else plain).writerow(row)
    return buffer.getvalue()


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


BATCH = 1000  # rows gathered as text before one write


def write_items_csv(items, handle, *, raw: bool = False, excel: bool = False) -> int:
    """The bytes of `to_csv` of the items' objects (ITEM_KEYS), in UTF-8 to the binary `handle`, a
    batch of rows at a time (memory flat in the number of items). Returns how many were written.
    The same rules cell by cell as `to_csv`, spelled out for the common cells (text, empty) because
    this runs 5 million times for 100,000 items (tests/test_bulk_export.py pins the two together).
    An item may come as the UTF-8 of its line already (bytes, without the line end: storage/bulk.py
    made it in the query)."""
    import csv
    import io

    terminator = "\r\n" if excel else "\n"
    end = terminator.encode()
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator=terminator)
    quoted = csv.writer(buffer, lineterminator=terminator, quoting=csv.QUOTE_ALL)
    handle.write(((BOM if excel else "") + ",".join(ITEM_KEYS) + terminator).encode())
    count = 0
    lines: list[bytes] = []
    for item in items:
        count += 1
        if type(item) is bytes:
            lines.append(item + end)
        else:
            # item_object's keys are ITEM_KEYS in order (tests/test_contract.py pins both).
            values = item_object(item).values()
            if raw:
                cells = [v if type(v) is str else "" if v is None else cell_text(v) for v in values]
            else:
                cells = [("'" + v if v.startswith(_MARKED) else v) if type(v) is str else "" if v is None
                         else neutralise(cell_text(v)) for v in values]
            joined = "".join(cells)
            (quoted if "\r" in joined or "\n" in joined else plain).writerow(cells)
            lines.append(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
        if count % BATCH == 0:
            handle.write(b"".join(lines))
            lines.clear()
    handle.write(b"".join(lines))
    return count


def csv_stream(text: TextIO, source: str) -> Iterator[tuple[str, dict]]:
    """The rows of a CSV file (opened with newline="") as objects keyed like the JSON contract, read
    as they come: one row in memory, not the file."""
    import csv

    reader = csv.reader(text)
    try:
        header = next(reader, None)
        if header is None:
            return
        header = [h.strip() for h in header]
        for name in header:
            if name not in ITEM_KEYS:
                raise BadInput(f"{source} 第 1 行：不认识的列「{name}」（列名见 docs/contract.md）")
        if "title" not in header:
            raise BadInput(f"{source} 第 1 行：缺少 title 列")
        width = len(header)
        # What an empty cell means, column by column (spelled out, not a call per cell: 5 million of them).
        empties = ["" if key in _TEXT_KEYS else None for key in header]
        for number, row in enumerate(reader, start=2):
            joined = "".join(row)
            if not joined.strip():
                continue
            if len(row) != width:
                raise BadInput(f"{source} 第 {number} 行：有 {len(row)} 列，表头有 {width} 列")
            obj = {key: cell if cell else empty for key, cell, empty in zip(header, row, empties)}
            if "'" in joined:
                obj = {key: restore(value) if value and value[0] == "'" else value for key, value in obj.items()}
            if obj.get("tags"):
                obj["tags"] = [t for t in obj["tags"].split(";") if t]
            yield f"第 {number} 行", obj
    except csv.Error as error:
        raise BadInput(f"{source} 第 {reader.line_num} 行不是有效的 CSV：{error}") from None


# Text columns: an empty cell is empty text; in any other column it is no value.
_TEXT_KEYS = frozenset(("title", "notes", "location", "source", "handler", "result", "step", "step_from",
                        "follow_every", "follow_rrule", "follow_policy", "handoff_to"))



