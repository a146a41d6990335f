"""Every record has one home in bangongshi.model (issue #15), and a rule's copied fields are typed.

The import checks read the source with `ast`, so they see an import wherever it is written (also one
inside a function); the rule checks go through the real CLI and a real store.
"""

import ast
import json
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from bangongshi.model import Kind
from bangongshi.model.rules import ItemFields
from bangongshi.storage import open_store

SRC = Path(__file__).parents[1] / "src" / "bangongshi"
FIXTURES = Path(__file__).parent / "fixtures"


def imports_of(path: Path) -> set[str]:
    """Every bangongshi module a file imports, by its dotted name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "bangongshi" or name.startswith("bangongshi.")}


def offending(package: str, allowed) -> list[str]:
    return sorted(f"{path.relative_to(SRC)}: {name}"
                  for path in (SRC / package).rglob("*.py") for name in imports_of(path) if not allowed(name))


def test_model_imports_nothing_of_ours_but_errors():
    assert offending("model", lambda name: name.startswith(("bangongshi.model", "bangongshi.errors"))) == []


@pytest.mark.parametrize("package", ["model", "domain", "render"])
def test_records_come_from_model_so_render_and_domain_never_import_storage(package):
    assert offending(package, lambda name: not name.startswith("bangongshi.storage")) == []


def test_the_check_sees_a_forbidden_import_written_inside_a_function(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from bangongshi.storage.journal import Run\n", encoding="utf-8")
    assert "bangongshi.storage.journal" in imports_of(bad)


@pytest.mark.parametrize("name, module", [
    ("Item", "items"), ("Folder", "items"), ("Kind", "items"), ("Attention", "items"), ("Coded", "items"),
    ("Rule", "rules"), ("ItemFields", "rules"), ("Run", "journal"), ("Change", "journal"),
    ("FollowUp", "follow"), ("Event", "records"), ("Slip", "records"), ("LoadedYear", "calendar"),
    ("Plan", "plan"), ("ItemBrief", "brief"),
])
def test_each_record_is_defined_once_in_its_model_file(name, module):
    homes = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
             if any(isinstance(node, ast.ClassDef) and node.name == name
                    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))]
    assert homes == [f"model/{module}.py"]


FULL = ["--at", "09:00", "--important", "--urgent", "--key", "--major", "--tag", "例会", "--tag", "甲",
        "--kind", "meeting", "--estimate", "30m", "--duration", "90m", "--from", "王主任", "--where", "三楼",
        "--note", "带上周纪要"]
FULL_COLUMNS = {"constrained": 1, "duration_minutes": 90, "estimate_minutes": 30, "important": 1, "key": 1,
                "kind": "meeting", "location": "三楼", "major": 1, "notes": "带上周纪要", "source": "王主任",
                "tags": '["例会", "甲"]', "urgent": 1}


def test_rule_fields_are_typed_and_stored_as_item_columns_as_before(bgs):
    bgs.ok("recur", "add", "周一例会", "--rule", "每周一", *FULL)
    with sqlite3.connect(bgs.db) as conn:
        stored = conn.execute("SELECT fields FROM recurrences").fetchone()[0]
    assert json.loads(stored) == FULL_COLUMNS  # the schema's format is unchanged
    store = open_store(bgs.db, datetime.fromisoformat("2026-11-20T10:00+08:00"))
    try:
        rule = store.rules.get(1)
    finally:
        store.close()
    assert rule.fields == ItemFields(kind=Kind.MEETING, important=True, urgent=True, key=True, major=True,
                                     constrained=True, source="王主任", location="三楼", tags=("例会", "甲"),
                                     estimate_minutes=30, notes="带上周纪要", duration_minutes=90)


def test_rule_json_shows_the_fields_as_it_always_did(bgs):
    added = bgs.ok("recur", "add", "周一例会", "--rule", "每周一", *FULL, "--format", "json").json()
    assert added["fields"] == FULL_COLUMNS
    # Name order in every command. Before the fields were typed, `recur add` and `recur edit` showed
    # them in the order they were parsed and only `list`/`show` in name order (values were the same).
    assert list(added["fields"]) == sorted(FULL_COLUMNS)
    bgs.ok("recur", "edit", "1", "--not-important", "--where", "四楼")
    shown = bgs.ok("recur", "show", "1", "--format", "json").json()
    # a field set back to its default stays given (0), as before; one never given stays absent
    assert shown["fields"] == {**FULL_COLUMNS, "important": 0, "location": "四楼"}
    plain = bgs.ok("recur", "add", "月报", "--rule", "每月1日", "--format", "json").json()
    assert plain["fields"] == {}


def test_an_occurrence_carries_the_typed_fields(bgs):
    # today (BANGONGSHI_NOW) is a Friday: both rules make today's occurrence at once
    bgs.ok("recur", "add", "周五例会", "--rule", "每周五", *FULL)
    bgs.ok("recur", "add", "周五报送", "--rule", "每周五", "--due", "17:00")
    items = {i["title"]: i for i in bgs.items()}
    meeting, plain = items["周五例会"], items["周五报送"]
    assert (meeting["kind"], meeting["important"], meeting["urgent"], meeting["key"], meeting["major"]) == (
        "meeting", True, True, True, True)
    assert (meeting["tags"], meeting["location"], meeting["source"], meeting["notes"]) == (
        ["例会", "甲"], "三楼", "王主任", "带上周纪要")
    assert (meeting["estimate_minutes"], meeting["duration_minutes"], meeting["at"]) == (
        30, 90, "2026-11-20T09:00:00+08:00")
    assert meeting["assigned_at"] == "2026-11-20T10:00:00+08:00"  # constrained: assigned when made
    assert (plain["kind"], plain["important"], plain["tags"], plain["source"], plain["assigned_at"]) == (
        None, False, [], "", None)
    assert (plain["due"], plain["due_time"]) == ("2026-11-20", "17:00")


def test_a_rule_stored_by_an_old_version_reads_back_unchanged(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v6.db", bgs.db)
    rules = bgs.ok("recur", "list", "--format", "json").json()
    assert [r["fields"] for r in rules] == [{}, {"important": 1}]
    bgs.ok("recur", "pause", "2")  # rewrites the row, fields included
    with sqlite3.connect(bgs.db) as conn:
        assert conn.execute("SELECT fields FROM recurrences WHERE id = 2").fetchone()[0] == '{"important": 1}'
