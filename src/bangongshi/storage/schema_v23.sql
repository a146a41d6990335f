-- Schema version 23: two indexes a report reads whole (issue #19). A month's report counts what was
-- handled in it (kind, key, start, duration, estimate, time spent, day) and the 督办台账's status of
-- every followed item; through indexes of the day or the id alone, SQLite looked each of 10,000 handled
-- and 30,000 followed items up in the table, two thirds of the report. The same indexes, by the same
-- names and for the same rows, now hold those columns too, so the report reads them alone. The id comes
-- right after the day, so that items handled at the same moment keep their order (by number) as before.
DROP INDEX IF EXISTS items_done_at;
CREATE INDEX items_done_at ON items (done_at, id, kind, key, at, duration_minutes, estimate_minutes, spent_minutes,
    folder) WHERE folder = 'done';
DROP INDEX IF EXISTS items_followed;
CREATE INDEX items_followed ON items (id, folder, handler, report_required, reported_at, acknowledged_at, handoff_to,
    due) WHERE handler != '' OR report_required = 1 OR handoff_to != '';
