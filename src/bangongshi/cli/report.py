"""`bgs report …`, `bgs event`, `bgs slip`: work logs, reports and the year's chronicle."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from bangongshi.cli import daily, output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import ColumnsOption, LabelsOption, RawOption, examples, format_option

app = typer.Typer()
report = typer.Typer(help="工作日志、周报、月报、大事记：表格、md、json、csv、xlsx、html、text（可贴进微信、钉钉）。",
                     epilog=examples(
                         "bgs report day",
                         "bgs report week --format md -o 周报.md",
                         "bgs report month 2026-11 --format xlsx -o 月报.xlsx",
                     ))

REPORT_FORMATS = daily.REPORT_FORMATS
FormatOption = format_option(REPORT_FORMATS)
CHRONICLE_FORMATS = ("table", "md", "json", "text")
OutputOption = Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH", help="写到文件（xlsx、docx 必须）")]
LockedOption = Annotated[bool, typer.Option("--include-locked", help="加密事项显示内容（需要口令），而不是【密】")]
AllOption = Annotated[bool, typer.Option("--all", help=f"屏幕上列出全部已办结和督办事项（默认每类只列前 {daily.REPORT_ROWS} 项，"
                                                     "其余计数；文件总是全部列出）")]


def _show(ctx: typer.Context, kind: str, when: str | None, fmt: str, out: str | None, include_locked: bool,
          raw: bool = False, labels: str | None = None, columns: str | None = None, everything: bool = False) -> None:
    daily.report(state(ctx), kind, when, fmt, out, include_locked, raw, labels, columns, everything)


def _path(s, out: str | None, fmt: str) -> Path | None:
    return output.out_path(s, out, fmt)


def _write(content, path: Path | None, private: bool) -> None:
    output.write_out(content, path, private)


@report.command("day", epilog=examples(
    "bgs report day",
    "bgs report day 昨天 --format text  # 可贴进微信、钉钉",
))
def day(ctx: typer.Context, when: Annotated[Optional[str], typer.Argument(metavar="DATE", help="哪一天（默认今天）")] = None,
        fmt: FormatOption = "table", out: OutputOption = None, include_locked: LockedOption = False,
        raw: RawOption = False, labels: LabelsOption = None, columns: ColumnsOption = None,
        everything: AllOption = False) -> None:
    """工作日志：一天办结了什么（按办文、办会、办事）、结转、新记、督办、差错、28定律用时。"""
    _show(ctx, "day", when, fmt, out, include_locked, raw, labels, columns, everything)


@report.command("week", epilog=examples(
    "bgs report week --format docx -o 周报.docx  # 公文样式",
    "bgs report week 上周五 --format md -o 周报.md",
))
def week(ctx: typer.Context, when: Annotated[Optional[str], typer.Argument(metavar="DATE", help="这一周里的任何一天")] = None,
         fmt: FormatOption = "table", out: OutputOption = None, include_locked: LockedOption = False,
        raw: RawOption = False, labels: LabelsOption = None, columns: ColumnsOption = None,
        everything: AllOption = False) -> None:
    """周报：docx 是公文样式（可直接打印、报送），xlsx 是中文表。"""
    _show(ctx, "week", when, fmt, out, include_locked, raw, labels, columns, everything)


@report.command("month", epilog=examples(
    "bgs report month 2026-11",
    "bgs report month 2026-11 --format xlsx -o 月报.xlsx",
))
def month(ctx: typer.Context, when: Annotated[Optional[str], typer.Argument(metavar="YYYY-MM", help="月份（默认本月）")] = None,
          fmt: FormatOption = "table", out: OutputOption = None, include_locked: LockedOption = False,
        raw: RawOption = False, labels: LabelsOption = None, columns: ColumnsOption = None,
        everything: AllOption = False) -> None:
    """月报：docx 是公文样式，xlsx 是中文表。"""
    _show(ctx, "month", when, fmt, out, include_locked, raw, labels, columns, everything)


@report.command("chronicle", epilog=examples(
    "bgs report chronicle --year 2026",
    "bgs report chronicle --format md -o 大事记.md",
))
def chronicle(ctx: typer.Context,
              year: Annotated[Optional[int], typer.Option("--year", metavar="YEAR", help="年份（默认今年）")] = None,
              fmt: format_option(CHRONICLE_FORMATS) = "table",
              out: OutputOption = None, include_locked: LockedOption = False) -> None:
    """大事记：标为大事（--major）的事项和 bgs event 记下的事，按日期。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import report as views
    from bangongshi.services import report as reports

    s = session(ctx)
    path = _path(s, out, fmt)
    chosen = year or s.now.year
    entries = reports.chronicle(s, chosen, include_locked)
    lines = lambda e: "\n".join(views.chronicle_lines(chosen, e))  # noqa: E731
    text = {"json": lambda e: to_json(views.chronicle_object(chosen, e)), "table": lines, "text": lines,
            "md": lambda e: "\n".join(views.chronicle_markdown(chosen, e))}[fmt](entries)
    _write(text, path, include_locked)


@app.command("event", epilog=examples(
    "bgs event 市委书记来我县调研",
    "bgs event 全县安全生产会议召开 --date 昨天",
))
def event(ctx: typer.Context, title: Annotated[list[str], typer.Argument(metavar="TEXT", help="发生了什么")],
          when: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help="哪天（默认今天）")] = None) -> None:
    """记一件大事（不是待办的事，只记入大事记）。"""
    from bangongshi.services import report as reports

    s = session(ctx)
    made = reports.add_event(s, " ".join(title), when)
    output.say(f"已记入大事记：{made.day.isoformat()} {made.title}")


@app.command("slip", epilog=examples(
    "bgs slip 通知漏发了教育局 --item 12",
))
def slip(ctx: typer.Context, text: Annotated[list[str], typer.Argument(metavar="TEXT", help="出了什么差错")],
         item: Annotated[Optional[str], typer.Option("--item", metavar="ID", help="相关的事项")] = None) -> None:
    """记一次差错，周报、月报里复盘。"""
    from bangongshi.cli.options import parse_ids
    from bangongshi.services import report as reports

    item_id = parse_ids([item])[0] if item else None
    made = reports.add_slip(session(ctx), " ".join(text), item_id)
    output.say(f"已记下差错：{made.text}")

