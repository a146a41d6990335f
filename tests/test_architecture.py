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
