"""Issue #16, items 6–9: the morning 今日事项 and the evening review say what each date means, two
review windows never drop each other's work, colour means the same everywhere (and has words), and
narrow terminals keep the title."""

import re

import pytest
from rich.cells import cell_len

FRIDAY = {"BANGONGSHI_NOW": "2026-12-04T10:00"}
COLOUR = {"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm", "COLORTERM": None}
LONG = "准备会议材料并通知各科室参会人员"  # 16 characters, 32 cells


def _styled(screen: str, text: str) -> set[str]:
    """The SGR codes in force where `text` is printed (Rich writes each styled piece as \\x1b[…m…)."""
    codes = set()
    for match in re.finditer(r"\x1b\[([\d;]+)m([^\x1b]*)", screen):
        if text in match.group(2):
            codes.update(match.group(1).split(";"))
    return codes


@pytest.fixture
def friday(bgs):
    """Friday 12-04: one item overdue, two due today (one key), an appointment next Wednesday."""
    bgs.env.update(FRIDAY)
    ids = {
        "late": bgs.add("逾期的报告", "--due", "2026-12-01"),
        "today": bgs.add("今天要交的表", "--due", "2026-12-04"),
        "key": bgs.add("起草年终总结", "-k", "--due", "2026-12-04"),
        "meeting": bgs.add(LONG, "--at", "2026-12-09 09:00", "--duration", "1h", "--from", "王主任"),
    }
    return ids


# --- 8. colour that means something, with words for NO_COLOR --------------------------------------

@pytest.mark.parametrize("command", [["list"], [], ["week"]])
def test_overdue_is_red_today_is_bold_key_is_marked(friday, bgs, command):
    screen = bgs.ok(*command, env=COLOUR).stdout
    assert "31" in _styled(screen, "逾期的报告"), screen
    assert "1" in _styled(screen, "今天要交的表"), screen
    assert "31" not in _styled(screen, "今天要交的表")
    assert "35" in _styled(screen, "重点"), screen  # the key mark, magenta
    plain = bgs.ok(*command).stdout  # NO_COLOR: the same meaning in words
    assert "\x1b" not in plain
    assert "逾期" in plain and "重点 起草年终总结" in plain


def test_the_list_says_overdue_and_due_today_in_words(friday, bgs):
    rows = {line.split()[0]: line for line in bgs.ok("list").stdout.splitlines()[2:]}
    assert "逾期 12-01（周二）" in rows[str(friday["late"])]
    assert "今天到期" in rows[str(friday["today"])]


def test_follow_up_reminders_carry_their_colour(bgs):
    bgs.env.update(FRIDAY)
    late = bgs.add("报送安全台账", "--from", "李科长", "--due", "2026-12-01")
    bgs.ok("assign", str(late), "--to", "王五", "--every", "每天")
    nudge = bgs.add("统计报表", "--from", "李科长", "--due", "2026-12-20")
    bgs.ok("assign", str(nudge), "--to", "张三", "--every", "每天", env={"BANGONGSHI_NOW": "2026-12-03T10:00"})
    screen = bgs.ok(env=COLOUR).stdout
    assert "31" in _styled(screen, "【已逾期】"), screen
    assert "33" in _styled(screen, "【该催办】"), screen
    plain = bgs.ok().stdout
    assert "【已逾期】" in plain and "【该催办】" in plain


# --- 9. narrow terminals: the title first ------------------------------------------------------------

@pytest.mark.parametrize("columns", [60, 80, 120, 160])
@pytest.mark.parametrize("command", [["list"], [], ["week"]])
def test_no_line_is_wider_than_the_terminal(friday, bgs, command, columns):
    screen = bgs.ok(*command, env={"COLUMNS": str(columns)}).stdout
    for line in screen.splitlines():
        assert cell_len(line) <= columns, (columns, line)


@pytest.mark.parametrize("columns, shown", [(60, 9), (80, 12), (120, 16), (160, 16)])
def test_the_list_keeps_the_title_and_shortens_the_due_column(friday, bgs, columns, shown):
    screen = bgs.ok("list", env={"COLUMNS": str(columns)}).stdout
    row = next(line for line in screen.splitlines() if line.split()[0] == str(friday["meeting"]))
    assert LONG[:shown] in row, row
    if columns <= 80:
        assert "周三09:00" in row and "开始" not in row
    else:
        assert "12-09（周三）09:00 开始" in row


@pytest.mark.parametrize("columns", [60, 80])
def test_the_agenda_keeps_the_title_at_narrow_widths(friday, bgs, columns):
    screen = bgs.ok(env={"COLUMNS": str(columns)}).stdout
    row = next(line for line in screen.splitlines() if line.strip().startswith(str(friday["meeting"]) + " "))
    assert LONG[:12 if columns == 80 else 9] in row, screen
    assert "象限" not in screen or columns > 60


# --- 6. the morning 今日事项 ----------------------------------------------------------------------

def test_the_morning_list_shows_each_due_and_marks_overdue_and_today(bgs):
    bgs.env.update({"BANGONGSHI_NOW": "2026-12-03T17:30"})
    late = bgs.add("逾期的报告", "--due", "2026-12-01")
    today = bgs.add("今天要交的表", "--due", "2026-12-04")
    later = bgs.add("起草年终总结", "-k", "--due", "2026-12-09")
    bgs.ok("plan", "edit", "2026-12-04", "--add", str(late), "--add", str(today), "--add", str(later))
    screen = bgs.ok(env=FRIDAY).stdout.splitlines()
    lines = {n: next(line for line in screen if f"#{n} " in line and ". #" in line) for n in (late, today, later)}
    assert lines[late].endswith("逾期的报告（逾期12-01）")
    assert lines[today].endswith("今天要交的表（今天到期）")
    assert lines[later].endswith("重点 起草年终总结（截止 周三）")
    coloured = bgs.ok(env={**FRIDAY, **COLOUR}).stdout
    assert "31" in _styled(coloured, "逾期的报告") and "1" in _styled(coloured, "今天要交的表")
    text = bgs.ok("agenda", "--format", "text", env=FRIDAY).stdout
    assert f"1. 逾期的报告（逾期12-01） #{late}" in text and f"2. 今天要交的表（今天到期） #{today}" in text
