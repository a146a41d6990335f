"""The layers of docs/architecture.md, checked by import-linter against [tool.importlinter] in
pyproject.toml; and proof that the check fails when a forbidden import is added."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path, source: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run([str(LINT), "--no-cache"], cwd=project, env=env, capture_output=True, text=True, timeout=120)


def test_every_layer_imports_only_what_is_below_it():
    result = lint(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


def test_the_contract_fails_when_a_forbidden_import_is_added(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "src" / "bangongshi", tmp_path / "src" / "bangongshi",
                    ignore=shutil.ignore_patterns("__pycache__"))
    planted = {
        "cli/journal.py": "from bangongshi.storage import store  # planted\n",
        "domain/dates.py": "import bangongshi.services.session  # planted\n",
        "formats/csv.py": "from bangongshi.storage.items import ItemRepository  # planted\n",
    }
    for name, line in planted.items():
        path = tmp_path / "src" / "bangongshi" / name
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    result = lint(tmp_path, tmp_path / "src")
    assert result.returncode == 1
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith("cli never imports storage") for line in broken), result.stdout
    assert any(line.startswith("domain is pure") for line in broken), result.stdout
    assert any(line.startswith("render and formats never import storage") for line in broken), result.stdout
    assert "bangongshi.cli.journal -> bangongshi.storage.store" in result.stdout


def module_graph(root: Path) -> dict[str, set[str]]:
    """Which modules of the package at `root` import which, counting imports inside functions and
    under TYPE_CHECKING too: a circle is a circle, even when run time happens to survive it."""
    import ast

    files = {".".join(f.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__"): f
             for f in root.rglob("*.py")}
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
                found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {t for t in found if t in files and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other_even_through_others():
    assert circles(module_graph(ROOT / "src" / "bangongshi")) == []


def test_the_circle_check_finds_a_circle_through_a_function_level_import(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from pkg import b\n", encoding="utf-8")
    (package / "b.py").write_text("def f():\n    from pkg.c import g\n", encoding="utf-8")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n",
                                  encoding="utf-8")
    assert circles(module_graph(package)) == [["pkg.a", "pkg.b", "pkg.c"]]
