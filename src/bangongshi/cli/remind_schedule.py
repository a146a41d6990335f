"""`bgs remind install`, `status`, `uninstall`: added to the `bgs remind` group by add_commands."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import TableJsonFormat, choice_option, examples
from bangongshi.cli.params import Choice


def _kind(value: str) -> str:
    from bangongshi.services.schedule import scheduler_kind

    return scheduler_kind(value)


KINDS = Choice("定时方式", {"auto": "按系统选", "systemd": "", "launchd": "", "windows": "计划任务", "cron": ""}, _kind)
KindOption = Annotated[str, choice_option("--kind", choice=KINDS, metavar="KIND")]
DirOption = Annotated[Optional[str], typer.Option("--dir", metavar="DIR", help="只在这个目录里写入/查找/删除文件，不启用")]


def install(ctx: typer.Context, kind: KindOption = "auto",
            show: Annotated[bool, typer.Option("--print", help="只显示要写入的文件（含路径），什么都不写")] = False,
            directory: DirOption = None) -> None:
    """安装定时运行：systemd 用户定时器（Linux）、launchd（macOS）、计划任务（Windows），每 5 分钟运行 bgs remind；都不可用时给出 crontab 行。"""
    from bangongshi.render import schedule as views
    from bangongshi.services import schedule
    from bangongshi.services.opening import locate_store

    run = state(ctx)
    _, now = locate_store(run.db)
    planned = schedule.install(kind, run.db, now, show_only=show, directory=directory)
    if show:
        output.show(planned, "text", {"text": views.printed_files})
    else:
        output.show(planned, "text", {"text": views.installed_lines})


def status(ctx: typer.Context, directory: DirOption = None,
           fmt: TableJsonFormat = "table") -> None:
    """是否已安装定时运行（哪一种、在哪里），bgs remind 上次运行的时间。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import schedule as views
    from bangongshi.services import schedule

    output.show(schedule.status(session(ctx), directory), fmt,
                {"table": views.status_lines, "json": lambda s: to_json(views.status_object(s))})


def uninstall(directory: DirOption = None) -> None:
    """停用并删除 bgs remind install 写的文件（只删除自己写的）。"""
    from bangongshi.render import schedule as views
    from bangongshi.services import schedule

    output.show(schedule.uninstall(directory), "text", {"text": views.removed_lines})


def add_commands(group: typer.Typer) -> None:
    group.command("install", epilog=examples(
        "bgs remind install",
        "bgs remind install --print  # 只看会写哪些文件",
    ))(install)
    group.command("status", epilog=examples(
        "bgs remind status",
    ))(status)
    group.command("uninstall", epilog=examples(
        "bgs remind uninstall",
    ))(uninstall)
