"""Rows written by SQLite (storage/bulk.py, issue #19): `list` and `export` in json and csv take each
item's text as SQLite makes it in the query. It must be, byte for byte, what the Item-based writers
(formats/json.py item_object, formats/csv.py) write for the same row: on every kind of item, on values
another program wrote in another form (which go through Python), and on damaged rows (the same error).
"""

import io
import sqlite3
import tempfile
from bangongshi.model.record import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangongshi.errors import StorageError
from bangongshi.formats import csv as csv_format
from bangongshi.formats import json as json_format
from bangongshi.formats.json import ITEM_KEYS
from bangongshi.model import Attention, Folder, Item, ItemFilter, Kind
from bangongshi.storage import bulk, open_store
from bangongshi.storage import items as stored_items

TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)
PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}
WEEK = Path(bulk.__file__).parents[1] / "demo" / "week.yaml"
EVERY = tuple(Folder)

ODD_TEXTS = ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@提及", "'撇号", "''=x", "逗号,在中间", "引号\"在中间",
             "反斜杠\\在中间", "第一行\n第二行", "回车\r在中间", "空字符\x00在中间", "\x1b[31m红\x07", "\t制表符",
             "表情😀与\u2028分隔", "\x01标记字符", "\ufeff开头", "\u00a0不换行空格", " 前后空格 "]
# Stored values in the form the Item prints them: SQLite writes them itself, at the edges of its checks.
PLAIN_STORED = [("due", "2028-02-29"), ("due", "2026-12-31"), ("reported_at", "2026-01-31T23:59:59+14:00"),
                ("handoff_at", "2026-06-30T00:00:00-05:30"), ("tags", '["=a", "b;c"]'), ("tags", '[""]'),
                ("step_offset", -3), ("spent_minutes", -1), ("kind", None), ("attention", None), ("due_time", "23:59"),
                ("assigned_at", ""), ("occurrence", ""), ("due_time", ""), ("notes", 5)]  # 5: text by the column's affinity
# Stored values as another program (or an older hand) may have written them: read by Python, which
# prints them its own way (so the row goes through Python) — or the row is damaged (the same error).
ODD_STORED = [
    ("created", "2026-11-20 10:00:00+08:00"), ("updated", "2026-11-20T10:00:00"),
    ("at", "2026-11-20T10:00:00.500000+08:00"), ("done_at", "2026-11-20T10:00:00-00:00"),
    ("due", "20261120"), ("due_time", "09:30:15"),
    ("important", 2), ("tags", '["a","b"]'), ("tags", '["\\u4e00"]'), ("tags", "[1, 2]"), ("tags", '["x\\ty"]'),
    ("tags", '["a,b", "c\\"d"]'), ("tags", '[["a"]]'), ("estimate_minutes", "abc"), ("estimate_minutes", 2.5),
    ("delegated_at", "2026-11-20T10:00+08:00"), ("acknowledged_at", "2026-11-20T10:00:00Z"), ("due_time", "09:30\x00"),
]
DAMAGED = [("created", "不是日期"), ("due", "2026-02-30"), ("due", "2026-13-01"), ("at", "2026-11-20T24:00:00+08:00"),
           ("done_at", "0000-01-01T00:00:00+08:00"), ("due_time", "25:00"), ("kind", "chore"), ("title", b"\x00\x01"),
           ("tags", "[不是 JSON"), ("occurrence", "2026-04-31"),
           # A NUL after a date's text: the shape checks stop at it (GLOB reads a text up to a NUL).
           ("due", "2026-01-01\x00x"), ("created", "2026-11-20T10:00:00+08:00\x00x")]


