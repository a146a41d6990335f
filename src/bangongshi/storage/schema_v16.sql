-- Schema version 16 (the import journal, issue #19): a change may leave its after-image out. A bulk
-- import journals each row it adds as one change (before NULL) with after_implied = 1 and no copy of
-- the row: the after-image is the `before` of the same row's next change, or the row as it is now.
-- The journal of an import of 100,000 items then holds a few dozen bytes per item instead of a JSON
-- copy of each (which made the journal four times the items). Undo still works: the undo run keeps the
-- rows it removes in full, and redo reads them from there.
ALTER TABLE changes ADD COLUMN after_implied INTEGER NOT NULL DEFAULT 0;
