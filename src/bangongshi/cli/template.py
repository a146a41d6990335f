"""`bgs template`: procedure templates for 办文、办会、办事 (P17)."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import FormatOption, output_format, with_item_fields
from bangongshi.errors import BadInput
from bangongshi.services.fields import FieldInput

template = typer.Typer(help="办事模板：会议、收文办理、发文办理、接待……一条命令排出全部步骤。")

NameArgument = Annotated[str, typer.Argument(help="模板名称，如 会议", metavar="NAME")]


def when_text(step, anchor_date: str, names: dict[str, str]) -> str:
    """Where a step falls, as an office would say it: 会前3个工作日, 时限当天, 收文当天…"""
    from bangongshi.domain.templates import FROM_START

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


@template.command("list")
def list_templates(fmt: FormatOption = "table") -> None:
    """全部模板：随程序提供的，和数据目录 templates/ 里自己写的。"""
    from bangongshi.formats.json import to_json
    from bangongshi.services import templates as service

    fmt = output_format(fmt, ("table", "json"))
    entries = service.available()
    if fmt == "json":
        output.data(to_json([
            {"name": e.name, "origin": e.origin, "path": str(e.path),
             "description": e.template.description if e.template else None,
             "anchor": e.template.anchor_date if e.template else None,
             "steps": len(e.template.steps) if e.template else None, "problem": e.problem or None}
            for e in entries]))
        return
    lines = []
    for entry in entries:
        origin = "自带" if entry.origin == "package" else "自定义"
        if entry.template is None:
            lines.append(f"{entry.name}（{origin}，无法读取）：{entry.problem}")
        else:
            lines.append(f"{entry.name}（{origin}，{len(entry.template.steps)} 步）：{entry.template.description}")
    lines.append(f"自己的模板放在 {service.user_dir()}（同名的会替代自带的）")
    output.text("\n".join(lines))


@template.command("show")
def show(name: NameArgument, fmt: FormatOption = "table") -> None:
    """一个模板的步骤：各在哪天、什么类别、预计用时。"""
    from bangongshi.domain.durations import format_minutes
    from bangongshi.formats.json import to_json
    from bangongshi.services import templates as service

    fmt = output_format(fmt, ("table", "json"))
    found = service.find(name)
    names = {s.id: s.title for s in found.steps}
    if fmt == "json":
        output.data(to_json({
            "name": found.name, "description": found.description, "anchor": found.anchor_date,
            "steps": [{"id": s.id, "title": s.title, "from": s.start_from, "offset": s.offset,
                       "kind": s.fields.kind.code if s.fields.kind else None, "important": s.fields.important,
                       "key": s.fields.key, "estimate_minutes": s.fields.estimate_minutes, "note": s.fields.note}
                      for s in found.steps]}))
        return
    anchor = "约定时间（--at）" if found.anchor_date == "at" else "截止日期（--due）"
    lines = [f"{found.name}：{found.description}", f"从{anchor}算起；步骤日期按工作日计算"]
    for step in found.steps:
        extras = [step.fields.kind.label if step.fields.kind else "", "重要" if step.fields.important else "",
                  "重点" if step.fields.key else "", format_minutes(step.fields.estimate_minutes)]
        extra = "，".join(e for e in extras if e)
        lines.append(f"  {when_text(step, found.anchor_date, names)}  {step.title}" + (f"（{extra}）" if extra else ""))
    output.text("\n".join(lines))


@template.command("apply")
@with_item_fields
def apply(
    ctx: typer.Context,
    name: NameArgument,
    title_option: Annotated[Optional[str], typer.Option("--title", help="这次的名称，如 全市办公室工作会议", metavar="TITLE")] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help="从哪天开始办（默认今天）")] = None,
    fmt: FormatOption = "table",
    *,
    fields: FieldInput,
) -> None:
    """套用模板：记下会议（或来文）本身和它的全部步骤，日期按工作日排好。"""
    from bangongshi.formats.json import item_object, to_json
    from bangongshi.services import templates as service

    fmt = output_format(fmt, ("table", "json"))
    if not fields.title:
        raise BadInput("需要 --title，例如：bgs template apply 会议 --at \"下周三上午9点\" --title \"全市办公室工作会议\"")
    s = session(ctx)
    applied = service.apply(s, name, fields, start)
    output.notices(s.notices)
    if fmt == "json":
        output.data(to_json({"anchor": item_object(applied.anchor),
                             "steps": [item_object(i) for i in applied.steps]}))
        return
    anchor = applied.anchor
    when = anchor.at.strftime("%Y-%m-%d %H:%M") if anchor.at else anchor.due.isoformat()
    lines = [f"已记入 #{anchor.id} {anchor.title}（{when}），步骤 {len(applied.steps)} 个："]
    lines += [f"  #{i.id} {i.due.isoformat()}（周{'一二三四五六日'[i.due.weekday()]}） {i.title}" for i in applied.steps]
    output.text("\n".join(lines))
