"""The leader's week and the duty roster for people (terminal tables) and for scripts (JSON objects,
CSV rows; keys pinned in docs/contract.md and tests/test_contract.py). The printable files are written
from the same objects (formats/leaders.py)."""

from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.domain.leaders import month_day
from bangongshi.formats import leaders as printable
from bangongshi.formats.leaders import away_object, log_object, roster_object  # noqa: F401 - the views' objects
from bangongshi.formats.visible import visible


def _line(text: str) -> None:
    """A line for people, control characters shown (the table beside it prints through Rich)."""
    import sys

    sys.stdout.write(visible(text) + "\n")

WEEK_CSV_KEYS = ("date", "weekday", "period", "time", "end", "leader", "title", "where", "escorts", "id", "locked",
                 "clashes")
DUTY_CSV_KEYS = ("date", "weekday", "shift", "shift_label", "hours", "person", "phone", "leader", "leader_phone",
                 "holiday", "note", "roster")


def _iso(value):
    return value.isoformat() if value is not None else None


def _mark(info) -> str:
    if info.workday:
        return "调休上班" if info.reason == "调休上班" else ""
    return info.holiday or "休息日"


def week_object(week) -> dict:
    """`bgs leader week --format json` (services.leaders.Week)."""
    return {
        "title": week.title, "subtitle": _subtitle(week), "start": _iso(week.start), "end": _iso(week.end),
        "estimated": week.estimated,
        "leaders": [{"name": p.name, "title": p.title, "precedence": p.precedence, "registered": p.id != 0}
                    for p in week.leaders],
        "days": [{"date": _iso(i.date), "weekday": i.weekday_name, "workday": i.workday, "reason": i.reason,
                  "mark": _mark(i), "estimated": i.estimated} for i in week.days],
        "activities": [activity_object(a) for a in week.activities],
        "away": [away_object(a) for a in week.aways],
        "clashes": [{"kind": c.kind, "item": c.item_id, "leader": c.leader, "text": c.text} for c in week.clashes],
    }


def _subtitle(week) -> str:
    return f"{week.start.year}年第{week.start.isocalendar()[1]}周"


def activity_object(found) -> dict:
    item, activity = found.item, found.activity
    return {"id": item.id, "date": _iso(activity.start.date()), "time": f"{activity.start:%H:%M}",
            "end": f"{activity.end:%H:%M}" if activity.minutes else None, "period": found.period,
            "title": item.title, "where": item.location or "", "leaders": list(activity.leaders),
            "escorts": list(activity.escorts), "locked": item.locked, "done": not item.is_open,
            "clashes": [c.text for c in found.clashes]}


def week_csv_rows(obj: dict) -> list[dict]:
    weekday = {d["date"]: d["weekday"] for d in obj["days"]}
    return [{"date": a["date"], "weekday": weekday.get(a["date"], ""), "period": a["period"], "time": a["time"],
             "end": a["end"] or "", "leader": leader, "title": a["title"], "where": a["where"],
             "escorts": "、".join(a["escorts"]), "id": a["id"], "locked": a["locked"],
             "clashes": "；".join(a["clashes"])} for a in obj["activities"] for leader in a["leaders"]]


def week_lines(week) -> None:
    """The terminal's table: one row per leader's activity, then the clashes."""
    from bangongshi.render.table import print_table

    obj = week_object(week)
    _line(obj["title"])
    marks = [f"{d['date'][5:]} {d['weekday']} {d['mark']}" for d in obj["days"] if d["mark"]]
    if marks:
        _line("  " + "；".join(marks))
    rows = []
    order = {p["name"]: n for n, p in enumerate(obj["leaders"])}
    weekday = {d["date"]: d["weekday"] for d in obj["days"]}
    for a in sorted(obj["away"], key=lambda a: (a["start"], order.get(a["leader"], 999))):
        rows.append((a["start"], -1, order.get(a["leader"], 999),
                     [f"{a['start'][5:]}—{a['end'][5:]}", "", a["leader"], "", a["reason"] or "不在", "", "",
                      f"外出编号 {a['id']}"]))
    for a in obj["activities"]:
        for leader in a["leaders"]:
            rows.append((a["date"], a["time"], order.get(leader, 999),
                         [f"{a['date'][5:]} {weekday.get(a['date'], '')}", a["period"], leader,
                          a["time"] + (f"—{a['end']}" if a["end"] else ""), a["title"], a["where"],
                          "、".join(a["escorts"]),
                          ("⚠ " + "；".join(a["clashes"])) if a["clashes"] else f"#{a['id']}"]))
    if not rows:
        _line("本周没有领导活动（bgs add 标题 --at 时间 --for 领导 记入）")
        return
    rows.sort(key=lambda r: (r[0], str(r[1]), r[2]))
    print_table(["日期", "时段", "领导", "时间", "活动", "地点", "陪同", "备注"], [r[3] for r in rows], "活动",
                right=(), droppable=("陪同", "地点"))
    for clash in {c["text"]: c for c in obj["clashes"]}.values():
        _line(f"⚠ {clash['text']}")


