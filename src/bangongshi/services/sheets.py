"""A secretary's own sheet comes in (issue #22): `bgs import` of an xlsx, or of a csv whose header is not
the contract's English keys, read through the one vocabulary of formats/sheets.py (Chinese headers and
their aliases, `--map 列名=字段`, 是/否, labels for codes) with dates typed the way people write them
(「12月1日」, 「2026.12.1」, 「下周五」) read by the same grammar as every date option of the CLI.

What such a sheet may hold, as an office makes it: a title row merged across the top and empty rows
before the header (skipped: the header is the first row with two or more cells), a 序号 column (left
out), empty rows between entries (skipped), columns bgs writes but does not read back (编号, 象限: left
out), a date as a date cell, as ISO text or as words. A column nobody can place is refused with the
closest header; `--map 列名=` leaves it out.
"""

from collections.abc import Iterator
from datetime import datetime, time
from itertools import chain

from bangongshi.errors import BadInput
from bangongshi.services.session import Session


def is_machine_header(names: list[str]) -> bool:
    """A csv of the contract (docs/contract.md): every column an English Item key, as `bgs export` writes it."""
    from bangongshi.formats.json import ITEM_KEYS

    return bool(names) and all(name.strip() in ITEM_KEYS for name in names)


def csv_stream(session: Session, text, source: str, mapping: dict) -> Iterator[tuple[str, dict]]:
    """The objects of a csv file (a text stream), from the contract's reader when its header is the
    contract's and no --map is given, else from the sheet reader."""
    import csv

    from bangongshi.formats.csv import csv_stream as contract_stream, restore

    first = text.readline()
    try:
        header = next(csv.reader([first]), [])
    except csv.Error as error:
        raise BadInput(f"{source} 第 1 行不是有效的 CSV：{error}") from None
    if not mapping and is_machine_header(header):
        yield from contract_stream(chain([first], text), source)
        return
    reader = csv.reader(chain([first], text))

    def rows():
        try:
            for row in reader:
                yield [restore(cell) if cell[:1] == "'" else cell for cell in row]
        except csv.Error as error:
            raise BadInput(f"{source} 第 {reader.line_num} 行不是有效的 CSV：{error}") from None

    yield from sheet_stream(session, rows(), source, mapping)


def xlsx_stream(session: Session, handle, source: str, mapping: dict) -> Iterator[tuple[str, dict]]:
    """The objects of the first sheet of an xlsx (openpyxl's read-only workbook: rows as they are read)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as error:
        raise BadInput(f"{source} 不是能读的 xlsx 文件（{type(error).__name__}）") from None
    try:
        sheet = book.worksheets[0]
        yield from sheet_stream(session, sheet.iter_rows(values_only=True), source, mapping)
    finally:
        book.close()


def sheet_stream(session: Session, rows, source: str, mapping: dict) -> Iterator[tuple[str, dict]]:
    """Objects keyed like the JSON contract from the rows of a sheet for people."""
    from bangongshi.formats import sheets

    header, line, body = sheets.sheet_rows(iter(rows), source)
    if not header:
        return
    keys = sheets.header_keys([str(h) if h is not None else "" for h in header], mapping, source, line)
    both = "due" in keys and "due_time" in keys  # a machine sheet: the deadline's time in a column of its own
    dates = _Dates(session, source)
    columns = [(index, key) for index, key in enumerate(keys) if key is not None]
    for line, values in body:
        place = f"第 {line} 行"
        obj: dict = {}
        for index, key in columns:
            value = values[index] if index < len(values) else None
            value = sheets.field_value(key, value, f"{source} {place}")
            if isinstance(value, sheets.Unparsed) or (key == "due" and isinstance(value, datetime)):
                value = dates.read(key, value, place)
            if key == "due" and not both:
                obj["due_moment"] = value  # 截止 says the day and, when it has one, the time
            else:
                obj[key] = value
        yield place, obj


# Dates said in words: a day without a year is the nearest such day, before or after today (a sheet
# lists last week's deadlines as well as next month's).
_MOMENT_KEYS = frozenset({"at", "assigned_at", "created", "updated", "done_at", "delegated_at", "reported_at",
                          "handoff_at", "acknowledged_at"})


class _Dates:
    def __init__(self, session: Session, source: str):
        self.session, self.source = session, source
        self.seen: dict[tuple[str, str], object] = {}

    def read(self, key: str, value, place: str):
        if isinstance(value, datetime):  # 截止 as a date cell with a time
            return value
        found = self.seen.get((key, value))
        if found is None:
            found = self.seen[(key, value)] = self._read(key, str(value).strip(), place)
        return found

    def _read(self, key: str, text: str, place: str):
        from bangongshi.formats.sheets import ITEM_BY_KEY

        label = ITEM_BY_KEY[key].label
        if key == "due_time":
            try:
                return time.fromisoformat(text.replace("：", ":")).strftime("%H:%M")
            except ValueError:
                raise BadInput(f"{self.source} {place}「{label}」应是钟点，如 17:00，不是「{text}」") from None
        try:  # what bgs writes (2026-12-01, 2026-12-01 09:30), without the grammar's cost
            moment = datetime.fromisoformat(text)
            return moment if key in _MOMENT_KEYS or (moment.hour, moment.minute) != (0, 0) or " " in text \
                else moment.date().isoformat()
        except ValueError:
            pass
        try:
            spec = self._nearest(text, f"{self.source} {place}「{label}」")
        except BadInput as error:
            raise BadInput(f"{self.source} {place}「{label}」：{error.message}") from None
        if key in _MOMENT_KEYS:
            if spec.time is None and key == "at":
                raise BadInput(f"{self.source} {place}「{label}」「{text}」没有钟点；开始时间要写到几点，"
                               "例如 12月3日下午3点")
            return datetime.combine(spec.date, spec.time or time(0))
        if spec.time is not None:
            return datetime.combine(spec.date, spec.time)
        return spec.date.isoformat()

    def _nearest(self, text: str, option: str):
        from bangongshi.domain import dates

        session = self.session
        ahead = session.parse_date(text, option=option, rest_day_warning=False)
        today = session.now.date()
        if ahead.date <= today:
            return ahead
        back = dates.parse_date(text, session.now, session.calendar, option=option, past=True,
                                rest_day_warning=False)
        return back if (today - back.date) < (ahead.date - today) else ahead


def parse_mapping(pairs: list[str] | None) -> dict:
    from bangongshi.formats.sheets import parse_mapping as parse

    return parse(pairs) if pairs else {}
