"""Services reach the store through its repositories (issue #15): none touches the connection,
imports a storage function that takes one, or converts rows itself; storage dates its rows with its
own codec, in the format the store has always held.

The checks read the source with `ast` (an import or a `.conn` inside a function counts too) and ask
the imported storage functions for their signatures; each is shown to catch a planted offence.
"""

import ast
import importlib
import inspect
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bangongshi import clock
from bangongshi.model import Item
from bangongshi.model.journal import Run
from bangongshi.model.rules import Rule
from bangongshi.storage import codec, open_store

SRC = Path(__file__).parents[1] / "src" / "bangongshi"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=8)))
ROW_HELPERS = {"to_row", "from_row"}


def _takes_a_connection(obj) -> bool:
    if not callable(obj) or inspect.isclass(obj):
        return False
    try:
        parameters = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "conn" or p.annotation in (sqlite3.Connection, "sqlite3.Connection") for p in parameters)


def offences(path: Path) -> list[str]:
    """What in one service module goes past the repositories."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    storage_modules: dict[str, object] = {}  # local name -> storage module imported whole
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bangongshi.storage"):
            source = importlib.import_module(node.module)
            for alias in node.names:
                local = alias.asname or alias.name
                target = getattr(source, alias.name, None)
                if target is None:  # a submodule not loaded by the package itself
                    target = importlib.import_module(f"{node.module}.{alias.name}")
                if inspect.ismodule(target):
                    storage_modules[local] = target
                elif _takes_a_connection(target) or alias.name in ROW_HELPERS:
                    found.append(f"line {node.lineno}: imports {node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("bangongshi.storage."):
                    storage_modules[alias.asname or alias.name] = importlib.import_module(alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr == "conn":
                found.append(f"line {node.lineno}: .conn")
            elif node.attr in ROW_HELPERS:
                found.append(f"line {node.lineno}: .{node.attr}")
            elif isinstance(node.value, ast.Name) and node.value.id in storage_modules:
                if _takes_a_connection(getattr(storage_modules[node.value.id], node.attr, None)):
                    found.append(f"line {node.lineno}: {node.value.id}.{node.attr} takes a connection")
    return found


def test_no_service_touches_the_connection_or_a_storage_function_that_takes_one():
    found = {str(path.relative_to(SRC)): offences(path) for path in sorted((SRC / "services").glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


@pytest.mark.parametrize("planted", [
    "def f(session):\n    return session.store.conn.execute('SELECT 1')\n",
    "def f(tx):\n    return tx.conn\n",
    "def f(conn):\n    from bangongshi.storage import migrations\n    return migrations.user_version(conn)\n",
    "from bangongshi.storage.sealing import audit\n",
    "from bangongshi.storage.items import to_row\n",
    "def f(item, store):\n    return store.to_row(item)\n",
])
def test_the_check_catches_a_service_that_goes_past_the_repositories(tmp_path, planted):
    bad = tmp_path / "bad.py"
    bad.write_text(planted, encoding="utf-8")
    assert offences(bad) != []


def test_the_check_lets_repository_calls_and_file_level_helpers_through(tmp_path):
    fine = tmp_path / "fine.py"
    fine.write_text("from bangongshi.storage import backup, open_store\n"
                    "def f(session, folder):\n"
                    "    session.store.items.get_many([1])\n"
                    "    return backup.listed(folder)\n", encoding="utf-8")
    assert offences(fine) == []


def test_storage_dates_its_rows_with_its_own_codec():
    users = sorted(str(p.relative_to(SRC)) for p in (SRC / "storage").glob("*.py")
                   if "bangongshi.clock" in p.read_text(encoding="utf-8"))
    assert users == []


@pytest.mark.parametrize("moment", [
    NOW, NOW.replace(microsecond=999_999), datetime(2027, 1, 1, tzinfo=timezone.utc),
    datetime(2026, 3, 8, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
])
def test_the_codec_writes_what_the_store_has_always_held(moment):
    text = codec.stamp(moment)
    assert text == clock.stamp(moment)
    assert codec.moment(text) == moment.replace(microsecond=0)
    assert codec.stamp(NOW) == "2026-11-20T10:00:00+08:00"


def test_repositories_take_and_return_records(tmp_path):
    store = open_store(tmp_path / "bangongshi.db", NOW)
    try:
        with store.write("test", NOW) as tx:
            item_id = store.items.add(tx, Item(title="起草通知", uuid="u-1", created=NOW, updated=NOW))
        item = store.items.get(item_id)
        assert isinstance(item, Item) and item.title == "起草通知" and item.created == NOW
        stored = store.conn.execute("SELECT created FROM items WHERE id = ?", (item_id,)).fetchone()[0]
        assert stored == "2026-11-20T10:00:00+08:00"
        runs = store.journal.runs(5)
        assert [type(r) for r in runs] == [Run] and runs[0].command == "test"
        assert store.rules.all() == [] and all(isinstance(r, Rule) for r in store.rules.all())
        assert store.items is store.items  # one repository per store
    finally:
        store.close()
