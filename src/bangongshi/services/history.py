"""Undo, redo and the log: the journal turned into use cases."""

from dataclasses import dataclass

from bangongshi.errors import BadInput
from bangongshi.services.session import Session
from bangongshi.storage import journal
from bangongshi.storage.journal import Change, Run


@dataclass(frozen=True)
class Reverted:
    run: Run
    changes: list[Change]


def undo(session: Session) -> Reverted:
    with session.store.write(session.command, session.now, action="undo") as tx:
        run = journal.last_undoable(tx.conn)
        if run is None:
            raise BadInput("没有可以撤销的操作")
        changes = journal.changes_of(tx.conn, run.id)
        tx.target_run = run.id
        for change in reversed(changes):
            _expect(tx, change, change.after, run, "撤销")
            tx.restore(change.entity, change.entity_id, change.before)
        journal.mark(tx.conn, run.id, undone=True)
    return Reverted(run, changes)


def redo(session: Session) -> Reverted:
    with session.store.write(session.command, session.now, action="redo") as tx:
        run = journal.next_redoable(tx.conn)
        if run is None:
            raise BadInput("没有可以重做的操作（重做只能紧接在撤销之后）")
        changes = journal.changes_of(tx.conn, run.id)
        tx.target_run = run.id
        for change in changes:
            _expect(tx, change, change.before, run, "重做")
            tx.restore(change.entity, change.entity_id, change.after)
        journal.mark(tx.conn, run.id, undone=False)
    return Reverted(run, changes)


def _expect(tx, change: Change, expected: dict | None, run: Run, verb: str) -> None:
    """Refuse rather than overwrite a change made after the run (by the tool, or another shell)."""
    if tx.fetch(change.entity, change.entity_id) != expected:
        raise BadInput(
            f"无法{verb}「{run.command}」：#{change.entity_id} 在那之后又被修改过；请用 bgs log 查看历史"
        )


def log(session: Session, limit: int) -> list[Run]:
    if limit <= 0:
        raise BadInput("--limit 必须是正整数")
    return journal.runs(session.store.conn, limit)


def item_history(session: Session, item_id: int) -> list[tuple[Run, Change]]:
    return journal.item_history(session.store.conn, item_id)
