"""One limit per kind of value, for every way in: the command line, `bgs import` (json, csv, yaml,
ics, Taskwarrior), templates and settings. A file must not store what the command line would
refuse: a 5,000,000-character note from a file would make bgs's own CSV export unreadable (Python's
csv reader stops at 131,072 characters a cell), and a date in year 9999 overflows the first time a
day is added to it.

Imported by `bgs add`: keep it free of imports beyond errors."""

from datetime import date

from bangongshi.errors import BadInput

TITLE_MAX = 500
TEXT_MAX = 100_000  # notes, location, source: well under the csv reader's 131,072 per cell
RESULT_MAX = 10_000
NAME_MAX = 100  # the people an item is delegated or handed off to
TAG_MAX = 100

# The longest each text field of an item may be, with its name for messages.
ITEM_TEXT = {
    "title": (TITLE_MAX, "标题"), "notes": (TEXT_MAX, "备注"), "location": (TEXT_MAX, "地点"),
    "source": (TEXT_MAX, "交办人"), "result": (RESULT_MAX, "处理结果"), "handler": (NAME_MAX, "承办人"),
    "handoff_to": (NAME_MAX, "移交对象"), "step": (TITLE_MAX, "步骤"), "step_from": (TITLE_MAX, "步骤起点"),
    "follow_every": (TITLE_MAX, "督办周期"), "follow_rrule": (TITLE_MAX, "督办周期规则"),
    "follow_policy": (TITLE_MAX, "督办节假日处理"),
}
ITEM_DATES = {"due": "截止日期", "occurrence": "周期日期", "at": "开始时间", "created": "创建时间",
              "updated": "更新时间", "done_at": "处理时间", "assigned_at": "交办时间", "delegated_at": "交办承办时间",
              "reported_at": "反馈时间", "handoff_at": "移交时间", "acknowledged_at": "确认接收时间"}

# Dates bgs accepts anywhere (typed, imported, BANGONGSHI_NOW): an office's years, with room for
# arithmetic (a week, a lead of workdays, a time zone) on either side of Python's years 1 and 9999.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def text(value: str, what: str, limit: int) -> str:
    """`value` as given, or BadInput when it is longer than `limit` or is not text."""
    if len(value) > limit:
        raise BadInput(f"{what}太长（{len(value)} 字），最多 {limit} 字")
    if not is_text(value):
        raise BadInput(f"{what}含有无法识别的字符（不是有效的 UTF-8 文本）")
    return value


def is_text(value: str) -> bool:
    """False for a string holding a lone surrogate: bytes that were not UTF-8 (argv, environment)
    or a JSON "\\ud800"; SQLite and the terminal cannot encode it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def day(value: date, what: str) -> date:
    """`value` (a date or datetime) as given, or BadInput when its year is outside the range."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise BadInput(f"{what}「{value.isoformat()[:10]}」超出支持的范围（{FIRST_YEAR} 至 {LAST_YEAR} 年）")
    return value


_TEXT_CHECKS = tuple((name, limit, what) for name, (limit, what) in ITEM_TEXT.items())
_DATE_CHECKS = tuple(ITEM_DATES.items())


def check_item(item) -> None:
    """An item from a file, checked as the command line would have checked each of its fields (it
    runs once per item of an import: what passes costs no call)."""
    for name, limit, what in _TEXT_CHECKS:
        value = getattr(item, name)
        # Empty text passes; so does ASCII text within the limit (it cannot hold a lone surrogate).
        if value and (len(value) > limit or not value.isascii()):
            text(value, what, limit)
    if "\x00" in item.title:
        # Only a file can bring one (argv cannot). SQLite's length() stops at a NUL, so the store takes
        # a title that starts with one for empty; other text keeps its NULs (an export imports back).
        raise BadInput("标题含有空字符（U+0000），不能保存")
    for tag in item.tags:
        text(tag, "标签", TAG_MAX)
    for name, what in _DATE_CHECKS:
        value = getattr(item, name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            day(value, what)
