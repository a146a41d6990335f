"""`bgs import` in bulk (issue #19): a file read a piece at a time, new items written by a few
statements, a journal that holds no copy of them, and undo/redo that still restore the store exactly."""

import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bangongshi.errors import BadInput
from bangongshi.formats.json import json_objects, json_stream
from bangongshi.storage import migrations

FIXTURES = Path(__file__).parent / "fixtures"
PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}


def office_file(path: Path, count: int, *, existing: dict | None = None, locked_at: int | None = None) -> Path:
    """`count` items as `bgs export --format json` writes them (one object per line, every key),
    plus the stored item `existing` (an export row) with a new title: an import updates it."""
    rows = []
    for n in range(count):
        rows.append({
            "id": n + 1, "uuid": f"00000000-0000-4000-8000-{n:012d}", "title": f"起草关于第{n}项工作的通知",
            "notes": "", "folder": "done" if n % 3 == 0 else "todo", "folder_label": "", "kind": "doc" if n % 5 else None,
            "kind_label": None, "due": f"2026-12-{n % 28 + 1:02d}", "due_time": "09:30" if n % 7 == 0 else None,
            "at": None, "duration_minutes": None, "location": "", "important": n % 2 == 0, "urgent": False, "key": False,
            "constrained": False, "source": "王主任" if n % 4 == 0 else "", "assigned_at": None, "attention": None,
            "attention_label": None, "report_required": False, "handler": "", "tags": ["督查"] if n % 6 == 0 else [],
            "estimate_minutes": 30, "major": False, "locked": n == locked_at, "created": "2026-11-02T09:00:00+08:00",
            "updated": "2026-11-03T10:00:00+08:00", "done_at": "2026-11-03T10:00:00+08:00" if n % 3 == 0 else None,
            "result": "已办结" if n % 3 == 0 else "", "recurrence_id": None, "occurrence": None, "hand_edited": False,
            "parent_id": None, "step": "", "step_from": "", "step_offset": None, "follow_every": "", "follow_rrule": "",
            "follow_policy": "", "delegated_at": None, "reported_at": None, "handoff_to": "", "handoff_at": None,
            "acknowledged_at": None, "spent_minutes": None,
        })
    if existing is not None:
        rows.insert(count // 2, {**existing, "title": existing["title"] + "（修改）"})
    path.write_text("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n", encoding="utf-8")
    return path


def dump(db: Path, table: str = "items") -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def journal_bytes(db: Path) -> int:
    """Bytes of the journal's table and its indexes, as SQLite stores them."""
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT sum(pgsize - unused) FROM dbstat WHERE name IN "
                            "('changes', 'changes_run', 'changes_entity')").fetchone()[0]


def test_undo_and_redo_of_a_large_import_restore_the_store_exactly(bgs, tmp_path):
    bgs.add("已有的事项", "--due", "2026-12-01")
    kept = bgs.add("不在文件里的事项")
    stored = bgs.ok("export").json()[0]
    before = dump(bgs.db)
    file = office_file(tmp_path / "office.json", 2000, existing=stored, locked_at=700)
    done = bgs.ok("import", str(file), env=PASS)
    assert "已导入 2000 个新事项，已更新 1 个，0 个没有变化（json）" in done.stderr
    imported = dump(bgs.db)
    assert len(imported) == 2002 and imported[0][2] == "已有的事项（修改）"
    # New items take ids in the order of the file, the locked one among them, sealed.
    titles = {row[0]: row[2] for row in imported}
    assert titles[kept + 1] == "起草关于第0项工作的通知" and titles[kept + 2000] == "起草关于第1999项工作的通知"
    assert titles[kept + 701] == f"【密】事项 #{kept + 701}"

    undone = bgs.ok("undo", env=PASS)
    assert dump(bgs.db) == before
    # the command line, the first 30 changes, and how many more: not one line per imported item
    lines = undone.stderr.splitlines()
    assert len(lines) == 32 and lines[-1] == "  ……另有 1971 处修改（共 2001 处；--format json 列出全部）"
    assert lines[1] == "  修改 #1 已有的事项：标题 已有的事项（修改） → 已有的事项"
    assert lines[2] == f"  删除 #{kept + 2000} 起草关于第1999项工作的通知"
    redone = bgs.ok("redo", "--format", "json", env=PASS).json()
    assert len(redone["changes"]) == 2001
    assert dump(bgs.db) == imported
    bgs.ok("undo", env=PASS)
    assert dump(bgs.db) == before


