"""`bgs template`: procedure templates for 办文、办会、办事 (P17)."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import TableJsonFormat, examples, with_item_fields
from bangongshi.errors import BadInput
from bangongshi.services.fields import FieldInput

template = typer.Typer(help="办事模板：会议、收文办理、发文办理、接待……一条命令排出全部步骤。",
                       epilog=examples(
                           "bgs template list",
                           "bgs template show 会议",
                           "bgs template apply 会议 --at 下周三上午9点 --title 全市办公室工作会议",
                       ))

NameArgument = Annotated[str, typer.Argument(help="模板名称，如 会议", metavar="NAME")]


@template.command("list", epilog=examples(
    "bgs template list",
))
def list_templates(fmt: TableJsonFormat = "table") -> None:
    """全部模板：随程序提供的，和数据目录 templates/ 里自己写的。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import template as views
    from bangongshi.services import template as service

    output.show(service.available(), fmt, {"json": lambda e: to_json(views.entry_objects(e)),
                                           "table": lambda e: views.entry_lines(e, service.user_dir())})


@template.command("show", epilog=examples(
    "bgs template show 会议",
))
def show(name: NameArgument, fmt: TableJsonFormat = "table") -> None:
    """一个模板的步骤：各在哪天、什么类别、预计用时。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import template as views
    from bangongshi.services import template as service

    output.show(service.find(name), fmt, {"json": lambda t: to_json(views.template_object(t)),
                                          "table": views.template_lines})


@template.command("apply", epilog=examples(
    "bgs template apply 会议 --at 下周三上午9点 --title 全市办公室工作会议",
    "bgs template apply 收文办理 --title 关于做好冬季安全生产的通知 --due 5个工作日后",
))
@with_item_fields
def apply(
    ctx: typer.Context,
    name: NameArgument,
    title_option: Annotated[Optional[str], typer.Option("--title", help="这次的名称，如 全市办公室工作会议", metavar="TITLE")] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help="从哪天开始办（默认今天）")] = None,
    fmt: TableJsonFormat = "table",
    *,
    fields: FieldInput,
) -> None:
    """套用模板：记下会议（或来文）本身和它的全部步骤，日期按工作日排好。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import template as views
    from bangongshi.services import template as service

    if not fields.title:
        raise BadInput("需要 --title，例如：bgs template apply 会议 --at \"下周三上午9点\" --title \"全市办公室工作会议\"")
    s = session(ctx)
    applied = service.apply(s, name, fields, start)
    output.notices(s.notices)
    output.show(applied, fmt, {"json": lambda a: to_json(views.applied_object(a)), "table": views.applied_lines})
