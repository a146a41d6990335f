"""`bgs config set` and `bgs config edit` as use cases: the settings file is written, and the change
journaled like any other, so that `bgs undo` puts the file back (instead of undoing some older,
unrelated command, issue #21) and `bgs redo` writes it again.

A journaled change of the file holds its whole text before and after (`{"file", "text", "values"}`;
`values`: the settings the text writes, for describing the change). Undo writes the old text only
if the file is still as the command left it: an edit by hand since is never overwritten.
"""

from pathlib import Path

from bangongshi import config
from bangongshi.errors import BadInput
from bangongshi.services.session import Session

SETTING = "setting"  # the journal's entity (storage/store.py OUTSIDE_ENTITIES)


def set_value(session: Session, key: str, raw: str) -> None:
    """Set one dotted key; refused (and nothing written) when the result is not valid settings."""
    path = config.config_path()
    old, new = config.with_value(path, key, raw)
    _write(session, path, old, new)


def save_text(session: Session, text: str) -> None:
    """The settings file as edited (`bgs config edit`), once checked."""
    path = config.config_path()
    config.ensure_file(path)
    old = config.read_text(path)
    config.check_text(text, "修改后的设置")  # names the setting and the line of the edited text
    _write(session, path, old, text)


def _snapshot(path: Path, text: str) -> dict:
    return {"file": str(path), "text": text, "values": config.leaves(text)}


def _write(session: Session, path: Path, old: str, new: str) -> None:
    with session.write() as tx:
        tx.note(SETTING, _snapshot(path, old), _snapshot(path, new))
        # Last, inside the transaction: a file that cannot be written leaves no journaled change.
        _put(path, new)


def _put(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def check_reversible(snapshot: dict, expected: dict, command: str, verb: str) -> None:
    """Before undo or redo puts `snapshot`'s text back: the file must hold `expected`'s text, as the
    command (or the undo) left it; a file changed since, by hand or by another bgs, is not overwritten."""
    path = Path(snapshot["file"])
    try:
        now = config.read_text(path) if path.exists() else None
    except BadInput:
        now = None
    if now != expected["text"]:
        raise BadInput(f"无法{verb}「{command}」：设置文件「{path}」在那之后又被修改过（bgs config show 查看，"
                       "bgs config edit 修改）")


def put_back(snapshot: dict) -> None:
    """Write the text of a journaled snapshot of the settings file (undo, redo)."""
    _put(Path(snapshot["file"]), snapshot["text"])