def test_the_journal_of_an_import_holds_a_few_bytes_per_new_item(bgs, tmp_path):
    bgs.add("已有的事项")
    empty = journal_bytes(bgs.db)
    items = dump(bgs.db, "items")
    bgs.ok("import", str(office_file(tmp_path / "office.json", 2000)))
    grown = journal_bytes(bgs.db) - empty
    with sqlite3.connect(bgs.db) as conn:
        item_bytes = conn.execute("SELECT sum(pgsize - unused) FROM dbstat WHERE name = 'items'").fetchone()[0]
    # One change row per item (so `bgs show` lists it) of a few dozen bytes, not a JSON copy of it
    # (about 1,000 bytes an item, more than the item's own row).
    assert grown / 2000 < 80, grown / 2000
    assert grown < item_bytes / 4
    assert len(items) == 1


def test_an_imported_item_reads_well_in_show_log_undo_and_redo(bgs, tmp_path):
    bgs.ok("import", str(office_file(tmp_path / "office.json", 3)))
    shown = bgs.ok("show", "2").stdout
    assert "新建 #2 起草关于第1项工作的通知" in shown
    log = bgs.ok("log", "--format", "json").json()
    assert log[0]["command"].startswith("bgs import") and log[0]["changes"] == 3
    undone = bgs.ok("undo", "--format", "json").json()
    assert undone["changes"] == [f"删除 #{n} 起草关于第{n - 1}项工作的通知" for n in (3, 2, 1)]
    redone = bgs.ok("redo").stderr.splitlines()
    assert redone[1:] == [f"  新建 #{n} 起草关于第{n - 1}项工作的通知" for n in (1, 2, 3)]
    assert "新建 #2 起草关于第1项工作的通知" in bgs.ok("show", "2").stdout
    bgs.ok("edit", "2", "--title", "改过的标题")
    assert "修改 #2 改过的标题" in bgs.ok("show", "2").stdout
    refused = bgs("undo")  # the edit first
    assert refused.code == 0
    again = bgs("undo")
    assert again.code == 0 and dump(bgs.db) == []


def test_undo_of_an_import_refuses_when_an_item_changed_since(bgs, tmp_path):
    """The journal holds no copy of an imported item: what undo compares with is the item's next
    change (by bgs, the tool or another shell), or the item itself."""
    from datetime import datetime

    from bangongshi.storage import open_store

    bgs.ok("import", str(office_file(tmp_path / "office.json", 3)))
    now = datetime.fromisoformat("2026-11-20T10:05:00+08:00")
    store = open_store(bgs.db, now)
    try:
        with store.write("周期事项", now, actor="tool") as tx:  # a run undo does not take back
            store.items.change(tx, 2, title="工具改的")
    finally:
        store.close()
    before = bgs.snapshot()
    refused = bgs("undo")
    assert refused.code == 2 and "#2 在那之后又被修改过" in refused.stderr
    assert bgs.snapshot() == before


def test_an_import_undone_over_a_change_outside_bgs_is_redone_with_it(bgs, tmp_path):
    """A change written into the file by another program is not journaled, so undo cannot tell it
    from the import; the undo keeps the row as it found it, and redo brings that back."""
    bgs.ok("import", str(office_file(tmp_path / "office.json", 3)))
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("UPDATE items SET title = '别处改的' WHERE id = 2")
    changed = dump(bgs.db)
    assert "删除 #2 别处改的" in bgs.ok("undo").stderr
    assert dump(bgs.db) == []
    bgs.ok("redo")
    assert dump(bgs.db) == changed


