"""The CLI layer only parses, calls a service and hands the result on: it never imports storage and
never builds a JSON document itself (those live in render or formats). Checked on the source, and
shown to fail on a synthetic module that breaks each rule."""

import ast
from pathlib import Path

import bangongshi.cli

CLI = Path(bangongshi.cli.__file__).parent
JSON_WRITERS = {"to_json", "dumps"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def problems(source: str) -> list[str]:
    """What in `source` (a cli module) breaks the CLI's rules, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: imports {a.name}" for a in node.names
                      if a.name == "bangongshi.storage" or a.name.startswith("bangongshi.storage.")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module.startswith("bangongshi.storage") or (node.module == "bangongshi" and "storage" in names):
                found.append(f"line {node.lineno}: imports from {node.module}")
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_object"):
            found.append(f"line {node.lineno}: defines {node.name} (a JSON object belongs in render)")
        elif isinstance(node, ast.Call) and _name(node.func) in JSON_WRITERS:
            inline = [n for arg in node.args for n in ast.walk(arg) if isinstance(n, (ast.Dict, ast.DictComp))]
            if inline:
                found.append(f"line {node.lineno}: {_name(node.func)} of a document built inline")
    return sorted(found, key=lambda line: int(line.split(":")[0].split()[1]))


def test_no_cli_module_imports_storage_or_builds_json_inline():
    found = {path.name: problems(path.read_text(encoding="utf-8")) for path in sorted(CLI.glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_check_fails_on_a_module_that_breaks_the_rules():
    synthetic = '''
import json
import bangongshi.storage.items
from bangongshi.storage import open_store
from bangongshi import storage
from bangongshi.formats.json import to_json


def command(rows):
    from bangongshi.storage.sealing import check_new
    print(to_json({"rows": rows}))
    print(json.dumps([{"id": r} for r in rows]))
    print(to_json([{k: v for k, v in r.items()} for r in rows]))


def _plan_object(saved):
    return {"date": saved}
'''
    assert problems(synthetic) == [
        "line 3: imports bangongshi.storage.items",
        "line 4: imports from bangongshi.storage",
        "line 5: imports from bangongshi",
        "line 10: imports from bangongshi.storage.sealing",
        "line 11: to_json of a document built inline",
        "line 12: dumps of a document built inline",
        "line 13: to_json of a document built inline",
        "line 16: defines _plan_object (a JSON object belongs in render)",
    ]


def test_a_view_from_render_is_allowed():
    assert problems("from bangongshi.render import plan as views\nto_json(views.plan_object(saved))\n") == []


def test_the_session_is_opened_by_services_and_the_run_state_is_typed():
    source = (CLI / "context.py").read_text(encoding="utf-8")
    assert "open_session" in source and "open_store" not in source
    from bangongshi.cli.context import RunState

    state = RunState(["add", "x"])
    assert (state.db, state.strict, state.passphrase, state.config_optional, state.session) == (
        None, False, None, False, None)


def test_each_commands_format_help_lists_what_it_accepts(bgs):
    """The review found `bgs agenda --help` offering csv (refused) and hiding md and text."""
    agenda = bgs.ok("agenda", "--help", env={"COLUMNS": "250"}).stdout
    assert "输出格式：table（表格）、json、md（Markdown）、text" in agenda and "csv" not in agenda
    assert bgs("agenda", "--format", "csv").code == 2
    assert "输出格式：table（表格）、json、csv" in bgs.ok("list", "--help", env={"COLUMNS": "250"}).stdout
    undo = bgs.ok("undo", "--help", env={"COLUMNS": "250"}).stdout
    assert "输出格式：table（表格）、json " in undo and "csv" not in undo
