"""The reminder bodies each kind of channel gets (formats/remind_message.py). The vendor plugins post
to fixed hosts, so the 企业微信/钉钉/飞书 bodies are checked here; Apprise wraps them in each vendor's
request (wecombot: text; dingtalk, feishu/lark: Markdown)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bangongshi.formats.remind_message import build, dialect_of
from bangongshi.model.remind import Reminder

TZ = ZoneInfo("Asia/Shanghai")
MEETING = Reminder("appointment:1:x", "appointment", datetime(2026, 11, 30, 9, 0, tzinfo=TZ),
                   "#1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）", 1)
DUE = Reminder("due:3:2026-11-30", "due", datetime(2026, 11, 30, 8, 30, tzinfo=TZ),
               "#3 起草总结 今天到期（办完：bgs done 3）", 3)
MORNING = Reminder("morning:2026-11-30", "morning", datetime(2026, 11, 30, 8, 30, tzinfo=TZ),
                   "今天的日程（bgs 查看）", detail="2026年11月30日 周一 · 工作日\n【日程】\n09:30-10:30 #1 全市办公室工作会议")


def test_dialects_follow_the_apprise_scheme():
    assert [dialect_of(u) for u in ("wecombot://KEY", "dingtalk://T", "feishu://T", "lark://T", "json://h", "ntfy://t")] \
        == ["wecom", "dingtalk", "feishu", "feishu", "text", "text"]


def test_plain_text_one_reminder():
    message = build([MEETING])
    assert (message.title, message.body, message.markdown) == (
        "办公室助手·会议/约定", "#1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）", False)


def test_morning_summary_carries_the_agenda_text():
    message = build([MORNING], dialect="wecom")
    assert message.body == "今天的日程（bgs 查看）\n2026年11月30日 周一 · 工作日\n【日程】\n09:30-10:30 #1 全市办公室工作会议"
    assert not message.markdown  # the 企业微信 group robot (through Apprise) posts text


def test_wecom_body_stays_under_the_robot_limit():
    long = Reminder(**{**MORNING.__dict__, "detail": "\n".join(f"{n}. 事项{n}" * 5 for n in range(400))})
    message = build([long], dialect="wecom")
    # The robot counts the UTF-8 bytes of its text, which Apprise starts with the title.
    assert 1900 < len(f"{message.title}\r\n{message.body}".encode()) <= 2048
    assert message.body.endswith("\n……（完整日程：在电脑上运行 bgs）")


def dingtalk_request(message) -> int:
    """The bytes of the request Apprise's dingtalk plugin posts: JSON, every Chinese character escaped."""
    return len(json.dumps({"msgtype": "markdown", "markdown": {"title": message.title,
                                                               "text": f"# {message.title}\n{message.body}"}}))


def test_a_long_agenda_stays_under_the_dingtalk_and_feishu_limits():
    long = Reminder(**{**MORNING.__dict__, "detail": "\n".join(f"{n}. 事项{n}" * 20 for n in range(400))})
    ding, feishu = build([long], dialect="dingtalk"), build([long], dialect="feishu")
    assert 19_000 < dingtalk_request(ding) <= 20_000
    assert 17_000 < len(f"{feishu.title}{feishu.body}".encode()) <= 18_000
    assert ding.body.endswith("……（完整日程：在电脑上运行 bgs）") and feishu.body.endswith("……（完整日程：在电脑上运行 bgs）")


def test_one_reminder_too_long_for_a_robot_keeps_its_start():
    place = "，" + "三楼会议室" * 2000  # a place may be long; the reminder copies it in
    meeting = Reminder(**{**MEETING.__dict__, "text": f"#1 全市办公室工作会议 09:30 开始{place}（bgs show 1）"})
    for dialect in ("wecom", "dingtalk", "feishu"):
        message = build([meeting], dialect=dialect)
        assert message.body.startswith("#1 全市办公室工作会议 09:30 开始，三楼会议室") or \
            message.body.startswith("\\#1 全市办公室工作会议 09:30 开始，三楼会议室")  # Markdown keeps # literal
        assert message.body.endswith("…") and "完整日程" not in message.body
    wecom = build([meeting], dialect="wecom")
    assert 2000 < len(f"{wecom.title}\r\n{wecom.body}".encode()) <= 2048


def test_late_group_in_each_dialect():
    text = build([DUE, MORNING, MEETING], late=True)
    assert text.title == "办公室助手：错过的提醒（迟到）"
    assert text.body == ("（迟到）08:30 #3 起草总结 今天到期（办完：bgs done 3）\n"
                         "（迟到）08:30 今天的日程（bgs 查看）\n"
                         "（迟到）09:00 #1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）")
    ding = build([DUE, MEETING], late=True, dialect="dingtalk")
    assert ding.markdown and ding.body == ("**（迟到）08:30 #3 起草总结 今天到期（办完：bgs done 3）**\n\n"
                                           "**（迟到）09:00 #1 全市办公室工作会议 09:30 开始，三楼会议室（bgs show 1）**")
    feishu = build([DUE], late=True, dialect="feishu")
    assert feishu.markdown and feishu.body == "**（迟到）08:30 #3 起草总结 今天到期（办完：bgs done 3）**"


def test_markdown_keeps_agenda_marks_literal():
    message = build([Reminder(**{**MORNING.__dict__, "detail": "# 不是标题\n- 不是列表"})], dialect="dingtalk")
    assert message.body == "今天的日程（bgs 查看）\n\n\\# 不是标题\n\n\\- 不是列表"
