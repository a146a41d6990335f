-- Schema version 10: a slip (差错) tied to a locked item is sealed like the item's own text. Values
-- sealed before this version stay readable (format v1) and are sealed again, bound to their rows and
-- naming their key version, the first time the passphrase is given (storage/sealing.py).
ALTER TABLE slips ADD COLUMN sealed TEXT;
-- The command line of a run with a locked item's text is shown masked; the CLI, which knows which
-- words are option values, records the masked form beside it (storage/sealing.py mask_run).
ALTER TABLE runs ADD COLUMN masked TEXT;
