"""Export (issue #8): every field of the chosen items, in the format another program reads."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bangongshi.errors import BadInput
from bangongshi.model import Folder, Item, ItemFilter
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


def select(session: Session, given: ExportInput) -> list[Item]:
    """Every item (or one folder's) with any of its dates — created, due, start, handled — in
    [since, until]."""
    folders = (Folder.parse(given.folder, "文件夹"),) if given.folder else tuple(Folder)
    first = session.parse_date(given.since, option="--since", past=True, rest_day_warning=False).date if given.since else None
    last = session.parse_date(given.until, option="--until", rest_day_warning=False).date if given.until else None
    if first and last and first > last:
        raise BadInput(f"--since {first.isoformat()} 晚于 --until {last.isoformat()}")
    found = _unlocked(session, session.store.items.query(ItemFilter(folders=folders)),
                      given.include_locked)
    if first is None and last is None:
        return sorted(found, key=lambda i: i.id)

    def inside(day: date | None) -> bool:
        return day is not None and (first is None or day >= first) and (last is None or day <= last)

    return sorted((i for i in found if any(inside(d) for d in _dates(i))), key=lambda i: i.id)


def _unlocked(session: Session, items: list[Item], include_locked: bool) -> list[Item]:
    """Locked items leave the export, or come in the clear with --include-locked and the passphrase:
    a masked copy would be of no use to the program that reads it."""
    from bangongshi.services import locks

    if include_locked:
        return locks.reveal(session, items)
    kept = [i for i in items if not i.locked]
    if len(kept) < len(items):
        session.notice(f"{len(items) - len(kept)} 个加密事项未导出（--include-locked 并给出口令可一并导出，"
                       "导出的文件是明文）")
    return kept


def _dates(item: Item):
    yield item.due
    for moment in (item.created, item.at, item.done_at):
        yield moment.date() if moment else None


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
    data: bytes | None = None  # for stdout; None when written to a file
    path: Path | None = None  # where the file (or vdir folder) went
    locked: int = 0  # how many items it holds in the clear (--include-locked)


def export_format(value: str) -> str:
    """An export format as typed (any case), checked; the CLI reads `--format` the same way."""
    chosen = value.strip().lower()
    if chosen not in EXPORT_FORMATS:
        raise BadInput(f"不支持的导出格式「{value}」，可用：{'、'.join(EXPORT_FORMATS)}")
    return chosen


def export(session: Session, given: ExportInput) -> Exported:
    """Write (or return, for stdout) the export. A file holding locked items' text is private."""
    from bangongshi.services import outfiles

    export_format(given.fmt)
    if (given.excel or given.raw) and given.fmt not in ("csv", "xlsx"):
        raise BadInput("--excel 和 --raw 只用于 csv、xlsx")
    path = target(session, given)
    items = select(session, given)
    count = len(items)
    locked = sum(1 for i in items if i.locked)
    private = locked > 0
    items = session.tracked(items, count, "导出")
    if given.fmt == "xlsx":
        from bangongshi.formats.xlsx import items_xlsx

        written = outfiles.write(path, lambda handle: items_xlsx(items, handle, raw=given.raw), private=private)
        return Exported(count, path=written, locked=locked)
    if given.fmt == "vdir":
        from bangongshi.formats.ics import vdir_files

        folder = outfiles.folder(path, private=private)
        for name, data in vdir_files(items, session.now):
            outfiles.write(folder / name, data, private=private)
        return Exported(count, path=folder, locked=locked)
    if given.fmt == "json":
        from bangongshi.formats.json import item_object, to_json

        data = to_json([item_object(i) for i in items]).encode() + b"\n"
    elif given.fmt == "csv":
        from bangongshi.formats.csv import items_csv

        data = items_csv(items, raw=given.raw, excel=given.excel).encode("utf-8")
    elif given.fmt == "md":
        from bangongshi.formats.markdown import items_markdown

        data = items_markdown(items).encode("utf-8")
    else:
        from bangongshi.formats.ics import to_ics

        data = to_ics(items, session.now, _rules(session) if not given.folder else ())
    if path is None:
        return Exported(count, data=data, locked=locked)
    return Exported(count, path=outfiles.write(path, data, private=private), locked=locked)


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
