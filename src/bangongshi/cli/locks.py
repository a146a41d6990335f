"""Locking items: bgs lock, bgs unlock."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli import passphrase
from bangongshi.cli.context import session, state
from bangongshi.cli.options import examples, parse_ids
from bangongshi.errors import BadInput
from bangongshi.services import locks as service

app = typer.Typer()

LockIds = Annotated[Optional[list[str]], typer.Argument(help="事项编号，可以几个：12 13 或 12,13", metavar="ID...")]


@app.command("lock", epilog=examples(
    "bgs lock 12",
    "bgs lock --change-passphrase  # 更换口令",
))
def lock(
    ctx: typer.Context,
    ids: LockIds = None,
    change_passphrase: Annotated[
        bool, typer.Option("--change-passphrase", help="更换口令：全部加密内容用新口令重新加密")] = False,
) -> None:
    """加密事项：标题、备注、结果、地点、交办人、承办人和全部历史加密保存，列表中显示为【密】；第一次加密时设置口令。"""
    s = session(ctx)
    if change_passphrase:
        if ids:
            raise BadInput("--change-passphrase 不带事项编号")
        count = service.change_passphrase(s, lambda: passphrase.replacement(state(ctx)))
        output.notices(s.notices)
        output.say(f"口令已更换：{count} 个加密事项及其历史已用新口令重新加密")
        return
    if not ids:
        raise BadInput("要加密哪件事？例如：bgs lock 12")
    done = service.lock(s, parse_ids(ids))
    for item in done.unchanged:
        output.say(f"#{item.id} 已经加密，未改动")
    for item in done.changed:
        output.say(f"已加密 #{item.id}：列表和报表中显示为「{item.title}」")
    for step in done.steps:
        output.say(f"  步骤 #{step.id} 一并加密（标题中有事项名称）")
    output.notices(s.notices)
    if done.changed or done.steps:
        output.say("此前做的备份里仍有明文：bgs doctor 会列出，确认不再需要后删除")


@app.command("unlock", epilog=examples(
    "bgs unlock 12",
))
def unlock(ctx: typer.Context, ids: Annotated[list[str], typer.Argument(help="事项编号", metavar="ID...")]) -> None:
    """解除加密：事项恢复为明文（需要口令）。加密期间的历史仍保持加密。"""
    s = session(ctx)
    done = service.unlock(s, parse_ids(ids))
    for item in done.unchanged:
        output.say(f"#{item.id} 没有加密，未改动")
    for item in done.changed:
        output.say(f"已解除加密 #{item.id}")
