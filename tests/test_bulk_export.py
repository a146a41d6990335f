"""Bulk outputs (issue #19): `list --all` and `export` read the store a row at a time and write as
they read, so memory does not grow with the number of items; xlsx goes through openpyxl's write-only
workbook with widths from a bounded sample; a vdir works its VTIMEZONE out once and syncs once a
batch. Shapes only (what is read before what is written, what is called how often), never times."""

import csv
import io
import json
import os
from bangongshi.model.record import replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bangongshi.formats import csv as csv_format
from bangongshi.formats import ics, xlsx
from bangongshi.formats import json as json_format
from bangongshi.model import Attention, Folder, Item, Kind
from bangongshi.storage import items as stored_items
from bangongshi.storage import open_store

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
MANY = 1300  # more than a write batch (1,000) and than the xlsx width sample (500)


def fill(bgs, count: int = MANY, **fields) -> None:
    """`count` plain items straight into the store (as the bench's generator does): fast."""
    bgs.ok("list")
    store = open_store(bgs.db, NOW)
    try:
        with store.write("test", NOW) as tx:
            for n in range(count):
                store.items.add(tx, Item(title=f"事项{n}", uuid=f"00000000-0000-4000-8000-{n:012d}", created=NOW,
                                         updated=NOW, due=date(2026, 12, 1) + timedelta(days=n % 40), **fields))
    finally:
        store.close()


@pytest.fixture
def lag(monkeypatch):
    """How far reading runs ahead of writing: rows decoded from the store minus items turned into
    output, at its largest. A list built before writing makes it the number of items."""
    seen = {"read": 0, "written": 0, "ahead": 0}
    decode, encode = stored_items.from_row, json_format.item_object

    def reading(row):
        seen["read"] += 1
        seen["ahead"] = max(seen["ahead"], seen["read"] - seen["written"])
        return decode(row)

    def writing(item):
        seen["written"] += 1
        return encode(item)

    monkeypatch.setattr(stored_items, "from_row", reading)
    for module in (json_format, csv_format, xlsx):
        monkeypatch.setattr(module, "item_object", writing)
    return seen


@pytest.mark.parametrize("args", [("export",), ("export", "--format", "csv"), ("list", "--all", "--format", "json"),
                                  ("list", "--all", "--format", "csv"), ("export", "--folder", "待办", "--since", "2026-11-01")])
def test_json_and_csv_write_each_item_as_it_is_read(bgs, lag, monkeypatch, args):
    """Rows as SQLite writes them (storage/bulk.py): none read as an Item, and a batch written out before
    more than a batch more is read (a list gathered before writing would run the whole store ahead)."""
    from bangongshi.cli import output
    from bangongshi.storage.items import ItemRepository

    fill(bgs)
    seen = {"read": 0, "lines": 0, "ahead": 0}
    produce = ItemRepository._written

    def reading(self, rows, lines):
        for row in produce(self, rows, lines):
            seen["read"] += 1
            seen["ahead"] = max(seen["ahead"], seen["read"] - seen["lines"])
            yield row

    class Counted:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            seen["lines"] += data.count(b"\n")
            return self.handle.write(data)

    monkeypatch.setattr(ItemRepository, "_written", reading)
    for module, name in ((json_format, "write_items_json"), (output, "write_items_json"), (csv_format, "write_items_csv")):
        monkeypatch.setattr(module, name, lambda items, handle, _real=getattr(module, name), **kw: _real(items, Counted(handle), **kw))
    for module in (json_format, csv_format):
        monkeypatch.setattr(module, "BATCH", 10)
    lag.update(read=0, written=0, ahead=0)
    out = bgs.ok(*args).stdout
    assert seen["read"] == MANY and out.count("事项") == MANY
    assert lag["read"] == lag["written"] == 0  # no Item made
    assert seen["ahead"] <= 10 + 1


def test_xlsx_makes_each_row_as_its_item_is_read(bgs, lag, tmp_path):
    fill(bgs)
    lag.update(read=0, written=0, ahead=0)
    bgs.ok("export", "--format", "xlsx", "--labels", "code", "-o", str(tmp_path / "x.xlsx"))
    assert lag["written"] == MANY and lag["ahead"] == 1  # an item's row is made as it is read


