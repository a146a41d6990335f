"""`bgs sync`: two-way sync with a CalDAV collection; `setup`, `--dry-run`, `status`, `conflicts`.
docs/sync.md."""

import sys
from typing import Annotated

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import TableJsonFormat, examples
from bangongshi.formats.json import to_json
from bangongshi.render import sync as views

sync = typer.Typer(invoke_without_command=True,
                   help="与 CalDAV 日历（Radicale、Nextcloud、手机提醒事项……）双向同步事项。",
                   epilog=examples(
                       "bgs sync setup https://dav.example.cn/ --user mishu",
                       "bgs sync",
                       "bgs sync --dry-run  # 只说明会有什么变化",
                   ))


@sync.callback()
def run(ctx: typer.Context,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="只说明两边会有什么变化，不改动")] = False,
        fmt: TableJsonFormat = "table") -> None:
    """上传本机的修改，取回其他客户端的修改。"""
    if ctx.invoked_subcommand is not None:
        return
    from bangongshi.services import sync as service

    s = session(ctx)
    state(ctx).synced = True  # no auto sync after this one (cli/autosync.py)
    report = service.sync(s, dry_run=dry_run)
    output.notices(s.notices)
    output.show(report, fmt, {"table": views.report_lines, "json": lambda r: to_json(views.report_object(r))})


@sync.command("setup", epilog=examples(
    "bgs sync setup https://dav.example.cn/ --user mishu",
))
def setup(ctx: typer.Context,
          url: Annotated[str, typer.Argument(metavar="URL", help="CalDAV 服务器或日历集合的地址")],
          user: Annotated[str, typer.Option("--user", help="用户名")]) -> None:
    """设置同步：找到（或新建）日历集合，密码保存在系统钥匙串。"""
    from bangongshi.services import sync_client

    def ask() -> str:
        return typer.prompt("CalDAV 密码", hide_input=True, prompt_suffix="：")

    result = sync_client.setup(session(ctx), url, user, ask if sys.stdin.isatty() else None)
    kept = "系统钥匙串" if result.password_kept == "keyring" else f"环境变量 {sync_client.PASSWORD_ENV}（每次运行都要设置）"
    output.say(f"已设置同步：{result.collection}（用户 {result.user}），密码来自{kept}；运行 bgs sync 开始同步")


@sync.command("status", epilog=examples(
    "bgs sync status",
))
def status(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """上次同步的时间和待同步的修改。"""
    from bangongshi.services import sync_status

    output.show(sync_status.status(session(ctx)), fmt,
                {"table": views.status_lines, "json": lambda r: to_json(views.status_object(r))})


@sync.command("conflicts", epilog=examples(
    "bgs sync conflicts",
))
def conflicts(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """两边都改过的字段：保留了哪一边，另一边的值是什么。"""
    from bangongshi.services import sync_status

    output.show(sync_status.conflicts(session(ctx)), fmt,
                {"table": views.conflict_lines, "json": lambda r: to_json(views.conflict_object(r))})
