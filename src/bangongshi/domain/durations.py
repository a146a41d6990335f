"""Durations and estimates: 30m, 2h, 1.5h, 1h30m, 90, 半小时, 半天, 1天, 两小时."""

import re

from bangongshi.domain.numerals import NUMERAL_CHARS, to_int
from bangongshi.errors import BadInput

# One workday for estimates given in days; the config will own this once it exists.
WORKDAY_MINUTES = 8 * 60
LONGEST_MINUTES = 30 * WORKDAY_MINUTES

_UNIT_MINUTES = {
    "m": 1, "min": 1, "mins": 1, "分": 1, "分钟": 1,
    "h": 60, "hr": 60, "hrs": 60, "小时": 60, "个小时": 60, "钟头": 60, "个钟头": 60,
    "d": WORKDAY_MINUTES, "天": WORKDAY_MINUTES, "个工作日": WORKDAY_MINUTES, "工作日": WORKDAY_MINUTES,
}
_NUMBER = rf"(?:\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+)"
_UNITS = "|".join(sorted((re.escape(u) for u in _UNIT_MINUTES), key=len, reverse=True))
# Compiled when first used (re keeps it): `bgs add` without an estimate or a duration never needs it.
_PART = rf"({_NUMBER}|半)\s*({_UNITS})?"
_HALF_WORDS = {"半小时": 30, "半个小时": 30, "半个钟头": 30, "半天": WORKDAY_MINUTES // 2}

EXAMPLES = "30m、2h、1.5h、1h30m、90（分钟）、半小时、半天、1天"


def parse_minutes(text: str, what: str) -> int:
    """Minutes in `text`; a bare number is minutes. Raises BadInput naming `what` otherwise."""
    cleaned = text.strip().lower().replace(" ", "")
    minutes = _HALF_WORDS.get(cleaned)
    if minutes is None:
        minutes = _sum_parts(cleaned)
    if minutes is None:
        raise BadInput(f"无法识别{what}「{text}」，可以写：{EXAMPLES}")
    if minutes <= 0:
        raise BadInput(f"{what}必须大于 0，收到「{text}」")
    if minutes > LONGEST_MINUTES:
        raise BadInput(f"{what}「{text}」太长，最多 30 天")
    return minutes


def _sum_parts(text: str) -> int | None:
    """Parts in decreasing units (1天2小时30分); a bare number alone, or after hours, is minutes."""
    if not text:
        return None
    total = 0.0
    position = 0
    previous_unit = None
    for match in re.finditer(_PART, text, re.IGNORECASE):
        if match.start() != position:
            return None
        number, unit = match.groups()
        value = 0.5 if number == "半" else _number(number)
        if value is None:
            return None
        if unit is None:
            if match.end() != len(text) or previous_unit not in (None, 60):
                return None
            unit_minutes = 1
        else:
            unit_minutes = _UNIT_MINUTES[unit]
        if previous_unit is not None and unit_minutes >= previous_unit:
            return None
        total += value * unit_minutes
        previous_unit = unit_minutes
        position = match.end()
    if position != len(text):
        return None
    return round(total)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        value = to_int(text)
        return None if value is None else float(value)


def format_minutes(minutes: int | None) -> str:
    """How an estimate reads on screen: 30分钟, 2小时, 1.5小时, 1天."""
    if minutes is None:
        return ""
    if minutes == 0:
        return "0分钟"  # not 「0天」: nothing is nothing in any unit
    if minutes % WORKDAY_MINUTES == 0:
        return f"{minutes // WORKDAY_MINUTES}天"
    if minutes < 60:
        return f"{minutes}分钟"
    hours = minutes / 60
    return f"{hours:g}小时" if (minutes % 30 == 0) else f"{minutes // 60}小时{minutes % 60}分"
