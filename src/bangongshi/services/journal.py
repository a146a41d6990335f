"""Undo, redo and the log: the journal turned into use cases."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bangongshi.errors import BadInput
from bangongshi.services.config import SETTING, check_reversible, put_back
from bangongshi.services.session import Session
from bangongshi.model.journal import Change, Run


@dataclass(frozen=True)
class Reverted:
    run: Run  # the command undone or redone
    # Its changes as it made them, read from the store as they are gone through (the undo of a large
    # import lists one per item): once, or reversed() once, before the session closes.
    changes: Iterable[Change]
    backwards: bool = True  # undone (each change reversed now); False: redone (made again)


def undo(session: Session) -> Reverted:
    return _replay(session, "undo", "last_undoable", "没有可以撤销的操作")


def redo(session: Session) -> Reverted:
    return _replay(session, "redo", "next_redoable", "没有可以重做的操作（重做只能紧接在撤销之后）")


def _replay(session: Session, action: str, pick: str, nothing_left: str) -> Reverted:
    """Undo walks a run's changes backwards to their `before`; redo forwards to their `after`.
    `pick`: the journal's question that names the run (asked under the write lock)."""
    backwards = action == "undo"
    journal = session.store.journal
    with session.store.write(session.command, session.now, action=action) as tx:
        run = getattr(journal, pick)()
        if run is None:
            raise BadInput(nothing_left)
        tx.target_run = run.id
        files = []  # the settings file, written last: a refusal on the way leaves it as it is
        for change in journal.changes_of(run.id, newest_first=backwards):
            now_expected, wanted = (change.after, change.before) if backwards else (change.before, change.after)
            if change.entity == SETTING:
                check_reversible(wanted, now_expected, run.command, "撤销" if backwards else "重做")
                tx.note(SETTING, now_expected, wanted)
                files.append(wanted)
                continue
            current = _expect(tx, change, now_expected, run, "撤销" if backwards else "重做")
            tx.restore(change.entity, change.entity_id, wanted, implied=change.after_implied and not backwards,
                       current=current)
        journal.mark(run.id, undone=backwards)
        for snapshot in files:
            put_back(snapshot)
    # Read again after the commit: undoing an unlock locks the item again, and the journal's plain
    # snapshots of it were sealed on the way out (what is shown must be the masks, not the text).
    return Reverted(run, _Changes(journal, run.id), backwards)


class _Changes:
    """A run's changes, read a batch at a time whichever way they are gone through."""

    def __init__(self, journal, run_id: int):
        self.journal, self.run_id = journal, run_id

    def __iter__(self) -> Iterator[Change]:
        return self.journal.changes_of(self.run_id)

    def __reversed__(self) -> Iterator[Change]:
        return self.journal.changes_of(self.run_id, newest_first=True)


def _expect(tx, change: Change, expected: dict | None, run: Run, verb: str) -> dict | None:
    """Refuse rather than overwrite a change made after the run (by the tool, or another shell); the
    row as it is."""
    stored = current = tx.fetch(change.entity, change.entity_id)
    if current is not None and expected is not None:
        # A snapshot journaled before a migration added columns knows nothing of them.
        current = {key: current.get(key) for key in expected}
        current, expected = _comparable(change.entity, current, expected)
    if current != expected:
        raise BadInput(
            f"无法{verb}「{run.command}」：#{change.entity_id} 在那之后又被修改过；请用 bgs log 查看历史"
        )
    return stored


def log(session: Session, limit: int) -> list[Run]:
    if limit <= 0:
        raise BadInput("--limit 必须是正整数")
    return session.store.journal.runs(limit)


def item_history(session: Session, item_id: int) -> list[tuple[Run, Change]]:
    return session.store.journal.item_history(item_id)


def _comparable(entity: str, current: dict, expected: dict) -> tuple[dict, dict]:
    """A locked item's text is sealed afresh (new nonce) whenever it is rewritten, and a snapshot may
    be sealed while the row is not: compare such rows without their text, whose change `updated`
    records anyway, and without asking for the passphrase."""
    from bangongshi.storage.sealing import SEALED_FIELDS, is_sealed

    if entity not in SEALED_FIELDS or not (is_sealed(current) or is_sealed(expected)):
        return current, expected
    hidden = {*SEALED_FIELDS[entity], "sealed"}
    return ({k: v for k, v in current.items() if k not in hidden},
            {k: v for k, v in expected.items() if k not in hidden})
