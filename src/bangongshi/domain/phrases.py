"""Date phrase families, declared as data: what each family looks like, what it means, how it
says what it understood. domain/dates.py is the engine that reads a phrase with them.

A family is one entry of DATE_FAMILIES (a day), SHIFTS (a day moved: 端午前两天) or, in
domain/phrase_times.py, TIME_FAMILIES (a time of day): a name, a pattern over the normalised
phrase written with the shared tokens ({NUM}, {WD}, {SPAN}, {FESTIVAL}, {LUNAR}), the function that
turns a match into a day, examples (tests/test_phrase_table.py reads every one), and whether its
answer is a convention rather than what the words say exactly (approximate: `--strict` refuses
it). Adding a family is one entry here plus its rows in tests/test_phrase_table.py, e.g.

    Family("某段时间内", r"{SPAN}内", _span, ("3个工作日内", "十天内", "48小时内")),

The handlers take the reader (`r`): r.today, r.clock, r.past, r.calendar, r.work_hours(day),
r.number(), r.make(), r.fail(), r.say() (how the phrase was read), r.warn(), and the fields a
family may set: r.deadline, r.time, r.block and r.anchor (a holiday's rest days and own day, for
SHIFTS). The day of the phrase is never counted (开始的当日不计入): 3个工作日内 from a Monday is
the Thursday.
"""

import datetime as dt
import re
from collections.abc import Callable

from bangongshi.domain import festivals
from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.domain.numerals import NUMERAL_CHARS, to_int
from bangongshi.model.record import Record

TOKENS = {
    "NUM": rf"(?:\d+|[{NUMERAL_CHARS}]+)",
    "WD": rf"[{WEEKDAYS}1-7]",
    # A weekday note after a date as official texts write it: 11月30日（周一）.
    "NOTE": rf"(?:\((?:周)?(?P<note>[{WEEKDAYS}])\))?",
    "FESTIVAL": "|".join(sorted((re.escape(n) for n in festivals.BY_NAME), key=len, reverse=True)),
    "LUNAR": "|".join(sorted((re.escape(n) for n in festivals.LUNAR_DAYS), key=len, reverse=True)),
    # A count and a unit of time, as in 3个工作日, 一个半月, 半个月, 48小时, 两周.
    "SPAN": r"(?P<n>(?:\d+|[" + NUMERAL_CHARS + r"]+)|半)个?(?P<half>半)?个?(?P<unit>工作日|天|日|周|月|年|小时|钟头|分钟)(?P<half2>半)?",
}


class Family(Record):
    name: str
    pattern: str
    read: Callable
    examples: tuple[str, ...]
    approximate: bool = False
    # What any match holds: one of these characters, and a digit when `digit`. A phrase without them
    # skips the family without compiling it (each compile costs `bgs add` a third of a millisecond,
    # and 下周三 is tried against eight families first); tests/test_dates.py checks every one.
    needs: str = ""
    digit: bool = False

    def may_match(self, rest: str) -> bool:
        """False when no match can start in `rest` (what is left of the phrase)."""
        if self.needs and not any(c in rest for c in self.needs):
            return False
        return not self.digit or any(c.isdigit() for c in rest)

    @property
    def compiled(self) -> re.Pattern:
        # Compiled when first tried: `bgs add --due 明天` never pays for the families after 今天明天.
        found = _COMPILED.get(self.pattern)
        if found is None:
            found = _COMPILED[self.pattern] = re.compile(self.pattern.format(**TOKENS))
        return found


_COMPILED: dict[str, re.Pattern] = {}  # Family.compiled, by the family's pattern


# --- small calendar arithmetic -----------------------------------------------------------------

def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_shift(first: dt.date, months: int) -> tuple[int, int]:
    index = first.year * 12 + first.month - 1 + months
    return index // 12, index % 12 + 1


