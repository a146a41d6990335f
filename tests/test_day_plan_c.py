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


# --- 6. the evening review: 改期 re-ranks, t says what it did, Friday names Monday, r 23 explained -----

def _evening_with_a_list(bgs):
    """Thursday's list for Friday 12-04 holds three items; on Friday evening all are still open."""
    bgs.env.update({"BANGONGSHI_NOW": "2026-12-03T17:30"})
    for n in range(5):  # handled long ago: the ids of the list's items are larger than its length
        bgs.ok("done", str(bgs.add(f"旧事{n}")))
    monday = bgs.add("周一要交的简报", "--due", "2026-12-07")
    late = bgs.add("逾期的材料", "--due", "2026-12-02")
    temp = bgs.add("整理会议记录", "--temp")
    bgs.ok("plan", "edit", "2026-12-04", "--add", str(monday), "--add", str(late), "--add", str(temp))
    bgs.env.update({"BANGONGSHI_NOW": "2026-12-04T17:30"})
    return monday, late, temp


def _draft(screen: str) -> list[str]:
    """The last draft shown: its numbered lines."""
    last = screen.rsplit("次日事项（草稿", 1)[1]
    return [line.strip() for line in last.splitlines()[1:] if re.match(r"\s+\d+\. ", line)]


def test_rescheduling_shows_the_new_date_and_reranks_the_draft(bgs):
    from conftest import run_in_terminal

    monday, late, temp = _evening_with_a_list(bgs)
    keys = ["c", "r", "12月16日\r", "t", "\r"]
    code, screen = run_in_terminal(["plan", "tomorrow"], keys, bgs.process_env())
    assert code == 0, screen
    assert f"#{late} 逾期的材料（逾期12-02）：r" in screen  # the prompt says what the date means
    assert f"#{late} 截止改到 2026年12月16日（周三）" in screen
    assert f"#{temp} 从 临时 移到 待办，并带到次日（保存时生效）" in screen
    assert "次日事项（草稿，下周一 12月7日）：" in screen  # a Friday: the list is for Monday
    draft = _draft(screen)
    # Overdue, it would lead; moved to 12-16 it ranks after what is due sooner.
    assert [line.split()[1] for line in draft] == [f"#{monday}", f"#{temp}", f"#{late}"], draft
    assert draft[-1].endswith("逾期的材料（截止 12-16周三）")
    saved = bgs.ok("plan", "show", "2026-12-07", "--format", "json").json()
    assert [i["id"] for i in saved["items"]] == [monday, temp, late]
    assert bgs.item(late)["due"] == "2026-12-16" and bgs.item(temp)["folder"] == "todo"


def test_an_id_where_a_position_is_expected_is_explained(bgs):
    from conftest import run_in_terminal

    monday, late, temp = _evening_with_a_list(bgs)
    keys = ["c", "c", "c", f"r {temp}\r", "r 9\r", f"r #{temp}\r", "\r"]
    code, screen = run_in_terminal(["plan", "tomorrow"], keys, bgs.process_env())
    assert code == 0, screen
    position = next(n for n, line in enumerate(_draft(screen.split(f"r {temp}\r")[0]), start=1) if f"#{temp} " in line)
    assert f"r 后面写序号（1–3），不是编号：#{temp} 是第 {position} 项，要移出它请输入 r {position}" in screen
    assert "草稿里没有第 9 项（共 3 项）：r 后面写序号，如 r 1" in screen
    saved = bgs.ok("plan", "show", "2026-12-07", "--format", "json").json()
    assert sorted(i["id"] for i in saved["items"]) == [monday, late]  # r #3 removed it, by id


# --- 7. two `plan tomorrow` at once ----------------------------------------------------------------------

def test_a_second_window_s_additions_are_shown_and_merged_not_dropped(bgs):
    import subprocess
    import sys

    from conftest import run_in_terminal

    bgs.env.update({"BANGONGSHI_NOW": "2026-12-04T17:30"})
    first = bgs.add("周一要交的简报", "--due", "2026-12-07")
    env = bgs.process_env()
    added = {}

    def other_window() -> str:
        # While this window's draft is open, another adds an item and saves its own list.
        run = [sys.executable, "-m", "bangongshi"]
        made = subprocess.run([*run, "add", "另一个窗口记的事", "--due", "2026-12-07", "--format", "json"],
                              env=env, capture_output=True, text=True, check=True)
        added["id"] = int(re.search(r'"id": (\d+)', made.stdout).group(1))
        subprocess.run([*run, "plan", "tomorrow", "--auto"], env=env, capture_output=True, check=True)
        return "\r"  # this window now saves its draft, made before that item existed

    code, screen = run_in_terminal(["plan", "tomorrow"], [other_window, "\r"], env)
    assert code == 0, screen
    assert "另一个窗口在你回顾时保存了 12月7日（周一） 的次日事项：" in screen
    assert f"+ 加入了 #{added['id']} 另一个窗口记的事" in screen
    assert "[m]合并（保留对方的改动）" in screen
    saved = bgs.ok("plan", "show", "2026-12-07", "--format", "json").json()
    assert [i["id"] for i in saved["items"]] == [first, added["id"]]


def test_keeping_only_mine_after_a_second_window_is_a_choice_made_knowingly(bgs):
    import subprocess
    import sys

    from conftest import run_in_terminal

    bgs.env.update({"BANGONGSHI_NOW": "2026-12-04T17:30"})
    first = bgs.add("周一要交的简报", "--due", "2026-12-07")
    env = bgs.process_env()
    added = {}

    def other_window() -> str:
        run = [sys.executable, "-m", "bangongshi"]
        made = subprocess.run([*run, "add", "另一个窗口要加的事", "--format", "json"],
                              env=env, capture_output=True, text=True, check=True)
        added["id"] = int(re.search(r'"id": (\d+)', made.stdout).group(1))
        subprocess.run([*run, "plan", "edit", "2026-12-07", "--add", str(added["id"])], env=env,
                       capture_output=True, check=True)
        return "\r"

    code, screen = run_in_terminal(["plan", "tomorrow"], [other_window, "o"], env)
    assert code == 0, screen
    assert f"+ 加入了 #{added['id']} 另一个窗口要加的事" in screen
    assert [i["id"] for i in bgs.ok("plan", "show", "2026-12-07", "--format", "json").json()["items"]] == [first]
