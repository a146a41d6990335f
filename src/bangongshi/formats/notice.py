"""Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as
published: its numbered sections, e.g.

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

Every sentence with 放假 gives rest days (single days or 至 ranges); every sentence with 上班
gives 调休 workdays. Anything in a section that cannot be read is refused with its line. Pure (no
I/O), but a reader of a published text, so it lives with the other formats rather than in domain.
"""

import re
from datetime import date, timedelta

from bangongshi.domain.calendar import YearSchedule
from bangongshi.errors import BadInput

_HALF_TO_FULL = str.maketrans({":": "：", "(": "（", ")": "）", ",": "，", ";": "；", ".": "。"})
_YEAR = re.compile(r"(\d{4})年(?:部分)?节假日")
_SECTION = re.compile(r"^\s*(?P<number>[一二三四五六七八九十]+)、(?P<name>[^：]{1,20})：(?P<body>.+)$")
_DAY = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:（[^）]*）)?"
_RANGE = re.compile(_DAY.format(p="a") + r"(?:至" + _DAY.format(p="b") + ")?")
_STRAY_DIGITS = re.compile(r"\d+[月日]")


def parse_notice(text: str, year: int | None = None) -> YearSchedule:
    text = text.translate(_HALF_TO_FULL).replace("\u3000", " ")
    if year is None:
        found = _YEAR.search(text)
        if not found:
            raise BadInput("通知里找不到年份（如「2026年部分节假日安排」），请用 --year 指定")
        year = int(found.group(1))
    rest: dict[date, str] = {}
    work: dict[date, str] = {}
    sections = 0
    # Published texts put each section on its own line; pasted ones may run them together.
    lines = re.sub(r"(?<=。)\s*(?=[一二三四五六七八九十]+、[^：。]{1,20}：)", "\n", text).splitlines()
    for number, line in enumerate(lines, start=1):
        match = _SECTION.match(line)
        if not match:
            continue
        sections += 1
        name = match["name"].strip()
        for sentence in filter(None, re.split(r"[。；]", match["body"])):
            _read_sentence(sentence, name, year, number, line, rest, work)
    if not sections:
        raise BadInput("通知里没有找到放假安排（应有「一、元旦：1月1日……放假」这样的条目）")
    if not rest:
        raise BadInput("通知里没有读到任何放假日期")
    clash = sorted(set(rest) & set(work))
    if clash:
        raise BadInput(f"通知里 {clash[0].isoformat()} 既是放假又是上班，请检查原文")
    return YearSchedule(year, rest, work)


def _read_sentence(sentence: str, name: str, year: int, number: int, line: str,
                   rest: dict[date, str], work: dict[date, str]) -> None:
    resting, working = "放假" in sentence or "休息" in sentence, "上班" in sentence
    if not (resting or working):
        if _STRAY_DIGITS.search(sentence) and "共" not in sentence:
            raise _line_error(number, line, f"「{sentence}」既不是放假也不是上班")
        return
    if resting and working:
        raise _line_error(number, line, f"「{sentence}」同时说了放假和上班，无法分辨")
    days: list[date] = []
    previous_month = None
    for match in _RANGE.finditer(sentence):
        first = _day(match, "a", year, previous_month, number, line)
        last = first
        if match["bd"]:
            last = _day(match, "b", year, first.month, number, line)
            if last < first:
                raise _line_error(number, line, f"日期范围 {first} 至 {last} 颠倒")
            if (last - first).days > 31:
                raise _line_error(number, line, f"日期范围 {first} 至 {last} 超过一个月")
        previous_month = last.month
        days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if not days:
        raise _line_error(number, line, f"「{sentence}」里没有日期")
    target = rest if resting else work
    for day in days:
        target[day] = name


def _day(match: re.Match, prefix: str, year: int, month: int | None, number: int, line: str) -> date:
    month_text = match[f"{prefix}m"]
    if month_text is None and month is None:
        raise _line_error(number, line, f"「{match.group(0)}」缺少月份")
    try:
        return date(int(match[f"{prefix}y"] or year), int(month_text or month), int(match[f"{prefix}d"]))
    except ValueError:
        raise _line_error(number, line, f"「{match.group(0)}」不是真实存在的日期") from None


def _line_error(number: int, line: str, why: str) -> BadInput:
    return BadInput(f"通知第 {number} 行无法读取：{why}（{line.strip()[:40]}…）")
