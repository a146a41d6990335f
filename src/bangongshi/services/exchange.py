"""Export (issue #8): every field of the chosen items, in the format another program reads."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from bangongshi.errors import BadInput
from bangongshi.model import Folder, Item
from bangongshi.services.session import Session
from bangongshi.storage import items as item_store

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
    found = _unlocked(session, item_store.query(session.store.conn, item_store.ItemFilter(folders=folders)),
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


def target(given: ExportInput) -> Path | None:
    """Where to write: checked before anything is read, so a bad path fails fast."""
    if given.output is None:
        if given.fmt in ("xlsx", "vdir"):
            raise BadInput(f"--format {given.fmt} 需要 -o 路径（{'文件' if given.fmt == 'xlsx' else '目录'}）")
        return None
    path = Path(given.output).expanduser()
    if not path.parent.is_dir():
        raise BadInput(f"导出路径「{given.output}」所在的目录不存在")
    if given.fmt == "vdir" and path.exists() and not path.is_dir():
        raise BadInput(f"--format vdir 需要一个目录，「{given.output}」是文件")
    if given.fmt != "vdir" and path.is_dir():
        raise BadInput(f"「{given.output}」是目录，请给出文件名")
    return path


def export(session: Session, given: ExportInput) -> tuple[bytes | None, int]:
    """Write (or return, for stdout) the export; how many items it holds."""
    from bangongshi.render import machine, sheets

    if given.fmt not in EXPORT_FORMATS:
        raise BadInput(f"不支持的导出格式「{given.fmt}」，可用：{'、'.join(EXPORT_FORMATS)}")
    if (given.excel or given.raw) and given.fmt not in ("csv", "xlsx"):
        raise BadInput("--excel 和 --raw 只用于 csv、xlsx")
    path = target(given)
    items = select(session, given)
    count = len(items)
    items = session.tracked(items, count, "导出")
    if given.fmt == "xlsx":
        sheets.items_xlsx(items, path, raw=given.raw)
        return None, count
    if given.fmt == "vdir":
        from bangongshi.render import ical

        ical.write_vdir(items, session.now, path)
        return None, count
    if given.fmt == "json":
        data = machine.to_json([machine.item_object(i) for i in items]).encode() + b"\n"
    elif given.fmt == "csv":
        data = sheets.items_csv(items, raw=given.raw, excel=given.excel).encode("utf-8")
    elif given.fmt == "md":
        data = sheets.items_markdown(items).encode("utf-8")
    else:
        from bangongshi.render import ical

        data = ical.to_ics(items, session.now, _rules(session) if not given.folder else ())
    if path is None:
        return data, count
    path.write_bytes(data)
    return None, count


def _rules(session: Session):
    """Each active rule with the dates the 调休 calendar adds to (RDATE) or drops from (EXDATE) its RRULE."""
    from bangongshi.domain.recurrence import occurrences_between, raw_between
    from bangongshi.services.recurring import schedule_of
    from bangongshi.storage import recurrences

    today = session.now.date()
    last = today + timedelta(days=RULE_HORIZON_DAYS)
    found = []
    for rule in recurrences.all_rules(session.store.conn):
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
        made = recurrences.made_dates(session.store.conn, rule.id)
        kept = set(applied) - made
        found.append((rule, session.now, first, sorted(kept - raw), sorted((raw - kept) | (made & raw))))
    return found