def test_a_large_import_writes_its_new_items_in_a_few_statements(bgs, tmp_path, monkeypatch):
    from bangongshi.storage import store as store_module

    statements: list[str] = []
    opened = store_module.open_store

    def traced(path, now):
        store = opened(path, now)
        store.conn.set_trace_callback(statements.append)
        return store

    monkeypatch.setattr(store_module, "open_store", traced)
    monkeypatch.setattr("bangongshi.storage.open_store", traced)
    monkeypatch.setattr("bangongshi.services.opening.open_store", traced, raising=False)
    bgs.ok("import", str(office_file(tmp_path / "office.json", 3000)))
    assert len(dump(bgs.db)) == 3000
    into_items = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO ITEMS")]
    into_changes = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO CHANGES")]
    assert statements, "the trace saw nothing: open_store is no longer where this test looks"
    assert len(into_items) == 1 and len(into_changes) == 1, (len(into_items), len(into_changes))


def test_a_store_made_before_the_import_journal_imports_and_undoes(bgs, tmp_path):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v15.db", bgs.db)
    before = dump(bgs.db)
    bgs.ok("import", str(office_file(tmp_path / "office.json", 50)))
    with sqlite3.connect(bgs.db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT_VERSION
        implied = conn.execute("SELECT count(*) FROM changes WHERE after_implied = 1 AND after IS NULL").fetchone()[0]
        old = conn.execute("SELECT count(*) FROM changes WHERE after_implied = 0").fetchone()[0]
    assert implied == 50 and old > 0  # the journal written before the upgrade keeps its snapshots
    bgs.ok("undo")
    assert dump(bgs.db) == before
    kept = bgs.snapshot()
    bgs.ok("undo")  # then the fixture's own last command, journaled the old way
    assert bgs.snapshot() != kept


def test_the_saved_store_of_schema_16_undoes_its_import(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v16.db", bgs.db)
    titles = {i["title"] for i in bgs.items("--all")}
    assert {"导入的年度考核材料", "导入的防汛值班表", "导入的接待方案"} <= titles
    assert "新建" in bgs.ok("show", str(max(i["id"] for i in bgs.items("--all")))).stdout
    undone = bgs.ok("undo").stderr
    assert undone.startswith("已撤销：bgs import") and undone.count("删除") == 3
    assert not {"导入的年度考核材料", "导入的接待方案"} & {i["title"] for i in bgs.items("--all")}


# --- reading a piece at a time gives what reading the whole gives ----------------------------------

CASES = [
    "", "  \n ", "[]", "[ ]", '[\n{"a": 1},\n{"b": "x"}\n]\n', '{"a": 1}', '{"a": 1}\n{"b": 2}\n',
    '\n\n{"a": 1}\n\n{"b": 2}', '{\n "a": 1\n}\n', '[{"a": 1}', '[{"a": 1} {"b": 2}]', "[{},]", "[{}] x", "[", "[1]",
    '[{"a": 1}, 2]', '"x"', "42", '{"a": 1}\n[1]\n', '{"a": 1}\nxx\n', 'xx\n{"a":1}', '[{"t": "\\ud800"}]',
    '{"t": "\\ud800"}', '{"a":1}\n{"t": "\\ud800"}', '[{"a": "' + "长" * 300 + '"}, {"b": 123456789}, {"c": [1, 2]}]',
    '[{"a": 1},\n {"a": }]', "[" + "[" * 5000 + "]" * 5000 + "]", '[{"a": 12', '[{"a": "xx', '[{"a": "x\ny"}]',
    '{"a":1}\r\n{"b":2}\r\n', '[{"a": 1}]  \n  ', '[{"a": tru}]', '[{"a": 1}]]', '[{"t": "\\u00e9"}]',
    '[{"a": 1},\n\n\n{"b": 2}, {"c": 3} , {"d":4}\n]',
    # A \u escape is looked for once per piece: one in a later object, one after a harmless one.
    '[{"a": 1},\n{"b": "x"},\n{"t": "\\ud800"}]', '[{"a": "\\u4e2d"},\n{"b": 2},\n{"c": "\\udc00"},\n{"d": 3}]',
    '[{"a": "\\u4e2d\\u6587"},\n{"b": "\\u00e9"}\n]', '[{"a": 1},\n{"b": 2},\n {"c": 3},\n{"d": "\\\\u"}]',
]


def _whole(text: str):
    try:
        return json_objects(text, "「f」")
    except BadInput as error:
        return error.message


def _pieces(text: str, chunk: int):
    try:
        return list(json_stream(io.StringIO(text, newline=""), "「f」", chunk))
    except BadInput as error:
        return error.message


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
def test_json_read_a_piece_at_a_time_reads_as_the_whole(chunk):
    for text in CASES:
        assert _pieces(text, chunk) == _whole(text), text[:80]


# --- the bulk path writes what the one-by-one path writes --------------------------------------------

def _items():
    from datetime import date, datetime, time, timedelta, timezone

    from hypothesis import strategies as st

    from bangongshi.model import Attention, Folder, Kind

    zones = st.sampled_from([timezone(timedelta(hours=8)), timezone.utc, timezone(timedelta(hours=-5))])
    moments = st.one_of(st.none(), st.builds(lambda d, z: d.replace(tzinfo=z),
                                             st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1)), zones))
    days = st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 1, 1)))
    texts = st.text(max_size=8)
    numbers = st.one_of(st.none(), st.integers(-5, 10_000))
    flags = st.booleans()
    return st.fixed_dictionaries({"title": st.text(min_size=1, max_size=10)}, optional={
        "folder": st.sampled_from(list(Folder)), "kind": st.one_of(st.none(), st.sampled_from(list(Kind))),
        "attention": st.one_of(st.none(), st.sampled_from(list(Attention))), "uuid": texts, "notes": texts,
        "important": flags, "urgent": flags, "key": flags, "constrained": flags, "report_required": flags,
        "major": flags, "locked": flags, "hand_edited": flags, "due": days, "occurrence": days,
        "due_time": st.one_of(st.none(), st.times().map(lambda t: time(t.hour, t.minute))), "at": moments,
        "assigned_at": moments, "created": moments, "updated": moments, "done_at": moments,
        "delegated_at": moments, "reported_at": moments, "handoff_at": moments, "acknowledged_at": moments,
        "duration_minutes": numbers, "estimate_minutes": numbers, "step_offset": numbers, "recurrence_id": numbers,
        "parent_id": numbers, "spent_minutes": numbers, "remind": numbers, "location": texts, "source": texts,
        "handler": texts, "result": texts, "step": texts, "step_from": texts, "follow_every": texts,
        "follow_rrule": texts, "follow_policy": texts, "handoff_to": texts,
        "tags": st.lists(st.text(min_size=1, max_size=4), max_size=3).map(tuple),
    })


