"""Chinese numerals as people type them in dates and durations: 三, 十五, 廿三, 两, 〇."""

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
TENS = {"十": 10, "廿": 20, "卅": 30}

NUMERAL_CHARS = "".join(DIGITS) + "".join(TENS) + "百"


def to_int(text: str) -> int | None:
    """Arabic or Chinese numeral to int; None when it is not a number we read."""
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        head = DIGITS.get(hundreds, None) if hundreds else 1
        tail = to_int(rest.lstrip("零〇")) if rest else 0
        if head is None or tail is None:
            return None
        return head * 100 + tail
    for tens_char, tens_value in TENS.items():
        if tens_char in text:
            before, _, after = text.partition(tens_char)
            if before:
                if tens_char != "十" or before not in DIGITS:
                    return None
                tens_value = DIGITS[before] * 10
            if after and after not in DIGITS:
                return None
            return tens_value + (DIGITS[after] if after else 0)
    if len(text) == 1:
        return DIGITS[text]
    # Digit by digit, as in years: 二〇二六.
    return int("".join(str(DIGITS[ch]) for ch in text))
