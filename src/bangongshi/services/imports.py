"""`bgs import` (issue #8): everything is read and checked before anything is written, then all of
it goes in one transaction. Items are matched by uuid, so importing a file again changes nothing.

A large file (issue #19): json, JSON Lines, csv and Taskwarrior files are read a piece at a time and
checked in batches; new items wait in a temporary table (storage ItemStaging) rather than in memory,
then go in by a few INSERT … SELECT that the journal records without a copy of each row."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from bangongshi.errors import BadInput, os_reason
from bangongshi.model import Item
from bangongshi.model.record import replace
from bangongshi.services.contract_items import LOCAL_LINKS, Converter, given_keys
from bangongshi.services.session import PROGRESS_FROM, Session

IMPORT_FORMATS = ("yaml", "json", "csv", "xlsx", "taskwarrior", "ics")
PREVIEW = 5  # rows --dry-run shows as they would be saved
# Objects checked together: one look in the store for their uuids; few enough that what a batch holds
# stays in the processor's cache (a tenth less time than 1,000 at a time).
BATCH = 100
# Staged items written by one INSERT … SELECT between two steps of the 写入 bar.
WRITE_BATCH = 10_000


@dataclass
class ImportResult:
    source: str
    fmt: str
    imported: int = 0  # new items (and, from yaml, the occurrences its rules made)
    rules: list = field(default_factory=list)  # recurring rules, from yaml
    updated: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    preview: list = field(default_factory=list)  # (new: bool, Item as it would be saved), the first PREVIEW


def detect(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".ics", ".ical"):
        return "ics"
    if suffix == ".csv":
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".json", ".jsonl", ".data", ""):
        head = data[:4096].decode("utf-8", "replace")
        # `task export` objects carry description/entry/status; ours carry title.
        return "taskwarrior" if '"description"' in head and '"entry"' in head else "json"
    raise BadInput(f"无法从文件名「{path.name}」判断格式，请加 --format（{'、'.join(IMPORT_FORMATS)}）")


def import_format(value: str) -> str:
    """An import format as typed (any case), checked; the CLI reads `--format` the same way."""
    chosen = value.strip().lower()
    if chosen not in IMPORT_FORMATS:
        raise BadInput(f"不支持的导入格式「{chosen}」，可用：{'、'.join(IMPORT_FORMATS)}")
    return chosen


def run(session: Session, file: str, fmt: str | None, dry_run: bool, mapping: list[str] | None = None) -> ImportResult:
    """Import `file`; `mapping`: `--map 列名=字段` for a sheet (csv, xlsx) whose headers are not known."""
    from bangongshi.services.sheets import parse_mapping

    columns = parse_mapping(mapping)
    path = Path(file).expanduser()
    try:
        handle = path.open("rb")
    except OSError as error:
        raise BadInput(f"无法读取「{file}」：{os_reason(error)}") from None
    with handle:
        try:
            head = handle.read(4096)
        except OSError as error:
            raise BadInput(f"无法读取「{file}」：{os_reason(error)}") from None
        chosen = import_format(fmt or detect(path, head))
        if columns and chosen not in ("csv", "xlsx"):
            raise BadInput("--map 只用于 csv、xlsx 表格")
        handle.seek(0)
        return _run(session, path, handle, chosen, dry_run, columns)


def _run(session: Session, path: Path, handle, chosen: str, dry_run: bool, mapping: dict | None = None) -> ImportResult:
    from bangongshi.formats.encoding import decode

    source = f"「{path.name}」"
    result = ImportResult(str(path), chosen)
    if chosen == "yaml":
        return _run_yaml(session, decode(handle.read(), source), source, result, dry_run)
    if chosen == "ics":
        from bangongshi.formats.ics import ics_objects

        objects = ics_objects(handle.read(), source)
        return _import(session, source, _checked(session, objects, source, session.tracked(objects, len(objects), "检查")),
                       result, dry_run, again=lambda: _checked(session, objects, source))

    def again() -> Iterator[tuple[str, "Item | _Plain", dict]]:
        with path.open("rb") as other:
            yield from _checked(session, _streamed(session, other, chosen, source, {}, bar=False, mapping=mapping),
                                source)

    incoming = _checked(session, _streamed(session, handle, chosen, source, result.skipped, mapping=mapping), source)
    return _import(session, source, incoming, result, dry_run, again)


def _streamed(session: Session, handle, chosen: str, source: str, skipped: dict[str, int],
              bar: bool = True, mapping: dict | None = None) -> Iterator[tuple[str, dict]]:
    """The objects of a json, csv, xlsx or Taskwarrior file as they are read, with the 检查 bar over its bytes.
    A csv whose header is not the contract's, and any xlsx, is a sheet for people (services/sheets.py)."""
    from bangongshi.formats.encoding import not_text, open_text
    from bangongshi.services import sheets

    if chosen == "xlsx":
        yield from sheets.xlsx_stream(session, handle, source, mapping or {})
        return
    text = open_text(handle, source, csv=chosen == "csv")
    if chosen == "csv":
        objects = sheets.csv_stream(session, text, source, mapping or {})
    else:
        from bangongshi.formats.json import json_stream

        objects = json_stream(text, source)
        if chosen == "taskwarrior":
            from bangongshi.formats.taskwarrior import taskwarrior_stream

            objects = taskwarrior_stream(objects, source, session.now.tzinfo, skipped)
    try:
        yield from _read_with_bar(session, objects, handle) if bar else objects
    except UnicodeDecodeError:
        not_text(handle, source)