def test_a_staged_row_is_the_row_an_item_is_stored_as():
    from hypothesis import given, settings

    from bangongshi.model import Item
    from bangongshi.storage.item_staging import STAGED_COLUMNS, _Texts, staged_values
    from bangongshi.storage.items import ItemRepository, to_row

    texts = _Texts()  # shared, as one import shares it

    @settings(max_examples=300)
    @given(_items(), _items())
    def check(fields, other):
        item = Item(**fields)
        assert Item.of(fields) == item and Item.of(fields)._asdict() == item._asdict()
        row = to_row(item)
        assert dict(zip(STAGED_COLUMNS, staged_values(item, texts))) == {
            k: v for k, v in row.items() if k not in ("id", "sealed")}
        second = Item(**other)
        assert ItemRepository.same_stored(item, second, sealed=False) == (to_row(item) == to_row(second))

    check()


def test_a_uuid_given_twice_names_both_places_and_imports_nothing(bgs, tmp_path):
    same = "00000000-0000-4000-8000-000000000007"
    rows = [{"title": f"事项{n}", "uuid": same if n in (7, 2507) else f"00000000-0000-4000-8000-{n:012d}"}
            for n in range(1, 3000)]
    (tmp_path / "many.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "many.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                         encoding="utf-8")
    (tmp_path / "many.csv").write_text("title,uuid\n" + "".join(f"{r['title']},{r['uuid']}\n" for r in rows),
                                       encoding="utf-8")
    (tmp_path / "same.json").write_text('[{"title": "无 uuid"}, {"title": "别的"}, {"title": "无 uuid"}]',
                                        encoding="utf-8")
    for name, message in [("many.json", "「many.json」 第 2507 条 与 第 7 条 是同一个事项（uuid 重复）"),
                          ("many.jsonl", "「many.jsonl」 第 2507 行 与 第 7 行 是同一个事项（uuid 重复）"),
                          ("many.csv", "「many.csv」 第 2508 行 与 第 8 行 是同一个事项（uuid 重复）"),
                          ("same.json", "「same.json」 第 3 条 与 第 1 条 是同一个事项（uuid 重复）")]:
        result = bgs("import", str(tmp_path / name))
        assert result.code == 2 and message in result.stderr, (name, result.stderr)
    assert dump(bgs.db) == []