def test_xlsx_reads_its_rows_lazily_into_a_write_only_workbook(tmp_path, monkeypatch):
    import openpyxl
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    made, pulled, at_first_append = [], [0], []

    class Recorded(openpyxl.Workbook):
        def __init__(self, *args, **kwargs):
            made.append(kwargs.get("write_only", False))
            super().__init__(*args, **kwargs)

    append = WriteOnlyWorksheet.append

    def appending(sheet, row):
        if not at_first_append:
            at_first_append.append(pulled[0])
        return append(sheet, row)

    monkeypatch.setattr(openpyxl, "Workbook", Recorded)
    monkeypatch.setattr(WriteOnlyWorksheet, "append", appending)

    def rows():
        for n in range(xlsx.WIDTH_SAMPLE * 3):
            pulled[0] += 1
            yield [n, f"第{n}行"]

    xlsx.write_xlsx(tmp_path / "x.xlsx", "表", ("n", "text"), rows())
    assert made == [True]
    assert at_first_append == [xlsx.WIDTH_SAMPLE]  # the header went in after the sample was read, no later
    assert openpyxl.load_workbook(tmp_path / "x.xlsx").active.max_row == xlsx.WIDTH_SAMPLE * 3 + 1


def test_xlsx_widths_come_from_the_first_rows_only(tmp_path):
    from openpyxl import load_workbook

    rows = [["短", "短"] for _ in range(xlsx.WIDTH_SAMPLE)]
    rows[3][0] = "很长的标题" * 3  # 30 cells wide, in the sample
    rows.append(["短", "很长的备注" * 10])  # after the sample: not measured
    xlsx.write_xlsx(tmp_path / "x.xlsx", "表", ("title", "notes"), rows)
    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet.column_dimensions["A"].width == 32 and sheet.column_dimensions["B"].width == 7
    assert sheet.max_row == xlsx.WIDTH_SAMPLE + 2 and sheet.freeze_panes == "A2" and sheet["A1"].font.b


def test_the_xlsx_holds_the_cells_a_full_workbook_held(tmp_path):
    """The write-only sheet against the way it was written before (a full workbook, cell by cell):
    the same values, types and formats in every cell; empty text reads back empty in both."""
    from openpyxl import Workbook, load_workbook

    rows = [[1, "=1+1", "+号开头", "", None, True, date(2026, 11, 25), datetime(2026, 11, 20, 9, 30), "-3", 2.5],
            [2, "普通", "@x", "文字", 7, False, None, None, "", -4]]
    keys = tuple(f"k{n}" for n in range(len(rows[0])))
    for raw in (False, True):
        xlsx.write_xlsx(tmp_path / "new.xlsx", "表", keys, rows, raw=raw)
        book = Workbook()
        sheet = book.active
        sheet.append(list(keys))
        for row_number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=row_number, column=column, value=value)
                if isinstance(value, str) and value.startswith(csv_format.FORMULA_STARTS) and not raw:
                    cell.data_type = "s"
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        book.save(tmp_path / "old.xlsx")
        new, old = (load_workbook(tmp_path / f"{name}.xlsx").active for name in ("new", "old"))
        shown = [[(c.value, c.data_type if c.value is not None else None, c.number_format if c.value is not None else None)
                  for c in row] for row in new.iter_rows()]
        assert shown == [[(c.value, c.data_type if c.value is not None else None,
                           c.number_format if c.value is not None else None) for c in row] for row in old.iter_rows()]
        assert (new["B2"].data_type, new["B2"].value) == (("f", "=1+1") if raw else ("s", "=1+1"))


