"""The machine output contract of docs/contract.md. Scripts depend on every name here."""

import csv
import io
import re
from pathlib import Path

ITEM_KEYS = [
    "id", "uuid", "title", "notes", "folder", "folder_label", "kind", "kind_label", "due",
    "due_time", "at", "duration_minutes", "location", "important", "urgent", "key", "constrained",
    "source", "assigned_at", "attention", "attention_label", "report_required", "handler", "tags",
    "estimate_minutes", "major", "locked", "created", "updated", "done_at", "result",
    "recurrence_id", "occurrence", "hand_edited", "parent_id", "step", "step_from", "step_offset",
    "follow_every", "follow_rrule", "follow_policy", "delegated_at", "reported_at", "handoff_to", "handoff_at",
    "acknowledged_at", "spent_minutes",
]
# `add` adds what it understood after the Item's keys; `done`, `move`, `edit`, `reopen` add `changes`.
ADD_KEYS = ["quadrant", "quadrant_label", "duplicates", "warnings"]
RUN_KEYS = ["id", "started", "command", "actor", "actor_label", "action", "action_label",
            "target_run", "undone", "changes"]


def test_item_json_keys_and_order(bgs):
    item = bgs.ok("add", "起草通知", "--format", "json").json()
    assert list(item) == ITEM_KEYS + ADD_KEYS


def test_item_json_values(bgs):
    item = bgs.ok(
        "add", "-t", "全市会议", "--from", "王主任", "--due", "2026-12-01 15:30", "--at", "2026-12-01 09:00",
        "--kind", "办会", "--tag", "会议", "--estimate", "1.5h", "--format", "json",
    ).json()
    assert item["id"] == 1
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", item["uuid"])
    assert (item["folder"], item["folder_label"]) == ("temp", "临时")
    assert (item["kind"], item["kind_label"]) == ("meeting", "办会")
    assert (item["due"], item["due_time"]) == ("2026-12-01", "15:30")
    assert item["at"] == "2026-12-01T09:00:00+08:00"
    assert item["assigned_at"] == item["created"] == item["updated"] == "2026-11-20T10:00:00+08:00"
    assert (item["attention"], item["attention_label"]) == (None, None)
    assert item["tags"] == ["会议"] and item["estimate_minutes"] == 90
    assert item["done_at"] is None and item["result"] == "" and item["notes"] == ""


def test_every_key_is_documented():
    doc = (Path(__file__).parents[1] / "docs" / "contract.md").read_text(encoding="utf-8")
    for key in ITEM_KEYS + RUN_KEYS + ADD_KEYS + ["changes"]:
        assert f"| `{key}` |" in doc, key


