"""Rows written by SQLite (issue #19): an item row as the text of its JSON object or its CSV line,
made in the SELECT that reads it, for `list --format json|csv` and `export --format json|csv`.

Why here: turning 110,000 rows into Items, then into dicts, then into text cost four times what
`task export` spends; SQLite concatenating the stored text in C costs less than Python creating the
row's fifty values. The text is exactly what formats/json.py and formats/csv.py write for the Item
(tests/test_bulk_rows.py compares them on every kind of value): a value passes through only in the
form the Item would print it as (codec.py's ISO text, 0/1, the codes, tags as json.dumps wrote them);
anything else — a date another program wrote in another form, a damaged row — puts MARK in the row
(a control character), and the caller reads that row as an Item, which prints it the same
way or says it is damaged.

The keys are the caller's (the contract's, formats/json.py ITEM_KEYS): a column, or a coded column's
name with `_label`. Labels and codes come from the model's enums.
"""

import json
import sqlite3

from bangongshi.model import Attention, Folder, Kind

CODED = {"folder": Folder, "kind": Kind, "attention": Attention}
INTEGERS = ("id", "duration_minutes", "estimate_minutes", "recurrence_id", "parent_id", "step_offset",
            "spent_minutes")
TEXTS = ("uuid", "title", "notes", "location", "source", "handler", "result", "step", "step_from",
         "follow_every", "follow_rrule", "follow_policy", "handoff_to")
FLAGS = ("important", "urgent", "key", "constrained", "report_required", "major", "locked", "hand_edited")
DAYS = ("due", "occurrence")
MOMENTS = ("at", "assigned_at", "created", "updated", "done_at", "delegated_at", "reported_at", "handoff_at",
           "acknowledged_at")

# What codec.py writes, digit by digit; the checks after the shape are the ranges Python's
# date/datetime accept, so that what passes reads back (and prints) as the very same text. A day
# past the 28th asks SQLite's date() with a modifier, which moves 2026-02-30 on to March (so it fails
# the comparison; without one, date() gives back any day up to the 31st as it was given).
_DAY_SHAPE = "[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]"
_MOMENT_SHAPE = _DAY_SHAPE + "T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][+-][01][0-9]:[0-5][0-9]"


def _day_valid(text: str, day: str | None = None) -> str:
    """`text` begins with a day: a date column, or a moment, whose characters are read in place (cutting
    the day out first for each check cost the JSON of 110,000 items a tenth of its time); `day`: the
    day alone, for date()."""
    day = day or text
    return (f"{text} >= '0001' AND (substr({text}, 9, 2) BETWEEN '01' AND '28' AND substr({text}, 6, 2) "
            f"BETWEEN '01' AND '12' OR date({day}, '+0 days') = {day})")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _json_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _empty(column: str) -> str:
    """codec.py reads an empty date as none (`if text`), as it reads NULL."""
    return f"{column} IS NULL OR {column} = ''"


def _dated(column: str) -> str | None:
    """The condition under which a date column's text is printed as it is stored; None: not a date column."""
    if column in DAYS:
        return f"{_bytes(column, 10)} AND {column} GLOB '{_DAY_SHAPE}' AND {_day_valid(column)}"
    if column in MOMENTS:
        return (f"{_bytes(column, 25)} AND {column} GLOB '{_MOMENT_SHAPE}' "
                f"AND {_day_valid(column, f'substr({column}, 1, 10)')} AND substr({column}, 12, 2) < '24' "
                f"AND substr({column}, 20) != '-00:00'")  # Python prints -00:00 as +00:00
    if column == "due_time":
        return f"{_bytes(column, 5)} AND {column} GLOB '[0-2][0-9]:[0-5][0-9]' AND {column} < '24'"
    return None


def _bytes(column: str, size: int) -> str:
    """The text is `size` bytes long: GLOB (and printf) read a text only up to a NUL in it, so that
    "2026-01-01" followed by a NUL and more would pass the shape (and be cut short when written)."""
    return f"length(CAST({column} AS BLOB)) = {size}"


# Tags as json.dumps wrote a list of strings: ["a", "b"]. Without a backslash no string holds a quote
# or an escape, so the text between the outer [" and "] split at ", " is the tags themselves; control
# characters (which json.dumps escapes) send the row to Python.
_TAG_INNER = "substr(tags, 3, length(tags) - 4)"
_TAGS_PLAIN = ("tags GLOB '[[]\"*\"[]]' AND instr(tags, '\\') = 0 "
               f"AND instr(replace({_TAG_INNER}, '\", \"', ''), '\"') = 0 "
               "AND NOT tags GLOB ('*[' || char(1) || '-' || char(31) || ']*') AND instr(tags, char(0)) = 0")


