-- Schema version 5: the agenda groups open items by the facts ranking reads. This index holds every
-- column the grouping reads (`at` too, so its IS NOT NULL needs no table row), in the grouping's
-- order: SQLite groups 10,000 open items by scanning it, without sorting and without the table.
CREATE INDEX items_open_facts ON items (folder, important, urgent, key, constrained, locked, due, assigned_at,
    attention, at IS NOT NULL, at, id) WHERE folder != 'done';
