"""`bgs export` and `bgs import`: every field, in formats other programs read."""

import sys
from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session

app = typer.Typer()


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                     help="json、csv、md、ics、xlsx、vdir（每个事项一个 .ics 的目录）")] = "json",
    folder: Annotated[Optional[str], typer.Option("--folder", metavar="FOLDER", help="只导出一个文件夹")] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="日期（新建、截止、开始、处理）不早于")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="日期不晚于")] = None,
    out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH", help="写到文件（vdir：目录）；默认标准输出")] = None,
    excel: Annotated[bool, typer.Option("--excel", help="csv 加 BOM，Excel、WPS 打开中文不乱码")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="不处理以 = + - @ 开头的单元格（给脚本用）")] = False,
) -> None:
    """导出事项：全部字段，列名固定（见 docs/contract.md）。"""
    from bangongshi.services.exchange import ExportInput, export as run_export

    s = session(ctx)
    given = ExportInput(fmt=fmt.strip().lower(), folder=folder, since=since, until=until, output=out,
                        excel=excel, raw=raw)
    data, count = run_export(s, given)
    output.notices(s.notices)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.say(f"已导出 {count} 个事项到 {out}")
