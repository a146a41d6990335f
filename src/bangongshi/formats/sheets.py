"""Sheets for people (issue #22): the one vocabulary of Chinese column headers and values, used both to
write human sheets (xlsx, `--excel` csv, docx tables) and to read a secretary's own sheet back.

The machine formats (docs/contract.md) keep their English keys and codes; a human sheet says the same
fields with the glossary's words (docs/glossary.md): 标题, 截止, 交办人, 待办, 办文, 是/否. Every
header has aliases — the words offices put on their own sheets (事项, 工作内容, 时限, 责任人 …) — that
`bgs import` reads as the same field, and `--columns` takes too. Enumerated values are the model's own
labels (Folder, Kind, Attention, Status: `Coded.label`), read back by `Coded.parse`, so a label lives
in one place. docs/sheets.md is this module as a table.
"""

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from bangongshi.errors import BadInput
from bangongshi.model import Attention, Folder, Kind

# How a column's value is written and read back.
TEXT, DATE, MOMENT, CLOCK, FLAG, NUMBER, CODED, TAGS, COMPUTED = (
    "text", "date", "moment", "clock", "flag", "number", "coded", "tags", "computed")

YES, NO = "是", "否"
# What a person types for yes and no in a cell (an empty cell is no).
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "要", "需要", "有"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "不", "不是", "无", "不需要", ""}
TAG_SEPARATOR = "、"
TAG_SEPARATORS = ("、", "；", ";", "，", ",")