def test_csv_read_a_row_at_a_time_reads_every_kind_of_cell():
    from bangongshi.formats.csv import csv_stream

    text = ("title,notes,tags,due,source\r\n"
            "起草通知,,会议;;急件,2026-12-01,'=王主任\r\n"
            " , ,, ,\r\n"
            "'@开会,\"两行\n备注\",'-a;b,,''引号\r\n"
            "仅标题,'',;,,\r\n")
    assert list(csv_stream(io.StringIO(text, newline=""), "「f」")) == [
        ("第 2 行", {"title": "起草通知", "notes": "", "tags": ["会议", "急件"], "due": "2026-12-01",
                    "source": "=王主任"}),
        ("第 4 行", {"title": "@开会", "notes": "两行\n备注", "tags": ["-a", "b"], "due": None, "source": "'引号"}),
        ("第 5 行", {"title": "仅标题", "notes": "'", "tags": [], "due": None, "source": ""}),
    ]


def test_a_taskwarrior_time_that_is_not_one_is_named_with_its_place(bgs, tmp_path):
    tasks = [{"uuid": f"00000000-0000-4000-8000-{n:012d}", "description": f"任务{n}", "status": "pending",
              "entry": "20261120T020000Z"} for n in range(1, 4)]
    tasks[2]["end"] = "2026-11-20"
    (tmp_path / "tw.json").write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tasks), encoding="utf-8")
    result = bgs("import", str(tmp_path / "tw.json"))
    assert result.code == 2, result.stderr
    assert "「tw.json」 第 3 行 的 end「2026-11-20」不是 Taskwarrior 的时间格式（YYYYMMDDTHHMMSSZ）" in result.stderr
    assert dump(bgs.db) == []


# --- the plain lane: an object as our export writes it, staged without an Item --------------------------

def _objects():
    """Objects as a file may hold them: each field's value as bgs's export writes it (or left out),
    with a few fields given something else: another type, out of range, a label, a text a store
    refuses, a key the contract does not have."""
    from hypothesis import strategies as st

    from bangongshi.model import Attention, Folder, Kind

    def good(*values):
        return st.one_of(st.none(), st.sampled_from(values))

    moment = good("2026-11-20T10:00:00+08:00", "2026-11-20T02:00:00+00:00", "2026-11-20T10:00",
                  "2026-11-20T10:00:00.123456+08:00", "2999-12-31T23:00:00+08:00")
    flag = st.booleans()
    number = st.one_of(st.none(), st.integers(-100_000, 10_000_000))
    text = st.one_of(st.text(max_size=6), st.sampled_from(["", "王主任", "长" * 100]))
    fields = {
        "id": st.integers(1, 9), "folder": good(*(m.code for m in Folder)), "kind": good(*(m.code for m in Kind)),
        "attention": good(*(m.code for m in Attention)), "uuid": st.uuids().map(str), "due": good("2026-12-01", "2999-12-31"),
        "occurrence": good("2026-12-01"), "due_time": good("09:30", "09:30:15"),
        "tags": st.lists(st.sampled_from(["督查", "#急", "会议"]), max_size=3),
        **{k: moment for k in ("at", "assigned_at", "created", "updated", "done_at", "delegated_at", "reported_at",
                               "handoff_at", "acknowledged_at")},
        **{k: flag for k in ("important", "urgent", "key", "constrained", "report_required", "major", "locked",
                             "hand_edited")},
        **{k: number for k in ("duration_minutes", "estimate_minutes", "step_offset", "recurrence_id", "parent_id",
                               "spent_minutes", "remind")},
        **{k: text for k in ("notes", "location", "source", "handler", "result", "step", "step_from", "follow_every",
                             "follow_rrule", "follow_policy", "handoff_to")},
        **{k: good("待办", "办文") for k in ("folder_label", "kind_label", "attention_label")},
    }
    plain = st.fixed_dictionaries({"title": st.text(min_size=1, max_size=8)}, optional=fields)
    other = st.one_of(st.none(), st.integers(-3, 3), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
                      st.text(max_size=4), st.lists(st.text(max_size=3), max_size=2),
                      st.sampled_from(["", "待办", "1", "true", "x" * 501, "长" * 101, "a\ud800", "\x00a", " 2026-12-01",
                                       "2026-02-30", "1899-12-31", "3000-01-01", "2026-11-20T10:00:00+14:00",
                                       "0001-01-01T00:00:00+08:00", "25:00", "FCB042D9-5966-4B44-A0C6-774455113DC3"]))
    keys = st.sampled_from(["title", *fields, "due_moment", "uid", "sealed", "no_such_key"])
    return st.tuples(plain, st.dictionaries(keys, other, max_size=3)).map(lambda pair: {**pair[0], **pair[1]})