def written(items, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    if fmt == "json":
        json_format.write_items_json(items, out)
    else:
        csv_format.write_items_csv(items, out, **options)
    return out.getvalue()


def both(store, fmt: str, *, raw: bool = False, excel: bool = False, locked: bool = True,
         wanted: ItemFilter | None = None) -> tuple[bytes, bytes]:
    """(through Items as before, as SQLite writes them) of the same items."""
    options = {"raw": raw, "excel": excel} if fmt == "csv" else {}
    items = store.items
    if wanted is None:
        old = items.iter_all(EVERY, locked=locked)
        new = items.iter_all_texts(fmt, ITEM_KEYS, EVERY, locked=locked, raw=raw)
    else:
        old, new = items.stream(wanted), items.stream_texts(fmt, ITEM_KEYS, wanted, raw=raw)
    return written(old, fmt, **options), written(new, fmt, **options)


def add_odd_items(store) -> list[int]:
    """An item for each odd text in every text field, and one of every coded value and date shape."""
    base = Item(title="事项", created=NOW, updated=NOW)
    made = []
    with store.write("test", NOW) as tx:
        for n, text in enumerate(ODD_TEXTS):
            made.append(store.items.add(tx, replace(
                base, uuid=f"odd-{n}", title=text, notes=text, location=text, source=text, handler=text, result=text,
                step=text, step_from=text, follow_every=text, follow_rrule=text, follow_policy=text, handoff_to=text,
                tags=(text, "甲") if "\x00" not in text else (), kind=list(Kind)[n % 3],
                attention=list(Attention)[n % 3], folder=list(Folder)[n % 3], important=n % 2 == 0,
                step_offset=-n, estimate_minutes=n * 15 or None, due=date(2026, 2, 28) + timedelta(days=n),
                due_time=time(n % 24, 59 - n), at=NOW + timedelta(hours=n * 7), duration_minutes=n or None,
                done_at=NOW - timedelta(days=n) if n % 3 == 2 else None,
                assigned_at=datetime(2026, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=-n))) if n % 2 else None)))
        for n, _ in enumerate(PLAIN_STORED + ODD_STORED + DAMAGED):
            made.append(store.items.add(tx, replace(base, uuid=f"stored-{n}", title=f"存的值{n}", tags=("乙",))))
    return made


@pytest.fixture
def office(bgs):
    """A store with every kind of item: the demo week (recurring, locked, 督办, a 已处理 one), a
    template's steps, an unlocked item that was locked once, and the odd items above."""
    bgs.ok("import", str(WEEK), "--format", "yaml", env=PASS)
    bgs.ok("template", "apply", "会议", "--at", "下周三上午9点", "--title", "全市办公室工作会议")
    was_locked = bgs.add("人事调整方案", "--tag", "人事")
    bgs.ok("lock", str(was_locked), env=PASS)
    bgs.ok("unlock", str(was_locked), env=PASS)
    bgs.ok("done", str(bgs.add("报送材料", "--from", "王主任")), "--result", "已报送")
    store = open_store(bgs.db, NOW)
    made = add_odd_items(store)
    yield store, made[len(ODD_TEXTS):]
    store.close()


def set_stored(store, item_id: int, column: str, value) -> None:
    """A value written past bgs (and past the table's CHECKs), as another program could."""
    store.conn.execute("PRAGMA ignore_check_constraints = ON")
    store.conn.execute(f"UPDATE items SET {column} = ? WHERE id = ?", (value, item_id))
    store.conn.commit()
    store.conn.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.parametrize("fmt,raw,excel", [("json", False, False), ("csv", False, False), ("csv", True, False),
                                           ("csv", False, True), ("csv", True, True)])
def test_every_row_is_written_as_the_item_writer_wrote_it(office, fmt, raw, excel):
    store, stored = office
    for item_id, (column, value) in zip(stored, PLAIN_STORED + ODD_STORED):
        set_stored(store, item_id, column, value)
    kinds = store.conn.execute("SELECT count(*), sum(locked), count(recurrence_id), count(parent_id), "
                               "sum(handler != ''), sum(folder = 'done') FROM items").fetchone()
    assert all(kinds), kinds  # each kind of item is there
    for locked in (True, False):
        old, new = both(store, fmt, raw=raw, excel=excel, locked=locked)
        assert new == old
    for wanted in (ItemFilter(folders=EVERY), ItemFilter(), ItemFilter(folders=EVERY, search="x", limit=7),
                   ItemFilter(folders=(Folder.DONE,), tags=("甲",)), ItemFilter(folders=EVERY, limit=1)):
        old, new = both(store, fmt, raw=raw, excel=excel, wanted=wanted)
        assert new == old, wanted


def test_rows_stored_in_the_codec_s_own_form_are_made_by_sqlite(office, monkeypatch):
    """The shape of the fast path: no row read as an Item except those only Python writes alike (the
    odd stored values; odd text in tags; for csv a cell with a line break, CR or NUL)."""
    store, stored = office
    plain, odd = stored[:len(PLAIN_STORED)], stored[len(PLAIN_STORED):len(PLAIN_STORED) + len(ODD_STORED)]
    for item_id, (column, value) in zip(plain + odd, PLAIN_STORED + ODD_STORED):
        set_stored(store, item_id, column, value)
    ordinary = {i for (i,) in store.conn.execute("SELECT id FROM items WHERE uuid NOT LIKE 'odd-%' AND uuid NOT LIKE 'stored-%'")}
    odd_text = {i for (i,) in store.conn.execute("SELECT id FROM items WHERE uuid LIKE 'odd-%'")}
    assert len(ordinary) > 20
    decoded = []
    monkeypatch.setattr(stored_items, "from_row", lambda row: decoded.append(row["id"]) or stored_items._item(row))
    for fmt in ("json", "csv"):
        for made in (store.items.iter_all_texts(fmt, ITEM_KEYS, EVERY),
                     store.items.stream_texts(fmt, ITEM_KEYS, ItemFilter(folders=EVERY))):
            decoded.clear()
            list(made)
            assert set(decoded) - odd_text == set(odd)
            breaks = {i for (i,) in store.conn.execute(
                "SELECT id FROM items WHERE uuid LIKE 'odd-%' AND (instr(title, char(10)) OR instr(title, char(13)) "
                "OR instr(title, char(0)))")}
            assert breaks and (fmt == "json" or breaks <= set(decoded))


