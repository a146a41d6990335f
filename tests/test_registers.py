"""The office registers (issue #23): 收文/发文 with their numbers, 文号 as people type them, 来电来访,
people; numbering without gaps or duplicates from two processes at once."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bangongshi.domain import docnumbers

FIXTURES = Path(__file__).parent / "fixtures"
NOW = "2026-11-30T10:00"  # a Monday


def _config(bgs, text: str) -> None:
    bgs.home.mkdir(parents=True, exist_ok=True)
    (bgs.home / "config.yaml").write_text(text, encoding="utf-8")


# --- 文号 -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, stored, parts", [
    ("县政办发〔2026〕12号", "县政办发〔2026〕12号", ("县政办发", 2026, 12)),
    ("县政办发[2026]12号", "县政办发〔2026〕12号", ("县政办发", 2026, 12)),
    ("国办发【2025】3号", "国办发〔2025〕3号", ("国办发", 2025, 3)),
    ("市政发(2026)45号", "市政发〔2026〕45号", ("市政发", 2026, 45)),
    ("市政发（２０２６）４５号", "市政发〔2026〕45号", ("市政发", 2026, 45)),
    ("教基厅函［2026］7号", "教基厅函〔2026〕7号", ("教基厅函", 2026, 7)),
    ("苏政办发 〔2026〕 101 号", "苏政办发〔2026〕101号", ("苏政办发", 2026, 101)),
    ("中办发〔2026〕第8号", "中办发〔2026〕第8号", ("中办发", 2026, 8)),
    ("县委〔2026〕012号", "县委〔2026〕012号", ("县委", 2026, 12)),
    ("内部明电", "内部明电", None),
    ("县政办发2026-12", "县政办发2026-12", None),
    ("县政办发(2026】12号", "县政办发(2026】12号", None),  # brackets that do not pair are left as typed
    ("〔2026〕12号", "〔2026〕12号", None),  # no 机关代字
    ("县政办发〔2026〕0号", "县政办发〔2026〕0号", None),
])
def test_document_numbers_as_people_type_them(typed, stored, parts):
    assert docnumbers.normalise(typed) == stored
    found = docnumbers.parse(typed)
    assert (found and (found.prefix, found.year, found.seq)) == parts or (found is None and parts is None)


_PAIRS = st.sampled_from([("〔", "〕"), ("[", "]"), ("【", "】"), ("(", ")"), ("（", "）"), ("［", "］"), ("﹝", "﹞")])
_PREFIX = st.text(alphabet="县市省政办发函委教字财农", min_size=1, max_size=6)


@given(_PREFIX, st.integers(1900, 2999), st.integers(1, 99999), _PAIRS, st.booleans(), st.booleans())
def test_any_bracket_and_digit_form_reads_the_same(prefix, year, seq, pair, full_width, di):
    digits = str.maketrans("0123456789", "０１２３４５６７８９") if full_width else None
    text = f"{prefix}{pair[0]}{year}{pair[1]}{'第' if di else ''}{seq}号"
    typed = text.translate(digits) if digits else text
    found = docnumbers.parse(typed)
    assert (found.prefix, found.year, found.seq) == (prefix, year, seq)
    assert found.text == f"{prefix}〔{year}〕{'第' if di else ''}{seq}号"
    assert docnumbers.normalise(found.text) == found.text  # normalising twice changes nothing


@given(st.text(max_size=40))
def test_normalising_never_fails_and_is_stable(text):
    once = docnumbers.normalise(text)
    assert docnumbers.normalise(once) == once


# --- 收文 -----------------------------------------------------------------------------------------

def test_an_incoming_document_is_numbered_and_tracked_by_its_template(bgs):
    got = bgs.ok("doc", "in", "关于做好冬季安全生产工作的通知", "--from", "县政办", "--number", "县政办发[2026]12号",
                 "--copies", "3", "--due", "12月10日前", "--format", "json", env={"BANGONGSHI_NOW": NOW}).json()
    assert (got["number"], got["doc_number"], got["doc_prefix"], got["doc_year"], got["doc_seq"]) == (
        "收〔2026〕1号", "县政办发〔2026〕12号", "县政办发", 2026, 12)
    assert (got["unit"], got["copies"], got["deadline"], got["received"]) == ("县政办", 3, "2026-12-10", "2026-11-30")
    item = got["item"]
    assert item["title"] == "关于做好冬季安全生产工作的通知（县政办发〔2026〕12号）"
    assert item["due"] == "2026-12-10" and "收文" in item["tags"] and "收文编号：收〔2026〕1号" in item["notes"]
    steps = {s["step"]: s for s in got["steps"]}
    assert set(steps) == {"register", "propose", "approve", "handle", "chase", "close"}
    assert steps["register"]["folder"] == "done" and "收〔2026〕1号" in steps["register"]["result"]
    assert steps["propose"]["folder"] == "todo"
    # Linked both ways: the item (and each step) names its entry; the entry shows its item and state.
    shown = bgs.ok("show", str(item["id"]), "--format", "json", env={"BANGONGSHI_NOW": NOW}).json()
    assert shown["register"] == {"kind": "in", "kind_label": "收文", "ref": "D1", "number": "收〔2026〕1号",
                                 "doc_number": "县政办发〔2026〕12号", "status": "active"}
    assert "收文 D1 收〔2026〕1号" in bgs.ok("show", str(steps["close"]["id"])).stdout
    entry = bgs.ok("doc", "show", "D1", "--format", "json").json()
    assert (entry["item_id"], entry["steps_done"], entry["steps_total"]) == (item["id"], 1, 6)
    assert entry["state"].startswith("办理中（1/6 步），下一步：提出拟办意见")
    # Found by its 文号 however it is typed, by its 收文编号, by its item.
    for ref in ("县政办发【2026】012号", "收〔2026〕1号", f"#{item['id']}"):
        assert bgs.ok("doc", "show", ref, "--format", "json").json()["id"] == 1
    assert [e["id"] for e in bgs.ok("doc", "list", "--search", "县政办发(2026)12号", "--format", "json").json()] == [1]
    # The 收文编号 runs on.
    again = bgs.ok("doc", "in", "关于另一件事的函", "--from", "市政府", "--format", "json").json()
    assert again["number"] == "收〔2026〕2号"


def test_urgent_and_instructed_documents_become_urgent_and_supervised(bgs):
    got = bgs.ok("doc", "in", "关于防汛工作的紧急通知", "--from", "市应急局", "--urgency", "特急",
                 "--instruction", "王局长：请张科长牵头办理", "--handler", "张科长", "--format", "json").json()
    item = got["item"]
    assert item["urgent"] and item["source"] == "王局长" and item["report_required"] and item["handler"] == "张科长"
    assert (got["leader"], got["instruction"], got["urgency_label"]) == ("王局长", "请张科长牵头办理", "特急")
    assert item["due"] == "2026-11-23"  # 特急: one workday after 2026-11-20 (a Friday)
    ledger = bgs.ok("follow", "--format", "json").json()
    assert [row["id"] for row in ledger] == [item["id"]]
    steps = {s["step"]: s["folder"] for s in got["steps"]}
    assert steps["approve"] == "done"  # the 批示 is in: that step is done


def test_bad_input_is_refused_and_changes_nothing(bgs):
    bgs.ok("doc", "in", "先登记一件", "--from", "县政办")
    before = bgs.snapshot()
    unknown = bgs("doc", "in", "关于x", "--secrecy", "内部")
    assert unknown.code == 2 and "无" in unknown.stderr and "秘密" in unknown.stderr and "机密" in unknown.stderr
    top = bgs("doc", "in", "关于x", "--secrecy", "绝密")
    assert top.code == 2 and "绝密文件不得" in top.stderr
    assert bgs("doc", "in", "关于x", "--urgency", "很急").code == 2
    assert bgs("doc", "in", "关于x", "--instruction", "请阅办").code == 2  # whose 批示?
    assert bgs("doc", "in", "关于x", "--due", "不是日期zz").code == 2
    assert bgs("doc", "in", "关于x", "--copies", "0").code == 2
    assert bgs.snapshot() == before


def test_a_number_that_cannot_be_read_is_kept_as_typed_with_a_warning(bgs):
    done = bgs("doc", "in", "关于y", "--from", "市委办", "--number", "内部明电〔急〕", "--format", "json")
    assert done.code == 0
    got = done.json()
    assert got["doc_number"] == "内部明电〔急〕" and got["doc_prefix"] is None
    assert any("已按原样保存" in w for w in got["warnings"]) and "已按原样保存" in done.stderr


def test_a_document_registered_twice_is_named(bgs):
    bgs.ok("doc", "in", "关于z", "--number", "县政办发〔2026〕12号")
    second = bgs.ok("doc", "in", "关于z", "--number", "县政办发[2026]12号", "--format", "json").json()
    assert any("已登记过：D1" in w for w in second["warnings"])


def test_a_classified_document_keeps_only_metadata_and_its_item_is_locked(bgs):
    env = {"BANGONGSHI_PASSPHRASE": "secret passphrase"}
    refused = bgs("doc", "in", "关于干部调整的通知", "--secrecy", "秘密", "--note", "名单如下", env=env)
    assert refused.code == 2 and "涉密计算机" in refused.stderr
    done = bgs("doc", "in", "关于干部调整的通知", "--from", "市委组织部", "--number", "组通〔2026〕5号",
               "--secrecy", "秘密", "--proposal", "请李部长阅", "--format", "json", env=env)
    assert done.code == 0 and "涉密内容只能在涉密计算机上处理" in done.stderr
    got = done.json()
    assert got["item"]["locked"] and all(s["locked"] for s in got["steps"])
    assert got["title"] == f"【密】事项 #{got['item_id']}" and got["proposal"] == ""
    assert (got["unit"], got["doc_number"], got["secrecy_label"]) == ("市委组织部", "组通〔2026〕5号", "秘密")
    with sqlite3.connect(bgs.db) as conn:  # the title is nowhere in the clear
        rows = json.dumps([list(r) for t in ("registers", "items", "changes", "runs")
                           for r in conn.execute(f"SELECT * FROM {t}")], ensure_ascii=False)
    assert "干部调整" not in rows and "李部长" not in rows
    revealed = bgs.ok("doc", "show", "D1", "--unlock", "--format", "json", env=env).json()
    assert revealed["title"].startswith("关于干部调整的通知") and "拟办意见：请李部长阅" in revealed["note"]


# --- 发文 -----------------------------------------------------------------------------------------

def test_outgoing_numbers_are_taken_voided_and_never_reused(bgs):
    assert "还没有设置机关代字" in bgs("doc", "out", "关于a的通知").stderr
    _config(bgs, "registers:\n  prefixes: [县政办发, 县政办函]\n  first:\n    县政办函: {2026: 37}\n")
    assert "--prefix" in bgs("doc", "out", "关于a的通知").stderr  # two 代字: which one?
    made = bgs.ok("doc", "out", "关于a的通知", "--prefix", "县政办发", "--to", "各乡镇人民政府",
                  "--signer", "王县长", "--format", "json").json()
    assert made["number"] is None and {s["step"] for s in made["steps"]} == {
        "draft", "check", "countersign", "sign", "print", "issue", "file"}
    numbered = bgs.ok("doc", "number", "D1", "--format", "json").json()
    assert (numbered["number"], numbered["number_status"]) == ("县政办发〔2026〕1号", "used")
    assert "发文字号：县政办发〔2026〕1号" in bgs.item(made["item_id"])["notes"]
    assert bgs("doc", "number", "D1").code == 2  # numbered already
    assert bgs("doc", "void", "县政办发〔2026〕1号").code == 2  # a reason is required
    bgs.ok("doc", "void", "县政办发〔2026〕1号", "--reason", "印错份数，重新编号")
    again = bgs.ok("doc", "number", "D1", "--format", "json").json()
    assert again["number"] == "县政办发〔2026〕2号"
    assert [(n["text"], n["status"], n["reason"]) for n in again["numbers"]] == [
        ("县政办发〔2026〕1号", "void", "印错份数，重新编号"), ("县政办发〔2026〕2号", "used", "")]
    other = bgs.ok("doc", "out", "关于b的函", "--prefix", "县政办函", "--reserve", "--format", "json").json()
    assert (other["number"], other["number_status"]) == ("县政办函〔2026〕37号", "reserved")
    assert bgs.ok("doc", "reserve", "--prefix", "县政办发").stdout.strip() == "县政办发〔2026〕3号"
    numbers = bgs.ok("doc", "numbers", "--format", "json").json()
    assert [(n["text"], n["status"]) for n in numbers] == [  # by 代字 (in code point order), then number
        ("县政办函〔2026〕37号", "reserved"), ("县政办发〔2026〕1号", "void"), ("县政办发〔2026〕2号", "used"),
        ("县政办发〔2026〕3号", "reserved")]
    stats = bgs.ok("doc", "stats", "2026", "--format", "json").json()
    assert {n["prefix"]: n for n in stats["numbers"]}["县政办发"] == {"prefix": "县政办发", "used": 1, "reserved": 1, "void": 1, "last": 3}


def test_voiding_an_incoming_entry_closes_its_items_and_keeps_its_number(bgs):
    got = bgs.ok("doc", "in", "关于重复登记的通知", "--format", "json").json()
    bgs.ok("doc", "void", "D1", "--reason", "重复登记")
    entry = bgs.ok("doc", "show", "D1", "--format", "json").json()
    assert (entry["status"], entry["void_reason"], entry["number"], entry["state"]) == (
        "void", "重复登记", "收〔2026〕1号", "作废")
    assert bgs.item(got["item_id"])["folder"] == "done"
    assert bgs.ok("doc", "in", "关于下一件的通知", "--format", "json").json()["number"] == "收〔2026〕2号"
    assert bgs("doc", "void", "D1", "--reason", "再一次").code == 2


def test_undo_takes_a_registration_back_whole(bgs):
    bgs.ok("doc", "in", "关于撤销的通知")
    bgs.ok("undo")
    assert bgs.ok("doc", "list", "--format", "json").json() == [] and bgs.items("--all") == []
    # The number was never used: it is the next one again.
    assert bgs.ok("doc", "in", "关于重新登记的通知", "--format", "json").json()["number"] == "收〔2026〕1号"


# --- numbering from two processes at once -------------------------------------------------------

RACER = """
import sys
from bangongshi.cli import run
args = sys.argv[1:]
for n in range(50):
    if run(args) != 0:
        sys.exit(1)
