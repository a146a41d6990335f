-- Schema version 15: the agenda's 督办提醒 read only the items that can still remind (issue #19): a
-- handoff nobody has acknowledged, a result still owed to the leader, an open item under 督办. A
-- year's 督办 history is mostly handled and reported; it stays out of this index, so the morning view
-- reads the same few rows however long the history grows. The WHERE is written exactly as
-- storage/follow.py REMINDING, so that SQLite uses it; the columns are those that FOLLOWED_COLUMNS
-- reads, so that SQLite reads them from here alone rather than from rows spread over the whole file.
CREATE INDEX items_reminding ON items (id, folder, source, handler, attention, due, report_required, reported_at,
    done_at, delegated_at, created, follow_every, follow_rrule, follow_policy, handoff_to, handoff_at, acknowledged_at)
    WHERE (handoff_to != '' AND ifnull(acknowledged_at, '') = '')
    OR (folder = 'done' AND report_required = 1 AND ifnull(reported_at, '') = '') OR (folder != 'done' AND handler != '');
-- The agenda ranks open items by groups of equal facts (storage/items.py OPEN_FACTS_SQL), with the two
-- 督办 facts (a result owed, a handler) in the group rather than looked up item by item. Two indexes,
-- so that each item is read once: items nobody assigned, and assigned ones, grouped by the day of the
-- assignment (ranking reads no finer), last, so that the days before the age rule's floor can be read
-- as one group. The raw columns at the end let SQLite read the grouping from the index alone, in its
-- order, without sorting and without the table.
DROP INDEX items_open_facts;
CREATE INDEX items_open_facts ON items (folder, important, urgent, key, constrained, locked, due, attention,
    at IS NOT NULL, report_required, handler != '', assigned_at, at, handler, id)
    WHERE folder != 'done' AND ifnull(assigned_at, '') = '';
CREATE INDEX items_open_assigned ON items (folder, important, urgent, key, constrained, locked, due, attention,
    at IS NOT NULL, report_required, handler != '', substr(assigned_at, 1, 10), assigned_at, at, handler, id)
    WHERE folder != 'done' AND ifnull(assigned_at, '') != '';
-- The last nudge of each item under 督办 (the cadence counts from it): read from this index alone.
CREATE INDEX follow_ups_nudges ON follow_ups (item_id, at) WHERE kind = 'nudge';
