"""Reading the State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as
published or as pasted: its numbered sections, e.g.

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

Every sentence with 放假 gives rest days (single days or 至 ranges); every sentence with 上班
gives 调休 workdays; a sentence that only encourages (鼓励…安排职工在除夕（2月9日）休息) gives
none. Each date's weekday note and each 「共N天」 are checked against the dates read, and anything
in a section that cannot be read is refused with its line: a notice is loaded right or not at all.

Two kinds of notice: a year's arrangement (2019–2026 …), and an amendment of one festival of a
year already announced (调整2019年劳动节假期安排: that festival's days replaced; 延长2020年春节假期
至2月2日: its rest days run on to that day). The year comes from the title (even split over two
lines, or 「2020年 部分」), else from the body (「现将2026年元旦、春节…」). 元旦 may begin in
December of the year before (2018年12月30日至2019年1月1日): those days belong to the notice too.
Pure (no I/O), but a reader of a published text, so it lives with the other formats.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from bangongshi.domain import festivals
from bangongshi.domain.calendar import WEEKDAYS, YearSchedule
from bangongshi.domain.numerals import to_int
from bangongshi.errors import BadInput

_HALF_TO_FULL = str.maketrans({":": "：", "(": "（", ")": "）", ",": "，", ";": "；", ".": "。"})
_NUMBER = "[一二三四五六七八九十]+"
_YEAR = re.compile(r"(\d{4})年(?:部分)?节假日安排")
_BODY_YEAR = re.compile(r"现将(\d{4})年(?:元旦|春节)")
_AMENDMENT = re.compile(r"(?P<how>调整|延长)(?P<year>\d{4})年(?P<name>[^，。年]{1,8}?)(?:节)?(?:假期|放假)")
_SECTION = re.compile(rf"^\s*(?P<number>{_NUMBER})、(?:(?P<name>[^：。，、]{{1,12}}(?:、[^：。，、]{{1,12}})*)：)?(?P<body>.+)$")
_DAY = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:（(?P<{p}note>[^）]*)）)?"
_RANGE = re.compile(_DAY.format(p="a") + r"(?:至" + _DAY.format(p="b") + ")?")
_STRAY_DIGITS = re.compile(r"\d+[月日]")
_TOTAL = re.compile(rf"(?:共|放假)(?P<n>\d+|{_NUMBER})天")
_WEEKDAY_NOTE = re.compile(r"(?:周|星期)(?P<w>[一二三四五六日天])")
_EXTEND = re.compile(r"延长.*?假期至")
_SIGNATURE = re.compile(r"国务院办公厅\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


@dataclass(frozen=True)
class Notice:
    """What a notice says: the days it names, and for an amendment, which festival it changes."""

    year: int
    schedule: YearSchedule
    amends: str | None = None  # the festival an amendment changes (its label: 劳动节, 春节)
    extends_to: date | None = None  # 延长…假期至 this day
    notes: tuple[str, ...] = field(default=())  # sentences read as no arrangement, said to the user


def parse_notice(text: str, year: int | None = None) -> Notice:
    text = text.translate(_HALF_TO_FULL).replace("\u3000", " ").replace("\ufeff", "")
    text = _SIGNATURE.sub("", text.rstrip())
    compact = re.sub(r"\s+", "", text)
    amendment = _AMENDMENT.search(compact)
    year = _year(compact, amendment, year)
    amends = None
    if amendment:
        festival = festivals.BY_NAME.get(amendment["name"]) or festivals.BY_NAME.get(amendment["name"] + "节")
        if festival is None:
            raise BadInput(f"通知要{amendment['how']}的「{amendment['name']}」不是法定节日")
        amends = festival.label
    reader = _Reader(year, amends)
    # Published texts put each section on its own line; pasted ones may run them together, and a
    # paragraph may run from the title through the signature.
    lines = re.sub(rf"(?<=[。：])\s*(?={_NUMBER}、)", "\n", text).splitlines()
    for number, line in enumerate(lines, start=1):
        match = _SECTION.match(line)
        if match and (match["name"] or amends):
            reader.section(match["name"] or amends, match["body"], number, line)
    if not reader.sections:
        raise BadInput("通知里没有找到放假安排（应有「一、元旦：1月1日……放假」这样的条目）")
    if not reader.rest and reader.extends_to is None:
        raise BadInput("通知里没有读到任何放假日期")
    clash = sorted(set(reader.rest) & set(reader.work))
    if clash:
        raise BadInput(f"通知里 {clash[0].isoformat()} 既是放假又是上班，请检查原文")
    return Notice(year, YearSchedule(year, reader.rest, reader.work), amends, reader.extends_to, tuple(reader.notes))


def _year(compact: str, amendment: re.Match | None, given: int | None) -> int:
    found = _YEAR.search(compact) or _BODY_YEAR.search(compact)
    said = int(amendment["year"]) if amendment else int(found.group(1)) if found else None
    if said is None and given is None:
        raise BadInput("通知里找不到年份（如「2026年部分节假日安排」），请用 --year 指定")
    if said is not None and given is not None and said != given:
        raise BadInput(f"通知写的是 {said} 年，--year 却是 {given}：请去掉 --year 或换成对的通知")
    return said if said is not None else given


class _Reader:
    def __init__(self, year: int, amends: str | None):
        self.year = year
        self.amends = amends
        self.rest: dict[date, str] = {}
        self.work: dict[date, str] = {}
        self.extends_to: date | None = None
        self.notes: list[str] = []
        self.sections = 0

    def section(self, name: str, body: str, number: int, line: str) -> None:
        self.sections += 1
        for sentence in filter(None, (s.strip() for s in re.split(r"[。；]", body))):
            self.sentence(sentence, name.strip(), number, line)

    def sentence(self, sentence: str, name: str, number: int, line: str) -> None:
        if "鼓励" in sentence:
            # 2024: 鼓励各单位…安排职工在除夕（2月9日）休息 — a wish, not a rest day (it was a workday).
            if _STRAY_DIGITS.search(sentence):
                self.notes.append(f"「{sentence}」是鼓励，不是放假安排：其中的日期按原安排")
            return
        if self.amends and _EXTEND.search(sentence):
            days = self.days(sentence[_EXTEND.search(sentence).end():], number, line)
            self.extends_to = days[0]
            return
        if "起正常上班" in sentence:
            return  # the first normal workday after an extension: nothing to change
        resting, working = "放假" in sentence or "休息" in sentence, "上班" in sentence
        if not (resting or working):
            if _STRAY_DIGITS.search(sentence) and "共" not in sentence:
                raise _line_error(number, line, f"「{sentence}」既不是放假也不是上班")
            return
        if resting and working:
            raise _line_error(number, line, f"「{sentence}」同时说了放假和上班，无法分辨")
        days = self.days(sentence, number, line)
        total = _TOTAL.search(sentence)
        if resting and total:
            said = to_int(total["n"])
            if said != len(days):
                listed = f"{days[0].month}月{days[0].day}日至{days[-1].month}月{days[-1].day}日"
                raise _line_error(number, line, f"写的是共{said}天，读到的放假日是 {listed} 共 {len(days)} 天")
        target = self.rest if resting else self.work
        for day in days:
            target[day] = name

    def days(self, sentence: str, number: int, line: str) -> list[date]:
        days: list[date] = []
        previous: date | None = None
        for match in _RANGE.finditer(sentence):
            first = self.day(match, "a", previous, number, line)
            last = first
            if match["bd"]:
                last = self.day(match, "b", first, number, line)
                if last < first:
                    raise _line_error(number, line, f"日期范围 {first} 至 {last} 颠倒")
                if (last - first).days > 31:
                    raise _line_error(number, line, f"日期范围 {first} 至 {last} 超过一个月")
            previous = last
            days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
        if not days:
            raise _line_error(number, line, f"「{sentence}」里没有日期")
        return days

    def day(self, match: re.Match, prefix: str, previous: date | None, number: int, line: str) -> date:
        said = match.group(0)
        month_text, year_text = match[f"{prefix}m"], match[f"{prefix}y"]
        if month_text is None and previous is None:
            raise _line_error(number, line, f"「{said}」缺少月份")
        # 至3日 after 2018年12月30日 stays in that month and year; a new month without a year is the notice's.
        year = int(year_text) if year_text else (previous.year if previous and month_text is None else self.year)
        month = int(month_text) if month_text else previous.month
        try:
            day = date(year, month, int(match[f"{prefix}d"]))
        except ValueError:
            raise _line_error(number, line, f"「{said}」不是真实存在的日期") from None
        if not (day.year == self.year or (day.year == self.year - 1 and day.month == 12)):
            raise _line_error(number, line, f"{day.isoformat()} 不在 {self.year} 年的安排之内")
        note = _WEEKDAY_NOTE.search(match[f"{prefix}note"] or "")
        if note:
            written = WEEKDAYS.index(note["w"].replace("天", "日"))
            if written != day.weekday():
                raise _line_error(number, line, f"{day.month}月{day.day}日是周{WEEKDAYS[day.weekday()]}，"
                                                f"通知写的是周{note['w']}：年份或日期读错了")
        return day


def _line_error(number: int, line: str, why: str) -> BadInput:
    shown = line.strip()
    return BadInput(f"通知第 {number} 行无法读取：{why}（{shown[:60]}{'…' if len(shown) > 60 else ''}）")
