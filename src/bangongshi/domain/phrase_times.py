"""The time-of-day families of a date phrase (domain/phrases.py has the days): 下班前 and 上班前
from the work hours in force, clock times (下午三点, 两点半, 15:30), and a part of the day alone
(中午 is 12:00; 上午 and 下午 end at lunch and at the end of work, by convention; 晚上 has no
time, and says so)."""

import datetime as dt

from bangongshi.domain.phrases import Family

def _work_edge(r, m):
    hours = r.work_hours(r.day_for_hours())
    period, edge = m["period"], m["edge"]
    if edge in ("午休", "午饭") or (edge == "下班" and period in ("上午", "中午")):
        found, what = hours.lunch_start or dt.time(12), "午休开始"
    elif edge == "上班" and period in ("下午", "中午"):
        found, what = hours.lunch_end or dt.time(13), "下午上班"
    elif edge == "上班":
        found, what = hours.start, "上班"
    else:
        found, what = hours.end, "下班"
    if m["before"]:
        r.deadline = True
    r.say(f"{m.group(0)}按{what}时间 {found.strftime('%H:%M')}{' 前' if m['before'] else ''}理解（作息时间见 bgs config）")
    return found


PERIOD = r"上午|早上|早晨|早|中午|下午|午后|晚上|傍晚|晚|夜里|夜间|凌晨"


def _clock(r, m):
    if m["hh"] is not None:
        hour, minute = int(m["hh"]), int(m["mm"])
        if hour > 23 or minute > 59:
            raise r.fail("中的时间不存在")
        return dt.time(hour, minute)
    hour = r.number(m["h"], "钟点", 0, 24)
    minute = 0
    if m["min"]:
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(m["min"])
        if minute is None:
            minute = r.number(m["min"].rstrip("分"), "分钟", 0, 59)
    hour = _hour_in_period(r, hour, minute, m["period"] or r.period_hint, m.group(0))
    if hour > 23:
        raise r.fail("中的时间不存在")
    return dt.time(hour, minute)


def _hour_in_period(r, hour: int, minute: int, period: str | None, said: str) -> int:
    if period in ("下午", "午后", "晚上", "傍晚", "晚", "夜里", "夜间"):
        if 12 < hour < 24:
            return hour
        if hour == 12 and period in ("下午", "午后"):
            return 12
        return hour + 12 if hour < 12 else 24
    if period == "中午":
        return hour if hour >= 11 else hour + 12
    if period in ("上午", "早上", "早晨", "早", "凌晨"):
        if hour > 12:
            raise r.fail("中的时间不存在")
        return hour
    if 1 <= hour <= 6:
        r.warn(f"「{said}」按下午 {hour + 12}:{minute:02d} 理解；上午请写「上午{hour}点{_minute_words(minute)}」")
        return hour + 12
    return hour


def _minute_words(minute: int) -> str:
    return {0: "", 30: "半", 15: "一刻", 45: "三刻"}.get(minute, f"{minute}分")


def _period_alone(r, m):
    """上午, 下午 alone: the end of that part of the day, said; 晚上 alone: no time, said loudly."""
    period = m.group(0)
    hours = r.work_hours(r.day_for_hours())
    if period == "中午":
        r.say("中午按 12:00 理解")
        return dt.time(12)
    r.time_exact = False
    if period == "上午":
        found = hours.lunch_start or dt.time(12)
        r.say(f"上午按午休开始 {found.strftime('%H:%M')} 前理解")
        r.approximate()
        return found
    if period in ("下午", "午后"):
        r.say(f"下午按下班时间 {hours.end.strftime('%H:%M')} 前理解")
        r.approximate()
        return hours.end
    if period in ("早上", "早晨", "早"):
        r.say(f"早上按上班时间 {hours.start.strftime('%H:%M')} 理解")
        r.approximate()
        return hours.start
    r.warn(f"「{period}」没有具体钟点，只记了日期；要记时间请写「{period}8点」这样的钟点")
    return None


TIME_FAMILIES = (
    Family("下班前、上班前", r"(?P<period>上午|中午|下午)?(?P<edge>下班|上班|午休|午饭)(?P<before>前)?", _work_edge,
           ("今天下班前", "周五下班前", "下周一上班前", "下午上班前")),
    Family("钟点", rf"(?P<period>{PERIOD})?(?:(?P<h>{{NUM}})(?:点|时)(?P<min>半|一刻|三刻|{{NUM}}分?)?整?"
           r"|(?P<hh>\d{{1,2}}):(?P<mm>\d{{2}}))", _clock, ("下午三点", "15:30", "两点半", "晚上7点一刻")),
    Family("上午下午", PERIOD, _period_alone, ("明天中午", "明天上午", "周五下午")),
)
