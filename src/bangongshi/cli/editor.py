"""Editing text in the user's editor ($VISUAL, $EDITOR, then the system's default)."""

import os
import shlex
import shutil
import subprocess
import tempfile

from bangongshi.errors import BadInput

FALLBACK_EDITORS = ("editor", "nano", "vi", "notepad")


def edit_text(text: str) -> str | None:
    """The text after editing, or None when the editor left it unchanged."""
    command = _editor_command()
    with tempfile.TemporaryDirectory(prefix="bgs-") as directory:
        path = os.path.join(directory, "备注.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text + ("\n" if text else ""))
        try:
            finished = subprocess.run([*command, path])
        except OSError as error:
            raise BadInput(f"无法启动编辑器「{' '.join(command)}」：{error}") from None
        if finished.returncode != 0:
            raise BadInput(f"编辑器退出码为 {finished.returncode}，备注未改动")
        with open(path, encoding="utf-8") as handle:
            edited = handle.read().rstrip("\n")
    return None if edited == text else edited


def _editor_command() -> list[str]:
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise BadInput("没有可用的编辑器：请设置环境变量 EDITOR，例如 export EDITOR=nano")
