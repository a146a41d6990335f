"""Export (issue #8): every field of the chosen items, in the format another program reads."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from bangongshi.errors import BadInput
from bangongshi.model import Folder, Item
from bangongshi.services.session import Session

EXPORT_FORMATS = ("json", "csv", "md", "ics", "xlsx", "vdir")
RULE_HORIZON_DAYS = 366


@dataclass
class ExportInput:
    fmt: str = "json"
    folder: str | None = None
    since: str | None = None
    until: str | None = None
    output: str | None = None
    excel: bool = False
    raw: bool = False
    include_locked: bool = False
    registers: bool = False  # json: one object holding the items and the office registers (issue #23)
    labels: str | None = None  # zh: a sheet for people (formats/sheets.py); code: the contract's columns
    columns: str | None = None  # --columns of a sheet for people


@dataclass(frozen=True)
class Selection:
    """What an export holds, counted before a byte is written; `items` reads them lazily, by id."""

    count: int
    locked: int  # how many of them come in the clear (--include-locked)
    items: Iterator[Item | bytes]  # json, csv: mostly the UTF-8 of an item's object or line (storage/bulk.py)


def select(session: Session, given: ExportInput) -> Selection:
    """Every item (or one folder's) with any of its dates — created, due, start, handled — in
    [since, until]. Counted first (the progress bar, the notice, a private file's mode); the items
    themselves stream from the store one at a time."""
    folders = (Folder.parse(given.folder, "文件夹"),) if given.folder else tuple(Folder)
    first = session.parse_date(given.since, option="--since", past=True, rest_day_warning=False).date if given.since else None
    last = session.parse_date(given.until, option="--until", rest_day_warning=False).date if given.until else None
    if first and last and first > last:
        raise BadInput(f"--since {first.isoformat()} 晚于 --until {last.isoformat()}")
    items = session.store.items
    count, locked = items.count_all(folders, first, last)
    if given.include_locked and locked:
        return Selection(count, locked, _revealed(session, items.iter_all(folders, first, last), locked))
    # Locked items leave the export, or come in the clear with --include-locked and the passphrase:
    # a masked copy would be of no use to the program that reads it.
    if locked and not given.include_locked:
        session.notice(f"{locked} 个加密事项未导出（--include-locked 并给出口令可一并导出，"
                       "导出的文件是明文）")
        count -= locked
    if given.fmt in ("json", "csv") and given.labels != "zh":
        # Each item as the text of its object or line, made by SQLite where it reads the row (issue #19);
        # a sheet for people (labels zh) is made from Items.
        from bangongshi.formats.json import ITEM_KEYS

        return Selection(count, 0, items.iter_all_texts(given.fmt, ITEM_KEYS, folders, first, last, locked=False,
                                                        raw=given.raw))
    return Selection(count, 0, items.iter_all(folders, first, last, locked=False))


def _revealed(session: Session, items: Iterator[Item], locked: int) -> Iterator[Item]:
    from bangongshi.services import locks

    if not locked:
        return items
    # The passphrase is asked for (or refused) now, before anything is written: a command that
    # needs it is run again from the start once it is given (cli/__init__.py).
    session.store.sealer()
    return (one for chunk in _chunks(items, REVEAL_CHUNK) for one in locks.reveal(session, chunk))


REVEAL_CHUNK = 500


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while chunk := list(islice(items, size)):
        yield chunk


def target(session: Session, given: ExportInput) -> Path | None:
    """Where to write: checked before anything is read, so a bad path fails fast."""
    from bangongshi.services import outfiles

    if given.output is None:
        if given.fmt in ("xlsx", "vdir"):
            raise BadInput(f"--format {given.fmt} 需要 -o 路径（{'文件' if given.fmt == 'xlsx' else '目录'}）")
        return None
    return outfiles.target(given.output, session.store.path, option="导出路径", directory=given.fmt == "vdir")


@dataclass(frozen=True)
class Exported:
    count: int
    write: Callable[[BinaryIO], None] | None = None  # for stdout: writes the export there; None when written to a file
    path: Path | None = None  # where the file (or vdir folder) went
    locked: int = 0  # how many items it holds in the clear (--include-locked)


def export_format(value: str) -> str:
    """An export format as typed (any case), checked; the CLI reads `--format` the same way."""
    chosen = value.strip().lower()
    if chosen not in EXPORT_FORMATS:
        raise BadInput(f"不支持的导出格式「{value}」，可用：{'、'.join(EXPORT_FORMATS)}")
    return chosen


def export(session: Session, given: ExportInput) -> Exported:
    """Write the export to its file, or return how to write it to stdout (`Exported.write`, called
    after the notices are shown). A file holding locked items' text is private."""
    from bangongshi.services import outfiles

    export_format(given.fmt)
    if given.registers and given.fmt != "json":
        raise BadInput("--registers 只用于 --format json")
    if not given.registers and given.fmt == "json":
        counts = session.store.registers.count_entries()
        if counts:
            session.notice(f"登记簿（收文 {counts.get('in', 0)}、发文 {counts.get('out', 0)} 条）和来电来访、名录未导出："
                           "加 --registers 一并导出（输出变为一个对象，items 是事项列表）")
    if (given.excel or given.raw) and given.fmt not in ("csv", "xlsx"):
        raise BadInput("--excel 和 --raw 只用于 csv、xlsx")
    given.labels = labels_of(given.fmt, given.labels, given.columns, excel=given.excel)
    path = target(session, given)
    chosen = select(session, given)
    count, locked = chosen.count, chosen.locked
    private = locked > 0
    items = session.tracked(chosen.items, count, "导出")
    if given.fmt == "vdir":
        from bangongshi.formats.ics import vdir_files

        folder = outfiles.folder(path, private=private)
        outfiles.write_all(folder, vdir_files(items, session.now), private=private)
        return Exported(count, path=folder, locked=locked)
    fill = _writer(session, given, items)
    if path is None:
        return Exported(count, write=fill, locked=locked)
    return Exported(count, path=outfiles.write(path, fill, private=private), locked=locked)


def _writer(session: Session, given: ExportInput, items: Iterator[Item]) -> Callable[[BinaryIO], None]:
    """The function that writes the chosen format to an open binary file. json, csv and xlsx stream
    (one item in memory at a time, whatever the number); md and ics are built whole."""
    if given.fmt == "json" and given.registers:
        from bangongshi.formats.registers import write_export_json

        books = _registers(session, given.include_locked)
        return lambda handle: write_export_json(items, books, handle)
    if given.labels == "zh":
        return _sheet_writer(session, given, items)
    if given.fmt == "json":
        from bangongshi.formats.json import write_items_json

        return lambda handle: write_items_json(items, handle)
    if given.fmt == "csv":
        from bangongshi.formats.csv import write_items_csv

        return lambda handle: write_items_csv(items, handle, raw=given.raw, excel=given.excel)
    if given.fmt == "xlsx":
        from bangongshi.formats.xlsx import items_xlsx

        return lambda handle: items_xlsx(items, handle, raw=given.raw)
    if given.fmt == "md":
        from bangongshi.formats.markdown import items_markdown

        return lambda handle: handle.write(items_markdown(list(items)).encode("utf-8"))
    from bangongshi.formats.ics import to_ics

    rules = _rules(session) if not given.folder else ()
    return lambda handle: handle.write(to_ics(items, session.now, rules))


def _registers(session: Session, include_locked: bool) -> dict:
    """The office registers as the export writes them: every entry (void ones too), every number
    handed out, every 来电来访, the people registry. A 涉密 entry's title comes from its item: masked,
    or in the clear with --include-locked."""
    from bangongshi.formats import registers as codec
    from bangongshi.model.registers import EntryFilter
    from bangongshi.services.registers import _views

    store = session.store.registers
    entries = _views(session, store.entries(EntryFilter()), include_locked)
    return {"registers": [codec.entry_object(v) for v in entries],
            "numbers": [codec.number_object(n) for n in store.numbers()],
            "contacts": [codec.contact_object(c) for c in store.contacts_between(None, None)],
            "people": [codec.person_object(p) for p in store.people()], **_leaders(session)}


def _leaders(session: Session) -> dict:
    """The leaders' appointments, away days and duty rosters (issue #24), in the registers' style."""
    from bangongshi.formats import leaders as codec

    store = session.store.leaders
    links = store.all_links()
    present = session.store.items.get_many(sorted({link.item_id for link in links})) if links else {}
    return {"leader_links": [codec.link_object(link) for link in links if link.item_id in present],
            "leader_away": [codec.away_object(a) for a in store.aways_between()],
            "duty_rosters": [codec.roster_object(r) for r in store.rosters()],
            "duty_shifts": [codec.shift_object(s) for s in store.all_shifts()],
            "duty_logs": [codec.log_object(e) for e in store.all_logs()]}


LABELS = ("zh", "code")


def labels_of(fmt: str, labels: str | None, columns: str | None, *, excel: bool = False,
              human_default: tuple[str, ...] = ("xlsx",)) -> str | None:
    """`--labels` as it applies: zh (Chinese headers and values, issue #22) by default for the sheets
    people open (xlsx, and csv with --excel), code (the contract's columns, byte for byte as before)
    for the rest; only csv and xlsx have labels, and --columns is for sheets in Chinese."""
    if labels is not None and labels not in LABELS:
        raise BadInput(f"--labels 只能是 zh（中文表头）或 code（英文键，给脚本用），不是「{labels}」")
    if fmt not in ("csv", "xlsx"):
        if labels is not None or columns is not None:
            raise BadInput("--labels 和 --columns 只用于 csv、xlsx")
        return None
    chosen = labels or ("zh" if fmt in human_default or (fmt == "csv" and excel) or columns else "code")
    if columns is not None and chosen != "zh":
        raise BadInput("--columns 只用于中文表头（--labels zh）；--labels code 总是全部列")
    return chosen


def _sheet_writer(session: Session, given: ExportInput, items: Iterator[Item]) -> Callable[[BinaryIO], None]:
    """The items as a sheet for people (formats/sheets.py): the columns chosen or the default set, in
    Chinese, with the agenda's quadrant of each open item."""
    from bangongshi.domain import quadrants
    from bangongshi.domain.settings import DEFAULTS
    from bangongshi.formats import sheets

    columns = sheets.choose(sheets.ITEM_COLUMNS, given.columns, sheets.ITEM_DEFAULT)
    today = session.now.date()
    settings = session.settings or DEFAULTS
    quadrant = lambda item: quadrants.of_item(item, today, settings, session.calendar.workdays_between)  # noqa: E731
    folder = Folder.parse(given.folder, "文件夹").label if given.folder else ""
    title = sheets.as_of(f"{folder}事项清单" if folder else "事项清单", today)
    rows = sheets.item_rows(items, columns, today, quadrant)
    from bangongshi.formats.xlsx import write_sheet

    # A Chinese csv is for Excel and WPS: always with the BOM and CRLF that --excel adds.
    return lambda handle: write_sheet(handle, given.fmt, columns, rows, title, raw=given.raw)


def _rules(session: Session):
    """Each active rule with the dates the 调休 calendar adds to (RDATE) or drops from (EXDATE) its RRULE."""
    from bangongshi.domain.rules import occurrences_between, raw_between
    from bangongshi.services.rules import schedule_of

    today = session.now.date()
    last = today + timedelta(days=RULE_HORIZON_DAYS)
    found = []
    for rule in session.store.rules.all():
        if rule.paused:
            continue
        schedule = schedule_of(rule)
        start = max(today, rule.anchor)
        applied = [o.date for o in occurrences_between(schedule.recurrence, rule.anchor, start, last, session.calendar)]
        if not applied:
            continue
        first = applied[0]
        raw = raw_between(schedule.recurrence, first, last)
        # Dates already made into items are exported as those items: the rule leaves them out.
        made = session.store.rules.made_dates(rule.id)
        kept = set(applied) - made
        found.append((rule, session.now, first, sorted(kept - raw), sorted((raw - kept) | (made & raw))))
    return found
