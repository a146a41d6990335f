"""Procedure templates (`bgs template`): JSON objects and lines."""

from bangongshi.formats.json import item_object
from bangongshi.domain.calendar import WEEKDAYS


def when_text(step, anchor_date: str, names: dict[str, str]) -> str:
    """Where a step falls, as an office would say it: 会前3个工作日, 时限当天, 收文当天…"""
    from bangongshi.domain.template import FROM_START

    if step.start_from == FROM_START:
        base = "套用当天"
    elif step.start_from:
        base = f"「{names.get(step.start_from, step.start_from)}」"
    else:
        base = "会议/活动" if anchor_date == "at" else "时限"
    if step.offset == 0:
        return base if step.start_from == FROM_START else f"{base}同一天" if step.start_from else f"{base}当天"
    direction = "前" if step.offset < 0 else "后"
    return f"{base}{direction}{abs(step.offset)}个工作日"


def entry_objects(entries) -> list[dict]:
    return [{"name": e.name, "origin": e.origin, "path": str(e.path),
             "description": e.template.description if e.template else None,
             "anchor": e.template.anchor_date if e.template else None,
             "steps": len(e.template.steps) if e.template else None, "problem": e.problem or None}
            for e in entries]


def entry_lines(entries, user_dir) -> list[str]:
    lines = []
    for entry in entries:
        origin = "自带" if entry.origin == "package" else "自定义"
        if entry.template is None:
            lines.append(f"{entry.name}（{origin}，无法读取）：{entry.problem}")
        else:
            lines.append(f"{entry.name}（{origin}，{len(entry.template.steps)} 步）：{entry.template.description}")
    lines.append(f"自己的模板放在 {user_dir}（同名的会替代自带的）")
    return lines


def template_object(found) -> dict:
    return {"name": found.name, "description": found.description, "anchor": found.anchor_date,
            "steps": [{"id": s.id, "title": s.title, "from": s.start_from, "offset": s.offset,
                       "kind": s.fields.kind.code if s.fields.kind else None, "important": s.fields.important,
                       "key": s.fields.key, "estimate_minutes": s.fields.estimate_minutes, "note": s.fields.note}
                      for s in found.steps]}


def template_lines(found) -> list[str]:
    from bangongshi.domain.durations import format_minutes

    names = {s.id: s.title for s in found.steps}
    anchor = "约定时间（--at）" if found.anchor_date == "at" else "截止日期（--due）"
    lines = [f"{found.name}：{found.description}", f"从{anchor}算起；步骤日期按工作日计算"]
    for step in found.steps:
        extras = [step.fields.kind.label if step.fields.kind else "", "重要" if step.fields.important else "",
                  "重点" if step.fields.key else "", format_minutes(step.fields.estimate_minutes)]
        extra = "，".join(e for e in extras if e)
        lines.append(f"  {when_text(step, found.anchor_date, names)}  {step.title}" + (f"（{extra}）" if extra else ""))
    return lines


def applied_object(applied) -> dict:
    return {"anchor": item_object(applied.anchor), "steps": [item_object(i) for i in applied.steps]}


def applied_lines(applied) -> list[str]:
    anchor = applied.anchor
    when = anchor.at.strftime("%Y-%m-%d %H:%M") if anchor.at else anchor.due.isoformat()
    lines = [f"已记入 #{anchor.id} {anchor.title}（{when}），步骤 {len(applied.steps)} 个："]
    lines += [f"  #{i.id} {i.due.isoformat()}（周{WEEKDAYS[i.due.weekday()]}） {i.title}" for i in applied.steps]
    return lines