def week_markdown(week) -> str:
    return printable.markdown(printable.week_grid(week_object(week)))


def week_html(week) -> str:
    return printable.html_page(printable.week_grid(week_object(week)))


# --- the roster ------------------------------------------------------------------------------------

def duty_object(shown) -> dict:
    """`bgs duty show --format json` (services.duty.Shown)."""
    settings = shown.settings
    rosters = {r.id: r for r in shown.rosters}
    shifts = []
    for s in shown.shifts:
        shifts.append({"id": s.id, "roster": s.roster_id, "date": _iso(s.day), "weekday": f"周{WEEKDAYS[s.day.weekday()]}",
                       "shift": s.shift.code, "shift_label": s.shift.label, "hours": settings.hours(s.shift),
                       "person": s.person, "phone": shown.phones.get(s.person, ""), "leader": s.leader,
                       "leader_phone": shown.phones.get(s.leader, ""), "holiday": shown.holidays.get(s.day, ""),
                       "note": s.note, "estimated": rosters[s.roster_id].estimated if s.roster_id in rosters else False})
    kinds = {s.shift for s in shown.shifts}
    hours = "；".join(f"{k.label} {settings.hours(k)}" for k in sorted(kinds, key=lambda k: k.code != "full"))
    return {"title": shown.title, "subtitle": _duty_subtitle(shown), "hours": hours,
            "rosters": [roster_object(r) for r in shown.rosters], "shifts": shifts,
            "logs": [log_object(entry) for entry in shown.logs]}


def _duty_subtitle(shown) -> str:
    if not shown.shifts:
        return ""
    first, last = shown.shifts[0].day, shown.shifts[-1].day
    return f"（{first.year}年{first.month}月{first.day}日至{last.month}月{last.day}日）"


def duty_csv_rows(obj: dict) -> list[dict]:
    return [{key: shift[key] for key in DUTY_CSV_KEYS} for shift in obj["shifts"]]


def duty_lines(shown) -> None:
    from bangongshi.render.table import print_table

    obj = duty_object(shown)
    grid = printable.duty_grid(obj)
    _line(obj["title"] + obj["subtitle"])
    if not grid.rows:
        _line("这段时间没有排值班")
        return
    print_table(grid.header, [[cell.replace("\n", " ") for cell in row] for row in grid.rows], "值班人员",
                right=(), droppable=("备注", "联系电话"))
    for note in grid.notes:
        _line(note)
    if obj["logs"]:
        _line("交接记录：")
        for entry in obj["logs"]:
            _line(f"  {entry['at'][5:16].replace('T', ' ')} {entry['person'] or ''} {entry['text']}")


def duty_markdown(shown) -> str:
    return printable.markdown(printable.duty_grid(duty_object(shown)))


def planned_object(planned, shown) -> dict:
    """`bgs duty plan --format json`: the roster as `duty show` gives it, each one's count, and who was
    on duty last before it (where the rotation continued from)."""
    return {**duty_object(shown), "counts": planned.counts, "continued_from": planned.continued_from}


def planned_lines(planned) -> list[str]:
    r = planned.roster
    lines = [f"已排 {r.label} 值班（{month_day(r.start)}至{month_day(r.end)}，{len({s.day for s in planned.shifts})} 天，"
             f"{r.shifts.label}）" + ("，放假安排为估计" if r.estimated else "")]
    if planned.continued_from:
        lines.append(f"  接着上一张值班表：上次最后值班的是 {planned.continued_from}")
    lines.append("  各人班数：" + "、".join(f"{name} {count}" for name, count in planned.counts.items()))
    lines.append("  查看：bgs duty show；打印：bgs duty show --format xlsx -o 值班表.xlsx")
    return lines
