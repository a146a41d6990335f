-- Schema version 13: every user command clears the redo list (`UPDATE runs SET redoable = 0 WHERE
-- redoable = 1`, storage/store.py). Without an index that statement read every run ever journaled:
-- one per command, so a real office's years of history made every `bgs add` slower (issue #19). The
-- redoable runs are few (those undone since the last command), and so is this index.
CREATE INDEX runs_redoable ON runs (id) WHERE redoable = 1;
