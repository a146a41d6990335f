"""The base of the repositories a Store hands out (store.items, store.journal, …)."""

import sqlite3


def damaged(item_id, error):
    """The error of an item row that cannot be read (exit 5), for every reader of item rows."""
    from bangongshi.errors import StorageError

    return StorageError(f"数据文件中事项 #{item_id} 的记录已损坏（{error}）：bgs doctor 检查，或用 bgs restore 从备份恢复")


class Repository:
    """Each repository holds the store's one connection and speaks SQL for one family of tables;
    writes go through the caller's Transaction (the journal). In a module of its own so that the
    repositories and the Store that creates them do not import each other."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn


# Rules that may have an occurrence to make on a day (?): the next one has entered its window, the rule
# changed since its progress was worked out (an edit, an undo), or it was never worked out. Shared by
# RuleRepository.due_for_making and Store.rules_due, which every command asks on open without loading
# the rules' module.
RULES_DUE = ("FROM recurrences r LEFT JOIN recurrence_progress p ON p.recurrence_id = r.id "
             "WHERE r.paused = 0 AND (p.recurrence_id IS NULL OR p.next_appear <= ? OR p.rule_updated IS NOT r.updated)")

# Items someone follows (督办, a result owed, a handoff): written exactly as the partial index
# items_followed of schema_v7.sql, so that SQLite uses it (bare `bgs` asks this on every run).
FOLLOWED = "handler != '' OR report_required = 1 OR handoff_to != ''"
