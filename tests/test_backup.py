"""Backups, restore and the health check: nothing is lost, and a problem is named with its fix."""

import os
import shutil
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
JUNE = {"BANGONGSHI_NOW": "2026-06-10T10:00"}  # no next-year calendar to ask for yet


def backups_of(bgs):
    return sorted((bgs.home / "backups").glob("bangongshi-*.db"))


def test_a_backup_is_private_and_only_the_newest_are_kept(bgs):
    bgs.add("起草通知")
    (bgs.home / "config.yaml").write_text("backup_keep: 2\n", encoding="utf-8")
    made = [bgs.ok("backup", env={"BANGONGSHI_NOW": f"2026-11-20T10:0{n}"}).stdout.strip() for n in range(3)]
    assert [p.name for p in backups_of(bgs)] == [Path(m).name for m in made[1:]]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in backups_of(bgs))
    assert "删除了 1 份较早的备份" in bgs.ok("backup", env={"BANGONGSHI_NOW": "2026-11-20T10:09"}).stderr


def test_restore_keeps_a_copy_of_what_it_replaces(bgs):
    bgs.add("备份前的事")
    backup = bgs.ok("backup").stdout.strip()
    bgs.add("备份后的事")
    dry = bgs.ok("restore", backup, "--dry-run")
    assert "可以恢复" in dry.stderr and "1 个事项" in dry.stderr
    assert len(bgs.items()) == 2
    done = bgs.ok("restore", backup, "--yes")
    assert [i["title"] for i in bgs.items()] == ["备份前的事"]
    safety = next(p for p in backups_of(bgs) if p.stem.endswith("-before-restore"))
    assert str(safety) in done.stderr
    bgs.ok("restore", str(safety), "--yes", env={"BANGONGSHI_NOW": "2026-11-20T11:00"})
    assert sorted(i["title"] for i in bgs.items()) == ["备份前的事", "备份后的事"]


def test_restoring_an_old_version_upgrades_it(bgs, tmp_path):
    bgs.add("现在的事")
    old = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "schema_v1.db", old)
    done = bgs.ok("restore", str(old), "--yes")
    assert "已从数据版本 1 升级" in done.stderr
    assert "起草年终总结" in [i["title"] for i in bgs.items("--all", "--format", "json")]


def test_a_bad_restore_file_or_backup_dir_changes_nothing(bgs, tmp_path):
    bgs.add("起草通知")
    (tmp_path / "garbage.db").write_bytes(b"not a database at all" * 100)
    (tmp_path / "a-file").write_text("x")
    before = bgs.snapshot()
    for args, message in [
        (["restore", str(tmp_path / "garbage.db"), "--yes"], "不是可用的数据文件"),
        (["restore", str(tmp_path / "missing.db"), "--yes"], "不存在或不是文件"),
        (["restore", str(FIXTURES / "notices" / "notice_2026.txt"), "--yes"], "不是可用的数据文件"),
        (["backup", str(tmp_path / "a-file")], "是一个文件"),
        (["restore", str(tmp_path / "garbage.db")], "不是可用的数据文件"),
    ]:
        result = bgs(*args)
        assert result.code == 2 and message in result.stderr, (args, result.stderr)
    assert bgs.snapshot() == before


def test_doctor_warns_of_a_store_without_any_backup(bgs):
    """Issue #21: 「✓ 备份：0 份」 read as fine; a store nothing could restore is warned of (exit 0)."""
    bgs.add("起草通知")
    warned = bgs("doctor", env=JUNE)
    assert warned.code == 0 and "✓ 备份" not in warned.stdout
    assert "! 备份：还没有任何备份，数据文件一旦损坏就无法恢复\n  建议：bgs backup 做一份" in warned.stdout
    assert warned.stdout.strip().endswith("没有发现问题，有 1 条提醒")
    data = bgs("doctor", "--format", "json", env=JUNE).json()
    assert data["ok"] is True and [w["area"] for w in data["warnings"]] == ["backup"]
    bgs.ok("backup")
    assert bgs("doctor", "--format", "json", env=JUNE).json()["warnings"] == []


def test_doctor_says_all_is_well_or_what_to_do(bgs):
    bgs.add("起草通知")
    bgs.ok("backup")
    healthy = bgs("doctor", env=JUNE)
    assert healthy.code == 0 and healthy.stdout.strip().endswith("一切正常")
    assert "✓ 数据版本：" in healthy.stdout
    os.chmod(bgs.db, 0o644)
    loose = bgs("doctor", "--format", "json", env=JUNE)
    assert loose.code == 5
    assert loose.json()["findings"] == [{"area": "storage", "problem": f"「{bgs.db}」的权限是 644，别人也能读",
                                         "fix": f"chmod 600 '{bgs.db}'"}]
    os.chmod(bgs.db, 0o600)
    (bgs.home / "config.yaml").write_text("key_share: 3\n", encoding="utf-8")
    config = bgs("doctor", "--format", "json", env=JUNE)
    assert config.code == 2 and config.json()["findings"][0]["area"] == "config"
    assert "key_share" in config.json()["findings"][0]["problem"]


def test_doctor_asks_for_next_years_calendar_in_november(bgs):
    bgs.add("起草通知")
    late = bgs("doctor", "--format", "json", env={"BANGONGSHI_NOW": "2026-11-20T10:00",
                                                 "BANGONGSHI_LAST_OFFICIAL_YEAR": "2026"})
    assert late.code == 2
    assert late.json()["findings"][0]["problem"] == "2027年的放假安排还没有载入，明年的工作日只是估计"


def test_a_daily_backup_when_the_config_asks(bgs):
    bgs.add("起草通知")
    (bgs.home / "config.yaml").write_text("daily_backup: true\n", encoding="utf-8")
    bgs.ok("list")
    bgs.ok("list", env={"BANGONGSHI_NOW": "2026-11-20T15:00"})
    assert [p.name for p in backups_of(bgs)] == ["bangongshi-20261120T100000-daily.db"]
    bgs.ok("list", env={"BANGONGSHI_NOW": "2026-11-23T09:00"})
    assert len(backups_of(bgs)) == 2