@dataclass(frozen=True)
class Column:
    """One column of a human sheet: the field it holds (an Item key, or a key of the view's rows), its
    header (the glossary's word), the other headers that mean it on import, and how its value is
    written and read (`kind`; `coded`: the Coded enum whose labels are its values)."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str = TEXT
    coded: type | None = None
    width: int | None = None  # a fixed width (characters), for columns whose cells are all alike

    def names(self) -> tuple[str, ...]:
        return (self.label, self.key, *self.aliases)


def _c(key, label, *aliases, kind=TEXT, coded=None, width=None) -> Column:
    return Column(key, label, aliases, kind, coded, width)


# Every Item key (the `*_label` keys are the same columns in words), in the contract's order, and two
# computed from the item and today: 象限 (the agenda's quadrant) is written, never read back.
ITEM_COLUMNS = (
    _c("id", "编号", "事项编号", "ID", kind=NUMBER, width=7),
    _c("uuid", "识别码", "UUID", "唯一编号", width=12),
    _c("title", "标题", "事项", "工作内容", "事项名称", "工作事项", "内容", "任务", "名称", "事由"),
    _c("notes", "备注", "说明", "附注"),
    _c("folder", "文件夹", "状态", "办理状态", "所在文件夹", kind=CODED, coded=Folder, width=8),
    _c("kind", "类别", "类型", "分类", "事项类别", kind=CODED, coded=Kind, width=6),
    _c("due", "截止", "截止日期", "截止时间", "时限", "完成时限", "办结时限", "办理时限", "期限", "完成时间要求",
       kind=DATE),
    _c("due_time", "截止时刻", kind=CLOCK, width=8),
    _c("at", "开始时间", "约定时间", "会议时间", "开始", "时间", "活动时间", kind=MOMENT),
    _c("duration_minutes", "时长（分钟）", "时长", "时长分钟", kind=NUMBER),
    _c("location", "地点", "会议地点", "活动地点"),
    _c("important", "重要", "是否重要", kind=FLAG, width=6),
    _c("urgent", "紧急", "是否紧急", kind=FLAG, width=6),
    _c("key", "重点", "重点难点", "是否重点", kind=FLAG, width=6),
    _c("constrained", "受制约", kind=FLAG, width=8),
    _c("source", "交办人", "交办领导", "交办单位", "来源", "批示领导", "交办"),
    _c("assigned_at", "交办时间", "交办日期", kind=MOMENT),
    _c("attention", "关注度", "关注程度", "领导关注度", kind=CODED, coded=Attention, width=8),
    _c("report_required", "需反馈", "需要反馈", "是否反馈", kind=FLAG, width=8),
    _c("handler", "承办人", "责任人", "承办单位", "负责人", "经办人", "责任单位", "承办"),
    _c("tags", "标签", "关键词", kind=TAGS),
    _c("estimate_minutes", "预计用时（分钟）", "预计用时", "预计分钟", kind=NUMBER),
    _c("major", "大事", "是否大事", kind=FLAG, width=6),
    _c("locked", "加密", kind=FLAG, width=6),
    _c("created", "记录时间", "创建时间", "新建时间", "登记时间", kind=MOMENT),
    _c("updated", "修改时间", "更新时间", kind=MOMENT),
    _c("done_at", "处理时间", "办结时间", "完成时间", "办结日期", "完成日期", kind=MOMENT),
    _c("result", "处理结果", "办理结果", "办理情况", "结果", "完成情况"),
    _c("recurrence_id", "周期编号", kind=NUMBER),
    _c("occurrence", "周期日期", kind=DATE),
    _c("hand_edited", "手工修改过", kind=FLAG),
    _c("parent_id", "所属编号", kind=NUMBER),
    _c("step", "步骤"),
    _c("step_from", "起算步骤"),
    _c("step_offset", "步骤偏移（工作日）", "步骤偏移", kind=NUMBER),
    _c("follow_every", "催办周期"),
    _c("follow_rrule", "催办规则"),
    _c("follow_policy", "催办遇休息日"),
    _c("delegated_at", "督办时间", "交办督办时间", kind=MOMENT),
    _c("reported_at", "反馈时间", kind=MOMENT),
    _c("handoff_to", "移交给", "移交", "接手人"),
    _c("handoff_at", "移交时间", kind=MOMENT),
    _c("acknowledged_at", "接收时间", "确认接收时间", kind=MOMENT),
    _c("spent_minutes", "实际用时（分钟）", "实际用时", kind=NUMBER),
    _c("quadrant", "象限", "四象限", kind=COMPUTED, width=12),
)
ITEM_BY_KEY = {column.key: column for column in ITEM_COLUMNS}

# What a person reads in the item list: what, where it is, by when, for whom, by whom, what came of it.
# 识别码 goes last (hidden in xlsx): an edited sheet imported back updates the same items.
ITEM_DEFAULT = ("id", "title", "folder", "kind", "quadrant", "due", "at", "location", "source", "handler",
                "important", "urgent", "tags", "result", "done_at", "notes", "uuid")

# Columns that a sheet writes but `bgs import` cannot take back: they are worked out, or they are
# links inside one store (docs/contract.md: recurrence_id and parent_id are not imported).
NOT_READ = frozenset({"id", "quadrant", "recurrence_id", "parent_id"})
# Row numbers a secretary adds to her own sheet; nothing of the item.
ROW_NUMBERS = frozenset({"序号", "序", "No", "No.", "NO", "NO.", "行号"})

QUADRANT_LABELS = {1: "重要且紧急", 2: "重要不紧急", 3: "紧急不重要", 4: "不重要不紧急"}

# The 督办台账 (render/follow.py LEDGER_KEYS), for people.
LEDGER_COLUMNS = (
    _c("id", "编号", kind=NUMBER, width=7),
    _c("title", "事项", "标题", "工作内容"),
    _c("source", "交办人", "交办领导"),
    _c("handler", "承办人", "责任人"),
    _c("assigned_at", "交办日期", "交办时间", kind=DATE),
    _c("delegated_at", "督办时间", kind=DATE),
    _c("due", "时限", "截止", "完成时限", kind=DATE),
    _c("attention_label", "关注度", "关注程度", width=8),
    _c("report_required", "需反馈", kind=FLAG, width=8),
    _c("nudges", "催办次数", kind=NUMBER, width=10),
    _c("last_nudge", "最近催办", kind=DATE),
    _c("next_nudge", "下次催办", kind=DATE),
    _c("last_progress", "最近进展", "进展"),
    _c("last_progress_at", "进展时间", kind=DATE),
    _c("status_label", "状态", "办理状态", width=8),
    _c("reported_at", "反馈时间", kind=DATE),
    _c("handoff_to", "移交给", "移交"),
    _c("shared_with", "共享给", "共享"),
    _c("changed_by_label", "最近改动方", "改动方", width=10),
    _c("changed_at", "最近改动时间", "改动时间", kind=MOMENT),
)
LEDGER_DEFAULT = ("id", "title", "source", "handler", "assigned_at", "due", "nudges", "last_nudge", "last_progress",
                  "status_label")
# Added to the default when an item of the ledger is shared with a colleague (issue #25): which side
# changed it last, and when.
LEDGER_SHARED = ("changed_by_label", "changed_at")

# The 周报/月报 rows (render/report.py ROW_KEYS), for people.
REPORT_COLUMNS = (
    _c("section_label", "栏目", "部分", width=14),
    _c("id", "编号", kind=NUMBER, width=7),
    _c("title", "事项", "标题", "工作内容"),
    _c("folder_label", "文件夹", "状态", width=8),
    _c("kind_label", "类别", width=6),
    _c("due", "截止", "时限", kind=DATE),
    _c("done_at", "处理时间", "办结时间", kind=MOMENT),
    _c("result", "处理结果", "办理结果", "结果"),
    _c("source", "交办人"),
    _c("handler", "承办人"),
    _c("spent_minutes", "实际用时（分钟）", "实际用时", kind=NUMBER),
    _c("estimate_minutes", "预计用时（分钟）", "预计用时", kind=NUMBER),
)
REPORT_DEFAULT = ("section_label", "id", "title", "kind_label", "due", "done_at", "result", "source", "handler")


def choose(columns: tuple[Column, ...], wanted: str | None, default: tuple[str, ...]) -> list[Column]:
    """The columns `--columns` names (comma-separated headers, aliases or keys, in the order given), or
    the view's default set. An unknown name is bad input naming the closest header."""
    if wanted is None:
        by_key = {c.key: c for c in columns}
        return [by_key[key] for key in default]
    names = {}
    for column in columns:
        for name in column.names():
            names.setdefault(name.lower(), column)
    chosen: list[Column] = []
    for part in wanted.replace("，", ",").replace("、", ",").split(","):
        name = part.strip()
        if not name:
            continue
        column = names.get(name.lower())
        if column is None:
            raise BadInput(f"--columns：没有「{name}」这一列{_nearest(name, [c.label for c in columns])}；"
                           f"可用：{'、'.join(c.label for c in columns)}")
        if column not in chosen:
            chosen.append(column)
    if not chosen:
        raise BadInput("--columns 至少要有一列，例如：--columns 编号,标题,截止")
    return chosen


