"""Office-shaped data for scripts/bench.py: a year of a secretary's work, seeded.

What a real office's store holds, in the proportions issue #19 measured:
- Chinese titles made of the words of 公文 (起草关于…的通知, 报送…统计表, 参加…会议);
- `open_count` open items (待办 2/3, 临时 1/3) and `handled` items in 已处理, done over the past year;
- 10% appointments (`at`, a duration, a room): open ones from 2 weeks back to 8 weeks ahead;
- 70% of the rest with a deadline: open ones from 8 weeks overdue to 12 weeks ahead, a tenth with a time;
- 20% from someone (`source`, `assigned_at` on a working hour), a quarter of those to report back
  (`report_required`); of the handled ones 90% reported (`reported_at` plus a `report` follow-up);
- 10% delegated (`handler`, `delegated_at`, a 催办 cadence), with their history in `follow_ups`:
  the assignment, 0–4 nudges and 0–2 progress notes;
- important 30%, urgent 20%, key work 20%, estimates on a third, a tag on each;
- a dozen recurring rules (例会, 月报, 值班表…), added through `bgs recur add` like a user would.

The same items go to Taskwarrior as `task import` JSON (follow-ups as annotations, appointments as
`scheduled`, important as priority H), so both tools hold the same history.

The generator is deterministic: the same seed, counts and `now` give the same rows, byte for byte.
Rows go in with plain `executemany` in one transaction, the way a bulk load should; the store is
created (schema, migrations) by running `bgs` once first.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid
from pathlib import Path

SEED = 20261130
TZ = dt.timezone(dt.timedelta(hours=8))

VERBS = ["起草", "报送", "审核", "印发", "整理", "统计", "联系", "协调", "落实", "督办", "回复", "准备"]
TOPICS = ["安全生产", "年终总结", "党建工作", "疫情防控", "财务预算", "人事调整", "信访维稳", "环境整治",
          "乡村振兴", "营商环境", "防汛抗旱", "档案管理", "保密工作", "节日值班", "招商引资", "民生实事"]
THINGS = ["通知", "请示", "报告", "统计表", "会议纪要", "汇报材料", "工作方案", "讲话稿", "简报", "函"]
MEETINGS = ["局务会", "专题会", "协调会", "视频会议", "座谈会", "调度会", "接待来访", "现场检查"]
ROOMS = ["三楼会议室", "一号会议室", "局长办公室", "视频会议室", "", ""]
LEADERS = ["王主任", "李局长", "张书记", "赵副局长", "刘秘书长"]
HANDLERS = ["李科长", "陈科员", "办公室小周", "财务科", "人事科", "综合科", "信息科"]
TAGS = ["文稿", "会议", "督查", "统计", "接待", "值班", "信息", "财务"]
CADENCES = [("每3个工作日", "FREQ=DAILY;INTERVAL=3", "workdays"), ("每周一", "FREQ=WEEKLY;BYDAY=MO", "keep"),
            ("每2个工作日", "FREQ=DAILY;INTERVAL=2", "workdays"), ("", "", "")]
CHANNELS = ["phone", "sms", "email", "in_person", "on_site"]
RULES = [("周例会", "每周一", "--at", "09:00"), ("报送周报", "每周五", "--due", "16:00"),
         ("月度统计报表", "每月最后一个工作日", "--due", "17:00"), ("党支部主题党日", "每月第一个工作日", "--at", "15:00"),
         ("值班表排班", "每月25日", "--due", "12:00"), ("季度工作总结", "每季度最后一个工作日", "--due", "17:00"),
         ("保密自查", "每月15日", "--due", "17:00"), ("信息简报", "每2个工作日", "--due", "11:00"),
         ("督查通报", "每周三", "--due", "17:00"), ("安全生产检查", "每月10日", "--at", "09:30"),
         ("机关卫生检查", "每周四", "--at", "16:00"), ("公文归档", "每月20日", "--due", "17:00")]

ITEM_COLUMNS = ["uuid", "title", "notes", "folder", "kind", "important", "urgent", "due", "due_time", "at",
                "duration_minutes", "location", "key", "constrained", "source", "assigned_at",
                "report_required", "handler", "tags", "estimate_minutes", "created", "updated", "done_at",
                "result", "follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at"]


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _working_hour(rng: random.Random, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.choice([8, 9, 10, 11, 14, 15, 16]), rng.choice([0, 15, 30, 45])),
                               TZ)


def generate(open_count: int, handled: int, now: dt.datetime, seed: int = SEED):
    """Yield (item row as a dict, [follow-up rows as (kind, at, channel, who, note)]) in id order:
    the handled items first (they are the older history), then the open ones."""
    rng = random.Random(seed)
    today = now.date()
    for n in range(handled + open_count):
        is_open = n >= handled
        created_day = today - dt.timedelta(days=rng.randint(0, 70) if is_open else rng.randint(1, 365))
        created = _working_hour(rng, created_day)
        row = dict.fromkeys(ITEM_COLUMNS)
        row.update(uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), notes="", location="", source="",
                   handler="", result="", follow_every="", follow_rrule="", follow_policy="",
                   important=int(rng.random() < 0.3), urgent=int(rng.random() < 0.2), key=int(rng.random() < 0.2),
                   constrained=0, report_required=0,
                   tags=json.dumps([rng.choice(TAGS)], ensure_ascii=False),
                   estimate_minutes=rng.choice([None, None, 30, 60, 120, 240]), created=_stamp(created))
        follow_ups = []
        if rng.random() < 0.1:  # an appointment
            day = today + dt.timedelta(days=rng.randint(-14, 56)) if is_open else created_day + dt.timedelta(
                days=rng.randint(0, 10))
            row.update(title=f"{rng.choice(TOPICS)}{rng.choice(MEETINGS)}", kind="meeting",
                       at=_stamp(_working_hour(rng, day)), duration_minutes=rng.choice([30, 60, 90, 120]),
                       location=rng.choice(ROOMS))
        else:
            row.update(title=f"{rng.choice(VERBS)}关于{rng.choice(TOPICS)}的{rng.choice(THINGS)}",
                       kind=rng.choice(["doc", "affair", None]))
            if rng.random() < 0.7:
                due = today + dt.timedelta(days=rng.randint(-56, 84)) if is_open else created_day + dt.timedelta(
                    days=rng.randint(1, 20))
                row["due"] = due.isoformat()
                if rng.random() < 0.1:
                    row["due_time"] = rng.choice(["12:00", "17:00", "17:30"])
        row["title"] += f"（{n + 1}）"
        if rng.random() < 0.2:  # from someone
            row.update(source=rng.choice(LEADERS), assigned_at=row["created"], constrained=1)
            if rng.random() < 0.25:
                row["report_required"] = 1
        if rng.random() < 0.1:  # delegated, followed up
            every, rrule, policy = rng.choice(CADENCES)
            handler = rng.choice(HANDLERS)
            row.update(handler=handler, delegated_at=row["created"], follow_every=every, follow_rrule=rrule,
                       follow_policy=policy)
            follow_ups.append(("assign", row["created"], None, handler, f"催办周期：{every}" if every else ""))
            moment = created
            for _ in range(rng.randint(0, 4)):
                moment += dt.timedelta(days=rng.randint(1, 5))
                if moment < now:
                    follow_ups.append(("nudge", _stamp(moment), rng.choice(CHANNELS), handler, ""))
            for _ in range(rng.randint(0, 2)):
                moment += dt.timedelta(days=rng.randint(1, 3))
                if moment < now:
                    follow_ups.append(("progress", _stamp(moment), None, "", rng.choice(["已起草初稿", "正在会签",
                                                                                          "已报领导审阅"])))
        if is_open:
            row["folder"] = rng.choice(["todo", "todo", "temp"])
            row["updated"] = row["created"]
        else:
            done = min(created + dt.timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 6)),
                       now - dt.timedelta(hours=1))
            row.update(folder="done", done_at=_stamp(done), updated=_stamp(done),
                       result=rng.choice(["", "", "已办结", "已报送", "已印发"]))
            if row["report_required"] and rng.random() < 0.9:
                row["reported_at"] = _stamp(done + dt.timedelta(hours=2))
                follow_ups.append(("report", row["reported_at"], None, row["source"], ""))
        yield row, follow_ups


def populate_bgs(db: Path, open_count: int, handled: int, now: dt.datetime, seed: int = SEED) -> None:
    """Bulk-load the generated items and follow-ups into a store `bgs` has already created."""
    placeholders = ", ".join("?" * len(ITEM_COLUMNS))
    with sqlite3.connect(db) as conn:
        next_id = (conn.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]) + 1
        items, follows = [], []
        for offset, (row, follow_ups) in enumerate(generate(open_count, handled, now, seed)):
            items.append(tuple(row[c] for c in ITEM_COLUMNS))
            follows.extend((next_id + offset, *f) for f in follow_ups)
            if len(items) >= 20_000:
                _flush(conn, placeholders, items, follows)
        _flush(conn, placeholders, items, follows)


def _flush(conn: sqlite3.Connection, placeholders: str, items: list, follows: list) -> None:
    conn.executemany(f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({placeholders})", items)
    conn.executemany("INSERT INTO follow_ups (item_id, kind, at, channel, who, note) VALUES (?, ?, ?, ?, ?, ?)",
                     follows)
    items.clear()
    follows.clear()


def _task_time(stamp: str) -> str:
    return dt.datetime.fromisoformat(stamp).astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def taskwarrior_json(path: Path, open_count: int, handled: int, now: dt.datetime, seed: int = SEED) -> None:
    """The same items as `task import` input, one JSON object a line."""
    with path.open("w", encoding="utf-8") as out:
        for row, follow_ups in generate(open_count, handled, now, seed):
            task = {"uuid": row["uuid"], "description": row["title"], "entry": _task_time(row["created"]),
                    "status": "completed" if row["folder"] == "done" else "pending",
                    "tags": json.loads(row["tags"])}
            if row["due"]:
                task["due"] = _task_time(f"{row['due']}T{row['due_time'] or '23:59'}:00+08:00")
            if row["at"]:
                task["scheduled"] = _task_time(row["at"])
            if row["done_at"]:
                task["end"] = _task_time(row["done_at"])
            if row["important"]:
                task["priority"] = "H"
            if row["source"]:
                task["project"] = row["source"]
            if follow_ups:
                task["annotations"] = [{"entry": _task_time(at), "description": f"{kind} {who} {note}".strip()}
                                       for kind, at, _channel, who, note in follow_ups]
            out.write(json.dumps(task, ensure_ascii=False) + "\n")
