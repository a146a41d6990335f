"""`bgs remind`: send the reminders that are due (run by the system scheduler), `--dry-run`, `log`,
`test CHANNEL`. docs/reminders.md."""

from typing import Annotated

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import TableJsonFormat, examples
from bangongshi.errors import StorageError
from bangongshi.formats.json import to_json
from bangongshi.render import remind as views

remind = typer.Typer(invoke_without_command=True,
                     help="提醒：把到点的会议、到期事项、督办、早间日程和下班前计划推送到桌面或群机器人。",
                     epilog=examples(
                         "bgs remind install  # 让系统每 5 分钟运行一次",
                         "bgs remind --dry-run  # 现在会发出哪些提醒",
                         "bgs remind log",
                     ))


def _schedule_commands() -> None:
    """`bgs remind install/status/uninstall`: the system scheduler that runs `bgs remind` (cli/remind_schedule.py)."""
    from bangongshi.cli import remind_schedule

    remind_schedule.add_commands(remind)


_schedule_commands()


def _agenda_text(s) -> str:
    """Today's agenda as `bgs agenda --format text` prints it: it pastes well into a chat."""
    from bangongshi.render import agenda as agenda_views
    from bangongshi.services import agenda as agenda_service

    return "\n".join(agenda_views.text_lines(agenda_service.of_day(s, s.now.date()), markdown=False))


@remind.callback()
def send(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出现在会发送的提醒，不发送、不记录")] = False,
    fmt: TableJsonFormat = "table",
) -> None:
    """发送现在到点的提醒（每条提醒每个渠道只发一次）；由系统定时运行，也可随时手动运行。"""
    if ctx.invoked_subcommand is not None:
        return
    from bangongshi.services import remind as service

    s = session(ctx)
    if dry_run:
        output.show(service.plan(s), fmt, {"table": views.planned_lines,
                                           "json": lambda p: to_json(views.planned_object(p))})
        return
    outcome = service.run(s, _agenda_text)
    output.show(outcome, fmt, {"table": views.outcome_lines, "json": lambda o: to_json(views.outcome_object(o))})
    if outcome.failed:
        raise StorageError(f"{len(outcome.failed)} 条提醒没有送达，下次运行时重试（bgs remind log 查看原因）")


@remind.command("log", epilog=examples(
    "bgs remind log",
    "bgs remind log --days 30",
))
def log(ctx: typer.Context,
        days: Annotated[int, typer.Option("--days", help="看最近几天")] = 7,
        fmt: TableJsonFormat = "table") -> None:
    """发送记录：哪条提醒、哪个渠道、何时、结果。"""
    from bangongshi.services import remind as service

    output.show(service.log(session(ctx), days), fmt, {"table": views.log_lines,
                                                       "json": lambda d: to_json(views.log_object(d))})


@remind.command("test", epilog=examples(
    "bgs remind test group  # 渠道名称见设置 remind.channels",
))
def test(ctx: typer.Context, channel: Annotated[str, typer.Argument(metavar="CHANNEL", help="渠道名称（设置 remind.channels）")]) -> None:
    """向一个渠道发一条测试消息。"""
    from bangongshi.services import remind as service

    service.test(session(ctx), channel)
    output.say(f"测试消息已发送到「{channel}」")