def _nearest(name: str, candidates: Iterable[str]) -> str:
    # difflib as cli/adapter.close_matches uses it, with a lower cutoff: headers are two or three
    # characters, where one wrong character is already half of the word.
    found = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.5)
    return f"（是不是「{found[0]}」？）" if found else ""


def yes_no(value) -> str:
    return YES if value else NO


# ---- writing -------------------------------------------------------------------------------------------

def item_cells(columns: list[Column], quadrant: Callable | None = None) -> Callable:
    """A function from an Item to its cells for `columns`, as a person reads them: labels for codes
    (待办, 办文, 高), 是/否, tags joined by 、, dates as dates and moments as naive office-time datetimes
    (spreadsheets have no time zones); 截止 holds the deadline's time too when it has one. `quadrant`:
    the agenda's quadrant of an open item (None for a handled one). Built once per sheet: the per-item
    work is one getter per column (100,000 items × 16 columns)."""
    getters = [_getter(column, quadrant) for column in columns]
    return lambda item: [get(item) for get in getters]


def _getter(column: Column, quadrant: Callable | None) -> Callable:
    key, kind = column.key, column.kind
    if key == "quadrant":
        def quadrant_cell(item):
            return QUADRANT_LABELS.get(quadrant(item)) if quadrant and item.is_open else None
        return quadrant_cell
    if key == "due":
        def due_cell(item):
            if item.due is None or item.due_time is None:
                return item.due
            return datetime.combine(item.due, item.due_time)
        return due_cell
    if kind == CODED:
        def coded_cell(item):
            value = getattr(item, key)
            return value.label if value is not None else None
        return coded_cell
    if kind == FLAG:
        return lambda item: YES if getattr(item, key) else NO
    if kind == TAGS:
        return lambda item: TAG_SEPARATOR.join(item.tags) or None
    if kind == CLOCK:
        return lambda item: item.due_time.strftime("%H:%M") if item.due_time else None
    if kind == MOMENT:
        def moment_cell(item):
            value = getattr(item, key)
            return value.replace(tzinfo=None) if value is not None else None
        return moment_cell
    if kind == TEXT:
        return lambda item: getattr(item, key) or None  # an empty text is no cell at all
    return lambda item: getattr(item, key)


def row_cells(columns: list[Column]) -> Callable[[dict], list]:
    """Cells of a view's row object (the ledger's, the report's, as JSON writes them) for `columns`:
    ISO dates and datetimes become date cells, booleans 是/否."""
    def cell(column: Column, value):
        if value is None:
            return None
        if column.kind == FLAG:
            return yes_no(value)
        if column.kind in (DATE, MOMENT) and isinstance(value, str):
            moment = datetime.fromisoformat(value)
            if column.kind == DATE:
                return moment.date() if "T" in value else date.fromisoformat(value)
            return moment.replace(tzinfo=None) if "T" in value else moment.date()
        return value

    return lambda row: [cell(column, row.get(column.key)) for column in columns]