def test_the_plain_lane_stages_what_the_item_is_staged_as_and_refuses_what_the_item_refuses():
    """Converter.plain makes the row staged_values makes of the Item the object makes, or leaves the
    object to the Item (None): never a row for an object the Item refuses, never another row."""
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from hypothesis import given, settings

    from bangongshi.services.contract_items import Converter
    from bangongshi.storage.item_staging import _Texts

    convert = Converter(SimpleNamespace(now=datetime(2026, 11, 20, 10, 0, 7, 1234, tzinfo=timezone(timedelta(hours=8)))))
    texts = _Texts()
    taken = []

    @settings(max_examples=600)
    @given(_objects())
    def check(obj):
        if _same_or_left(convert, texts, obj):
            taken.append(1)

    check()
    assert len(taken) > 30  # the lane was taken for many of them (some 70 to 150 of 600)


def _same_or_left(convert, texts, obj) -> bool:
    """Whether the plain lane took `obj`: then its row is staged_values of the Item, value for value
    and type for type (1, not True); where the Item refuses `obj`, the lane left it."""
    from bangongshi.storage.item_staging import staged_values

    found = convert.plain(obj)
    try:
        item = convert(obj, "「f」 第 1 条")
    except BadInput:
        assert found is None
        return False
    if found is None:
        return False
    assert not item.locked
    typed = lambda row: [(type(value), value) for value in row]  # noqa: E731
    assert found[0] == item.uuid and typed(found[1]) == typed(staged_values(item, texts))
    return True


_PLAIN = {"id": 3, "uuid": "fcb042d9-5966-4b44-a0c6-774455113dc3", "title": "回复关于信访维稳的请示", "notes": "备注",
          "folder": "done", "folder_label": "已处理", "kind": "doc", "kind_label": "办文", "due": "2026-09-27",
          "due_time": "09:30", "at": "2026-09-27T14:00:00+08:00", "duration_minutes": 60, "location": "三楼",
          "important": True, "urgent": False, "key": False, "constrained": False, "source": "王主任",
          "assigned_at": "2026-09-20T09:00:00+08:00", "attention": "high", "attention_label": "高",
          "report_required": True, "handler": "李科长", "tags": ["督查"], "estimate_minutes": 30, "major": False,
          "locked": False, "created": "2026-09-19T14:00:00+08:00", "updated": "2026-09-27T14:00:00+08:00",
          "done_at": "2026-09-27T14:00:00+08:00", "result": "已印发", "recurrence_id": 4, "occurrence": "2026-09-27",
          "hand_edited": False, "parent_id": None, "step": "印发", "step_from": "", "step_offset": -2,
          "follow_every": "每周", "follow_rrule": "FREQ=WEEKLY", "follow_policy": "keep",
          "delegated_at": "2026-09-20T09:00:00+08:00", "reported_at": None, "handoff_to": "",
          "handoff_at": None, "acknowledged_at": None, "spent_minutes": 45}
_TEXT_FIELDS = ("notes", "location", "source", "handler", "result", "step", "step_from", "follow_every",
                "follow_rrule", "follow_policy", "handoff_to")