"""


@pytest.mark.parametrize("args, column", [
    (["doc", "in", "并发登记的来文"], "收〔2026〕"),
    (["doc", "reserve", "--prefix", "县政办发"], "县政办发〔2026〕"),
])
def test_two_processes_taking_numbers_get_a_hundred_without_gap_or_duplicate(bgs, args, column):
    _config(bgs, "registers:\n  prefixes: [县政办发]\n")
    bgs.ok("list")  # the store exists before the race (both processes would create it otherwise)
    env = bgs.process_env({"BANGONGSHI_NOW": NOW})
    racers = [subprocess.Popen([sys.executable, "-c", RACER, *args], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE) for _ in range(2)]
    for racer in racers:
        assert racer.wait(timeout=600) == 0, racer.stderr.read().decode()
    numbers = bgs.ok("doc", "numbers", "--format", "json").json()
    seqs = sorted(n["seq"] for n in numbers if n["text"].startswith(column))
    assert seqs == list(range(1, 101))


# --- 来电来访 --------------------------------------------------------------------------------------

def test_a_call_is_recorded_and_an_item_only_when_asked(bgs):
    bgs.ok("people", "add", "王局长", "--role", "领导", "--title", "局长", "--order", "1", "--unit", "县教育局",
           "--phone", "13800000000")
    plain = bgs.ok("call", "王局长", "明天的会改到下午三点", "--format", "json").json()
    assert (plain["person"], plain["unit"], plain["phone"], plain["matter"], plain["item"]) == (
        "王局长", "县教育局", "13800000000", "明天的会改到下午三点", None)
    assert bgs.items("--all") == []
    todo = bgs.ok("call", "李主任", "周五前报送安全检查情况", "--unit", "市政府办", "--todo", "--follow", "--due", "周五",
                  "--format", "json").json()
    item = todo["item"]
    assert (item["folder"], item["source"], item["report_required"], item["due"]) == ("todo", "李主任", True, "2026-11-20")
    assert bgs.item(item["id"])["register"]["ref"] == f"C{todo['id']}"
    visit = bgs.ok("visit", "群众代表", "反映道路施工噪音", "--count", "5", "--temp", "--format", "json").json()
    assert visit["visitors"] == 5 and visit["item"]["folder"] == "temp"
    listed = bgs.ok("contacts", "--format", "json").json()
    assert [c["kind"] for c in listed] == ["call", "call", "visit"]
    day = bgs.ok("report", "day", "--format", "json").json()
    assert [c["person"] for c in day["contacts"]] == ["王局长", "李主任", "群众代表"]
    assert "来电来访（3）" in bgs.ok("report", "day", "--format", "text").stdout
    assert bgs("call", "王局长").code == 2  # what was said?
    assert bgs("call", "王局长", "x", "--todo", "--temp").code == 2


def test_me_is_the_receiver(bgs):
    _config(bgs, "me:\n  name: 李秘书\n  unit: 县政府办公室\n")
    assert bgs.ok("call", "王局长", "开会", "--format", "json").json()["receiver"] == "李秘书"


def test_the_quick_call_reads_the_same_as_typer(bgs):
    """The same command line through the quick path and through Typer (help forces Typer only)."""
    quick = bgs.ok("call", "王局长", "明天开会", "--unit", "县政府", "--todo", "--format", "json").json()
    from bangongshi.cli.calls import CALL
    from bangongshi.cli.params import read

    assert read(CALL, ["王局长", "明天开会", "--bogus"]) is None  # left to Typer, which refuses it
    assert bgs("call", "王局长", "明天开会", "--bogus").code == 2
    assert quick["unit"] == "县政府" and quick["item"]["title"] == "王局长来电：明天开会"


def test_a_call_imports_no_more_than_add(bgs):
    probe = ("import json, sys\nfrom bangongshi.cli import run\ncode = run(sys.argv[1:])\nsys.stdout.flush()\n"
             "print('\\nMODULES ' + json.dumps(sorted(sys.modules)))\nsys.exit(code)\n")
    env = bgs.process_env()
    subprocess.run([sys.executable, "-c", probe, "add", "先有一条"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", probe, "call", "王局长", "明天的会改到下午三点", "--todo"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.rsplit("MODULES ", 1)[1]))
    heavy = {"typer", "click", "yaml", "rich", "openpyxl", "cryptography", "bangongshi.storage.sealing",
             "bangongshi.services.registers", "bangongshi.services.template"}
    assert modules & heavy == set()


# --- people ---------------------------------------------------------------------------------------

def test_people_are_listed_leaders_first_and_can_be_edited_and_removed(bgs):
    bgs.ok("people", "add", "张三", "--unit", "教育科")
    bgs.ok("people", "add", "李副局长", "--role", "领导", "--order", "2")
    bgs.ok("people", "add", "王局长", "--role", "领导", "--order", "1")
    assert [p["name"] for p in bgs.ok("people", "list", "--format", "json").json()] == ["王局长", "李副局长", "张三"]
    assert bgs("people", "add", "张三").code == 2
    assert bgs("people", "add", "赵四", "--order", "3").code == 2  # an order is for leaders
    bgs.ok("people", "edit", "张三", "--phone", "13900000000")
    assert bgs.ok("people", "list", "--role", "同事", "--format", "json").json()[0]["phone"] == "13900000000"
    bgs.ok("people", "remove", "张三")
    assert bgs("people", "remove", "张三").code == 3
    bgs.ok("undo")
    assert "张三" in bgs.ok("people", "list").stderr + bgs.ok("people", "list").stdout


# --- registers out --------------------------------------------------------------------------------

def test_the_register_as_a_printable_sheet(bgs, tmp_path):
    from openpyxl import load_workbook

    bgs.ok("doc", "in", "=cmd|' /C calc'!A0", "--from", "县政办", "--number", "县政办发〔2026〕12号",
           "--instruction", "王局长：请阅")
    _config(bgs, "registers:\n  prefixes: [县政办发]\n")
    bgs.ok("doc", "out", "关于开展安全检查的通知", "--to", "各乡镇", "--reserve")
    target = tmp_path / "登记簿.xlsx"
    bgs.ok("doc", "list", "--year", "2026", "--format", "xlsx", "-o", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["收文登记簿", "发文登记簿"]
    incoming = book["收文登记簿"]
    assert incoming["A1"].value == "收文登记簿（2026年）"
    assert [c.value for c in incoming[2]][:12] == ["收文编号", "来文单位", "文号", "标题", "密级", "紧急程度", "收文日期",
                                                "份数", "办理时限", "拟办意见", "领导批示", "承办人"]
    row = [c.value for c in incoming[3]]
    assert row[:4] == ["收〔2026〕1号", "县政办", "县政办发〔2026〕12号", "=cmd|' /C calc'!A0"]
    assert incoming.cell(3, 4).data_type == "s"  # a formula-like title stays text
    assert row[10] == "王局长：请阅"
    assert incoming.print_title_rows == "$2:$2" and incoming.page_setup.orientation == "landscape"
    assert [c.value for c in book["发文登记簿"][3]][0] == "县政办发〔2026〕1号"
    assert bgs("doc", "list", "--format", "xlsx").code == 2  # needs -o
    csv = bgs.ok("doc", "list", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("id,ref,uuid,direction,direction_label,year,number,")
    assert ",'=cmd" in csv[1]


def test_export_with_registers_and_backups(bgs, tmp_path):
    bgs.ok("doc", "in", "关于备份的通知")
    bgs.ok("call", "王局长", "开会")
    plain = bgs.ok("export")
    assert isinstance(plain.json(), list) and "--registers" in plain.stderr
    whole = bgs.ok("export", "--registers").json()
    assert {k: len(v) for k, v in whole.items()} == {"items": 7, "registers": 1, "numbers": 1, "contacts": 1, "people": 0,
                                                    "leader_links": 0, "leader_away": 0, "duty_rosters": 0,
                                                    "duty_shifts": 0, "duty_logs": 0}
    assert bgs("export", "--registers", "--format", "csv").code == 2
    bgs.ok("backup")
    copy = sorted((bgs.home / "backups").glob("*.db"))[-1]
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM registers").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1


def test_a_store_from_before_the_registers_upgrades_and_keeps_its_items(bgs):
    bgs.home.mkdir(parents=True)
    shutil.copy(FIXTURES / "schema_v15.db", bgs.db)
    before = len(bgs.items("--all"))
    got = bgs.ok("doc", "in", "关于升级后的第一份来文", "--format", "json").json()
    assert got["number"] == "收〔2026〕1号"
    assert len(bgs.items("--all")) == before + 7


def test_config_errors_name_the_setting(bgs):
    _config(bgs, "registers:\n  incoming: \"收文{n}\"\n")
    bad = bgs("doc", "in", "x")
    assert bad.code == 2 and "registers.incoming" in bad.stderr and "{year}" in bad.stderr
    _config(bgs, "registers:\n  incoming: \"收文{year}-{n:03}\"\n")
    assert bgs.ok("doc", "in", "x", "--format", "json").json()["number"] == "收文2026-001"
