"""Recurring rules for people (a table, a detail view) and for scripts (docs/contract.md)."""

from datetime import date

from bangongshi.domain.occurrences import CATCH_UP
from bangongshi.domain.rules import POLICIES
from bangongshi.formats.json import fields_object, item_object
from bangongshi.model.rules import Rule
from bangongshi.domain.calendar import WEEKDAYS

RULE_KEYS = ("id", "uuid", "title", "rule", "rrule", "policy", "policy_label", "anchor", "lead_workdays",
             "catch_up", "catch_up_label", "at_time", "due_time", "fields", "paused", "ends", "next", "created",
             "updated")


def rule_object(rule: Rule, upcoming: date | None = None) -> dict:
    return {
        "id": rule.id, "uuid": rule.uuid, "title": rule.title, "rule": rule.rule_text, "rrule": rule.rrule,
        "policy": rule.policy, "policy_label": POLICIES[rule.policy], "anchor": rule.anchor.isoformat(),
        "lead_workdays": rule.lead_workdays, "catch_up": rule.catch_up, "catch_up_label": CATCH_UP[rule.catch_up],
        "at_time": rule.at_time.strftime("%H:%M") if rule.at_time else None,
        "due_time": rule.due_time.strftime("%H:%M") if rule.due_time else None,
        "fields": fields_object(rule.fields), "paused": rule.paused, "ends": rule.ends.isoformat() if rule.ends else None,
        "next": upcoming.isoformat() if upcoming else None,
        "created": rule.created.isoformat(), "updated": rule.updated.isoformat(),
    }


def day_text(day: date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


def state_text(rule: Rule, upcoming: date | None) -> str:
    if rule.paused:
        return "已暂停"
    if upcoming is None:
        return "已结束"
    return "进行中"


def when_text(rule: Rule) -> str:
    parts = [rule.rule_text]
    if rule.at_time:
        parts.append(rule.at_time.strftime("%H:%M"))
    if rule.due_time:
        parts.append(f"{rule.due_time.strftime('%H:%M')} 前")
    return " ".join(parts)


def table(rows: list[tuple[Rule, date | None]]) -> None:
    from rich.text import Text

    from bangongshi.render.table import print_table

    body = [[Text(f"R{rule.id}"), Text(rule.title), Text(when_text(rule)), Text(POLICIES[rule.policy]),
             Text(f"{rule.lead_workdays}个工作日" if rule.lead_workdays else "当天"),
             Text(day_text(upcoming) if upcoming else "—"), Text(state_text(rule, upcoming))]
            for rule, upcoming in rows]
    print_table(["编号", "标题", "周期", "遇休息日", "提前", "下次", "状态"], body, "标题",
                droppable=("遇休息日", "提前", "状态"))


def detail_lines(view, today: date) -> list[str]:
    rule = view.rule
    lines = [
        f"R{rule.id} {rule.title}",
        f"  周期：{when_text(rule)}（{rule.rrule}）",
        f"  遇休息日：{POLICIES[rule.policy]}",
        f"  提前：{rule.lead_workdays} 个工作日出现" if rule.lead_workdays else "  提前：当天出现",
        f"  错过时：{CATCH_UP[rule.catch_up]}",
        f"  从 {rule.anchor.isoformat()} 起" + (f"，到 {rule.ends.isoformat()} 止" if rule.ends else ""),
    ]
    if rule.paused:
        lines.append("  状态：已暂停（bgs recur resume 恢复）")
    if view.next_dates:
        lines.append("接下来：")
        lines += [f"  {day_text(o.date)}" + ("（估计）" if o.estimated else "") for o in view.next_dates]
    if view.made:
        lines.append("已生成的事项：")
        for item in view.made:
            state = "已处理" if not item.is_open else ("逾期" if item.occurrence and item.occurrence < today else "待办")
            edited = "，已手工修改" if item.hand_edited else ""
            lines.append(f"  #{item.id} {item.occurrence.isoformat() if item.occurrence else ''} {state}{edited}")
    return lines


def view_object(view, upcoming: date | None) -> dict:
    return {**rule_object(view.rule, upcoming),
            "occurrences": [{"date": o.date.isoformat(), "estimated": o.estimated} for o in view.next_dates],
            "items": [item_object(i) for i in view.made]}


def rule_made_object(rule: Rule, made: list) -> dict:
    """`bgs recur add/edit --format json`: the rule and the items it made now."""
    return {**rule_object(rule), "made": [item_object(i) for i in made]}