def _read_with_bar(session: Session, objects: Iterable, handle) -> Iterator:
    """`objects`, with the 检查 bar once PROGRESS_FROM of them have gone by (a short file shows none),
    measured in bytes: how many objects the file holds is known only at its end."""
    import os

    size = os.fstat(handle.fileno()).st_size
    with closing(iter(objects)) as stream, _ProgressLater(session, "检查", size) as bar:
        for count, obj in enumerate(stream, start=1):
            yield obj
            if count % 500 == 0 and count >= PROGRESS_FROM:
                bar.at(handle.tell())
        bar.at(size)


class _ProgressLater:
    """A bar that appears only when first moved (a context manager; `at(done)` moves it)."""

    def __init__(self, session: Session, description: str, total: int, unit: str = "bytes"):
        self.session, self.description, self.total, self.unit = session, description, total, unit
        self.context = None
        self.advance = None
        self.done = 0

    def __enter__(self):
        return self

    def at(self, done: int) -> None:
        if self.advance is None:
            if self.session.progress is None or done >= self.total:
                return
            self.context = self.session.progress(self.description, self.total, unit=self.unit)
            self.advance = self.context.__enter__()
        self.advance(done - self.done)
        self.done = done

    def __exit__(self, *exc) -> None:
        if self.context is not None:
            self.context.__exit__(*exc)


@contextmanager
def _bar(session: Session, description: str, total: int) -> Iterator[Callable[[int], None]]:
    """advance(n) of a bar of `total` steps, shown as session.tracked shows one."""
    if session.progress is None or total < PROGRESS_FROM:
        yield lambda n=1: None
        return
    with session.progress(description, total) as advance:
        yield advance


class _Plain:
    """An object the converter read by its plain lane (Converter.plain): its uuid and the row it is
    staged as. Its Item is made only where one is needed: an update of a stored item, the preview of
    --dry-run. (Most of a large file is new items as bgs's own export writes them: an Item each, and
    staged_values of it, were two thirds of the time the objects took.)"""

    __slots__ = ("uuid", "row", "obj", "where", "convert")
    locked = False  # a locked item is never plain: it is sealed as it is written

    def __init__(self, uuid: str, row: tuple, obj: dict, where: str, convert: Converter):
        self.uuid, self.row, self.obj, self.where, self.convert = uuid, row, obj, where, convert

    @property
    def item(self) -> Item:
        return self.convert(self.obj, self.where)