def _coded(column: str, key: str) -> str:
    """A code, or its label (key `<column>_label`), as a JSON value."""
    members = CODED[column]
    shown = [(m.code, m.label if key.endswith("_label") else m.code) for m in members]
    cases = " ".join(f"WHEN {column} = {_sql_text(code)} THEN {_sql_text(_json_text(text))}" for code, text in shown)
    none = f"WHEN {column} IS NULL THEN 'null' " if column != "folder" else ""
    return f"CASE {none}{cases} {_MARKED}"


def _column_of(key: str) -> str:
    column = key[:-len("_label")] if key.endswith("_label") else key
    if column not in CODED and key != column:
        raise KeyError(key)
    return column


# What a JSON value is where SQLite cannot write it as the Item would: a control character, which no
# written row holds (json_quote escapes them; tags holding one are refused by the check; every other
# value is checked), found in the row's text by one memchr (storage/items.py). Not NULL: printf writes
# a NULL argument as nothing, and looking for the hole it leaves (": ," or ": }") cost as much as
# printf saved.
MARK = "\x01"
_MARKED = "ELSE char(1) END"


def json_value(key: str) -> str:
    """The SQL of one key's JSON value as formats/json.py item_object and json.dumps write it; MARK
    where the stored value is not in the form the Item would print unchanged."""
    column = _column_of(key)
    if column in CODED:
        return _coded(column, key)
    if column == "id":
        return "id"  # INTEGER PRIMARY KEY: always a whole number
    if column in INTEGERS:
        return f"CASE WHEN typeof({column}) = 'integer' THEN {column} WHEN {column} IS NULL THEN 'null' {_MARKED}"
    if column in TEXTS:
        return (f"CASE WHEN {column} = '' THEN '\"\"' WHEN typeof({column}) = 'text' THEN json_quote({column}) "
                f"WHEN {column} IS NULL THEN 'null' {_MARKED}")
    if column in FLAGS:
        return f"CASE {column} WHEN 0 THEN 'false' WHEN 1 THEN 'true' {_MARKED}"
    if column == "tags":
        return f"CASE WHEN tags = '[]' THEN '[]' WHEN {_TAGS_PLAIN} THEN tags {_MARKED}"
    dated = _dated(column)
    if dated is None:
        raise KeyError(key)
    return f"CASE WHEN {_empty(column)} THEN 'null' WHEN {dated} THEN '\"' || {column} || '\"' {_MARKED}"


# Columns that are empty together on most rows (an appointment's, an assignment's, a rule's, a
# template step's, a 督办's): where the keys run through one family, the whole run is one constant
# when every column in it is empty, which costs SQLite a third of writing them one by one.
FAMILIES = (("at", "duration_minutes", "location"),
            ("source", "assigned_at", "attention", "report_required", "handler"),
            ("recurrence_id", "occurrence", "hand_edited"),
            ("parent_id", "step", "step_from", "step_offset"),
            ("follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at", "handoff_to", "handoff_at",
             "acknowledged_at"))
_FAMILY = {column: n for n, family in enumerate(FAMILIES) for column in family}


def _is_empty(column: str) -> str:
    """The SQL of a column holding its empty value: "" text, a 0 flag, no tags, else NULL."""
    if column in TEXTS:
        return f"{column} = ''"
    if column in FLAGS:
        return f"{column} = 0"
    return "tags = '[]'" if column == "tags" else f"{column} IS NULL"


def _runs(keys: tuple[str, ...]) -> list[list[str]]:
    """The keys in order, those of one family side by side gathered into one run."""
    runs: list[list[str]] = []
    for key in keys:
        family = _FAMILY.get(_column_of(key))
        if runs and family is not None and _FAMILY.get(_column_of(runs[-1][-1])) == family:
            runs[-1].append(key)
        else:
            runs.append([key])
    return runs


def _printed(keys: tuple[str, ...], lead, value, empty, end: str = "") -> str:
    """The SQL of a row's text as one printf: per key, the text before its value (`lead(n, key)`, n its
    place), its value (`value(key)` SQL, never NULL: printf writes NULL as nothing) or `empty(key)`, the
    text of its empty value. A family's run is one argument: one constant when all of it is empty.

    Why printf: it writes the row into one buffer. Joining the 47 pieces with `||`, even nested in halves,
    copied the growing text at each: a fifth of the time of the JSON of 110,000 items."""
    layout, values = [], []
    position = 0
    for run in _runs(keys):
        layout.append(lead(position, run[0]).replace("%", "%%") + "%s")  # a run's first lead is in the format
        if len(run) == 1:
            values.append(value(run[0]))
        else:
            after = list(enumerate(run, position))[1:]
            pieces = [value(run[0])] + [f"{_sql_text(lead(n, key))} || ({value(key)})" for n, key in after]
            constant = empty(run[0]) + "".join(lead(n, key) + empty(key) for n, key in after)
            condition = " AND ".join(dict.fromkeys(_is_empty(_column_of(key)) for key in run))
            values.append(f"CASE WHEN {condition} THEN {_sql_text(constant)} ELSE {_halves(pieces)} END")
        position += len(run)
    return f"printf({_sql_text(''.join(layout) + end.replace('%', '%%'))}, {', '.join(values)})"


