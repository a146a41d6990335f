"""`bgs remind install/status/uninstall` and `bgs doctor`'s check of the schedule (issue #17).

The machine's own ~/.config is never touched: HOME and XDG_CONFIG_HOME point into the test's temp
dir. Files are written with --dir and shown with --print; the macOS and Windows files are parsed,
the systemd units are checked by systemd-analyze itself.
"""

import os
import plistlib
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

BGS = str(Path(sys.executable).absolute().parent / "bgs")
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


@pytest.fixture
def home(bgs, tmp_path):
    """A user home of the test's own; the store lives in BANGONGSHI_HOME (given to the units)."""
    user = tmp_path / "user"
    (user / ".config").mkdir(parents=True)
    bgs.env.update({"HOME": str(user), "XDG_CONFIG_HOME": str(user / ".config"),
                    "BANGONGSHI_NOW": "2026-11-30T08:30"})
    return user


def _set_last_run(bgs, value: str) -> None:
    # What `bgs remind` records at each run (the engine's side of the contract).
    bgs.ok("list")  # the store exists
    with sqlite3.connect(bgs.db) as conn:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('remind_last_run', ?)", (value,))


def _age(paths, when: str) -> None:
    stamp = datetime.fromisoformat(when).timestamp()
    for path in paths:
        os.utime(path, (stamp, stamp))