def _item(entry: "Item | _Plain") -> Item:
    return entry.item if type(entry) is _Plain else entry


def _checked(session: Session, objects: Iterable[tuple[str, dict]], source: str,
             tracked: Iterable | None = None) -> Iterator[tuple[str, "Item | _Plain", dict]]:
    """Each object as an Item, or as its staged row (_Plain), checked alike (BadInput naming its
    place), with the object itself."""
    convert = Converter(session)
    plain = convert.plain
    for place, obj in (objects if tracked is None else tracked):
        found = plain(obj) if type(obj) is dict else None
        where = f"{source} {place}"
        yield place, (convert(obj, where) if found is None else _Plain(*found, obj, where, convert)), obj


def _import(session: Session, source: str, incoming: Iterator[tuple[str, "Item | _Plain", dict]], result: ImportResult,
            dry_run: bool, again: Callable[[], Iterator[tuple[str, "Item | _Plain", dict]]]) -> ImportResult:
    """Check every object (batch by batch against the store), then write what is new or changed.
    `again`: the objects once more, from the start (to name where a uuid given twice was first)."""
    store = session.store
    with _no_cycle_collection(), (nullcontext(None) if dry_run else store.items.staging()) as staged:
        plan = _Plan(session, result, staged)
        # The uuids so far, 16 bytes each: a million items hold some 70 MB, not 250 with their places.
        seen: set[bytes | str] = set()
        batch: list[tuple[Item, dict | None]] = []
        for place, item, obj in incoming:
            key = _uuid_key(item.uuid)
            if key in seen:
                first = next((p for p, other, _ in again() if other.uuid == item.uuid), "前面的一项")
                raise BadInput(f"{source} {place} 与 {first} 是同一个事项（uuid 重复）")
            seen.add(key)
            batch.append((item, obj))
            if len(batch) == BATCH:
                plan.settle(batch)
                batch = []
        plan.settle(batch)
        if not dry_run:
            with session.write() as tx:
                plan.write(tx)
    return result


def _uuid_key(uuid: str) -> bytes | str:
    try:
        return bytes.fromhex(uuid.replace("-", ""))
    except ValueError:  # (not a uuid: the text itself)
        return uuid


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Items, objects and rows make no reference cycles, but each batch that outlives a few thousand
    allocations sets off the collector, which then walks every object the program holds: a few per
    cent of a large import, for nothing. Reference counting frees everything as before."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Plan:
    """What the check decided, batch by batch: new items staged (a locked one kept aside, to be sealed
    as it is written), stored items the file changes, how many it leaves as they are."""

    def __init__(self, session: Session, result: ImportResult, staged):
        self.session, self.result, self.staged = session, result, staged
        self.locked: list[tuple[int, Item]] = []  # (how many staged items go before it, the item)
        self.updates: list[Item] = []

    def settle(self, batch: list[tuple["Item | _Plain", dict | None]], merge=None) -> None:
        """`merge(old, item, obj)`: the stored item as the file leaves it (default: the fields it carries)."""
        if not batch:
            return
        items = self.session.store.items
        stored = items.existing_uuids([entry.uuid for entry, _ in batch])
        existing = _opened(self.session, items.by_uuids(sorted(stored))) if stored else {}
        new: list[tuple] = []  # staged rows
        preview = self.result.preview if self.staged is None else None  # --dry-run
        for entry, obj in batch:
            old = existing.get(entry.uuid)
            if old is None:
                self.result.imported += 1
                if preview is not None and len(preview) < PREVIEW:
                    preview.append((True, _item(entry)))
                if self.staged is None:
                    continue
                if entry.locked:
                    self.staged.add_rows(new)
                    new = []
                    self.locked.append((self.staged.count, entry))
                else:
                    new.append(entry.row if type(entry) is _Plain else self.staged.row_of(entry))
                continue
            item = _item(entry)
            changed = (merge or _carried)(old, item, obj)
            if _differs(self.session, old, changed):
                self.result.updated += 1
                if preview is not None and len(preview) < PREVIEW:
                    preview.append((False, changed))
                if self.staged is not None:
                    self.updates.append(changed)
            else:
                self.result.unchanged += 1
        if self.staged is not None:
            self.staged.add_rows(new)

    def write(self, tx) -> None:
        """New items in the order of the file, then the changed ones, inside the caller's transaction."""
        items = self.session.store.items
        total = (self.staged.count + len(self.locked) + len(self.updates))
        with _bar(self.session, "写入", total) as advance:
            done = 0
            for before, item in [*self.locked, (self.staged.count, None)]:
                while done < before:
                    last = min(before, done + WRITE_BATCH)
                    items.add_staged(tx, self.staged, done + 1, last)
                    advance(last - done)
                    done = last
                if item is not None:
                    items.add(tx, item)
                    advance(1)
            for item in self.updates:
                items.update(tx, item)  # replace(old, …): its id is old.id
                advance(1)