@pytest.mark.parametrize("field, value", [
    *[(field, "长" * 101) for field in ("handler", "handoff_to")], *[(field, "x" * 501) for field in
                                                                      ("title", "step", "step_from", "follow_every")],
    ("result", "长" * 10_001), ("notes", "x" * 100_001), *[(field, "a\ud800") for field in (*_TEXT_FIELDS, "title")],
    *[(field, 5) for field in _TEXT_FIELDS], ("title", "\x00标题"), ("title", "  "), ("title", None), ("title", 5),
    ("important", 1), ("urgent", "true"), ("locked", True), ("at", "1899-12-31T23:00:00+08:00"),
    ("created", "2999-12-31T23:00:00-10:00"), ("updated", "2026-13-01T00:00"), ("done_at", 20261120),
    ("due", "2026-02-30"), ("due", "3000-01-01"), ("occurrence", "2026-12-01T10:00"), ("due_time", "25:00"),
    ("folder", "待办"), ("kind", "办文"), ("attention", "HIGH"), ("tags", ["a b"]), ("tags", "督查;会议"),
    ("tags", [1]), ("uuid", "FCB042D9-5966-4B44-A0C6-774455113DC3"), ("uuid", ""), ("uuid", None),
    ("estimate_minutes", True), ("duration_minutes", 10_000_001), ("spent_minutes", "45"), ("recurrence_id", 1.5),
    ("parent_id", "7"), ("no_such_key", 1), ("uid", "x@bangongshi"), ("due_moment", "2026-12-01"),
])
def test_the_plain_lane_leaves_to_the_item_each_value_it_does_not_take_as_it_is(field, value):
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from bangongshi.services.contract_items import Converter
    from bangongshi.storage.item_staging import _Texts

    convert = Converter(SimpleNamespace(now=datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=8)))))
    assert _same_or_left(convert, _Texts(), _PLAIN)  # taken as it is
    changed = {**_PLAIN, field: value}
    assert convert.plain(changed) is None
    _same_or_left(convert, _Texts(), changed)


def test_our_own_export_is_staged_by_the_plain_lane(bgs, tmp_path, monkeypatch):
    """An export of bgs imports without an Item per object: only the locked item, and the stored item
    the file changes, are made whole."""
    from bangongshi.services.contract_items import Converter

    bgs.add("已有的事项")
    stored = bgs.ok("export").json()[0]
    file = office_file(tmp_path / "office.json", 300, existing=stored, locked_at=7)
    made = []
    real = Converter.__call__
    monkeypatch.setattr(Converter, "__call__", lambda self, obj, where: made.append(obj["title"]) or real(self, obj, where))
    assert "已导入 300 个新事项，已更新 1 个" in bgs.ok("import", str(file), env=PASS).stderr
    assert sorted(made) == ["已有的事项（修改）", "起草关于第7项工作的通知"]


def test_the_plain_lane_reads_each_column_as_its_field_is_typed():
    """A field added to Item is read by PlainRows by its kind of column (storage.bulk's lists): a new
    column it does not know is read as text, which only a text field may be."""
    from datetime import date, datetime, time
    from types import SimpleNamespace

    from bangongshi.model import Attention, Folder, Item, Kind
    from bangongshi.storage import item_staging as staging

    number = lambda value: value  # noqa: E731
    reader = SimpleNamespace(number=number, uuid=str, day=None, clock=None, tags=None)
    rows = staging.PlainRows(reader, datetime(2026, 11, 20, 10, 0).astimezone(), frozenset(), ("recurrence_id",))
    kinds = {}
    for column in staging.STAGED_COLUMNS:
        how = rows.lane[column][1]
        kinds[column] = {staging._TEXT: str, staging._FLAG: bool, staging._MOMENT: datetime | None,
                         staging._LINK: int | None, number: int | None, str: str}.get(how, how)
    expected = dict(Item.__annotations__)
    assert {c: k for c, k in kinds.items() if k in (str, bool, datetime | None, int | None)} == {
        c: expected[c] for c in staging.STAGED_COLUMNS if expected[c] in (str, bool, datetime | None, int | None)
        and c != "locked"}
    others = {c: expected[c] for c in staging.STAGED_COLUMNS if c not in kinds or kinds[c] not in
              (str, bool, datetime | None, int | None)}
    assert others == {"folder": Folder, "kind": Kind | None, "attention": Attention | None, "due": date | None,
                      "occurrence": date | None, "due_time": time | None, "tags": tuple[str, ...], "locked": bool}
