"""督办 across desks (issue #25): the secretary assigns an item to 张三, whose CalDAV identity (a
collection the two share) is in her people registry; his bgs, or his phone, works on it there.
A real Radicale on 127.0.0.1 with two users and a rights file (docs/sync.md, "Shared 督办"), two bgs
homes and one phone-like client (the caldav library)."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Bgs, running_radicale

# The rights file of docs/sync.md for a small office: each user their own collections, and one
# collection per pair (secretary and colleague) that only those two may read and write.
RIGHTS = """\
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW

[calendars]
user: .+
collection: {user}/[^/]+
permissions: rw

[shared-root]
user: mishu|zhangsan|lisi
collection: shared
permissions: R

[pair-mishu-zhangsan]
user: mishu|zhangsan
collection: shared/mishu-zhangsan
permissions: RWrw

[pair-mishu-lisi]
user: mishu|lisi
collection: shared/mishu-lisi
permissions: RWrw
"""
PASSWORDS = {"mishu": "mima", "zhangsan": "zs-mima", "lisi": "ls-mima"}


@dataclass
class Office:
    url: str

    def pair(self, name: str = "mishu-zhangsan") -> str:
        return f"{self.url}shared/{name}/"

    def calendar(self, user: str, url: str):
        import caldav

        return caldav.DAVClient(url=url, username=user, password=PASSWORDS[user]).calendar(url=url)


@pytest.fixture
def office(tmp_path):
    (tmp_path / "rights").write_text(RIGHTS, "utf-8")
    # The folder of shared collections, as an administrator makes it beside the users' own.
    (tmp_path / "radicale" / "collection-root" / "shared").mkdir(parents=True)
    rights = ["--rights-type", "from_file", "--rights-file", str(tmp_path / "rights")]
    with running_radicale(tmp_path, PASSWORDS, rights) as url:
        import caldav

        # The server's administrator makes the collections: her own, and the one she shares with 张三.
        for user, path in (("mishu", "mishu/office"), ("zhangsan", "zhangsan/tasks"),
                           ("mishu", "shared/mishu-zhangsan")):
            client = caldav.DAVClient(url=url, username=user, password=PASSWORDS[user])
            made = client.mkcalendar(url + path + "/")
            assert made.status == 201, (path, made.status)
        yield Office(url)


def secretary(tmp_path: Path, office: Office) -> Bgs:
    her = Bgs(tmp_path / "mishu", now="2026-11-30T09:00")
    her.env["BANGONGSHI_CALDAV_PASSWORD"] = PASSWORDS["mishu"]
    her.ok("sync", "setup", office.url + "mishu/office/", "--user", "mishu")
    her.ok("config", "set", "me.name", "李秘书")
    her.ok("people", "add", "张三", "--unit", "教育科", "--caldav", office.pair())
    return her


def handler(tmp_path: Path, office: Office) -> Bgs:
    him = Bgs(tmp_path / "zhangsan", now="2026-11-30T10:00")
    him.env["BANGONGSHI_CALDAV_PASSWORD"] = PASSWORDS["zhangsan"]
    him.ok("people", "add", "李秘书", "--caldav", office.pair(), "--caldav-user", "zhangsan")
    return him


def at(bgs: Bgs, now: str) -> Bgs:
    bgs.env["BANGONGSHI_NOW"] = now
    return bgs


def ledger(bgs: Bgs) -> dict:
    return {row["id"]: row for row in bgs.ok("follow", "--format", "json").json()}


def summaries(calendar) -> list[str]:
    return sorted(str(t.icalendar_component["SUMMARY"]) for t in calendar.todos(include_completed=True))


def one_shared_item(bgs: Bgs) -> dict:
    shared = [i for i in bgs.items("--all") if i["source"] == "李秘书"]
    assert len(shared) == 1, shared
    return shared[0]


def test_assign_progress_nudge_and_result_travel_between_the_two_desks(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("排查校园安全隐患", "--from", "王局长", "--attention", "高", "--report")
    private = her.add("起草年终总结（我自己的）")
    said = her.ok("assign", str(task), "--to", "张三", "--due", "12月4日")
    assert "张三承办" in said.stderr
    # In the collection the two share: the assigned item, never her private one.
    assert summaries(office.calendar("zhangsan", office.pair())) == ["排查校园安全隐患"]
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.url + "mishu/office/")) == ["起草年终总结（我自己的）"]
    assert private

    him = handler(tmp_path, office)
    said = him.ok("sync")
    mine = one_shared_item(him)
    # His copy: a constrained item assigned by her, with the deadline, attention and result required.
    assert (mine["title"], mine["source"], mine["constrained"], mine["due"], mine["attention"],
            mine["report_required"], mine["handler"]) == ("排查校园安全隐患", "李秘书", True, "2026-12-04", "high",
                                                          True, "")
    him.ok("progress", str(mine["id"]), "已检查8所学校")
    him.ok("sync")

    at(her, "2026-11-30T11:00")
    her.ok("sync")
    row = ledger(her)[task]
    assert (row["last_progress"], row["shared_with"], row["changed_by"], row["changed_by_label"]) == (
        "已检查8所学校", "张三", "handler", "承办方")
    assert row["source"] == "王局长" and row["handler"] == "张三"  # her own fields are hers
    assert row["changed_at"].startswith("2026-11-30T10:00")
    table = her.ok("follow").stdout
    assert "最近改动" in table and "张三 11-30 10:00" in table
    # The printable ledger says it too (issue #22's sheet, #25's columns).
    from openpyxl import load_workbook

    sheet_path = her.home / "台账.xlsx"
    her.ok("follow", "--format", "xlsx", "-o", str(sheet_path))
    rows = list(load_workbook(sheet_path).worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "编号")
    row = next(r for r in rows if r and r[0] == task)
    assert header[-2:] == ("最近改动方", "最近改动时间") and row[-2] == "承办方"

    her.ok("nudge", str(task), "--via", "电话", "--note", "周三前报结果")
    her.ok("sync")
    assert ledger(her)[task]["changed_by"] == "assigner"
    at(him, "2026-11-30T15:00")
    him.ok("sync")
    history = him.ok("show", str(mine["id"])).stdout
    assert "催办（电话） 张三：周三前报结果" in history, history

    him.ok("done", str(mine["id"]), "--result", "12所学校已全部整改")
    him.ok("sync")
    at(her, "2026-11-30T16:00")
    her.ok("sync")
    item = her.item(task)
    assert (item["folder"], item["result"], item["source"]) == ("done", "12所学校已全部整改", "王局长")
    row = ledger(her)[task]
    assert (row["status"], row["status_label"], row["changed_by"]) == ("done_unreported", "待反馈", "handler")
    # She still reports back to her leader, on her side only.
    her.ok("reported", str(task), "--via", "当面")
    her.ok("sync")
    him.ok("sync")
    assert him.item(mine["id"])["reported_at"] is None


def test_phone_tick_without_result_asks_for_it_in_the_next_nudge(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("报送防汛物资清单", "--from", "王局长", "--report")
    her.ok("assign", str(task), "--to", "张三")
    phone = office.calendar("zhangsan", office.pair())
    todo = phone.todos()[0]
    todo.complete()  # ticked in a phone's task app: STATUS COMPLETED, no result
    at(her, "2026-11-30T14:00")
    said = her.ok("sync")
    assert "需要办理结果" in said.stderr
    row = ledger(her)[task]
    assert (row["shared_state"], row["shared_state_label"], row["status"]) == (
        "done_no_result", "已办结，待补结果", "open")
    assert "已办结，待补结果" in her.ok("follow").stdout
    said = her.ok("nudge", str(task), "--via", "电话")
    assert "补报结果" in said.stderr
    assert "已办结，请补报办理结果" in her.ok("show", str(task)).stdout
    her.ok("sync")
    him = handler(tmp_path, office)
    him.ok("sync")
    assert "已办结，请补报办理结果" in him.ok("show", str(one_shared_item(him)["id"])).stdout
    # The result comes: the mark goes, the item is done and waits to be reported back.
    mine = one_shared_item(him)
    him.ok("done", str(mine["id"]), "--result", "清单已报送")
    him.ok("sync")
    her.ok("sync")
    row = ledger(her)[task]
    assert (row["shared_state"], row["status"]) == (None, "done_unreported")
    assert her.item(task)["result"] == "清单已报送"


def test_extension_requested_then_refused_then_approved(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("修订应急预案", "--from", "王局长")
    her.ok("assign", str(task), "--to", "张三", "--due", "12月4日")
    him = handler(tmp_path, office)
    him.ok("sync")
    mine = one_shared_item(him)["id"]
    # 延期 is asked before the deadline and with a reason.
    assert him("extend", str(mine), "--to", "12月10日").code == 2
    assert him("extend", str(mine), "--to", "12月3日", "--reason", "早于时限").code == 2
    him.ok("extend", str(mine), "--to", "12月10日", "--reason", "涉及三个部门，需会签")
    assert him.item(mine)["due"] == "2026-12-04"  # not until approved
    denied = him("extend", str(mine), "--approve")
    assert denied.code == 4 and "交办人" in denied.stderr
    him.ok("sync")
    said = her.ok("sync")
    assert "申请延期至2026-12-10：涉及三个部门，需会签（bgs extend 1 --approve 或 --refuse）" in said.stderr
    row = ledger(her)[task]
    assert row["extension_due"] == "2026-12-10"
    assert "申请延期至12-10" in her.ok("follow").stdout
    her.ok("extend", str(task), "--refuse", "--note", "市里12月5日要汇总")
    assert her.item(task)["due"] == "2026-12-04"
    assert ledger(her)[task]["extension_due"] is None
    her.ok("sync")
    him.ok("sync")
    assert "不同意延期 李秘书：时限仍为2026-12-04：市里12月5日要汇总" in him.ok("show", str(mine)).stdout
    # Asked again, and approved: the deadline moves on both desks.
    him.ok("extend", str(mine), "--to", "12月8日", "--reason", "会签已开始")
    him.ok("sync")
    her.ok("sync")
    her.ok("extend", str(task), "--approve")
    assert her.item(task)["due"] == "2026-12-08"
    her.ok("sync")
    him.ok("sync")
    assert him.item(mine)["due"] == "2026-12-08"
    assert "同意延期 李秘书：时限改为2026-12-08" in him.ok("show", str(mine)).stdout


def test_conflicting_edits_keep_the_losing_value_visible_and_never_lose_a_result(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("核对慰问名单", "--from", "王局长")
    her.ok("assign", str(task), "--to", "张三")
    him = handler(tmp_path, office)
    him.ok("sync")
    mine = one_shared_item(him)["id"]
    at(her, "2026-11-30T11:00")
    her.ok("edit", str(task), "--where", "二楼会议室")
    at(him, "2026-11-30T11:30")
    him.ok("edit", str(mine), "--where", "三楼会议室")
    him.ok("sync")
    said = her.ok("sync")
    assert "location" in said.stdout + said.stderr or "冲突" in said.stdout + said.stderr
    assert her.item(task)["location"] == "三楼会议室"  # the later edit
    conflicts = her.item(task)["sync_conflicts"]
    assert [(c["field"], c["local"], c["remote"]) for c in conflicts] == [("location", "二楼会议室", "三楼会议室")]
    # Both write a result: both stay.
    at(her, "2026-11-30T14:00")
    her.ok("done", str(task), "--result", "名单已核对")
    at(him, "2026-11-30T14:30")
    him.ok("done", str(mine), "--result", "补充了两户困难家庭")
    him.ok("sync")
    her.ok("sync")
    result = her.item(task)["result"]
    assert "名单已核对" in result and "补充了两户困难家庭" in result


def test_handler_deletes_the_item_and_the_secretarys_copy_stays_marked(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("统计加班情况", "--from", "王局长")
    her.ok("assign", str(task), "--to", "张三")
    him = handler(tmp_path, office)
    him.ok("sync")
    him.ok("delete", str(one_shared_item(him)["id"]), "--yes")
    him.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == []
    said = her.ok("sync")
    assert "承办人已删除" in said.stderr
    assert her.item(task)["folder"] == "todo"
    row = ledger(her)[task]
    assert (row["shared_state"], row["shared_state_label"]) == ("handler_deleted", "承办人已删除")
    assert "承办人已删除" in her.ok("follow").stdout
    # Not sent to him again: it is hers alone now.
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == []


def test_a_locked_item_is_refused_with_the_reason(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("干部考察材料", "--from", "王局长")
    her.ok("lock", str(task), env={"BANGONGSHI_PASSPHRASE": "kouling-2026"})
    before = her.snapshot()
    refused = her("assign", str(task), "--to", "张三", env={"BANGONGSHI_PASSPHRASE": "kouling-2026"})
    assert refused.code == 4, refused.stderr
    assert "已加密" in refused.stderr and "张三" in refused.stderr
    assert her.snapshot() == before
    assert summaries(office.calendar("mishu", office.pair())) == []


@pytest.mark.parametrize("problem", ["wrong password", "gone collection", "no rights"])
def test_a_wrong_or_gone_account_refuses_and_nothing_is_half_shared(tmp_path, office, problem):
    her = secretary(tmp_path, office)
    task = her.add("落实消防检查", "--from", "王局长")
    if problem == "wrong password":
        her.env["BANGONGSHI_CALDAV_PASSWORD"] = "not-the-password"
    elif problem == "gone collection":
        her.ok("people", "edit", "张三", "--caldav", office.pair("mishu-zhangsan-old"))
    else:
        her.ok("people", "add", "王五", "--caldav", office.pair("mishu-lisi"), "--caldav-user", "zhangsan")
    before = her.snapshot()
    refused = her("assign", str(task), "--to", "王五" if problem == "no rights" else "张三")
    assert refused.code == 5, refused.stderr
    assert "没有交办" in refused.stderr and "本地数据未改动" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert her.snapshot() == before
    assert summaries(office.calendar("mishu", office.pair())) == []


def test_handoff_to_a_shared_colleague_is_acknowledged_from_his_desk(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("年终考核材料归档")
    her.ok("handoff", str(task), "--to", "张三", "--note", "材料在共享盘")
    him = handler(tmp_path, office)
    him.ok("sync")
    mine = one_shared_item(him)["id"]
    him.ok("ack", str(mine))
    him.ok("sync")
    her.ok("sync")
    row = ledger(her)[task]
    assert (row["status"], row["changed_by"]) == ("acknowledged", "handler")


# ---- without a server: the ledger's new keys, 延期 on one desk, the migration ----------------------


def test_a_ledger_row_not_shared_has_empty_shared_keys_and_a_pending_extension(bgs):
    task = bgs.add("整理会议纪要", "--from", "王局长", "--due", "2026-11-24")
    bgs.ok("assign", str(task), "--to", "教育科张三")  # not in the registry: nothing shared
    row = ledger(bgs)[task]
    assert {k: row[k] for k in ("shared_with", "changed_by", "changed_by_label", "changed_at", "shared_state",
                                "shared_state_label", "extension_due")} == {
        "shared_with": "", "changed_by": None, "changed_by_label": None, "changed_at": None, "shared_state": None,
        "shared_state_label": None, "extension_due": None}
    assert "最近改动" not in bgs.ok("follow").stdout
    bgs.ok("extend", str(task), "--to", "下周三", "--reason", "等财政局数据")
    assert ledger(bgs)[task]["extension_due"] == "2026-11-25"
    assert bgs.item(task)["due"] == "2026-11-24"
    again = bgs("extend", str(task), "--to", "下周五", "--reason", "再等等")
    assert again.code == 2 and "还在等交办人答复" in again.stderr
    agenda = bgs.ok("agenda", "--format", "json").json()
    assert [(f["kind"], f["kind_label"], f["id"]) for f in agenda["follow_ups"]][0] == ("extension", "待批延期", task)
    assert "【待批延期】" in bgs.ok("agenda").stdout
    bgs.ok("extend", str(task), "--approve")
    assert bgs.item(task)["due"] == "2026-11-25"
    assert all(f["kind"] != "extension" for f in bgs.ok("agenda", "--format", "json").json()["follow_ups"])
    history = bgs.ok("show", str(task)).stdout
    assert "申请延期：延期至2026-11-25：等财政局数据" in history and "同意延期：时限改为2026-11-25" in history
    # Undone like any command: the deadline and the answer go back.
    bgs.ok("undo")
    assert bgs.item(task)["due"] == "2026-11-24" and ledger(bgs)[task]["extension_due"] == "2026-11-25"
    late = bgs("extend", str(task), "--refuse", "--to", "下周五")
    assert late.code == 2


def test_extension_after_the_deadline_or_without_one_is_refused_and_changes_nothing(bgs):
    task = bgs.add("报送年度总结", "--due", "2026-11-18")
    no_due = bgs.add("随手记")
    before = bgs.snapshot()
    late = bgs("extend", str(task), "--to", "12月10日", "--reason", "来不及")
    assert late.code == 2 and "延期应在时限之前申请" in late.stderr
    none = bgs("extend", str(no_due), "--to", "12月10日", "--reason", "来不及")
    assert none.code == 2 and "没有时限" in none.stderr
    nothing = bgs("extend", str(task), "--approve")
    assert nothing.code == 2 and "没有待答复的延期申请" in nothing.stderr
    assert bgs.snapshot() == before


def test_a_locked_items_extension_request_waits_in_the_agenda_and_is_answered_with_the_passphrase(bgs):
    key = {"BANGONGSHI_PASSPHRASE": "correct horse"}
    task = bgs.add("人事任免材料", "--from", "王局长", "--due", "2026-11-24")
    bgs.ok("assign", str(task), "--to", "教育科张三")
    bgs.ok("lock", str(task), env=key)
    # No request yet: saying so needs no passphrase.
    nothing = bgs("extend", str(task), "--approve")
    assert nothing.code == 2 and "没有待答复的延期申请" in nothing.stderr
    bgs.ok("extend", str(task), "--to", "下周三", "--reason", "等组织部意见", env=key)
    # The morning view has no passphrase: the request is there, its text is not.
    agenda = bgs.ok("agenda", "--format", "json").json()
    asked = [f for f in agenda["follow_ups"] if f["kind"] == "extension"]
    assert [f["id"] for f in asked] == [task]
    shown = bgs.ok("agenda").stdout
    assert f"【待批延期】#{task} 【密】事项 #{task}：承办人申请延期（内容已加密），请答复（bgs extend {task} --approve" in shown
    assert "组织部" not in shown and "人事任免" not in shown
    assert "申请延期（内容已加密）" in bgs.ok("follow").stdout
    assert ledger(bgs)[task]["extension_due"] is None
    # One request at a time, read with the passphrase.
    again = bgs("extend", str(task), "--to", "下周五", "--reason", "再等等", env=key)
    assert again.code == 2 and "已申请延期至 2026-11-25，还在等交办人答复" in again.stderr
    # Answering needs the passphrase (the day asked is sealed), and without it changes nothing.
    before = bgs.snapshot()
    assert bgs("extend", str(task), "--approve").code == 4
    assert bgs.snapshot() == before
    bgs.ok("extend", str(task), "--approve", env=key)
    assert bgs.ok("show", str(task), "--format", "json").json()["due"] == "2026-11-25"
    assert all(f["kind"] != "extension" for f in bgs.ok("agenda", "--format", "json").json()["follow_ups"])


def test_a_store_of_schema_17_keeps_every_follow_up_and_person(tmp_path):
    import shutil
    import sqlite3

    from tests.test_store import FIXTURES

    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(FIXTURES / "schema_v17.db", home / "bangongshi.db")
    with sqlite3.connect(home / "bangongshi.db") as conn:
        follow_ups = list(conn.execute("SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups"))
        people = list(conn.execute("SELECT id, name, unit, phone, role FROM people"))
    bgs = Bgs(home)
    listed = bgs.ok("people", "list", "--format", "json").json()
    assert [(p["name"], p["caldav_url"], p["caldav_user"]) for p in listed] == [(n, "", "") for _, n, *_ in people]
    assert bgs.ok("follow", "--format", "json").json()
    with sqlite3.connect(home / "bangongshi.db") as conn:
        assert list(conn.execute("SELECT id, item_id, kind, at, channel, who, note, sealed FROM follow_ups")) == \
            follow_ups
        assert list(conn.execute("SELECT count(*) FROM shared_items")) == [(0,)]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'follow_ups'")}
    assert {"follow_ups_item", "follow_ups_nudges"} <= indexes


def test_a_team_collection_brings_each_member_only_what_is_assigned_to_him(tmp_path, office):
    her = secretary(tmp_path, office)
    her.ok("people", "add", "王五", "--caldav", office.pair())  # the same collection: a team's
    for_zhang = her.add("核对花名册")
    for_wang = her.add("联系会场")
    her.ok("assign", str(for_zhang), "--to", "张三")
    her.ok("assign", str(for_wang), "--to", "王五")
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == ["核对花名册", "联系会场"]
    him = handler(tmp_path, office)
    him.ok("config", "set", "me.name", "张三")
    said = him.ok("sync")
    assert [i["title"] for i in him.items()] == ["核对花名册"]
    assert "「联系会场」交办给王五，不是本机的 me.name（张三），没有取回" in said.stderr
    # Renaming him in her registry unshares nothing.
    her.ok("people", "edit", "张三", "--name", "张三（教育科）")
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == ["核对花名册", "联系会场"]


def test_an_item_synced_before_leaves_the_personal_collection_and_undo_takes_it_back(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("筹备年终座谈会", "--from", "王局长")
    her.ok("sync")
    personal = office.calendar("mishu", office.url + "mishu/office/")
    assert summaries(personal) == ["筹备年终座谈会"]
    her.ok("assign", str(task), "--to", "张三")
    # One item, one collection: now the shared one only.
    assert summaries(personal) == []
    assert summaries(office.calendar("mishu", office.pair())) == ["筹备年终座谈会"]
    her.ok("sync")
    assert summaries(personal) == [] and summaries(office.calendar("mishu", office.pair())) == ["筹备年终座谈会"]
    # Undoing the assignment takes it out of his hands: out of the shared collection, back in hers.
    her.ok("undo")
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == []
    assert summaries(personal) == ["筹备年终座谈会"]


def test_an_item_given_to_someone_not_shared_is_no_longer_marked_shared(tmp_path, office):
    her = secretary(tmp_path, office)
    task = her.add("筹备年终座谈会", "--from", "王局长")
    her.ok("assign", str(task), "--to", "张三")
    assert ledger(her)[task]["shared_with"] == "张三"
    her.ok("assign", str(task), "--to", "李四")  # not in the registry: nothing shared
    her.ok("sync")
    assert summaries(office.calendar("mishu", office.pair())) == []
    row = ledger(her)[task]
    assert (row["handler"], row["shared_with"], row["changed_by"]) == ("李四", "", None)
    assert "最近改动" not in her.ok("follow").stdout
    her.ok("undo")  # back with 张三: shared again
    assert ledger(her)[task]["shared_with"] == "张三"


def test_a_colleagues_collection_out_of_reach_does_not_stop_the_personal_sync(tmp_path, office):
    her = secretary(tmp_path, office)
    her.ok("people", "edit", "张三", "--caldav", "http://127.0.0.1:9/shared/mishu-zhangsan/")  # nothing listens
    her.add("起草年终总结")
    failed = her("sync")
    assert failed.code == 5, failed.stderr
    assert "与张三共享的集合" in failed.stderr and "Traceback" not in failed.stderr
    assert summaries(office.calendar("mishu", office.url + "mishu/office/")) == ["起草年终总结"]
