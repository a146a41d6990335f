"""The Typer application: global options and the command groups."""

from typing import Annotated, Optional

import typer

from bangongshi import __version__
from bangongshi.cli import agenda, calendar, history, items, output, plan
from bangongshi.cli.context import session
from bangongshi.services import items as item_service

app = typer.Typer(
    name="bgs",
    help="办公室助手：待办、临时、已处理三个文件夹，按轻重缓急安排每天的工作。",
    add_completion=False,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.registered_commands += (
    agenda.app.registered_commands + items.app.registered_commands + history.app.registered_commands
    + calendar.app.registered_commands
)
app.add_typer(calendar.cal, name="cal")
app.add_typer(agenda.config, name="config")
app.add_typer(plan.plan, name="plan")

FIRST_STEPS = (
    "还没有事项。可以这样开始：\n"
    "  bgs add \"起草年终总结\" --due 2026-12-20 --important --key\n"
    "  bgs add -t \"联系会场\" --from 王主任\n"
    "  bgs --help 查看全部命令"
)


def _version(value: bool) -> None:
    if value:
        output.data(f"bangongshi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", metavar="PATH", help="数据文件路径（默认在用户数据目录；也可设 BANGONGSHI_HOME）")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="日期要用到尚未载入的年份时拒绝，而不是按法定节日估计")
    ] = False,
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = None,
) -> None:
    """不带命令运行：今天的日程（同 bgs agenda）。"""
    ctx.obj["db"] = db
    ctx.obj["strict"] = strict
    if ctx.invoked_subcommand is not None:
        return
    s = session(ctx)
    if item_service.is_empty(s):
        output.say(FIRST_STEPS)
        return
    agenda.show_agenda(ctx, None, "table")
