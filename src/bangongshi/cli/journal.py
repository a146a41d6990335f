"""undo, redo and log."""

from typing import Annotated

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import FormatOption, RawOption, TableJsonFormat, examples, raw_format
from bangongshi.formats.csv import to_csv
from bangongshi.formats.json import RUN_KEYS, run_object, to_json
from bangongshi.render.text import reverted_lines, reverted_object
from bangongshi.services import journal as service
from bangongshi.services.journal import Reverted

app = typer.Typer()


@app.command("undo", epilog=examples(
    "bgs undo",
    "bgs undo --format json",
))
def undo(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """撤销上一条命令所做的全部修改；可以连续撤销。"""
    _report(service.undo(session(ctx)), fmt, "已撤销")


@app.command("redo", epilog=examples(
    "bgs redo",
))
def redo(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """重做刚刚撤销的命令。"""
    _report(service.redo(session(ctx)), fmt, "已重做")


def _report(reverted: Reverted, fmt: str, verb: str) -> None:
    if fmt == "json":
        output.data(to_json(reverted_object(reverted)))
        return
    for line in reverted_lines(reverted, verb):
        output.say(line)


@app.command("log", epilog=examples(
    "bgs log -n 5",
    "bgs log --format csv",
))
def log(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="显示最近几条")] = 20,
    fmt: FormatOption = "table",
    raw: RawOption = False,
) -> None:
    """修改历史：每条改动过数据的命令。"""
    raw_format(raw, fmt)
    runs = service.log(session(ctx), limit)
    if fmt == "table" and not runs:
        output.say("还没有修改记录")
        return

    def runs_table(shown) -> None:
        from bangongshi.render import table

        table.runs_table(shown)

    output.show(runs, fmt, {"table": runs_table, "json": lambda r: to_json([run_object(x) for x in r]),
                            "csv": lambda r: to_csv([run_object(x) for x in r], RUN_KEYS, raw=raw)})