def test_systemd_units_pass_systemd_analyze_verify(bgs, home, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    out = tmp_path / "units"
    out.mkdir()
    shown = bgs.ok("remind", "install", "--kind", "systemd", "--dir", str(out))
    service, timer = out / "bangongshi-remind.service", out / "bangongshi-remind.timer"
    assert f"已写入 {service}" in shown.stdout and "未启用" in shown.stdout
    text = service.read_text()
    assert f'ExecStart="{BGS}" "remind"' in text
    assert f'Environment="BANGONGSHI_HOME={bgs.home}"' in text
    assert "OnCalendar=*:0/5" in timer.read_text() and "Persistent=true" in timer.read_text()
    done = subprocess.run(["systemd-analyze", "verify", str(timer), str(service)], capture_output=True,
                          text=True, cwd=out)
    assert done.returncode == 0, done.stderr
    # Warnings (an unknown key, a command that is not there) come on stderr with a zero exit code.
    assert "bangongshi-remind" not in done.stderr, done.stderr


def test_a_db_option_and_awkward_paths_are_quoted_for_systemd(bgs, home, tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    folder = tmp_path / "办公 100% $HOME"
    folder.mkdir()
    out = tmp_path / "units"
    out.mkdir()
    bgs.ok("--db", str(folder / "a.db"), "remind", "install", "--kind", "systemd", "--dir", str(out))
    text = (out / "bangongshi-remind.service").read_text()
    assert f'"--db" "{tmp_path}/办公 100%% $$HOME/a.db" "remind"' in text
    done = subprocess.run(["systemd-analyze", "verify", str(out / "bangongshi-remind.timer"),
                           str(out / "bangongshi-remind.service")], capture_output=True, text=True, cwd=out)
    assert done.returncode == 0 and "bangongshi-remind" not in done.stderr, done.stderr


def test_the_launchd_agent_parses_with_plistlib(bgs, home):
    shown = bgs.ok("remind", "install", "--kind", "launchd", "--print")
    path = home / "Library" / "LaunchAgents" / "cn.bangongshi.remind.plist"
    header = f"# ===== {path} ====="
    assert header in shown.stdout
    body = shown.stdout.split(header + "\n", 1)[1].split("\n\n", 1)[0]
    agent = plistlib.loads(body.encode())
    assert agent["Label"] == "cn.bangongshi.remind"
    assert agent["ProgramArguments"] == [BGS, "remind"]
    assert agent["StartInterval"] == 300
    assert agent["EnvironmentVariables"] == {"BANGONGSHI_HOME": str(bgs.home)}
    assert not path.exists()  # --print writes nothing


def test_the_windows_task_parses_with_the_interval_and_command(bgs, home, tmp_path):
    out = tmp_path / "win"
    out.mkdir()
    bgs.ok("--db", str(tmp_path / "x.db"), "remind", "install", "--kind", "windows", "--dir", str(out))
    raw = (out / "bangongshi-remind.xml").read_bytes()
    assert raw[:2] == b"\xff\xfe"  # UTF-16, as the declaration says and schtasks expects
    task = ET.fromstring(raw)
    assert task.find(f"{TASK}Triggers/{TASK}TimeTrigger/{TASK}Repetition/{TASK}Interval").text == "PT5M"
    assert task.find(f"{TASK}Triggers/{TASK}TimeTrigger/{TASK}StartBoundary").text == "2026-11-30T08:30:00"
    assert task.find(f"{TASK}Settings/{TASK}StartWhenAvailable").text == "true"
    action = task.find(f"{TASK}Actions/{TASK}Exec")
    # A task has no environment of its own: cmd sets BANGONGSHI_HOME, then runs bgs.
    assert action.find(f"{TASK}Command").text == "cmd.exe"
    assert action.find(f"{TASK}Arguments").text == (
        f'/d /s /c "set "BANGONGSHI_HOME={bgs.home}" && {BGS} --db {tmp_path / "x.db"} remind"')


def test_without_a_user_systemd_the_crontab_line_is_shown_and_nothing_written(bgs, home, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()  # no systemctl on PATH: as on a machine without systemd
    shown = bgs.ok("remind", "install", env={"PATH": str(empty)})
    assert "crontab -e" in shown.stdout
    assert f"*/5 * * * * BANGONGSHI_HOME={bgs.home} {BGS} remind >/dev/null  # bangongshi-remind" in shown.stdout
    assert not (home / ".config" / "systemd").exists()
    assert "未安装" in bgs.ok("remind", "status", env={"PATH": str(empty)}).stdout


def test_systemd_asked_for_but_unreachable_is_refused_before_writing(bgs, home, tmp_path):
    done = subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True) \
        if shutil.which("systemctl") else None
    if done is not None and done.returncode == 0:
        pytest.skip("a user systemd answers here: enabling would touch the real session")
    result = bgs("remind", "install", "--kind", "systemd")
    assert result.code == 5
    assert "systemd" in result.stderr and "--kind cron" in result.stderr
    assert not (home / ".config" / "systemd").exists()


def test_status_says_where_and_when_it_last_ran(bgs, home):
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    bgs.ok("remind", "install", "--kind", "systemd", "--dir", str(units))
    shown = bgs.ok("remind", "status").stdout
    assert f"已安装：systemd 用户定时器（{units / 'bangongshi-remind.service'}、{units / 'bangongshi-remind.timer'}）" in shown
    assert "上次运行：从未运行" in shown
    _set_last_run(bgs, "2026-11-30T08:25:00+08:00")
    shown = bgs.ok("remind", "status").stdout
    assert "上次运行：2026-11-30 08:25（5 分钟前）" in shown
    assert bgs.ok("remind", "status", "--format", "json").json() == {
        "installed": [{"kind": "systemd", "paths": [str(units / "bangongshi-remind.service"),
                                                    str(units / "bangongshi-remind.timer")]}],
        "last_run": "2026-11-30T08:25:00+08:00"}


def test_uninstall_removes_only_our_files(bgs, home, tmp_path):
    out = tmp_path / "units"
    out.mkdir()
    bgs.ok("remind", "install", "--kind", "systemd", "--dir", str(out))
    bgs.ok("remind", "install", "--kind", "launchd", "--dir", str(out))
    theirs = out / "other.timer"
    theirs.write_text("[Timer]\nOnCalendar=daily\n")
    shown = bgs.ok("remind", "uninstall", "--dir", str(out)).stdout
    assert f"已删除 {out / 'bangongshi-remind.timer'}" in shown
    assert sorted(p.name for p in out.iterdir()) == ["other.timer"]
    assert "没有找到" in bgs.ok("remind", "uninstall", "--dir", str(out)).stdout


def test_a_file_of_the_same_name_not_ours_is_neither_overwritten_nor_removed(bgs, home, tmp_path):
    out = tmp_path / "units"
    out.mkdir()
    mine = out / "bangongshi-remind.timer"
    mine.write_text("[Timer]\nOnCalendar=hourly\n")
    result = bgs("remind", "install", "--kind", "systemd", "--dir", str(out))
    assert result.code == 2 and "不是 bgs remind install 写的" in result.stderr
    bgs.ok("remind", "uninstall", "--dir", str(out))
    assert mine.read_text() == "[Timer]\nOnCalendar=hourly\n"


def test_bad_kind_and_missing_dir_are_bad_input(bgs, home, tmp_path):
    assert bgs("remind", "install", "--kind", "anacron").code == 2
    result = bgs("remind", "install", "--dir", str(tmp_path / "nope"))
    assert result.code == 2 and "不存在" in result.stderr


def _installed(bgs, home, when: str) -> Path:
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    bgs.ok("remind", "install", "--kind", "systemd", "--dir", str(units))
    _age(units.iterdir(), when)
    return units


def test_doctor_reports_a_schedule_that_has_not_run_for_a_day(bgs, home):
    _installed(bgs, home, "2026-11-20T09:00+08:00")
    _set_last_run(bgs, "2026-11-29T08:00:00+08:00")
    result = bgs("doctor", "--format", "json")
    found = [f for f in result.json()["findings"] if f["area"] == "remind"]
    assert found == [{"area": "remind",
                      "problem": "提醒已安装（systemd 用户定时器），但超过一天没有运行（上次运行是 2026-11-29 08:00）",
                      "fix": "查看：systemctl --user status bangongshi-remind.timer；"
                             "journalctl --user -u bangongshi-remind.service；"
                             "重新安装：bgs remind uninstall 后 bgs remind install"}]
    assert result.code == 2


def test_doctor_is_content_with_a_recent_run_or_a_fresh_install(bgs, home):
    _installed(bgs, home, "2026-11-30T08:00+08:00")
    shown = bgs("doctor").stdout
    assert "✓ 提醒：已安装（systemd 用户定时器），尚未运行" in shown
    _set_last_run(bgs, "2026-11-30T08:25:00+08:00")
    result = bgs("doctor", "--format", "json")
    assert not [f for f in result.json()["findings"] if f["area"] == "remind"]
    assert "提醒：已安装（systemd 用户定时器），上次运行 11-30 08:25" in result.json()["checked"]


def test_doctor_reports_an_install_that_never_ran(bgs, home):
    _installed(bgs, home, "2026-11-27T09:00+08:00")
    found = [f for f in bgs("doctor", "--format", "json").json()["findings"] if f["area"] == "remind"]
    assert [f["problem"] for f in found] == ["提醒已安装（systemd 用户定时器），但超过一天没有运行（安装后从未运行）"]


def test_doctor_says_nothing_of_reminders_when_none_is_installed(bgs, home):
    _set_last_run(bgs, "2026-11-01T08:00:00+08:00")
    result = bgs("doctor", "--format", "json")
    assert not [f for f in result.json()["findings"] if f["area"] == "remind"]
    assert not [line for line in result.json()["checked"] if "提醒" in line]