def test_csv_has_the_same_columns_and_plain_cells(bgs):
    bgs.add("起草通知", "--tag", "急件", "--tag", "年度", "-i")
    bgs.add("订车, 三辆")
    text = bgs.ok("list", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ITEM_KEYS
    first = dict(zip(rows[0], rows[1]))
    assert first["title"] == "起草通知" and first["tags"] == "急件;年度"
    assert first["important"] == "1" and first["urgent"] == "0"
    assert first["due"] == "" and first["kind"] == ""
    assert dict(zip(rows[0], rows[2]))["title"] == "订车, 三辆"
    assert "\r" not in text


def test_changed_items_are_a_list_in_json(bgs):
    bgs.add("一")
    done = bgs.ok("done", "1", "--result", "好", "--format", "json").json()
    assert isinstance(done, list) and list(done[0]) == ITEM_KEYS + ["changes"]
    assert done[0]["folder"] == "done" and done[0]["result"] == "好"
    deleted = bgs.ok("delete", "1", "--yes", "--format", "json").json()
    assert deleted[0]["title"] == "一"


def test_log_json_and_csv(bgs):
    bgs.add("一")
    runs = bgs.ok("log", "--format", "json").json()
    assert list(runs[0]) == RUN_KEYS
    assert runs[0]["started"] == "2026-11-20T10:00:00+08:00"
    assert (runs[0]["action"], runs[0]["action_label"], runs[0]["changes"]) == ("command", "命令", 1)
    header = bgs.ok("log", "--format", "csv").stdout.splitlines()[0]
    assert header.split(",") == RUN_KEYS


def test_json_is_not_ascii_escaped(bgs):
    assert "起草" in bgs.ok("add", "起草", "--format", "json").stdout


def test_empty_list_is_an_empty_array_and_a_header(bgs):
    assert bgs.ok("list", "--format", "json").json() == []
    assert bgs.ok("list", "--format", "csv").stdout.splitlines() == [",".join(ITEM_KEYS)]


def test_a_list_has_one_object_per_line(bgs):
    bgs.add("一")
    bgs.add("二")
    lines = bgs.ok("list", "--format", "json").stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    assert '"title": "一"' in lines[1] and '"title": "二"' in lines[2]


WHEN_KEYS = ["input", "kind", "date", "time", "deadline", "weekday", "rest_day", "holiday", "estimated",
             "rrule", "policy", "reading", "approximate", "occurrences", "estimated_dates"]
DAY_KEYS = ["date", "weekday", "workday", "rest_day", "reason", "holiday", "adjusted", "estimated", "source", "today"]


def test_when_and_calendar_day_keys(bgs):
    assert list(bgs.ok("when", "明天", "--format", "json").json()) == WHEN_KEYS
    recurrence = bgs.ok("when", "每周一", "--format", "json").json()
    assert list(recurrence) == WHEN_KEYS and recurrence["occurrences"][0] == "2026-11-23"
    days = bgs.ok("cal", "2026-11", "--format", "json").json()
    assert len(days) == 30 and list(days[0]) == DAY_KEYS
    doc = (Path(__file__).parents[1] / "docs" / "contract.md").read_text(encoding="utf-8")
    for key in WHEN_KEYS + DAY_KEYS:
        assert f"| `{key}` |" in doc, key


RULE_KEYS = ["id", "uuid", "title", "rule", "rrule", "policy", "policy_label", "anchor", "lead_workdays",
             "catch_up", "catch_up_label", "at_time", "due_time", "fields", "paused", "ends", "next", "created",
             "updated"]


def test_recurring_rule_json_keys_and_values(bgs):
    rules = bgs.ok("recur", "add", "周一例会", "--rule", "每周一", "--at", "09:00", "--lead", "1", "--where", "三楼",
                   "--format", "json").json()
    assert list(rules)[:-1] == RULE_KEYS and list(rules)[-1] == "made"
    listed = bgs.ok("recur", "list", "--format", "json").json()
    assert [list(r) for r in listed] == [RULE_KEYS]
    rule = listed[0]
    assert (rule["id"], rule["rule"], rule["rrule"], rule["policy"], rule["policy_label"]) == (
        1, "每周一", "FREQ=WEEKLY;BYDAY=MO", "keep", "照常（遇休息日不动）")
    assert (rule["anchor"], rule["lead_workdays"], rule["catch_up"], rule["at_time"], rule["next"]) == (
        "2026-11-20", 1, "all", "09:00", "2026-11-23")
    assert rule["fields"] == {"location": "三楼"}
    doc = (Path(__file__).parents[1] / "docs" / "contract.md").read_text(encoding="utf-8")
    for key in RULE_KEYS:
        assert f"| `{key}` |" in doc or f"| `{key}`, " in doc, key


REPORT_KEYS = ["kind", "title", "first", "last", "workdays", "done_count", "done", "carried", "captured", "follow",
               "slips", "plan", "minutes", "per_day", "contacts", "registered", "duty_logs"]


def test_report_json_keys(bgs):
    bgs.add("起草通知")
    data = bgs.ok("report", "week", "--format", "json").json()
    assert list(data) == REPORT_KEYS
    assert list(data["plan"]) == ["planned", "finished", "share"]
    assert list(data["minutes"]) == ["key_spent", "routine_spent", "key_target", "routine_target"]
    assert [g["kind"] for g in data["done"]] == ["doc", "meeting", "affair", None]
    doc = (Path(__file__).parents[1] / "docs" / "contract.md").read_text(encoding="utf-8")
    for key in REPORT_KEYS:
        assert f"`{key}`" in doc, key


def test_every_csv_neutralises_formula_cells_unless_raw(bgs):
    """Issue #14: one rule for every CSV (list, log, follow, report, export); --raw writes cells as they are."""
    bgs.ok("add", "--", "=HYPERLINK(\"http://x\")")
    rows = list(csv.reader(io.StringIO(bgs.ok("list", "--format", "csv").stdout)))
    assert dict(zip(rows[0], rows[1]))["title"] == "'=HYPERLINK(\"http://x\")"
    raw = list(csv.reader(io.StringIO(bgs.ok("list", "--format", "csv", "--raw").stdout)))
    assert dict(zip(raw[0], raw[1]))["title"] == "=HYPERLINK(\"http://x\")"


# --- The office registers (issue #23) -----------------------------------------------------------

ENTRY_KEYS = ["id", "ref", "uuid", "direction", "direction_label", "year", "number", "number_status",
              "number_status_label", "title", "unit", "doc_number", "doc_prefix", "doc_year", "doc_seq", "secrecy",
              "secrecy_label", "urgency", "urgency_label", "received", "issued", "copies", "deadline", "proposal",
              "instruction", "leader", "handler", "main_to", "copy_to", "drafter", "checker", "signer", "prefix",
              "note", "status", "status_label", "void_reason", "item_id", "state", "steps_done", "steps_total",
              "numbers", "created", "updated"]
CONTACT_KEYS = ["id", "ref", "uuid", "kind", "kind_label", "at", "person", "unit", "phone", "visitors", "matter",
                "handling", "receiver", "item_id", "created"]
PERSON_KEYS = ["id", "name", "unit", "phone", "role", "role_label", "title", "precedence", "note", "channel", "created",
               "updated", "caldav_url", "caldav_user"]
NUMBER_KEYS = ["id", "direction", "direction_label", "prefix", "year", "seq", "text", "status", "status_label",
               "register_id", "reason", "created", "updated"]


def test_register_json_and_csv_keys(bgs):
    made = bgs.ok("doc", "in", "关于x的通知", "--from", "县政办", "--number", "县政办发〔2026〕12号", "--format", "json").json()
    assert list(made) == ENTRY_KEYS + ["item", "steps", "warnings"]
    assert list(bgs.ok("doc", "show", "D1", "--format", "json").json()) == ENTRY_KEYS
    assert list(bgs.ok("doc", "list", "--format", "json").json()[0]) == ENTRY_KEYS
    assert bgs.ok("doc", "list", "--format", "csv").stdout.splitlines()[0] == ",".join(ENTRY_KEYS)
    assert list(bgs.ok("doc", "numbers", "--format", "json").json()[0]) == NUMBER_KEYS
    assert list(bgs.ok("doc", "stats", "--format", "json").json()) == ["year", "incoming", "outgoing", "by_unit",
                                                                     "by_secrecy", "numbers"]
    call = bgs.ok("call", "王局长", "开会", "--format", "json").json()
    assert list(call) == CONTACT_KEYS + ["item"]
    assert list(bgs.ok("contacts", "--format", "json").json()[0]) == CONTACT_KEYS
    assert bgs.ok("contacts", "--format", "csv").stdout.splitlines()[0] == ",".join(CONTACT_KEYS)
    assert list(bgs.ok("people", "add", "张三", "--format", "json").json()) == PERSON_KEYS
    assert list(bgs.item(made["item_id"])["register"]) == ["kind", "kind_label", "ref", "number", "doc_number", "status"]
    exported = bgs.ok("export", "--registers").json()
    assert list(exported) == ["items", "registers", "numbers", "contacts", "people", "leader_links", "leader_away",
                              "duty_rosters", "duty_shifts", "duty_logs"]
    assert list(exported["registers"][0]) == ENTRY_KEYS


def test_register_keys_are_documented():
    text = (Path(__file__).parents[1] / "docs" / "contract.md").read_text(encoding="utf-8")
    for key in {*ENTRY_KEYS, *CONTACT_KEYS, *PERSON_KEYS, *NUMBER_KEYS}:
        assert f"`{key}`" in text, key