def test_csv_written_a_row_at_a_time_is_the_csv_of_the_whole_list(monkeypatch):
    """write_items_csv spells out to_csv's cell rules for speed: the same bytes for every kind of
    cell (formula-like text, a negative number, a bare CR, a line break, tags, booleans, null)."""
    monkeypatch.setattr(csv_format, "BATCH", 2)  # batches of two rows: the seams are crossed too
    base = Item(title="x", uuid="u", created=NOW, updated=NOW)
    items = [
        replace(base, id=1, title="=HYPERLINK(\"http://x\")", tags=("会议", "=a"), step_offset=-3, important=True),
        replace(base, id=2, title="'已有撇号", notes="第一行\n第二行", kind=Kind.DOC, due=date(2026, 11, 25)),
        replace(base, id=3, title="回车\r在中间", folder=Folder.DONE, done_at=NOW, result="+已报送"),
        replace(base, id=4, title="@提及", location="\t制表符", attention=Attention.HIGH, due_time=time(9, 5)),
        replace(base, id=5, title="普通", source="-2+3", estimate_minutes=30, spent_minutes=-1),
    ]
    objects = [json_format.item_object(i) for i in items]
    for raw in (False, True):
        for excel in (False, True):
            streamed = io.BytesIO()
            assert csv_format.write_items_csv(iter(items), streamed, raw=raw, excel=excel) == len(items)
            whole = csv_format.to_csv(objects, json_format.ITEM_KEYS, raw=raw, excel=excel).encode()
            assert streamed.getvalue() == whole
    empty = io.BytesIO()
    csv_format.write_items_csv(iter(()), empty)
    assert empty.getvalue() == csv_format.to_csv([], json_format.ITEM_KEYS).encode()
    assert list(csv.reader(io.StringIO(whole.decode("utf-8-sig"))))[1][2] == "=HYPERLINK(\"http://x\")"


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5])
def test_json_written_in_batches_is_the_json_of_the_whole_list(monkeypatch, count):
    monkeypatch.setattr(json_format, "BATCH", 2)
    items = [Item(title=f"事项{n}", id=n, uuid=f"u{n}", tags=("甲",) * n) for n in range(count)]
    out = io.BytesIO()
    assert json_format.write_items_json(iter(items), out) == count
    assert out.getvalue() == (json_format.to_json([json_format.item_object(i) for i in items]) + "\n").encode()


def test_export_dates_are_chosen_in_the_store_as_they_were_in_python(bgs):
    """--since/--until are a condition in SQL now: the same items as the Python filter they replace
    (any of due, and the day of created, at, done_at, inside the range; either end may be open)."""
    bgs.ok("list")
    store = open_store(bgs.db, NOW)
    days = [None, date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 30)]
    moments = [None, datetime(2026, 11, 1, 0, 0, tzinfo=TZ), datetime(2026, 11, 15, 23, 59, tzinfo=TZ),
               datetime(2026, 11, 30, 12, 0, tzinfo=TZ)]
    try:
        with store.write("test", NOW) as tx:
            n = 0
            for due in days:
                for at in moments:
                    for done in moments:
                        n += 1
                        folder = Folder.DONE if done else Folder.TODO
                        store.items.add(tx, Item(title=f"事项{n}", uuid=f"u{n}", due=due, at=at, done_at=done,
                                                 folder=folder, created=moments[(n % 3) + 1], updated=NOW))
        everything = store.items.query(stored_items.ItemFilter(folders=tuple(Folder)))

        def python(first, last):
            def inside(day):
                return day is not None and (first is None or day >= first) and (last is None or day <= last)
            return sorted(i.id for i in everything if any(inside(d) for d in (
                i.due, *(m.date() if m else None for m in (i.created, i.at, i.done_at)))))

        for first in days:
            for last in days:
                chosen = [i.id for i in store.items.iter_all(tuple(Folder), first, last)]
                assert chosen == python(first, last), (first, last)
                assert store.items.count_all(tuple(Folder), first, last) == (len(chosen), 0)
    finally:
        store.close()


def test_a_refused_passphrase_leaves_stdout_empty_however_many_items_come_first(bgs):
    fill(bgs, 1100)
    secret = bgs.add("人事调整方案")
    bgs.ok("lock", str(secret), env={"BANGONGSHI_PASSPHRASE": "correct horse"})
    refused = bgs("export", "--include-locked")
    assert refused.code != 0 and refused.stdout == ""
    shown = json.loads(bgs.ok("export", "--include-locked", env={"BANGONGSHI_PASSPHRASE": "correct horse"}).stdout)
    assert len(shown) == 1101 and shown[-1]["title"] == "人事调整方案"
    hidden = bgs.ok("export")
    assert len(json.loads(hidden.stdout)) == 1100 and "1 个加密事项未导出" in hidden.stderr


ZONE = ZoneInfo("Asia/Shanghai")


def vdir_items() -> list[Item]:
    base = Item(title="事项", created=NOW, updated=NOW)
    return [replace(base, uuid="a", title="会议", at=NOW, duration_minutes=90, location="三楼"),
            replace(base, uuid="b", title="有时刻", due=date(2026, 11, 25), due_time=time(9, 0), tags=("甲",)),
            replace(base, uuid="c", title="只有日期", due=date(2026, 11, 25), important=True),
            replace(base, uuid="d", title="办结", folder=Folder.DONE, done_at=NOW, result="已报送"),
            replace(base, uuid="e", title="没有时长的会", at=NOW, notes="备注;含分号\n两行")]


