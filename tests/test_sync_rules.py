"""`bgs sync` of recurring rules, their occurrences and template steps against a real Radicale
(tests/conftest.py `radicale`): a rule is its own VTODO with RRULE, an occurrence one object whatever
the number of homes that made it, a tick on the rule's VTODO completes the current occurrence."""

from datetime import date

import pytest

from bangongshi.model.ids import occurrence_uuid
from tests.conftest import Bgs

RULE_FILE = "recurring:\n  - title: 周一例会\n    rule: 每周一\n    at: 9:00\n"


def env(server):
    return {"BANGONGSHI_CALDAV_PASSWORD": server.password}


def home(tmp_path, name):
    return Bgs(tmp_path / name, now="2026-11-30T08:30")


def set_up(bgs: Bgs, server):
    bgs.ok("sync", "setup", server.collection_url(), "--user", server.user, env=env(server))


def synced(bgs: Bgs, server, now: dict | None = None):
    result = bgs("sync", env={**env(server), **(now or {})})
    assert result.code == 0, result.stderr
    return result


@pytest.fixture
def office(radicale):
    import caldav

    client = caldav.DAVClient(url=radicale.url, username=radicale.user, password=radicale.password)
    return client.principal().make_calendar(name="office", cal_id="office",
                                            supported_calendar_component_set=["VTODO", "VEVENT"])


def on_server(radicale) -> dict[str, object]:
    """Every object of the collection as Radicale stored it, by UID (its main component)."""
    import icalendar

    found: dict[str, list] = {}
    for path in (radicale.storage / "collection-root" / radicale.user / "office").glob("*.ics"):
        for comp in icalendar.Calendar.from_ical(path.read_bytes()).walk():
            if comp.name in ("VTODO", "VEVENT") and comp.get("recurrence-id") is None:
                found.setdefault(str(comp["uid"]), []).append(comp)
    assert all(len(v) == 1 for v in found.values()), found  # one object per uid
    return {uid: comps[0] for uid, comps in found.items()}


def rule_of(bgs: Bgs) -> dict:
    [rule] = bgs.ok("recur", "list", "--format", "json").json()
    return rule


def occurrences(bgs: Bgs) -> list[tuple[str, str, str]]:
    return sorted((i["occurrence"], i["uuid"], i["folder"]) for i in bgs.items("--all") if i.get("occurrence"))


def test_two_homes_that_both_made_mondays_occurrence_end_with_one_object_and_one_item(tmp_path, radicale, office):
    (tmp_path / "rules.yaml").write_text(RULE_FILE, encoding="utf-8")
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop")
    for each in (pc, laptop):
        each.ok("import", str(tmp_path / "rules.yaml"))
        set_up(each, radicale)
    rule_uuid = rule_of(pc)["uuid"]
    monday = occurrence_uuid(rule_uuid, date(2026, 11, 30))
    assert occurrences(pc) == occurrences(laptop) == [("2026-11-30", monday, "todo")]
    for each in (pc, laptop, pc, laptop):
        synced(each, radicale)
    objects = on_server(radicale)
    assert set(objects) == {rule_uuid, monday}
    assert "FREQ=WEEKLY" in objects[rule_uuid]["rrule"].to_ical().decode()
    assert occurrences(pc) == occurrences(laptop) == [("2026-11-30", monday, "todo")]
    assert "两边一致" in synced(pc, radicale).stdout and "两边一致" in synced(laptop, radicale).stdout


def test_a_rule_made_in_one_home_appears_in_the_other_with_its_next_occurrence(tmp_path, radicale, office):
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop")
    set_up(pc, radicale)
    set_up(laptop, radicale)
    pc.ok("recur", "add", "周一例会", "--rule", "每周一", "--at", "09:00", "--where", "三楼会议室")
    synced(pc, radicale)
    out = synced(laptop, radicale).stdout
    assert "从服务器新增 2 项" in out  # the rule and Monday's occurrence
    rule = rule_of(laptop)
    assert (rule["uuid"], rule["title"]) == (rule_of(pc)["uuid"], "周一例会")
    made = laptop.ok("recur", "show", str(rule["id"])).stdout.split("已生成的事项")[1]
    assert "2026-11-30" in made  # the occurrence that came from the server is linked to its rule
    # Next Monday each home makes the next occurrence itself, with the same uuid: nothing to merge.
    week = {"BANGONGSHI_NOW": "2026-12-07T08:30"}
    next_monday = occurrence_uuid(rule["uuid"], date(2026, 12, 7))
    for each in (pc, laptop):
        each.ok("list", env=week)
    assert [o[:2] for o in occurrences(laptop)][-1] == ("2026-12-07", next_monday)
    synced(pc, radicale, week)
    synced(laptop, radicale, week)
    assert len([o for o in occurrences(laptop) if o[0] == "2026-12-07"]) == 1
    assert next_monday in on_server(radicale)


