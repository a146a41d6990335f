"""文号 (document numbers) as people type them, and the numbers the registers hand out.

A 文号 is 机关代字〔年份〕序号号 (GB/T 9704-2012: the year in 六角括号 〔〕, the number without 第 and
without leading zeros). People type it with whatever brackets their input method gives — [] 【】 ()
（） ［］ ﹝﹞ — and full-width digits; `normalise` writes the brackets around the year as 〔〕 and the
digits as ASCII and keeps everything else as typed (a 令 is numbered 第N号 and keeps its 第). `parse`
reads the three parts, or says it cannot (the 文号 is then kept as typed, with a warning).
"""

import re
from dataclasses import dataclass

from bangongshi.errors import BadInput

# Brackets people put around the year, each pair written as 〔〕.
BRACKETS = {"[": "]", "【": "】", "(": ")", "（": "）", "［": "］", "﹝": "﹞", "〔": "〕", "〖": "〗", "{": "}", "｛": "｝"}
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_OPENS = re.escape("".join(BRACKETS))
_CLOSES = re.escape("".join(BRACKETS.values()))
_YEAR = re.compile(rf"\s*([{_OPENS}])\s*(\d{{4}})\s*([{_CLOSES}])\s*")
_PARTS = re.compile(r"^(?P<prefix>\S.*?)〔(?P<year>\d{4})〕(?P<first>第?)(?P<seq>\d{1,6})(?P<mark>号?)$")
FIRST_YEAR, LAST_YEAR = 1900, 2999
SEQ_MAX = 999_999
TEXT_MAX = 100


@dataclass(frozen=True)
class DocNumber:
    """A 文号 read: `text` normalised (as stored), and its parts."""

    text: str
    prefix: str  # 机关代字, e.g. 县政办发
    year: int
    seq: int


def normalise(text: str) -> str:
    """The 文号 as stored: the year's brackets 〔〕 (only a matching pair around four digits),
    ASCII digits, no spaces around the year or before 号; nothing else changed."""
    shown = " ".join(text.translate(_FULL_DIGITS).split())

    def year(match: re.Match) -> str:
        if BRACKETS[match[1]] != match[3]:
            return match[0]
        return f"〔{match[2]}〕"

    shown = _YEAR.sub(year, shown)
    return re.sub(r"(\d)\s+号", r"\1号", shown)


def parse(text: str) -> DocNumber | None:
    """The parts of a 文号, or None when it is not 代字〔年份〕序号号 (kept as typed all the same)."""
    shown = normalise(text)
    match = _PARTS.match(shown)
    if match is None or not match["mark"]:
        return None
    year, seq = int(match["year"]), int(match["seq"])
    if not FIRST_YEAR <= year <= LAST_YEAR or seq == 0:
        return None
    prefix = match["prefix"].strip()
    if not prefix or re.search(r"[〔〕]", prefix):
        return None
    return DocNumber(shown, prefix, year, seq)


def same(a: DocNumber | None, b: DocNumber | None) -> bool:
    """Two 文号 that name the same document: the same 代字, year and number (012 is 12)."""
    return a is not None and b is not None and (a.prefix, a.year, a.seq) == (b.prefix, b.year, b.seq)


def outgoing(prefix: str, year: int, seq: int) -> str:
    """A 发文字号 as GB/T 9704 writes it: 县政办发〔2026〕12号."""
    return f"{prefix}〔{year}〕{seq}号"


# The 收文编号 format in config.yaml (registers.incoming): {year} and {n}, {n:03} for leading zeros.
_FIELD = re.compile(r"\{(year|n)(?::0(\d))?\}")
DEFAULT_INCOMING = "收〔{year}〕{n}号"


def check_format(pattern: str) -> str:
    """A 收文编号 format, or BadInput saying what it needs."""
    if "{n" not in pattern or _FIELD.sub("", pattern).count("{") or _FIELD.sub("", pattern).count("}"):
        raise BadInput(f"收文编号的样式「{pattern}」应含 {{n}}（序号），可含 {{year}}（年份），如 {DEFAULT_INCOMING}；"
                       "{n:03} 表示补足三位")
    if "{year}" not in pattern:
        raise BadInput(f"收文编号的样式「{pattern}」应含 {{year}}（每年从1编起，年份要写进编号），如 {DEFAULT_INCOMING}")
    if len(pattern) > TEXT_MAX:
        raise BadInput(f"收文编号的样式太长，最多 {TEXT_MAX} 字")
    return pattern


def incoming(pattern: str, year: int, seq: int) -> str:
    """A 收文编号 in the configured format."""

    def field(match: re.Match) -> str:
        if match[1] == "year":
            return str(year)
        return str(seq).zfill(int(match[2])) if match[2] else str(seq)

    return _FIELD.sub(field, pattern)


def check_prefix(text: str) -> str:
    """A 机关代字 as configured or typed: no brackets, digits or spaces (县政办发, 教字)."""
    prefix = text.strip()
    if not prefix or len(prefix) > 30 or re.search(rf"[\s\d{_OPENS}{_CLOSES}]", prefix.translate(_FULL_DIGITS)):
        raise BadInput(f"机关代字「{text}」无效：应是如 县政办发 这样的文字，不含数字、空格和括号")
    return prefix