@pytest.mark.parametrize("now", [datetime(2026, 11, 20, 10, 0, tzinfo=ZONE), NOW])
def test_vdir_files_are_the_calendars_they_were(now):
    """Put together from pieces made once: the bytes of a calendar with the item's component and
    add_missing_timezones, as each file was made before (a named zone, and a bare UTC offset)."""
    def whole(item):
        cal = ics.calendar()
        cal.add_component(ics.component(item, now))
        cal.add_missing_timezones()
        return cal.to_ical()

    items = vdir_items()
    assert list(ics.vdir_files(items, now)) == [(f"{i.uuid}.ics", whole(i)) for i in items]


def test_vdir_works_its_vtimezone_out_once(monkeypatch):
    from icalendar import Timezone

    made = []
    from_tzid = Timezone.from_tzid.__func__

    def counted(cls, *args, **kwargs):
        made.append(args[0])
        return from_tzid(cls, *args, **kwargs)

    monkeypatch.setattr(Timezone, "from_tzid", classmethod(counted))
    files = list(ics.vdir_files(vdir_items() * 20, datetime(2026, 11, 20, 10, 0, tzinfo=ZONE)))
    assert len(files) == 100 and sum(b"BEGIN:VTIMEZONE" in data for _, data in files) == 80
    assert made == ["Asia/Shanghai"]


@pytest.mark.skipif(not hasattr(os, "sync"), reason="one fsync a file where there is no sync()")
def test_a_vdir_is_synced_once_a_batch_not_once_a_file(tmp_path, monkeypatch):
    from bangongshi.services import outfiles

    calls = {"fsync": 0, "sync": 0}
    real_sync = os.sync
    monkeypatch.setattr(os, "fsync", lambda fd: calls.__setitem__("fsync", calls["fsync"] + 1))
    monkeypatch.setattr(os, "sync", lambda: (calls.__setitem__("sync", calls["sync"] + 1), real_sync())[1])
    monkeypatch.setattr(outfiles, "SYNC_BATCH", 10)
    (tmp_path / "old.ics").write_bytes(b"old")
    os.chmod(tmp_path / "old.ics", 0o640)
    files = [(f"{n}.ics", f"内容{n}".encode()) for n in range(25)] + [("old.ics", b"new")]
    assert outfiles.write_all(tmp_path, iter(files)) == 26
    assert calls == {"fsync": 0, "sync": 3}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(name for name, _ in files)  # no temporary left
    assert (tmp_path / "7.ics").read_bytes() == "内容7".encode()
    assert (tmp_path / "old.ics").read_bytes() == b"new" and (tmp_path / "old.ics").stat().st_mode & 0o777 == 0o640


def test_a_vdir_cut_short_leaves_no_temporary_files(tmp_path):
    from bangongshi.services import outfiles

    def files():
        yield "a.ics", b"a"
        yield "b.ics", b"b"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        outfiles.write_all(tmp_path, files())
    assert list(tmp_path.iterdir()) == []  # neither half of the batch was renamed into place


def test_the_sheet_for_people_makes_each_row_as_its_item_is_read(bgs, tmp_path, monkeypatch):
    """Issue #22: the Chinese xlsx and csv stream like the contract's (one item read, one row made)."""
    from bangongshi.formats import sheets

    fill(bgs)
    seen = {"read": 0, "made": 0, "ahead": 0}
    decode, cells_of = stored_items.from_row, sheets.item_cells

    def reading(row):
        seen["read"] += 1
        seen["ahead"] = max(seen["ahead"], seen["read"] - seen["made"])
        return decode(row)

    def counted(columns, quadrant=None):
        make = cells_of(columns, quadrant)

        def cells(item):
            seen["made"] += 1
            return make(item)
        return cells

    monkeypatch.setattr(stored_items, "from_row", reading)
    monkeypatch.setattr(sheets, "item_cells", counted)
    for args in (("--format", "xlsx", "-o", str(tmp_path / "x.xlsx")), ("--format", "csv", "--excel")):
        seen.update(read=0, made=0, ahead=0)
        bgs.ok("export", *args)
        assert seen["made"] == MANY and seen["ahead"] == 1