@pytest.mark.parametrize("column,value", DAMAGED)
def test_a_damaged_row_fails_as_it_did(office, column, value):
    store, stored = office
    set_stored(store, stored[-1], column, value)
    for fmt in ("json", "csv"):
        with pytest.raises(StorageError) as before:
            written(store.items.iter_all(EVERY), fmt)
        with pytest.raises(StorageError) as now:
            written(store.items.iter_all_texts(fmt, ITEM_KEYS, EVERY), fmt)
        assert str(now.value) == str(before.value)
        with pytest.raises(StorageError) as listed:
            written(store.items.stream_texts(fmt, ITEM_KEYS, ItemFilter(folders=EVERY)), fmt)
        assert str(listed.value) == str(before.value)


def test_a_sqlite_whose_json_escapes_differ_leaves_json_to_python(office):
    store, _ = office
    assert bulk.sqlite_json_agrees(store.conn)
    old, _ = both(store, "json")
    store.conn.create_function("json_quote", 1, lambda text: '"' + str(text) + '"')  # escapes nothing
    assert not bulk.sqlite_json_agrees(store.conn)
    made = list(store.items.iter_all_texts("json", ITEM_KEYS, EVERY))
    assert made and all(isinstance(one, Item) for one in made)
    assert both(store, "json")[1] == old


# Any text, any date shape: the row is written alike, or fails alike, through both paths.
texts = st.text(max_size=12)
moments = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31),
                       timezones=st.builds(timezone, st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
                           lambda minutes: timedelta(minutes=minutes)))).map(lambda m: m.replace(microsecond=0))
stored_texts = st.one_of(
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True), st.from_regex(r"[0-9]{2}:[0-9]{2}", fullmatch=True),
    st.sampled_from([v for _, v in ODD_STORED + DAMAGED]), texts, st.integers(-5, 5), st.none())
COLUMNS = ("created", "updated", "done_at", "at", "due", "due_time", "occurrence", "tags", "important", "kind",
           "step_offset", "title", "handler")


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bangongshi.db", NOW)
        yield store
        store.close()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=texts.filter(lambda t: t and not t.startswith("\x00")), text=texts, tags=st.lists(texts, max_size=3), due=st.none() | st.dates(
    date(1900, 1, 1), date(2999, 12, 31)), at=st.none() | moments, done=st.none() | moments, offset=st.none() | st.integers(-99, 99),
    folder=st.sampled_from(Folder), kind=st.none() | st.sampled_from(Kind), column=st.sampled_from(COLUMNS),
    value=stored_texts, raw=st.booleans())
def test_any_item_is_written_alike(scratch, title, text, tags, due, at, done, offset, folder, kind, column, value, raw):
    store = scratch
    store.conn.execute("DELETE FROM items")
    store.conn.commit()
    item = Item(title=title, uuid="u", notes=text, source=text, result=text, tags=tuple(tags), due=due, at=at,
                done_at=done, created=NOW, updated=at or NOW, step_offset=offset, folder=folder, kind=kind)
    with store.write("test", NOW) as tx:
        item_id = store.items.add(tx, item)
    try:
        store.conn.execute(f"UPDATE items SET {column} = ? WHERE id = ?", (value, item_id))
        store.conn.commit()
    except sqlite3.IntegrityError:  # a value the table refuses (a NOT NULL, a CHECK): the unchanged row
        store.conn.rollback()
    for fmt in ("json", "csv"):
        try:
            old = written(store.items.iter_all(EVERY), fmt, **({"raw": raw} if fmt == "csv" else {}))
        except StorageError as error:
            with pytest.raises(StorageError) as failed:
                written(store.items.iter_all_texts(fmt, ITEM_KEYS, EVERY, raw=raw), fmt)
            assert str(failed.value) == str(error)
            continue
        new = written(store.items.iter_all_texts(fmt, ITEM_KEYS, EVERY, raw=raw), fmt,
                      **({"raw": raw} if fmt == "csv" else {}))
        assert new == old