def cell_text(value) -> str:
    """A human cell as CSV text: dates as 2026-12-01, moments as 2026-12-01 09:30 (office time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(handle, headers: list[str], rows: Iterable[list], *, raw: bool = False, excel: bool = True,
              batch: int = 1000) -> int:
    """A human sheet as CSV to the binary `handle` (the rule of every CSV: formula-like cells neutralised
    unless `raw`; `excel`: BOM and CRLF). Returns how many rows were written."""
    import csv
    import io

    from bangongshi.formats.csv import BOM, neutralise

    terminator = "\r\n" if excel else "\n"
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator=terminator)
    quoted = csv.writer(buffer, lineterminator=terminator, quoting=csv.QUOTE_ALL)
    plain.writerow(headers)
    handle.write(((BOM if excel else "") + buffer.getvalue()).encode())
    buffer.seek(0)
    buffer.truncate()
    count = 0
    for values in rows:
        cells = [cell_text(v) for v in values]
        if not raw:
            cells = [neutralise(c) for c in cells]
        joined = "".join(cells)
        (quoted if "\r" in joined or "\n" in joined else plain).writerow(cells)
        count += 1
        if count % batch == 0:
            handle.write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    handle.write(buffer.getvalue().encode())
    return count


# ---- reading -------------------------------------------------------------------------------------------

def header_keys(headers: list[str], mapping: dict[str, str], source: str, line: int = 1) -> list[str | None]:
    """The Item key each header of a sheet stands for (None: a column left out — a row number, a worked-out
    column, an empty header). `mapping`: `--map 列名=字段`, which wins over the aliases. A header that is
    neither is bad input, naming the closest header we know; so is one field given twice."""
    names = {}
    for column in ITEM_COLUMNS:
        for name in column.names():
            names.setdefault(_folded(name), column.key)
    for name in (f"{column.key}_label" for column in ITEM_COLUMNS if column.kind == CODED):
        names[name] = None  # the machine sheet's label columns: the code beside them says it
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    for header in headers:
        text = header.strip() if isinstance(header, str) else ("" if header is None else str(header))
        if text in mapping:
            key = mapping[text]
        elif not text or text in ROW_NUMBERS:
            key = None
        elif _folded(text) in names:
            key = names[_folded(text)]
        else:
            known = [name for c in ITEM_COLUMNS if c.key not in NOT_READ for name in (c.label, *c.aliases)]
            raise BadInput(f"{source} 第 {line} 行：不认识的列「{text}」{_nearest(text, known)}；"
                           f"可用 --map {text}=字段 指定它是哪个字段，或 --map {text}= 不导入这一列"
                           "（列名见 docs/sheets.md）")
        if key in NOT_READ:
            key = None
        if key is not None:
            if key in seen:
                raise BadInput(f"{source} 表头：「{seen[key]}」和「{text}」都是{ITEM_BY_KEY[key].label}，只能有一列")
            seen[key] = text
        keys.append(key)
    if "title" not in seen:
        raise BadInput(f"{source} 表头里没有标题列（标题、事项或工作内容）；可用 --map 列名=标题 指定")
    return keys


def _folded(name: str) -> str:
    # 「截止日期 」, 「重要？」, 「Title」: spaces, a full-width colon or question mark, case.
    return name.strip().rstrip(":：?？*").replace(" ", "").replace("\u3000", "").lower()


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """`--map 列名=字段` (repeatable): the field by its header, alias or key; an empty field leaves the
    column out."""
    mapping: dict[str, str] = {}
    names = {}
    for column in ITEM_COLUMNS:
        for name in column.names():
            names.setdefault(_folded(name), column.key)
    for pair in pairs:
        header, sep, field = pair.replace("＝", "=").partition("=")
        if not sep or not header.strip():
            raise BadInput(f"--map「{pair}」应写成 列名=字段，例如：--map 工作任务=标题")
        field = field.strip()
        if not field:
            mapping[header.strip()] = None
            continue
        key = names.get(_folded(field))
        if key is None or key in NOT_READ:
            known = [c.label for c in ITEM_COLUMNS if c.key not in NOT_READ]
            near = _nearest(field, [name for c in ITEM_COLUMNS if c.key not in NOT_READ for name in (c.label, *c.aliases)])
            raise BadInput(f"--map「{pair}」：没有「{field}」这个字段{near}；可用：{'、'.join(known)}")
        mapping[header.strip()] = key
    return mapping


class Unparsed(str):
    """A date or moment typed as people write it (「12月1日」, 「2026.12.1」, 「下周五」): the service reads
    it with the CLI's date grammar, which needs the clock and the calendar."""


