"""Save a sample store of the current schema version as tests/fixtures/schema_vN.db.

Run it once for each schema version, before adding the next migration, and commit the file:
tests/test_store.py opens every saved version and checks that upgrading keeps every item.

    python scripts/make_schema_fixture.py
"""

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from bangongshi.cli import run
from bangongshi.storage.migrations import CURRENT_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"

COMMANDS = [
    ["add", "起草年终总结", "--due", "2026-12-20", "-i", "-k", "--tag", "总结", "--estimate", "半天",
     "--note", "参考去年的格式"],
    ["add", "-t", "联系会场", "--from", "王主任", "--where", "三楼会议室"],
    ["add", "全市办公室工作会议", "--at", "2026-12-01 09:30", "--duration", "2h", "--kind", "办会", "--major"],
    ["add", "报送月度信息", "--due", "2026-11-30 17:00", "-u", "--kind", "办文"],
    ["done", "2", "--result", "已联系，三楼会议室"],
    ["add", "临时删除的事项"],
    ["delete", "5", "--yes"],
    ["add", "撤销后又重做的事项"],
    ["undo"],
    ["redo"],
    # Schema 2 on: the user's calendar.
    ["cal", "local", "add", "2026-12-31", "--name", "单位年休"],
    ["cal", "import-notice", str(FIXTURES / "notices" / "notice_2026.txt")],
    # Schema 4 on: the 次日 list.
    ["plan", "tomorrow", "--auto"],
    # Schema 6 on: recurring rules and their occurrences.
    ["recur", "add", "周一例会", "--rule", "每周一", "--at", "09:00", "--lead", "1", "--policy", "next"],
    ["recur", "add", "报送月度信息", "--rule", "每月最后一个工作日", "--lead", "10", "-i"],
    ["template", "apply", "会议", "--at", "2026-12-02 09:00", "--title", "全市办公室工作会议"],
    # Schema 7 on: 督办 and feedback.
    ["add", "落实市长批示：校园安全检查", "--from", "王主任", "--attention", "高", "--report", "--due", "2026-11-27"],
    ["assign", "15", "--to", "教育科张三", "--every", "每2个工作日"],
    ["nudge", "15", "--via", "电话", "--note", "已开始排查"],
    ["progress", "15", "已检查8所学校"],
    ["handoff", "1", "--to", "李四"],
    # Schema 9 on: locked items (BANGONGSHI_PASSPHRASE is 「fixture passphrase」).
    ["add", "干部考察安排", "--from", "组织部", "--note", "名单见附件"],
    ["lock", "LAST"],
    ["add", "人事调整方案", "--lock"],
    # Schema 8 on: reports.
    ["done", "4", "--spent", "1h"],
    ["event", "市委书记来我县调研", "--date", "2026-11-18"],
    ["slip", "通知漏发了教育局", "--item", "3"],
    # Schema 10 on: a slip of a locked item is sealed; values bound to their rows, key versions.
    ["slip", "考察名单错了一个字", "--item", "17"],
    # Schema 11 on: reminders (the item's own lead, and what `bgs remind` recorded).
    ["add", "消防安全检查", "--at", "2026-11-20 14:00", "--remind", "30m"],
    ["remind", "--dry-run"],
    # Schema 15 on: the index of the items that can still remind (a reported result leaves it).
    ["add", "报送防汛值班表", "--from", "李局长", "--report"],
    ["done", "LAST", "--result", "已报送"],
    ["reported", "LAST", "--via", "电话"],
    # Schema 16 on: an import journals its new items without a copy of each row.
    ["import", str(FIXTURES / "schema_import.json")],
    # Schema 17 on (issue #23's registers): people, 收文, 来电来访.
    ["people", "add", "王局长", "--role", "领导", "--title", "局长", "--order", "1", "--phone", "13800000000"],
    ["doc", "in", "关于做好冬季安全生产工作的通知", "--from", "县政办", "--number", "县政办发[2026]12号",
     "--instruction", "王局长：请张科长牵头办理"],
    ["doc", "in", "关于重复登记的通知", "--from", "县政办"],
    ["doc", "void", "D2", "--reason", "重复登记"],
    ["call", "王局长", "明天的会改到下午三点", "--todo"],
    # Schema 18 on (issue #24): leaders' appointments, away days, a duty roster and its handover log.
    ["add", "全县安全生产会议", "--at", "2026-11-25 09:00", "--for", "王局长", "--with", "办公室张三",
     "--where", "县政府三楼会议室"],
    ["leader", "away", "王局长", "2026-11-26", "2026-11-27", "--reason", "出差"],
    ["duty", "plan", "2026-11-21..2026-11-22", "--people", "张三,李四", "--leaders", "王局长"],
    ["duty", "log", "县应急局来电，已转告王局长"],
    # Schema 19 on (issue #25's shared 督办): a colleague's CalDAV identity,
    # and 延期 asked and approved in the 督办 log.
    ["people", "add", "张三", "--unit", "教育科", "--caldav", "https://dav.example.cn/shared/mishu-zhangsan/"],
    ["extend", "15", "--to", "2026-12-10", "--reason", "涉及三个部门，需会签"],
    ["extend", "15", "--approve"],
]


def main() -> int:
    target = FIXTURES / f"schema_v{CURRENT_VERSION}.db"
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(BANGONGSHI_HOME=home, BANGONGSHI_NOW="2026-11-20T10:00",
                          BANGONGSHI_PASSPHRASE="fixture passphrase")
        for command in COMMANDS:
            if "LAST" in command:  # the item added just before
                with sqlite3.connect(Path(home) / "bangongshi.db") as conn:
                    last = conn.execute("SELECT max(id) FROM items").fetchone()[0]
                command = [str(last) if word == "LAST" else word for word in command]
            if run(command) != 0:
                print(f"failed: {command}", file=sys.stderr)
                return 1
        source = sqlite3.connect(Path(home) / "bangongshi.db")
        target.unlink(missing_ok=True)
        destination = sqlite3.connect(target)
        source.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")
        destination.close()
        source.close()
    print(f"saved {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
