-- Schema version 5: the agenda groups open items by the facts ranking reads; with this index the
-- grouping reads them in order instead of sorting 10,000 rows on every `bgs`.
CREATE INDEX items_open_facts ON items (folder, important, urgent, key, constrained, locked, due, assigned_at,
    attention, at IS NOT NULL, id) WHERE folder != 'done';
