"""The journal's read side: which run undo or redo acts on, the log, an item's history."""

import json

from bangongshi.model.journal import Change, Run
from bangongshi.storage import codec
from bangongshi.storage.repository import Repository


_RUN_COLUMNS = (
    "runs.id, started, command, actor, action, target_run, undone, "
    "(SELECT count(*) FROM changes WHERE changes.run_id = runs.id)"
)


def _load(text: str | None) -> dict | None:
    try:
        snapshot = None if text is None else json.loads(text)
    except ValueError:
        snapshot = []
    if snapshot is not None and not isinstance(snapshot, dict):
        from bangongshi.errors import StorageError

        raise StorageError("数据文件中的修改历史已损坏：bgs doctor 检查，或用 bgs restore 从备份恢复")
    return snapshot


def _run(row) -> Run:
    return Run(row[0], codec.moment(row[1]), row[2], row[3], row[4], row[5], bool(row[6]), row[7])


class JournalRepository(Repository):
    """The runs and their changes, as undo, redo, the log and an item's history read them."""

    def last_undoable(self) -> Run | None:
        """The user's most recent command still in effect. Tool runs are never undone."""
        row = self.conn.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE actor = 'user' AND action = 'command' AND undone = 0 "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return _run(row) if row else None

    def next_redoable(self) -> Run | None:
        """The command undone most recently, if no new command has been run since."""
        row = self.conn.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ("
            "  SELECT u.target_run FROM runs u JOIN runs t ON t.id = u.target_run"
            "  WHERE u.action = 'undo' AND t.redoable = 1 AND t.undone = 1 ORDER BY u.id DESC LIMIT 1)"
        ).fetchone()
        return _run(row) if row else None

    def mark(self, run_id: int, *, undone: bool) -> None:
        self.conn.execute("UPDATE runs SET undone = ?, redoable = ? WHERE id = ?", (int(undone), int(undone), run_id))

    def changes_of(self, run_id: int) -> list[Change]:
        rows = self.conn.execute(
            "SELECT run_id, entity, entity_id, before, after FROM changes WHERE run_id = ? ORDER BY id", (run_id,)
        )
        return [Change(r[0], r[1], r[2], _load(r[3]), _load(r[4])) for r in rows]

    def runs(self, limit: int) -> list[Run]:
        rows = self.conn.execute(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_run(r) for r in rows]

    def item_history(self, item_id: int) -> list[tuple[Run, Change]]:
        rows = self.conn.execute(
            f"SELECT {_RUN_COLUMNS}, c.before, c.after FROM changes c JOIN runs ON runs.id = c.run_id "
            "WHERE c.entity = 'item' AND c.entity_id = ? ORDER BY c.id",
            (item_id,),
        )
        return [(_run(r), Change(r[0], "item", item_id, _load(r[8]), _load(r[9]))) for r in rows]
