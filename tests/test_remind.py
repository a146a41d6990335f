"""`bgs remind` end to end: pushes through Apprise's json:// to a real HTTP server on 127.0.0.1."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

MONDAY = "2026-11-30T08:20"  # a Monday; work starts 08:30


class Endpoint:
    """A small HTTP server that records every JSON post; `fail` answers 500 instead."""

    def __init__(self):
        self.posts: list[dict] = []
        self.fail = False
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if endpoint.fail:
                    self.send_response(500)
                    self.end_headers()
                    return
                endpoint.posts.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def messages(self) -> list[tuple[str, str]]:
        return [(p["title"], p["message"]) for p in self.posts]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.close()


def configure(bgs, text: str) -> None:
    bgs.home.mkdir(parents=True, exist_ok=True)
    (bgs.home / "config.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def office(bgs, endpoint):
    """A store with an appointment, a timed and a date-only deadline, all pushed to the endpoint."""
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n")
    bgs.env["BANGONGSHI_NOW"] = "2026-11-27T16:00"  # written down the Friday before
    bgs.ok("add", "全市办公室工作会议", "--at", "2026-11-30 09:30", "--where", "三楼会议室", "--remind", "提前半小时")
    bgs.ok("add", "报送月度信息", "--due", "2026-11-30 11:00")
    bgs.ok("add", "起草总结", "--due", "2026-11-30")
    bgs.env["BANGONGSHI_NOW"] = MONDAY
    return bgs


def at(bgs, moment: str, *args: str):
    return bgs("remind", *args, env={"BANGONGSHI_NOW": moment})


def test_each_reminder_goes_out_at_its_time_exactly_once(office, endpoint):
    assert at(office, "2026-11-30T08:20").code == 0
    assert endpoint.posts == []  # nothing due before work starts
    result = at(office, "2026-11-30T08:30")
    assert result.code == 0, result.stderr
    titles = [t for t, _ in endpoint.messages()]
    bodies = [m for _, m in endpoint.messages()]
    assert titles == ["办公室助手·今天到期", "办公室助手·早间日程"]
    assert bodies[0] == "#3 起草总结 今天到期（办完：bgs done 3）"
    assert bodies[1].startswith("今天的日程（bgs 查看）\n2026年11月30日 周一 · 工作日\n")  # then the agenda as text
    assert "全市办公室工作会议" in bodies[1]
    at(office, "2026-11-30T08:45")
    assert len(endpoint.posts) == 2  # nothing new, nothing repeated
    at(office, "2026-11-30T09:00")  # the meeting's own lead: 30 minutes
    assert endpoint.messages()[2] == ("办公室助手·会议/约定", "#1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）")
    at(office, "2026-11-30T09:01")
    at(office, "2026-11-30T11:00")
    assert endpoint.messages()[3] == ("办公室助手·今天到期", "#2 报送月度信息 今天 11:00 到期（办完：bgs done 2）")
    at(office, "2026-11-30T17:00")
    assert endpoint.messages()[4] == ("办公室助手·下班前计划", "下班前列出次日事项：bgs plan tomorrow")
    at(office, "2026-11-30T17:10")
    assert len(endpoint.posts) == 5
    log = office.ok("remind", "log", env={"BANGONGSHI_NOW": "2026-11-30T17:20"}).stdout
    assert log.count("已发送") == 5 and "→ group【会议/约定】#1 全市办公室工作会议" in log


def test_a_meeting_added_inside_its_lead_is_still_reminded_but_not_one_recorded_after_it_began(office, endpoint):
    at(office, "2026-11-30T14:00")
    sent = len(endpoint.posts)
    office.ok("add", "临时加的碰头会", "--at", "2026-11-30 14:30", env={"BANGONGSHI_NOW": "2026-11-30T14:20"})
    office.ok("add", "补记的上午会", "--at", "2026-11-30 10:00", env={"BANGONGSHI_NOW": "2026-11-30T14:21"})
    at(office, "2026-11-30T14:22")
    assert endpoint.messages()[sent:] == [("办公室助手·会议/约定", "#4 临时加的碰头会 14:30 开始（bgs show 4）")]


def test_dry_run_lists_what_would_go_and_sends_nothing(office, endpoint):
    result = at(office, "2026-11-30T09:00", "--dry-run")
    assert result.code == 0
    assert result.stdout.splitlines() == [
        "08:30 【今天到期】#3 起草总结 今天到期（办完：bgs done 3） → group",
        "08:30 【早间日程】今天的日程（bgs 查看） → group",
        "09:00 【会议/约定】#1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1） → group",
    ]
    assert endpoint.posts == []
    assert "还没有发送过提醒" in office.ok("remind", "log").stdout


def test_remind_none_and_a_changed_lead(office, endpoint):
    office.ok("edit", "1", "--remind", "none")
    at(office, "2026-11-30T09:10")
    assert not any("全市办公室工作会议 09:30" in m for _, m in endpoint.messages())
    office.ok("edit", "1", "--remind", "5m")
    assert "09:25 【会议/约定】" in at(office, "2026-11-30T09:25", "--dry-run").stdout
    assert at(office, "2026-11-30T09:20", "--dry-run").stdout.strip() == "现在没有要发送的提醒"


def test_two_concurrent_runs_send_once(office, endpoint):
    env = office.process_env({"BANGONGSHI_NOW": "2026-11-30T09:00"})
    runs = [subprocess.Popen([sys.executable, "-m", "bangongshi", "remind"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    codes = [r.wait(timeout=60) for r in runs]
    assert codes == [0, 0], [r.stderr.read().decode() for r in runs]
    texts = sorted(m.splitlines()[0] for _, m in endpoint.messages())
    assert texts == sorted(["#3 起草总结 今天到期（办完：bgs done 3）", "今天的日程（bgs 查看）",
                            "#1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）"])


def test_a_failed_delivery_is_marked_failed_then_retried(office, endpoint):
    endpoint.fail = True
    result = at(office, "2026-11-30T08:30")
    assert result.code == 5
    assert "没有送达" in result.stderr and "bgs remind log" in result.stderr
    log = office.ok("remind", "log").stdout
    assert "已发送" not in log and log.count(" 失败 → group") == 2 and "error=500" in log
    endpoint.fail = False
    assert at(office, "2026-11-30T08:35").code == 0
    assert [m for _, m in endpoint.messages()][0] == "#3 起草总结 今天到期（办完：bgs done 3）"
    assert len(endpoint.posts) == 2
    assert "已发送，第 2 次" in office.ok("remind", "log").stdout


def test_retries_are_bounded(office, endpoint):
    endpoint.fail = True
    for minute in ("30", "35", "40", "45"):
        at(office, f"2026-11-30T08:{minute}")
    endpoint.fail = False
    at(office, "2026-11-30T08:50")
    assert endpoint.posts == []  # three attempts (remind.attempts), then it gives up
    assert "失败，第 3 次" in office.ok("remind", "log").stdout


def test_an_unreachable_endpoint_is_exit_5_and_nothing_is_marked_sent(bgs):
    configure(bgs, "remind:\n  channels:\n    group: \"json://127.0.0.1:9/hook\"\n  timeout: 2\n")
    bgs.ok("add", "报送月度信息", "--due", "2026-11-30 11:00", env={"BANGONGSHI_NOW": "2026-11-27T16:00"})
    result = at(bgs, "2026-11-30T11:00")
    assert result.code == 5
    assert "发送失败" in result.stdout
    assert "已发送" not in bgs.ok("remind", "log").stdout


def test_catch_up_after_sleep_is_one_message_marked_late(office, endpoint):
    at(office, "2026-11-30T08:20")
    result = at(office, "2026-11-30T14:00")  # the laptop slept all morning
    assert result.code == 0
    assert endpoint.messages() == [("办公室助手：错过的提醒（迟到）", "\n".join([
        "（迟到）08:30 #3 起草总结 今天到期（办完：bgs done 3）",
        "（迟到）08:30 今天的日程（bgs 查看）",
        "（迟到）09:00 #1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）",
        "（迟到）11:00 #2 报送月度信息 今天 11:00 到期（办完：bgs done 2）",
    ]))]
    at(office, "2026-11-30T14:05")
    assert len(endpoint.posts) == 1


def test_routing_per_kind(bgs, endpoint):
    other = Endpoint()
    try:
        configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n    mine: \"{other.url}\"\n"
                       "  route:\n    morning: [group]\n    due: [mine]\n    evening: []\n")
        bgs.ok("add", "起草总结", "--due", "2026-11-30", env={"BANGONGSHI_NOW": "2026-11-27T16:00"})
        at(bgs, "2026-11-30T08:30")
        at(bgs, "2026-11-30T17:00")
        assert [t for t, _ in endpoint.messages()] == ["办公室助手·早间日程"]
        assert other.messages() == [("办公室助手·今天到期", "#1 起草总结 今天到期（办完：bgs done 1）")]
    finally:
        other.close()


def test_a_backlog_of_follow_ups_is_the_agenda_s_few_and_one_count_not_a_flood(bgs, endpoint):
    from bangongshi.services.agenda import FOLLOW_UP_ROWS

    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n    evening: []\n")
    friday = {"BANGONGSHI_NOW": "2026-11-27T16:00"}
    items = [bgs.add(f"督办件{n}", "--from", "王主任") for n in range(FOLLOW_UP_ROWS + 3)]
    for item in items:
        bgs.ok("assign", str(item), "--to", "张三", "--every", "每天", env=friday)
    at(bgs, "2026-11-30T08:30")
    # One message: the most pressing, as the morning agenda lists them (equal ones by number), then the count.
    assert endpoint.messages() == [(f"办公室助手·督办（{FOLLOW_UP_ROWS + 1} 条）", "\n".join(
        [f"【该催办】#{n} 督办件{k}：按约定向张三催办（bgs nudge {n}）" for k, n in enumerate(items[:FOLLOW_UP_ROWS])]
        + ["另有 3 条督办提醒未列出（bgs follow 查看）"]))]
    at(bgs, "2026-11-30T08:35")
    assert len(endpoint.posts) == 1  # each once
    bgs.ok("nudge", str(items[0]), "--via", "电话", env={"BANGONGSHI_NOW": "2026-11-30T08:40"})
    at(bgs, "2026-11-30T08:45")  # one was seen to: the next most pressing takes its place
    assert endpoint.messages()[1:] == [
        ("办公室助手·督办", f"【该催办】#{items[FOLLOW_UP_ROWS]} 督办件{FOLLOW_UP_ROWS}："
                          f"按约定向张三催办（bgs nudge {items[FOLLOW_UP_ROWS]}）")]


def backlog(bgs, count: int, *options: str) -> list[int]:
    """`count` items assigned on the Friday before, to be nudged every day: each a 督办 reminder on Monday."""
    bgs.env["BANGONGSHI_NOW"] = "2026-11-27T16:00"
    items = [bgs.add(f"督办件{n}", "--from", "王主任", *options) for n in range(count)]
    for item in items:
        bgs.ok("assign", str(item), "--to", "张三", "--every", "每天")
    return items


def test_items_never_to_be_reminded_of_leave_the_follow_up_places_to_the_others(bgs, endpoint):
    from bangongshi.services.agenda import FOLLOW_UP_ROWS

    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n    evening: []\n")
    for item in backlog(bgs, FOLLOW_UP_ROWS):  # the lowest numbers: the first among equals
        bgs.ok("edit", str(item), "--remind", "none")
    wanted = backlog(bgs, 3)
    at(bgs, "2026-11-30T08:30")
    assert [m for _, m in endpoint.messages()] == [f"【该催办】#{n} 督办件{k}：按约定向张三催办（bgs nudge {n}）"
                                                   for k, n in enumerate(wanted)]


def test_the_follow_up_message_is_in_the_agenda_s_order(bgs, endpoint):
    import re

    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n    evening: []\n")
    backlog(bgs, 4)  # to be nudged
    backlog(bgs, 4, "--due", "2026-11-28")  # past their deadline: more pressing
    agenda = bgs.ok("agenda", env={"BANGONGSHI_NOW": "2026-11-30T08:30"}).stdout
    at(bgs, "2026-11-30T08:30")
    [(title, body)] = endpoint.messages()
    assert title == "办公室助手·督办（8 条）"
    assert re.findall(r"】#(\d+) ", body) == re.findall(r"【[^】]+】#(\d+) ", agenda) == ["5", "6", "7", "8", "1", "2", "3", "4"]


def test_a_follow_up_that_moves_up_in_the_afternoon_is_not_late(bgs, endpoint):
    from bangongshi.services.agenda import FOLLOW_UP_ROWS

    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n    evening: []\n")
    items = backlog(bgs, FOLLOW_UP_ROWS + 1)
    at(bgs, "2026-11-30T08:30")
    bgs.ok("nudge", str(items[0]), "--via", "电话", env={"BANGONGSHI_NOW": "2026-11-30T14:00"})
    at(bgs, "2026-11-30T14:05")
    last = items[FOLLOW_UP_ROWS]
    assert endpoint.messages()[1:] == [
        ("办公室助手·督办", f"【该催办】#{last} 督办件{FOLLOW_UP_ROWS}：按约定向张三催办（bgs nudge {last}）")]


@pytest.mark.parametrize(("url", "limit"), [
    ("wecombot://abcdefghijkl", lambda m: len(f"{m.title}\r\n{m.body}".encode()) <= 2048),  # the robot counts bytes
    ("dingtalk://abcdefghijkl",  # the request: JSON, every Chinese character escaped to six bytes
     lambda m: len(json.dumps({"msgtype": "markdown", "markdown": {"title": m.title, "text": f"# {m.title}\n{m.body}"}}))
     <= 20_000),
])
def test_a_group_too_long_for_a_robot_goes_in_several_messages_each_whole(bgs, monkeypatch, url, limit):
    from bangongshi.formats.remind_message import MORE
    from bangongshi.services import channels

    sent = []
    monkeypatch.setattr(channels, "send", lambda name, url, message, timeout: sent.append(message))
    configure(bgs, f"remind:\n  channels:\n    robot: \"{url}\"\n  route:\n    morning: []\n")
    bgs.env["BANGONGSHI_NOW"] = "2026-11-27T16:00"
    title = "报送某某县某某局关于某某专项工作的落实情况材料" * 8  # long, and three bytes a character
    due = [bgs.add(f"{title}{n}", "--due", "2026-11-30") for n in range(60)]
    assert at(bgs, "2026-11-30T08:30").code == 0
    assert len(sent) > 1 and all(limit(m) and MORE not in m.body for m in sent)
    lines = [[line.lstrip("\\") for line in m.body.splitlines() if line] for m in sent]  # 钉钉: Markdown
    assert [line for part in lines for line in part] == [f"#{n} {title}{k} 今天到期（办完：bgs done {n}）"
                                                         for k, n in enumerate(due)]
    assert [m.title for m in sent] == [f"办公室助手·今天到期（{len(part)} 条）" if len(part) > 1 else "办公室助手·今天到期"
                                       for part in lines]


def test_the_late_message_has_tomorrow_s_duty_in_its_time_order(bgs, endpoint):
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n")
    bgs.ok("duty", "plan", "周末 12月", "--people", "张三,李四", "--leaders", "孙主任",
           env={"BANGONGSHI_NOW": "2026-12-01T09:00"})
    at(bgs, "2026-12-04T17:45")  # the Friday: asleep since before the duty reminder at 16:00
    [(title, body)] = endpoint.messages()
    times = [line.removeprefix("（迟到）")[:5] for line in body.splitlines()]
    assert title == "办公室助手：错过的提醒（迟到）" and times == sorted(times) and len(times) == 2, body


def test_more_than_three_of_a_kind_at_once_go_as_one_message(bgs, endpoint):
    from bangongshi.services.remind import GROUPED_AFTER

    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: []\n")
    bgs.env["BANGONGSHI_NOW"] = "2026-11-27T16:00"  # written down the Friday before
    due = [bgs.add(f"报送材料{n}", "--due", "2026-11-30") for n in range(GROUPED_AFTER + 1)]
    meetings = [bgs.add(f"会议{n}", "--at", "2026-11-30 10:00") for n in range(GROUPED_AFTER)]
    at(bgs, "2026-11-30T08:30")
    assert endpoint.messages() == [(f"办公室助手·今天到期（{GROUPED_AFTER + 1} 条）", "\n".join(
        f"#{n} 报送材料{k} 今天到期（办完：bgs done {n}）" for k, n in enumerate(due)))]
    at(bgs, "2026-11-30T09:45")  # as many as GROUPED_AFTER: each its own message, as always
    assert endpoint.messages()[1:] == [("办公室助手·会议/约定", f"#{n} 会议{k} 10:00 开始（bgs show {n}）")
                                       for k, n in enumerate(meetings)]


def test_a_locked_item_never_reaches_the_endpoint(bgs, endpoint):
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n")
    secret = {"BANGONGSHI_NOW": "2026-11-27T16:00", "BANGONGSHI_PASSPHRASE": "fixture passphrase"}
    bgs.ok("add", "人事调整方案", "--at", "2026-11-30 14:30", "--where", "组织部小会议室", "--lock", env=secret)
    bgs.ok("add", "干部考察名单", "--due", "2026-11-30", "--from", "组织部", "--lock", env=secret)
    # Even with the passphrase in the scheduler's environment, reminders carry only the mask.
    for moment in ("2026-11-30T08:30", "2026-11-30T14:15"):
        assert bgs("remind", env={**secret, "BANGONGSHI_NOW": moment}).code == 0
    sent = json.dumps(endpoint.posts, ensure_ascii=False)
    assert "【密】事项 #1 14:30 开始（bgs show 1）" in sent
    assert "【密】事项 #2 今天到期" in sent
    for word in ("人事", "调整", "组织部", "会议室", "干部", "考察"):
        assert word not in sent


@pytest.mark.parametrize(("day", "workday"), [
    ("2026-10-01", False), ("2026-10-05", False), ("2026-10-07", False),  # 国庆
    ("2026-10-10", True),  # a 调休 Saturday is a workday
    ("2026-09-27", False),  # a plain Sunday
    ("2026-02-16", False), ("2026-02-20", False),  # 春节
    ("2026-02-14", True), ("2026-02-28", True),  # 调休 Saturdays
    ("2026-02-24", True),  # back to work
])
def test_rest_days_get_only_appointments_and_items_due(bgs, endpoint, day, workday):
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n")
    early = {"BANGONGSHI_NOW": "2026-01-05T08:00"}
    bgs.ok("add", "值班交接", "--at", f"{day} 10:00", env=early)
    bgs.ok("add", "报送值班表", "--due", day, env=early)
    bgs.ok("add", "督办事项", "--from", "王主任", "--report", env=early)
    bgs.ok("assign", "3", "--to", "张三", "--every", "每天", env=early)
    planned = bgs("remind", "--dry-run", env={"BANGONGSHI_NOW": f"{day}T18:00"}).stdout
    assert "值班交接 10:00 开始" in planned and "报送值班表 今天到期" in planned
    routine = ("【早间日程】", "【下班前计划】", "【督办】")
    assert all(kind in planned for kind in routine) == workday
    assert any(kind in planned for kind in routine) == workday


def test_bad_input_exit_2_and_nothing_recorded(bgs, endpoint):
    bgs.ok("add", "起草总结", "--due", "2026-11-30", env={"BANGONGSHI_NOW": "2026-11-27T16:00"})
    configure(bgs, "remind:\n  channels:\n    group: \"nosuch://abc\"\n")
    result = at(bgs, "2026-11-30T09:00")
    assert result.code == 2 and "无法识别" in result.stderr and "abc" not in result.stderr
    configure(bgs, "remind:\n  morning: \"25:00\"\n")
    result = at(bgs, "2026-11-30T09:00")
    assert result.code == 2 and "remind.morning" in result.stderr
    configure(bgs, "remind:\n  channels:\n    group: \"env:BGS_TEST_HOOK\"\n")
    result = at(bgs, "2026-11-30T09:00")
    assert result.code == 2 and "BGS_TEST_HOOK" in result.stderr
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    morning: [wecom]\n")
    result = at(bgs, "2026-11-30T09:00")
    assert result.code == 2 and "wecom" in result.stderr
    assert bgs("remind", "test", "nosuch").code == 2
    assert bgs("add", "x", "--remind", "不知道").code == 2
    assert endpoint.posts == []
    configure(bgs, "")
    assert "还没有发送过提醒" in bgs.ok("remind", "log").stdout


def test_channel_url_from_the_environment_and_test_command(bgs, endpoint):
    configure(bgs, "remind:\n  channels:\n    group: \"env:BGS_TEST_HOOK\"\n")
    result = bgs("remind", "test", "group", env={"BGS_TEST_HOOK": endpoint.url})
    assert result.code == 0, result.stderr
    assert endpoint.messages() == [("办公室助手·测试",
                                    "测试消息：提醒渠道「group」可以收到办公室助手的提醒（11-20 10:00）。")]
    endpoint.fail = True
    assert bgs("remind", "test", "group", env={"BGS_TEST_HOOK": endpoint.url}).code == 5


def test_a_recurring_occurrence_is_reminded_when_its_lead_opens(bgs, endpoint):
    configure(bgs, f"remind:\n  channels:\n    group: \"{endpoint.url}\"\n  route:\n    recur: [group]\n"
                   "    morning: []\n    evening: []\n    due: []\n")
    bgs.ok("recur", "add", "报送月度信息", "--rule", "每月最后一个工作日", "--lead", "2",
           env={"BANGONGSHI_NOW": "2026-11-20T10:00"})
    assert bgs.ok("remind", env={"BANGONGSHI_NOW": "2026-11-20T10:05"}).stdout.strip() == "现在没有要发送的提醒"
    bgs.ok("remind", env={"BANGONGSHI_NOW": "2026-11-26T09:00"})  # two workdays before 11-30
    bgs.ok("remind", env={"BANGONGSHI_NOW": "2026-11-26T09:10"})
    assert endpoint.messages() == [("办公室助手·周期事项", "周期事项已生成：#1 报送月度信息，截止 11-30")]
