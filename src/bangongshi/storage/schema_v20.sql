-- Schema version 20: the agenda's grouped read of open items (storage/items.py OPEN_FACTS_SQL, issue
-- #19) groups by three values instead of twelve: the ten flags that ranking reads packed into one
-- number (storage/items.py FACTS_CODE, written here exactly as there, so that SQLite matches the
-- expression), the deadline, and for assigned items the day of the assignment. Comparing twelve
-- columns for each of 100,000 index entries was half of the query's time. The raw columns after the
-- id let SQLite read everything from the index alone, as before; the indexes replace the two of
-- schema_v15.sql, which nothing else reads.
DROP INDEX IF EXISTS items_open_facts;
DROP INDEX IF EXISTS items_open_assigned;
CREATE INDEX items_open_facts ON items (((folder = 'temp') | ((important IS 1) << 1) | ((urgent IS 1) << 2)
    | ((key IS 1) << 3) | ((constrained IS 1) << 4) | ((locked IS 1) << 5)
    | (CASE attention WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 0 END << 6)
    | ((at IS NOT NULL) << 8) | ((report_required IS 1) << 9) | ((handler != '') << 10)), due, id,
    folder, important, urgent, key, constrained, locked, attention, at, report_required, handler, assigned_at)
    WHERE folder != 'done' AND ifnull(assigned_at, '') = '';
CREATE INDEX items_open_assigned ON items (((folder = 'temp') | ((important IS 1) << 1) | ((urgent IS 1) << 2)
    | ((key IS 1) << 3) | ((constrained IS 1) << 4) | ((locked IS 1) << 5)
    | (CASE attention WHEN 'high' THEN 1 WHEN 'normal' THEN 2 WHEN 'low' THEN 3 ELSE 0 END << 6)
    | ((at IS NOT NULL) << 8) | ((report_required IS 1) << 9) | ((handler != '') << 10)), due,
    substr(assigned_at, 1, 10), id,
    folder, important, urgent, key, constrained, locked, attention, at, report_required, handler, assigned_at)
    WHERE folder != 'done' AND ifnull(assigned_at, '') != '';
