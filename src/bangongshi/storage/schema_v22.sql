-- Schema version 22: minutes an older bgs read from an import file as text (its converter took
-- spent_minutes and remind for text): "abc" or "True" stayed text in the INTEGER column, and a report
-- that added the minutes up stopped with an error; "1.5" became a fraction. A fraction is rounded to
-- whole minutes. A text that is no number is moved into the item's notes, where the user still reads
-- it, and the field is emptied (a locked item's notes are sealed and cannot be written without the
-- passphrase: its field is emptied only).
UPDATE items SET
    notes = notes || CASE WHEN notes = '' THEN '' ELSE char(10) END
        || '（导入时的实际用时「' || spent_minutes || '」不是分钟数，移到这里）',
    spent_minutes = NULL
    WHERE typeof(spent_minutes) IN ('text', 'blob') AND locked = 0;
UPDATE items SET spent_minutes = NULL WHERE typeof(spent_minutes) IN ('text', 'blob');
UPDATE items SET spent_minutes = CAST(round(spent_minutes) AS INTEGER) WHERE typeof(spent_minutes) = 'real';
UPDATE items SET
    notes = notes || CASE WHEN notes = '' THEN '' ELSE char(10) END
        || '（导入时的提醒提前量「' || remind || '」不是分钟数，移到这里）',
    remind = NULL
    WHERE typeof(remind) IN ('text', 'blob') AND locked = 0;
UPDATE items SET remind = NULL WHERE typeof(remind) IN ('text', 'blob');
UPDATE items SET remind = CAST(round(remind) AS INTEGER) WHERE typeof(remind) = 'real';
