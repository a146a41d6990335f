"""Our YAML format and `bgs demo`: a realistic week written with relative dates."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

WEEK = Path(__file__).parents[1] / "examples" / "week.yaml"


PASS = {"BANGONGSHI_PASSPHRASE": "correct horse"}


def test_the_sample_week_imports_once(bgs):
    assert bgs("import", str(WEEK)).code == 4  # it holds a locked item: no passphrase, nothing imported
    assert bgs.items("--all") == []
    first = bgs.ok("import", str(WEEK), env=PASS)
    assert "已导入 14 个新事项" in first.stderr and "周期事项 2 个：周一例会、报送月度政务信息" in first.stderr
    items = {i["title"]: i for i in bgs.items("--all", "--format", "json")}
    meeting = items["全县安全生产工作会议"]
    assert (meeting["at"], meeting["duration_minutes"], meeting["kind"]) == ("2026-11-23T15:00:00+08:00", 120, "meeting")
    supervised = items["落实市长批示：校园安全检查"]
    assert (supervised["handler"], supervised["follow_every"], supervised["attention"], supervised["due"]) == (
        "教育局张三", "每2个工作日", "high", "2026-11-27")
    assert items["联系会场和音响"]["folder"] == "temp" and items["联系会场和音响"]["source"] == "王主任"
    assert (items["报送三季度信息统计"]["folder"], items["报送三季度信息统计"]["result"]) == ("done", "已报送市政府办")
    assert [r["title"] for r in bgs.ok("recur", "list", "--format", "json").json()] == ["周一例会", "报送月度政务信息"]
    locked = items["【密】事项 #4"]
    assert (locked["locked"], locked["important"], locked["source"]) == (True, True, "【密】")
    assert bgs.ok("show", "4", "--unlock", "--format", "json", env=PASS).json()["title"] == "干部考察人选材料（保密）"
    before = bgs.snapshot()
    again = bgs.ok("import", str(WEEK), env=PASS)
    assert "已导入 0 个新事项，已更新 0 个" in again.stderr
    assert bgs.snapshot() == before


def test_a_later_day_moves_the_relative_dates(bgs):
    bgs.ok("import", str(WEEK), env=PASS)
    later = bgs.ok("import", str(WEEK), env={"BANGONGSHI_NOW": "2026-11-23T10:00", **PASS})
    # Four items carry no relative date (or one that lands on the same day: 月底前), and two rules.
    assert "已导入 0 个新事项，已更新 9 个，6 个没有变化" in later.stderr
    items = {i["title"]: i for i in bgs.items("--all", "--format", "json")}
    assert items["起草年终工作总结"]["due"] == "2026-11-30" and items["省厅调研组来访接待方案"]["due"] == "2026-11-30"


@pytest.mark.parametrize("text, message", [
    ("items:\n  - title: x\n    due: 不是日期zz\n", "第 2 行：无法识别截止日期「不是日期zz」"),
    ("items:\n  - title: x\n    colour: red\n", "不认识「colour」（第 3 行）"),
    ("items:\n  - due: 明天\n", "第 2 行：缺少 title"),
    ("items:\n  - title: x\n    important: 是的\n", "important 应是 true 或 false"),
    ("recurring:\n  - title: 例会\n    rule: 每逢初一\n", "无法识别周期「每逢初一」"),
    ("stuff: []\n", "不认识「stuff」"),
    ("items: [\n", "不是有效的 YAML"),
])
def test_a_bad_yaml_file_imports_nothing(bgs, tmp_path, text, message):
    bgs.add("已有的事项")
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    before = bgs.snapshot()
    result = bgs("import", str(tmp_path / "bad.yaml"))
    assert result.code == 2 and message in result.stderr, result.stderr
    assert bgs.snapshot() == before


def test_a_time_of_day_is_not_read_as_a_number(bgs, tmp_path):
    (tmp_path / "t.yaml").write_text("recurring:\n  - title: 例会\n    rule: 每周一\n    at: 9:00\n", encoding="utf-8")
    bgs.ok("import", str(tmp_path / "t.yaml"))
    assert bgs.ok("recur", "list", "--format", "json").json()[0]["at_time"] == "09:00"


def test_demo_shows_the_week_without_touching_the_users_data(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "BANGONGSHI_HOME": str(home), "BANGONGSHI_NOW": "2026-11-20T10:00", "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-m", "bangongshi", "demo", "--format", "json"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    import json

    agenda = json.loads(done.stdout)
    titles = [i["title"] for s in agenda["sections"] for i in s["items"]]
    assert agenda["date"] == "2026-11-20" and "准备安全生产会议材料、排座次" in titles
    assert agenda["follow_ups"] == []  # the 督办 items were delegated today; their first nudge is Tuesday
    later = subprocess.run([sys.executable, "-m", "bangongshi", "demo", "--format", "json"],
                           env={**env, "BANGONGSHI_NOW": "2026-11-24T09:00"}, capture_output=True, text=True)
    assert json.loads(later.stdout)["date"] == "2026-11-24"
    assert not home.exists()