def test_ticking_the_rules_own_vtodo_completes_the_current_occurrence(tmp_path, radicale, office):
    pc = home(tmp_path, "pc")
    set_up(pc, radicale)
    pc.ok("recur", "add", "报送周报", "--rule", "每周一")
    synced(pc, radicale)
    rule_uuid = rule_of(pc)["uuid"]
    todo = office.object_by_uid(rule_uuid)
    todo.load()
    todo.complete()  # as a phone ticks a recurring task
    out = synced(pc, radicale).stdout
    assert "报送周报" in out
    assert occurrences(pc) == [("2026-11-30", occurrence_uuid(rule_uuid, date(2026, 11, 30)), "done")]
    # The rule stays, and its object is open again on the server for the next occurrence.
    assert rule_of(pc)["uuid"] == rule_uuid
    assert str(on_server(radicale)[rule_uuid]["status"]) == "NEEDS-ACTION"
    assert "两边一致" in synced(pc, radicale).stdout


def test_a_templates_steps_point_at_their_meeting(tmp_path, radicale, office):
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop")
    set_up(pc, radicale)
    set_up(laptop, radicale)
    applied = pc.ok("template", "apply", "会议", "--at", "2026-12-09 09:00", "--title", "全市办公室工作会议",
                    "--format", "json").json()
    meeting = applied["anchor"]["uuid"]
    synced(pc, radicale)
    objects = on_server(radicale)
    steps = [c for uid, c in objects.items() if uid != meeting]
    assert len(steps) == len(applied["steps"]) > 0
    for step in steps:
        related = step["related-to"]
        assert str(related) == meeting and related.params["RELTYPE"] == "PARENT"
    # The other home links the steps to its own copy of the meeting.
    synced(laptop, radicale)
    by_uuid = {i["uuid"]: i for i in laptop.items("--all")}
    assert {by_uuid[str(s["uid"])]["parent_id"] for s in steps} == {by_uuid[meeting]["id"]}


SPRING_2027 = "years:\n  2027:\n    春节: {rest: 2027-02-03 ~ 2027-02-11, work: [2027-01-31]}\n"


def test_a_rule_no_rrule_can_say_travels_as_its_dates_and_follows_the_calendar(tmp_path, radicale, office):
    """每年春节前: the object has no RRULE (a program without RFC 7529 would read BYMONTH=1;BYMONTHDAY=1
    as January 1st) but the coming year's dates as RDATE; loading a year that moves them sends it again."""
    pc, laptop = home(tmp_path, "pc"), home(tmp_path, "laptop")
    for each in (pc, laptop):
        each.env["BANGONGSHI_LAST_OFFICIAL_YEAR"] = "2026"  # 2027 is an estimate until loaded
        set_up(each, radicale)
    pc.ok("recur", "add", "年货采购", "--rule", "每年春节前", "--lead", "5")
    synced(pc, radicale)
    rule = rule_of(pc)
    sent = on_server(radicale)[rule["uuid"]]
    assert sent.get("rrule") is None
    assert [d.dt for d in sent["rdate"].dts] == [date(2027, 2, 4)]  # the year ahead of 2026-11-30
    assert sent.decoded("dtstart") == date(2027, 2, 4)
    synced(laptop, radicale)
    there = rule_of(laptop)
    assert {k: there[k] for k in ("uuid", "rule", "rrule", "policy", "anchor", "lead_workdays", "next")} == {
        k: rule[k] for k in ("uuid", "rule", "rrule", "policy", "anchor", "lead_workdays", "next")}
    assert there["next"] == "2027-02-04" and there["anchor"] == "2026-11-30"
    assert "两边一致" in synced(pc, radicale).stdout
    # A (made-up) 2027 arrangement that starts the rest on Wednesday 02-03 moves the eve to 02-02.
    (tmp_path / "2027.yaml").write_text(SPRING_2027, encoding="utf-8")
    pc.ok("cal", "load", str(tmp_path / "2027.yaml"))
    synced(pc, radicale)
    assert [d.dt for d in on_server(radicale)[rule["uuid"]]["rdate"].dts] == [date(2027, 2, 2)]
    assert "两边一致" in synced(pc, radicale).stdout