def _carried(old: Item, item: Item, obj: dict) -> Item:
    """A file that carries fewer fields (ics, Taskwarrior) changes only the ones it carries."""
    carried = {k: getattr(item, k) for k in given_keys(obj) if k not in LOCAL_LINKS and k != "id"}
    if "done_at" not in obj and old.folder is item.folder:
        # A sheet with a 文件夹 column but no 处理时间 leaves when a handled item was handled as it was.
        carried.pop("done_at", None)
    carried["locked"] = old.locked or item.locked
    return old._replace(**carried)


def _run_yaml(session: Session, text: str, source: str, result: ImportResult, dry_run: bool) -> ImportResult:
    from bangongshi.services import rules as rule_service, yaml_items

    parsed = yaml_items.read(session, text, source)
    seen: dict[str, str] = {}
    for where, item in parsed.items:
        if item.uuid in seen:
            raise BadInput(f"{where} 与 {seen[item.uuid]} 完全相同")
        seen[item.uuid] = where
    known_rules = session.store.rules.uuids()
    new_rules = [rule for rule in parsed.rules if rule.uuid not in known_rules]
    result.unchanged += len(parsed.rules) - len(new_rules)
    with (nullcontext(None) if dry_run else session.store.items.staging()) as staged:
        plan = _Plan(session, result, staged)
        entries = [(item, None) for _, item in parsed.items]
        for start in range(0, len(entries), BATCH):
            plan.settle(entries[start:start + BATCH], merge=lambda old, item, _: _kept(old, item))
        if dry_run:
            result.rules = new_rules
            return result
        with session.write() as tx:
            plan.write(tx)
            for rule in new_rules:
                result.imported += len(rule_service.insert(session, tx, rule))
                result.rules.append(rule)
    return result


def _kept(old: Item | None, item: Item) -> Item:
    """Importing the file again keeps what the store knows of the item's history."""
    if old is None:
        return item
    return replace(item, id=old.id, created=old.created, updated=old.updated, assigned_at=old.assigned_at,
                   delegated_at=old.delegated_at, done_at=old.done_at if item.done_at else None,
                   locked=old.locked or item.locked)


def _opened(session: Session, existing: dict[str, Item]) -> dict[str, Item]:
    """Items the file updates, a locked one with its text (to compare; the passphrase is asked).
    An import locks an item when the file says so, but never unlocks one: that is `bgs unlock`."""
    from bangongshi.services import locks

    return {i.uuid: i for i in locks.reveal(session, list(existing.values()))}


def _differs(session: Session, old: Item, new: Item) -> bool:
    return not session.store.items.same_stored(old, new, sealed=False)


