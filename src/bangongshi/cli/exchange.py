"""`bgs export` and `bgs import`: every field, in formats other programs read."""

import sys
from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import FOLDERS, ColumnsOption, LabelsOption, choice_option, examples
from bangongshi.cli.params import Choice

app = typer.Typer()


def _export_format(value: str) -> str:
    from bangongshi.services.exchange import export_format

    return export_format(value)


def _import_format(value: str) -> str:
    from bangongshi.services.imports import import_format

    return import_format(value)


EXPORT_FORMATS = Choice("导出格式", {"json": "", "csv": "", "md": "", "ics": "", "xlsx": "", "vdir": "每个事项一个 .ics 的目录"},
                        _export_format)
IMPORT_FORMATS = Choice("导入格式", {"yaml": "", "json": "", "csv": "", "xlsx": "", "taskwarrior": "Taskwarrior 导出的 JSON",
                                    "ics": ""},
                        _import_format, note="默认按文件判断")


@app.command("export", epilog=examples(
    "bgs export --format xlsx -o 事项.xlsx  # 中文表头，可直接打印",
    "bgs export --format csv --excel --columns 编号,标题,截止,交办人 -o 事项.csv",
    "bgs export --format csv --labels code -o 事项.csv  # 全部字段，给脚本用",
))
def export(
    ctx: typer.Context,
    fmt: Annotated[str, choice_option("--format", "-f", choice=EXPORT_FORMATS, metavar="FORMAT")] = "json",
    folder: Annotated[Optional[str], choice_option("--folder", choice=FOLDERS, metavar="FOLDER",
                                                   help=f"只导出一个{FOLDERS.help}")] = None,
    since: Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="日期（新建、截止、开始、处理）不早于")] = None,
    until: Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="日期不晚于")] = None,
    out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH", help="写到文件（vdir：目录）；默认标准输出")] = None,
    excel: Annotated[bool, typer.Option("--excel", help="csv 加 BOM，Excel、WPS 打开中文不乱码")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="不处理以 = + - @ 开头的单元格（给脚本用）")] = False,
    include_locked: Annotated[bool, typer.Option("--include-locked", help="加密事项也导出（明文，需要口令）")] = False,
    registers: Annotated[bool, typer.Option("--registers", help="连同收发文登记簿、编号、来电来访和名录一起导出（只用于 json，输出为一个对象）")] = False,
    labels: LabelsOption = None,
    columns: ColumnsOption = None,
) -> None:
    """导出事项：xlsx 和 csv --excel 默认是给人看的表（中文表头和取值，可直接打印），其余是全部字段、英文列名
    （见 docs/contract.md）。加密事项不导出，除非 --include-locked。"""
    from bangongshi.services.exchange import ExportInput, export as run_export

    s = session(ctx)
    given = ExportInput(fmt=fmt, folder=folder, since=since, until=until, output=out,
                        excel=excel, raw=raw, include_locked=include_locked, registers=registers,
                        labels=labels, columns=columns)
    done = run_export(s, given)
    output.notices(s.notices)
    if done.write is not None:
        sys.stdout.flush()
        done.write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        private = f"（含 {done.locked} 个加密事项的明文，文件权限 600：只有本人可读）" if done.locked else ""
        output.say(f"已导出 {done.count} 个事项到 {done.path}{private}")


@app.command("import", epilog=examples(
    "bgs import 台账.xlsx --dry-run  # 先检查，看会存成什么",
    "bgs import 工作安排.csv --map 工作任务=标题 --map 备用=",
    "bgs import examples/week.yaml",
))
def import_items(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="要导入的文件", metavar="FILE")],
    fmt: Annotated[Optional[str], choice_option("--format", "-f", choice=IMPORT_FORMATS, metavar="FORMAT")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查并说明会导入什么，不写入")] = False,
    mapping: Annotated[Optional[list[str]], typer.Option(
        "--map", metavar="列名=字段", help="表格里这一列是哪个字段，如 工作任务=标题；字段留空则不导入这一列（可重复）")] = None,
) -> None:
    """导入事项：先全部检查，再一次写入；按 uuid（表格里的识别码）对应，重复导入同一个文件不会重复。
    xlsx 和中文表头的 csv 按 docs/sheets.md 的列名读，日期可以写成 12月1日、2026.12.1。"""
    from bangongshi.services.imports import run

    s = session(ctx)
    result = run(s, file, fmt, dry_run, mapping)
    output.notices(s.notices)
    verb = "将" if dry_run else "已"
    lines = [f"{verb}导入 {result.imported} 个新事项，{verb}更新 {result.updated} 个，"
             f"{result.unchanged} 个没有变化（{result.fmt}）"]
    if result.rules:
        lines.append(f"  周期事项 {len(result.rules)} 个：" + "、".join(r.title for r in result.rules))
    lines += [f"  未导入：{label} {count} 个" for label, count in result.skipped.items()]
    if dry_run and result.preview:
        from bangongshi.render.echo import preview_lines

        lines += preview_lines(result.preview, result.imported + result.updated)
    if dry_run:
        lines.append("（--dry-run：什么都没有写入）")
    output.say("\n".join(lines))