def month_length(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = month_shift(day.replace(day=1), months)
    return dt.date(year, month, min(day.day, month_length(year, month)))


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _upcoming(r, make: Callable[[int], dt.date | None], years: tuple[int, ...] | None = None) -> dt.date:
    """The first day `make(year)` not yet past (the latest not after today, with past), trying
    the years around today; None from `make` means that year has no such day."""
    tried = years or (r.today.year - 1, r.today.year, r.today.year + 1, r.today.year + 2)
    found = [d for d in (make(y) for y in tried) if d is not None]
    if r.past:
        earlier = [d for d in found if d <= r.today]
        if earlier:
            return max(earlier)
    else:
        later = [d for d in found if d >= r.today]
        if later:
            return min(later)
    raise r.fail()


def _check_note(r, day: dt.date, match: re.Match) -> None:
    note = match.groupdict().get("note")
    if note and WEEKDAYS.index(note) != day.weekday():
        r.warn(f"{_md(day)}是周{WEEKDAYS[day.weekday()]}，不是写的周{note}，请核对日期")


# --- the day families --------------------------------------------------------------------------

def _iso_date(r, m, year):
    day = r.make(int(m["y"]), int(m["m"]), int(m["d"]))
    _check_note(r, day, m)
    return day


def _month_day(r, m, year):
    month = r.number(m["m"], "月份", 1, 12)
    day = r.number(m["d"], "日期", 1, 31)
    if year is not None:
        found = r.make(year, month, day)
    else:
        r.make(2024, month, day)  # refuses 2月30日 whatever the year
        found = _upcoming(r, lambda y: _try_date(y, month, day),
                          tuple(range(r.today.year - 8, r.today.year + 9)))
        if found.year != r.today.year:
            r.say(f"{month}月{day}日今年已过，按{found.year}年理解" if not r.past else
                  f"{month}月{day}日按最近的过去（{found.year}年）理解")
    _check_note(r, found, m)
    return found


def _try_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


EDGE_DAYS = {"底": -1, "末": -1, "初": 1, "上旬": 10, "中旬": 20, "下旬": -1, "中": 15}
EDGE_WORDS = {"上旬": "上旬（1–10日）按10日", "中旬": "中旬（11–20日）按20日", "下旬": "下旬（21日至月底）按月底",
              "中": "中按15日"}


def _edge_day(year: int, month: int, edge: str) -> dt.date:
    wanted = EDGE_DAYS[edge]
    return dt.date(year, month, month_length(year, month) if wanted == -1 else wanted)


def _named_month_edge(r, m, year):
    month = r.number(m["m"], "月份", 1, 12)
    edge = m["edge"]
    if year is not None:
        found = _edge_day(year, month, edge)
    else:
        found = _upcoming(r, lambda y: _edge_day(y, month, edge))
    if edge in EDGE_WORDS:
        r.say(f"{month}月{EDGE_WORDS[edge]}理解")
        r.approximate()
    return found


def _month_edge(r, m, year):
    edge = m["edge"] or m["xun"]
    if m["xun"] and year is None:
        # 下旬 alone: this month's, unless it is over (with past: unless it has not begun).
        first = r.today.replace(day=1)
        found = _edge_day(*month_shift(first, 0), edge)
        if (found < r.today and not r.past) or (found > r.today and r.past):
            found = _edge_day(*month_shift(first, -1 if r.past else 1), edge)
    else:
        y, month = month_shift(r.today.replace(day=1), {None: 0, "本": 0, "下": 1, "上": -1}[m["which"]])
        found = _edge_day(year if year is not None else y, month, edge)
    if edge in EDGE_WORDS:
        r.say(f"{found.month}月{EDGE_WORDS[edge]}理解")
        r.approximate()
    else:
        r.say(f"{found.month}月的{'第一天' if edge == '初' else '最后一天'}")
    return found


def _relative_day(r, m, year):
    word = m.group(0)
    if year is not None:
        raise r.fail()
    offsets = {"今天": 0, "今日": 0, "今早": 0, "今晚": 0, "明天": 1, "明日": 1, "明早": 1, "明晚": 1,
               "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3}
    if word.endswith("早"):
        r.period_hint = "早"
    elif word.endswith("晚"):
        r.period_hint = "晚"
    return r.today + dt.timedelta(days=offsets[word])


WEEK_SHIFT = {None: 0, "本": 0, "下": 1, "下下": 2, "上": -1}


def _week(r, m, year):
    weekday = WEEKDAYS.index(m["w"]) if m["w"] in WEEKDAYS else int(m["w"]) - 1
    monday = r.today - dt.timedelta(days=r.today.weekday())
    which = m["which"]
    if which is None:
        if r.past:
            return r.today - dt.timedelta(days=(r.today.weekday() - weekday) % 7)
        return r.today + dt.timedelta(days=(weekday - r.today.weekday()) % 7)
    day = monday + dt.timedelta(weeks=WEEK_SHIFT[which], days=weekday)
    if which == "本" and day < r.today and not r.past:
        r.warn(f"本周{WEEKDAYS[weekday]}（{_md(day)}）已经过去")
        r.said_past = True
    return day


def _week_end(r, m, year):
    monday = r.today - dt.timedelta(days=r.today.weekday())
    day = monday + dt.timedelta(weeks=WEEK_SHIFT[m["which"]], days=6)
    r.say("周末按这一周的最后一天（周日）理解；周五下班前请写「周五下班前」")
    r.approximate()
    return day


def _period(r, unit: str, which: str | None, year: int | None, month: int | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of this/next/last week, month, quarter or year."""
    today = r.today
    shift = {None: 0, "本": 0, "这": 0, "今": 0, "下": 1, "明": 1, "上": -1, "去": -1}[which]
    if unit == "周":
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6)
    if unit == "月":
        y, mo = month_shift(today.replace(day=1), shift)
        if month is not None:
            y, mo = (year if year is not None else y), month
        elif year is not None:
            y = year
        return dt.date(y, mo, 1), dt.date(y, mo, month_length(y, mo))
    if unit in ("季度", "季"):
        quarter = (today.month - 1) // 3 + shift
        y = today.year + quarter // 4
        first_month = quarter % 4 * 3 + 1
        return dt.date(y, first_month, 1), dt.date(y, first_month + 2, month_length(y, first_month + 2))
    y = (year if year is not None else today.year + shift)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


PERIOD_NAMES = {"周": "周", "月": "月", "季度": "季度", "季": "季度", "年": "年"}


def _period_workday(r, m, year):
    given = m.groupdict()
    month = r.number(given["m"], "月份", 1, 12) if given.get("m") else None
    unit = "月" if month else given["unit"]
    if month is not None and year is None:
        first, last = _period(r, "月", None, None, month)
        if last < r.today and not r.past:
            first, last = _period(r, "月", None, r.today.year + 1, month)
    else:
        first, last = _period(r, unit, given.get("which"), year, month)
    calendar = r.calendar
    if m["nth"] in ("第一个", "首个"):
        day = calendar.workday_on_or_after(first)
        r.say(f"{first.month}月{first.day}日起的第一个工作日（按调休日历）")
    else:
        day = calendar.workday_on_or_before(last)
        r.say(f"{last.month}月{last.day}日及以前的最后一个工作日（按调休日历）")
    return day


def _period_within(r, m, year):
    first, last = _period(r, m["unit"], m["which"], year)
    day = r.calendar.workday_on_or_before(last)
    r.deadline = True
    r.say(f"本{PERIOD_NAMES[m['unit']]}内" if m["which"] in (None, "本", "这", "今") else m.group(0))
    r.say(f"截止到{_md(last)}前的最后一个工作日")
    r.approximate()
    return day


def _count(r, m) -> tuple[float, str]:
    unit = m["unit"]
    if m["n"] == "半":
        if m["half"] or m["half2"]:
            raise r.fail()
        count = 0.5
    else:
        value = to_int(m["n"])
        if value is None or value > 3660:
            raise r.fail()
        count = value + (0.5 if m["half"] or m["half2"] else 0)
    if count != int(count) and unit in ("工作日", "天", "日", "周", "分钟"):
        raise r.fail(f"中的「{m.group(0).rstrip('内后')}」无法计算，请写整数")
    return count, unit


def _move(r, count: float, unit: str, base: dt.date) -> dt.date:
    """`base` moved forward by a span (backward when count < 0); hours and minutes set r.time."""
    if unit == "工作日":
        return r.calendar.add_workdays(base, int(count))
    if unit in ("天", "日"):
        return base + dt.timedelta(days=int(count))
    if unit == "周":
        return base + dt.timedelta(weeks=int(count))
    if unit in ("小时", "钟头", "分钟"):
        minutes = count * (60 if unit != "分钟" else 1)
        moment = dt.datetime.combine(base, r.clock) + dt.timedelta(minutes=minutes)
        r.time = moment.time().replace(second=0, microsecond=0)
        return moment.date()
    months = int(count * (12 if unit == "年" else 1))
    day = add_months(base, months)
    if count * (12 if unit == "年" else 1) != months:
        day += dt.timedelta(days=15 if count > 0 else -15)
    return day


UNIT_WORDS = {"工作日": "个工作日", "天": "天", "日": "天", "周": "周", "月": "个月", "年": "年", "小时": "小时",
              "钟头": "小时", "分钟": "分钟"}


def _span_words(count: float, unit: str) -> str:
    whole = int(count)
    if count != whole:
        if unit == "年" and whole:
            return f"{whole}年半"
        return ("半" if whole == 0 else f"{whole}个半") + UNIT_WORDS[unit].lstrip("个")
    return f"{whole}{UNIT_WORDS[unit]}"


def _span_reading(r, count: float, unit: str, day: dt.date, within: bool) -> None:
    start = f"今天（{_md(r.today)}）"
    if unit == "工作日":
        r.say(f"{start}之后的第{int(count)}个工作日，按调休日历，当天不计入")
    elif unit in ("小时", "钟头", "分钟"):
        r.say(f"从现在（{r.clock.strftime('%H:%M')}）起{_span_words(count, unit)}")
    else:
        r.say(f"{start}起{_span_words(count, unit)}，当天不计入")
    if unit in ("月", "年") and count * (12 if unit == "年" else 1) != int(count * (12 if unit == "年" else 1)):
        r.say("半个月按15天计")
        r.approximate()
    if within:
        r.deadline = True


def _span(r, m, year):
    if year is not None:
        raise r.fail()
    count, unit = _count(r, m)
    day = _move(r, count, unit, r.today)
    _span_reading(r, count, unit, day, within=True)
    return day


def _offset(r, m, year):
    if year is not None:
        raise r.fail()
    count, unit = _count(r, m)
    day = _move(r, count, unit, r.today)
    _span_reading(r, count, unit, day, within=False)
    return day


def _next_workday(r, m, year):
    r.say("今天之后的第一个工作日（按调休日历）")
    return r.calendar.next_workday(r.today)


def _holiday_edge(r, m, year):
    word = m.group(0)
    start, end, name = r.calendar.next_holiday_block(r.today, r.past)
    period = f"{name}假期（{_md(start)}–{_md(end)}）"
    r.approximate()
    if word.startswith(("节后", "收假", "假期后", "假后")):
        day = r.calendar.next_workday(end)
        r.say(f"最近的节假日是{period}，节后按其后第一个工作日理解")
        return day
    r.deadline = True
    r.say(f"最近的节假日是{period}，节前按放假前最后一个工作日理解")
    return r.calendar.previous_workday(start)


def _spring_edge(r, m, year):
    spring = festivals.BY_CODE["spring"]
    if year is not None:
        start, end = r.calendar.festival_block(spring, year)
    else:
        start, end = r.calendar.next_festival_block(spring, r.today, r.past)
    r.approximate()
    period = f"春节假期（{_md(start)}–{_md(end)}）"
    if m.group(0).endswith("后"):
        r.say(f"年后按{period}后第一个工作日理解")
        return r.calendar.next_workday(end)
    r.deadline = True
    r.say(f"年前按{period}放假前最后一个工作日理解")
    return r.calendar.previous_workday(start)


CHINESE_DAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _lunar_day(r, m, year):
    if m["name"]:
        month, day = festivals.LUNAR_DAYS[m["name"]]
        said = m["name"]
    else:
        month = festivals.LUNAR_MONTHS.get(m["month"], 1)
        chu = m["chu"] or m["chu2"]
        day = CHINESE_DAY[chu] if chu else r.number(m["d"], "农历日期", 1, 30)
        said = f"{m['month'] or '正月'}{'初' + chu if chu else m['d']}"

    def make(spring_year: int) -> dt.date | None:
        try:
            return festivals.lunar_day(spring_year, month, day)
        except ValueError:
            return None

    if year is not None:
        found = make(year)
        if found is None:
            raise r.fail(f"中的农历日期「{said}」在 {year} 年不存在")
    else:
        found = _upcoming(r, make)
    if m["chu2"]:
        r.say(f"初{m['chu2']}按正月初{m['chu2']}理解")
    r.say(f"农历{_lunar_words(month, day, found)}是{found.year}年{_md(found)}")
    return found


def _lunar_words(month: int, day: int, found: dt.date) -> str:
    if month == 12 and day == -1:
        return "除夕（腊月最后一天）"
    return ("腊月" if month == 12 else "正月") + lunar_day_name(day)


def lunar_day_name(day: int) -> str:
    """初八, 十五, 廿三, 三十: a lunar day as calendars print it."""
    digits = "一二三四五六七八九十"
    if day <= 10:
        return "初" + digits[day - 1]
    if day < 20:
        return "十" + digits[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + digits[day - 21]
    return "三十"


def _festival(r, m, year):
    festival = festivals.BY_NAME[m["name"]]
    edge = m["edge"]
    if m["name"] == "十一" and edge is None and not r.text.startswith(("前", "后"), r.pos):
        raise r.fail()  # 十一 alone is more likely the 11th than 国庆
    if year is not None:
        start, end = r.calendar.festival_block(festival, year)
    else:
        start, end = r.calendar.next_festival_block(festival, r.today, r.past)
    r.block = (start, end)
    r.anchor = festivals.anchor(festival, start.year) if festival.code != "spring" else festivals.anchor(
        festival, end.year)
    period = f"{festival.label}假期（{_md(start)}–{_md(end)}）" if start != end else f"{festival.label}（{_md(start)}）"
    if edge and edge.startswith("前"):
        r.deadline = True
        r.say(f"{period}放假前的最后一个工作日")
        return r.calendar.previous_workday(start)
    if edge and (edge.startswith("后") or edge == "节后"):
        r.say(f"{period}后的第一个工作日")
        return r.calendar.next_workday(end)
    day = start if festival.code == "spring" and m["name"] != "大年初一" else r.anchor
    if r.text.startswith(("前", "后"), r.pos):
        r.say(f"{festival.label}是{_md(r.anchor)}")
    elif festival.code == "spring" and not m.group(0).startswith("大年初一"):
        r.say(f"春节按{period}第一天理解")
    return day


def _quarter_edge(r, m, year):
    first, last = _period(r, "季度", m["which"], None)
    r.say(f"{first.month}–{last.month}月这一季度的{'第一天' if m['edge'] == '初' else '最后一天'}")
    return first if m["edge"] == "初" else last


def _year_edge(r, m, year):
    if year is not None and m["which"]:
        raise r.fail()
    y = year if year is not None else r.today.year + {None: 0, "今": 0, "明": 1, "去": -1}[m["which"]]
    r.say(f"{y}年的{'第一天' if m['edge'] == '初' else '最后一天'}")
    return dt.date(y, 1, 1) if m["edge"] == "初" else dt.date(y, 12, 31)


def _day_of_month(r, m, year):
    day = r.number(m["d"], "日期", 1, 31)
    which = m["which"]
    first = r.today.replace(day=1)
    if which in ("下月", "上月"):
        return r.make(*month_shift(first, 1 if which == "下月" else -1), day)
    if which == "本月" or year is not None:
        return r.make(year or first.year, first.month, day)
    # A bare 25号: this month if still ahead (behind, with past), else the next month that has it.
    step = -1 if r.past else 1
    for months in range(0, 13 * step, step):
        candidate = _try_date(*month_shift(first, months), day)
        if candidate and ((not r.past and candidate >= r.today) or (r.past and candidate <= r.today)):
            return candidate
    raise r.fail()


DATE_FAMILIES = (
    Family("数字年月日", r"(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?!\d){NOTE}", _iso_date,
           ("2026.12.1", "2026/12/1", "2026-12-01(周二)"), digit=True),
    Family("某月底、上中下旬", r"(?P<m>{NUM})月(?P<edge>底|末|初|上旬|中旬|下旬|中)", _named_month_edge,
           ("11月底", "2月底", "明年1月底", "12月上旬", "12月中"), needs="月"),
    Family("某月第一个/最后一个工作日", r"(?P<m>{NUM})月的?(?P<nth>第一个|首个|最后一个)工作日", _period_workday,
           ("12月最后一个工作日", "1月第一个工作日"), needs="工"),
    Family("某月某日", r"(?P<m>{NUM})月(?P<d>{NUM})日?{NOTE}", _month_day,
           ("11月30日", "十二月三日", "11月30日(周一)", "12月1日(周二)"), needs="月"),
    Family("数字月日", r"(?P<m>\d{{1,2}})[./-](?P<d>\d{{1,2}})(?![\d:]){NOTE}", _month_day,
           ("11.30", "12.1", "11-30", "12/1"), digit=True),
    Family("今天明天", r"大后天|大前天|今天|今日|今早|今晚|明天|明日|明早|明晚|后天|昨天|昨日|前天", _relative_day,
           ("今天", "明早", "后天"), needs="天日早晚"),
    Family("周末", r"(?P<which>本|下下|下|上)?周末", _week_end, ("本周末", "下周末", "周末"), approximate=True, needs="末"),
    Family("本月最后一个工作日", r"(?P<which>本|这|下|上|今|明)?(?P<unit>月|周|季度|季|年)的?(?P<nth>第一个|首个|最后一个)工作日",
           _period_workday, ("本月最后一个工作日", "下月第一个工作日", "本周最后一个工作日", "下季度第一个工作日"), needs="工"),
    Family("星期几", r"(?P<which>本|下下|下|上)?周(?P<w>{WD})", _week, ("周五", "下周一", "上周三")),
    Family("某段时间内", r"{SPAN}内", _span, ("3个工作日内", "十天内", "一周内", "48小时内", "一个月内")),
    Family("本周内、本月内", r"(?P<which>本|这|今|下)?(?P<unit>周|月|季度|年)内", _period_within,
           ("本周内", "本月内", "年内"), approximate=True),
    Family("多久以后", r"{SPAN}后", _offset, ("3天后", "3个工作日后", "一个半月后", "2小时后")),
    Family("下个工作日", r"下个工作日|次个?工作日", _next_workday, ("下个工作日",)),
    Family("节前节后", r"节前最后一个工作日|节后第一个工作日|节后第一天|节前|节后|放假前|假前|假期前|收假后|假期后|假后",
           _holiday_edge, ("节前", "节后", "放假前"), approximate=True),
    Family("年前年后", r"年前|年后", _spring_edge, ("年前", "年后"), approximate=True),
    Family("农历日子", r"(?P<name>{LUNAR})|(?P<month>腊月|正月)(?:初(?P<chu>[一二三四五六七八九十])|(?P<d>{NUM})日?)"
           r"|初(?P<chu2>[一二三四五六七八九十])", _lunar_day, ("除夕", "初八", "正月十五", "腊月二十三", "元宵节")),
    Family("季度初末", r"(?P<which>本|下|上)?季度?(?P<edge>底|末|初)", _quarter_edge, ("本季度末", "下季度初")),
    Family("月初月底", r"(?P<which>本|下|上)?月(?P<edge>底|末|初|上旬|中旬|下旬|中)|(?P<xun>上旬|中旬|下旬)",
           _month_edge, ("月底", "下月中", "上旬", "下月上旬")),
    Family("年初年底", r"(?P<which>今|明|去)?年(?P<edge>底|末|初)", _year_edge, ("年底", "明年年底")),
    Family("节日", r"(?P<name>{FESTIVAL})(?:节)?(?:放假|假期)?"
           r"(?P<edge>前最后一个工作日|前(?!{NUM}|半)|后第一个工作日|后第一天|后(?!{NUM}|半)|节后|当天)?",
           _festival, ("国庆前", "春节放假前", "中秋后", "元旦")),
    Family("某日", r"(?P<which>本月|下月|上月)?(?P<d>{NUM})日", _day_of_month, ("25号", "下月3号")),
)


# --- a day moved: 端午前两天, 国庆前3个工作日, 中秋后一周 -------------------------------------------

def _shift(r, m, day):
    count, unit = _count(r, m)
    if unit not in ("工作日", "天", "日", "周"):
        raise r.fail()
    before = m["dir"] == "前"
    if unit == "工作日":
        # From a holiday's rest days when the day was a holiday: 国庆前3个工作日 counts back from 10月1日.
        base = (r.block[0] if before else r.block[1]) if r.block else day
        moved = r.calendar.add_workdays(base, -int(count) if before else int(count))
        r.say(f"{_md(base)}{'前' if before else '后'}第{int(count)}个工作日")
        return moved
    base = r.anchor or day
    moved = base + dt.timedelta(days=int(count) * (7 if unit == "周" else 1) * (-1 if before else 1))
    r.say(f"{_md(base)}{'前' if before else '后'}{_span_words(count, unit)}")
    return moved


SHIFTS = (
    Family("前几天、后一周", r"(?P<dir>前|后){SPAN}", _shift, ("端午前两天", "中秋后一周", "国庆前3个工作日")),
)