def _halves(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return f"({_halves(parts[:middle])} || {_halves(parts[middle:])})"


def _json_empty(column: str) -> str:
    return '""' if column in TEXTS else "false" if column in FLAGS else "[]" if column == "tags" else "null"


def json_object(keys: tuple[str, ...]) -> str:
    """The SQL of an item row's JSON object, as `json.dumps(item_object(item), ensure_ascii=False)`
    writes it (", " and ": "), with MARK in it where that row is to be read as an Item."""
    return _printed(keys, lambda n, key: ("{" if n == 0 else ", ") + _json_text(key) + ": ", json_value,
                    lambda key: _json_empty(_column_of(key)), "}")


# formats/csv.py: cells that begin like a formula get an apostrophe (unless raw), and a cell holding
# the delimiter or a quote is quoted with its quotes doubled.
_FORMULA = "('=', '+', '-', '@', char(9), char(13), '''')"


def _cell(value: str, raw: bool) -> str:
    if not raw:
        value = f"CASE WHEN substr({value}, 1, 1) IN {_FORMULA} THEN '''' || {value} ELSE {value} END"
    return (f"CASE WHEN instr({value}, ',') OR instr({value}, '\"') THEN '\"' || replace({value}, '\"', '\"\"') || '\"' "
            f"ELSE {value} END")


def csv_cell(key: str, raw: bool) -> str:
    """The SQL of one key's CSV cell as formats/csv.py writes it; NULL where the stored value is not in the
    form the Item would print unchanged."""
    column = _column_of(key)
    if column in CODED:
        members = CODED[column]
        cases = " ".join(f"WHEN {column} = {_sql_text(m.code)} THEN {_sql_text(m.label if key != column else m.code)}"
                         for m in members)
        none = f"WHEN {column} IS NULL THEN '' " if column != "folder" else ""
        return f"CASE {none}{cases} END"
    if column == "id":
        return "id"
    if column in INTEGERS:
        shown = f"CASE WHEN {column} < 0 THEN '''' || {column} ELSE {column} END" if not raw else column
        return f"CASE WHEN {column} IS NULL THEN '' WHEN typeof({column}) = 'integer' THEN {shown} END"
    if column in TEXTS:  # a text with a NUL in it is Python's (printf would cut it there; the JSON escapes it)
        return (f"CASE WHEN {column} = '' THEN '' WHEN typeof({column}) = 'text' AND instr({column}, char(0)) = 0 "
                f"THEN {_cell(column, raw)} WHEN {column} IS NULL THEN '' END")
    if column in FLAGS:
        return f"CASE {column} WHEN 0 THEN '0' WHEN 1 THEN '1' END"
    if column == "tags":
        joined = f"replace({_TAG_INNER}, '\", \"', ';')"
        return f"CASE WHEN tags = '[]' THEN '' WHEN {_TAGS_PLAIN} THEN {_cell(joined, raw)} END"
    dated = _dated(column)
    if dated is None:
        raise KeyError(key)
    return f"CASE WHEN {_empty(column)} THEN '' WHEN {dated} THEN {column} END"


def csv_line(keys: tuple[str, ...], raw: bool) -> str:
    """The SQL of an item row's CSV line (without its line end), with MARK in it where that row is to be
    read as an Item. A line with a line break, a CR or a NUL in it is also read as an Item
    (ItemRepository._written): Python's writer then quotes every cell of the row."""
    return _printed(keys, lambda n, key: "," if n else "", lambda key: f"coalesce({csv_cell(key, raw)}, char(1))",
                    lambda key: "0" if _column_of(key) in FLAGS else "")


# Characters whose JSON escapes differ between encoders if they differ at all: every one below 128,
# the C1 controls, the line and paragraph separators, a BOM, the last code point.
_PROBE = "".join(map(chr, range(160))) + "\u2028\u2029\ufeff\U0010ffff中文"


def sqlite_json_agrees(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite's json_quote writes text as Python's json.dumps(ensure_ascii=False) does
    (checked once a run: another SQLite version may escape differently; then rows go through Python)."""
    try:
        made = conn.execute("SELECT json_quote(?)", (_PROBE,)).fetchone()[0]
    except sqlite3.Error:  # built without JSON
        return False
    return made == json.dumps(_PROBE, ensure_ascii=False)
