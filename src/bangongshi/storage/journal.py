"""The journal's read side: which run undo or redo acts on, the log, an item's history."""

import json
from collections.abc import Iterator

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


# The change's columns, with the row's next change (by id) when the after-image was left to the row
# (schema_v13.sql): that change's `before` is this one's after-image; without one, the row as it is now.
_CHANGE_COLUMNS = "c.run_id, c.entity, c.entity_id, c.before, c.after, c.after_implied, n.id, n.before"
_NEXT_CHANGE = (
    "LEFT JOIN changes n ON c.after_implied AND n.id = (SELECT m.id FROM changes m WHERE m.entity = c.entity "
    "AND m.entity_id = c.entity_id AND m.id > c.id ORDER BY m.id LIMIT 1)"
)


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

    def changes_of(self, run_id: int, newest_first: bool = False, batch: int = 1000) -> Iterator[Change]:
        """The run's changes in order (or newest first), read a batch at a time: the run of a large
        import holds one per item. Each batch is read whole before it is handed out, so the caller may
        write (undo, redo) between batches."""
        last = None
        order, beyond = ("DESC", "<") if newest_first else ("ASC", ">")
        while True:
            after = "" if last is None else f" AND c.id {beyond} ?"
            rows = self.conn.execute(
                f"SELECT c.id, {_CHANGE_COLUMNS} FROM changes c {_NEXT_CHANGE} WHERE c.run_id = ?{after} "
                f"ORDER BY c.id {order} LIMIT ?", (run_id, *(() if last is None else (last,)), batch)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield from self._changes([r[1:] for r in rows])

    def _changes(self, rows: list) -> list[Change]:
        """Changes from rows of _CHANGE_COLUMNS, every after-image filled in."""
        current = self._rows_now({(r[1], r[2]) for r in rows if r[5] and r[6] is None})
        found = []
        for run_id, entity, entity_id, before, after, implied, next_id, next_before in rows:
            if not implied:
                after_image = _load(after)
            elif next_id is not None:
                after_image = _load(next_before)
            else:
                after_image = current.get((entity, entity_id))
            found.append(Change(run_id, entity, entity_id, _load(before), after_image, bool(implied)))
        return found

    def _rows_now(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], dict]:
        """The stored rows, as the journal would snapshot them, of (entity, id) pairs."""
        from bangongshi.storage.store import JOURNALED_TABLES

        found: dict[tuple[str, int], dict] = {}
        by_entity: dict[str, list[int]] = {}
        for entity, entity_id in wanted:
            by_entity.setdefault(entity, []).append(entity_id)
        for entity, ids in by_entity.items():
            ids.sort()
            for start in range(0, len(ids), 500):  # stay under SQLite's limit on bound parameters
                chunk = ids[start:start + 500]
                cursor = self.conn.execute(
                    f"SELECT * FROM {JOURNALED_TABLES[entity]} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
                names = [d[0] for d in cursor.description]
                found.update(((entity, row[0]), dict(zip(names, row))) for row in cursor)
        return found

    def runs(self, limit: int) -> list[Run]:
        rows = self.conn.execute(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_run(r) for r in rows]

    def item_history(self, item_id: int) -> list[tuple[Run, Change]]:
        rows = self.conn.execute(
            f"SELECT {_RUN_COLUMNS}, {_CHANGE_COLUMNS} FROM changes c JOIN runs ON runs.id = c.run_id {_NEXT_CHANGE} "
            "WHERE c.entity = 'item' AND c.entity_id = ? ORDER BY c.id",
            (item_id,),
        ).fetchall()
        return list(zip((_run(r) for r in rows), self._changes([r[8:] for r in rows])))