def field_value(key: str, value, place: str):
    """A cell of a human (or machine) sheet as the value `bgs import` takes for `key`: codes for labels,
    True/False for 是/否, ISO text for date cells, a list for tags; text typed as a date comes back as
    `Unparsed`. Bad input names the place."""
    column = ITEM_BY_KEY[key]
    if isinstance(value, str):
        value = value.strip() if column.kind != TEXT else value
    if value is None or value == "":
        if column.kind == FLAG:
            return False
        return "" if column.kind == TEXT else [] if column.kind == TAGS else None
    kind = column.kind
    if kind == TEXT:
        return value if isinstance(value, str) else _plain_number(value)
    if kind == FLAG:
        if isinstance(value, bool):
            return value
        text = _plain_number(value) if not isinstance(value, str) else value
        folded = text.strip().lower()
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise BadInput(f"{place}「{column.label}」应填 是 或 否，不是「{text}」")
    if kind == CODED:
        return column.coded.parse(str(value), column.label).code
    if kind == TAGS:
        text = str(value)
        for separator in TAG_SEPARATORS[1:]:
            text = text.replace(separator, TAG_SEPARATOR)
        return [tag.strip() for tag in text.split(TAG_SEPARATOR) if tag.strip()]
    if kind == NUMBER:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        text = str(value).strip()
        if text.isdigit():
            return int(text)
        raise BadInput(f"{place}「{column.label}」应是整数，不是「{value}」")
    if kind == CLOCK:
        if isinstance(value, datetime):
            return value.strftime("%H:%M")
        if hasattr(value, "strftime"):
            return value.strftime("%H:%M")
        return Unparsed(str(value))
    # DATE and MOMENT: a date cell is exact; text is read by the date grammar (the service).
    if isinstance(value, datetime):
        if kind == DATE and (value.hour or value.minute):
            return value  # 截止 with its time: the service splits it into due and due_time
        return value.date().isoformat() if kind == DATE else value
    if isinstance(value, date):
        return value.isoformat() if kind == DATE else datetime.combine(value, datetime.min.time())
    return Unparsed(_plain_number(value) if not isinstance(value, str) else value)


def _plain_number(value) -> str:
    # A number cell where text was meant (a handler's extension, 2026 as a title): as written.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(rows: Iterator[list], source: str) -> tuple[list[str], int, Iterator[tuple[int, list]]]:
    """The header row and the numbered data rows of a sheet as a secretary makes it: a title row merged
    across the top (「2026年重点工作台账」) and empty rows before the header are skipped — the header is
    the first row with two or more cells filled (or the first row with any, in a sheet of one column);
    empty rows between entries are skipped too. Returns the header, its line and the (line, row) after it."""
    number = 0
    single: tuple[int, list] | None = None  # the first row with one cell: the header of a one-column sheet
    seen: list[tuple[int, list]] = []
    for values in rows:
        number += 1
        filled = [v for v in values if v is not None and str(v).strip()]
        if len(filled) >= 2:
            header = list(values)
            break
        if filled:
            single = single or (number, list(values))
            seen.append((number, list(values)))
    else:
        if single is None:
            return [], 0, iter(())
        return single[1], single[0], iter([row for row in seen if row[0] > single[0]])
    start = number

    def body():
        line = start
        for values in rows:
            line += 1
            if any(v is not None and str(v).strip() for v in values):
                yield line, list(values)

    return header, start, body()


# ---- whole sheets --------------------------------------------------------------------------------------

def as_of(title: str, today: date) -> str:
    """A sheet's title row: 「督办事项台账（截至2026年11月30日）」."""
    return f"{title}（截至{today.year}年{today.month}月{today.day}日）"


def item_rows(items: Iterable, columns: list[Column], today: date,
              quadrant: Callable | None = None) -> Iterator[tuple[list, bool]]:
    """(cells, overdue) for each item: overdue is an open item whose deadline has passed."""
    cells = item_cells(columns, quadrant)
    for item in items:
        due = item.due
        yield cells(item), due is not None and due < today and item.is_open
