"""`bgs agenda`, `bgs why` and `bgs config`."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import daily, output, today
from bangongshi.cli.today import AGENDA_FORMATS, settings
from bangongshi.cli.context import session, state
from bangongshi.cli.options import TableJsonFormat, examples, format_option, parse_ids
from bangongshi.errors import BadInput

app = typer.Typer()


@app.command("agenda", epilog=examples(
    "bgs agenda  # 今天（同 bgs）",
    "bgs agenda 明天 --blocks  # 按时间块排好",
    "bgs agenda --format text  # 可直接贴进微信、钉钉",
))
def agenda(
    ctx: typer.Context,
    day: Annotated[Optional[str], typer.Argument(help="哪一天（默认今天），如 明天、下周一、2026-12-01", metavar="DATE")] = None,
    matrix_view: Annotated[bool, typer.Option("--matrix", help="四象限")] = False,
    blocks: Annotated[bool, typer.Option("--blocks", help="按时间块排好一天")] = False,
    everything: Annotated[bool, typer.Option("--all", help="每栏列出全部事项，不按时间预算和行数截断")] = False,
    fmt: format_option(AGENDA_FORMATS) = "table",
) -> None:
    """今天做什么、按什么顺序、在哪些时间做（28定律）。"""
    if matrix_view and blocks:
        raise BadInput("--matrix 和 --blocks 只能选一个")
    if everything and (matrix_view or blocks):
        raise BadInput("--all 不能和 --matrix、--blocks 同用")
    today.show_agenda(state(ctx), day, fmt, matrix_view, blocks, everything)


@app.command("why", epilog=examples(
    "bgs why 12  # 每条规则的得分和所在时间块",
))
def why(ctx: typer.Context, item: Annotated[str, typer.Argument(metavar="ID")], fmt: TableJsonFormat = "table") -> None:
    """一件事为什么排在这里：每条规则的得分。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import agenda as views
    from bangongshi.services import agenda as service

    [item_id] = parse_ids([item]) if "," not in item else (None,)
    if item_id is None:
        raise BadInput("bgs why 一次只看一个事项")
    from bangongshi.services.plan import load_plan

    s = session(ctx)
    today = s.now.date()
    plan = load_plan(s, today)
    listed = frozenset(i.id for i in plan.items) if plan else frozenset()
    ranked, place, total = service.why(s, item_id, s.settings, today, listed)
    from bangongshi.services.blocks import placement

    # The day's blocks are one more agenda build: cheap next to ranking every open item above.
    placed = placement(s, item_id, s.settings, today)
    output.show((item_id, ranked, place, total), fmt, {
        "json": lambda w: to_json(views.why_with_blocks_object(w, placed)),
        "table": lambda w: views.why_lines(*w) + views.placement_lines(placed)})


config = typer.Typer(help="设置：作息时间、28定律比例、排序权重、文件夹颜色。",
                     epilog=examples(
                         "bgs config show",
                         "bgs config set key_share 0.7",
                         "bgs config edit",
                     ))


@config.command("path", epilog=examples(
    "bgs config path",
))
def config_path() -> None:
    """设置文件的位置。"""
    from bangongshi.config import config_path as path_of, ensure_file

    path = path_of()
    ensure_file(path)
    output.data(str(path))


@config.command("show", epilog=examples(
    "bgs config show",
    "bgs config show --format json",
))
def config_show(fmt: TableJsonFormat = "table") -> None:
    """当前生效的设置（文件里没写的用默认值）。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render.agenda import settings_object


    def as_yaml(data: dict) -> str:
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    # The table view is the YAML a person would write in config.yaml: data, written as it is.
    output.show(settings_object(settings()), fmt, {"json": to_json, "table": as_yaml}, as_data=("json", "table"))


@config.command("set", epilog=examples(
    "bgs config set key_share 0.7  # 重点工作占空闲时间的比例",
    "bgs config set rules.deadline 40  # 排序权重",
))
def config_set(ctx: typer.Context, key: Annotated[str, typer.Argument(metavar="KEY")],
               value: Annotated[str, typer.Argument(metavar="VALUE")]) -> None:
    """修改一项，如 bgs config set rules.deadline 40、bgs config set key_share 0.7。"""
    from bangongshi.services import config as service

    state(ctx).config_optional = True  # a broken setting is what config set may be fixing
    service.set_value(session(ctx), key.strip(), value)
    output.say(f"已设置 {key} = {value}（bgs undo 可以撤销）")


@config.command("edit", epilog=examples(
    "bgs config edit",
))
def config_edit(ctx: typer.Context) -> None:
    """用编辑器修改设置文件；保存时检查，出错不保存。"""
    from bangongshi.cli.editor import edit_text
    from bangongshi.config import config_path as path_of, ensure_file, read_text
    from bangongshi.services import config as service

    path = path_of()
    ensure_file(path)
    original = read_text(path)
    edited = edit_text(original.rstrip("\n"))
    if edited is None:
        output.say("设置未改动")
        return
    state(ctx).config_optional = True
    service.save_text(session(ctx), edited + "\n")  # checked first: on a problem the file stays as it was
    output.say(f"已保存 {path}（bgs undo 可以撤销）")


def _overview(ctx: typer.Context, first, last, fmt: str, title: str, out: str | None = None) -> None:
    daily.overview(state(ctx), first, last, fmt, title, out)


WEEK_FORMATS = daily.WEEK_FORMATS


@app.command("week", epilog=examples(
    "bgs week",
    "bgs week 下周一 --format html -o 下周安排.html  # 贴在墙上",
    "bgs week 下周一 --format docx -o 下周安排.docx",
))
def week(ctx: typer.Context,
         day: Annotated[Optional[str], typer.Argument(help="这一周里的任何一天（默认今天）", metavar="DATE")] = None,
         fmt: format_option(WEEK_FORMATS) = "table",
         out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH",
                                                    help="写到文件（html、docx；docx 必须）")] = None) -> None:
    """一周的安排：每天到期和约定的事项、负荷与可用时间，休息日和调休标出。html、docx 是按上午、下午排的周安排表，可打印上墙。"""
    daily.week(state(ctx), day, fmt, out)


@app.command("month", epilog=examples(
    "bgs month",
    "bgs month 2026-12",
))
def month(ctx: typer.Context,
          which: Annotated[Optional[str], typer.Argument(help="月份 YYYY-MM（默认本月）", metavar="YYYY-MM")] = None,
          fmt: TableJsonFormat = "table") -> None:
    """一个月的安排：长计划、短安排。"""
    from bangongshi.domain.dates import parse_year_month
    from bangongshi.services.overview import month_of

    s = session(ctx)
    year, number = parse_year_month(which, s.now.date())
    first, last = month_of(year, number)
    _overview(ctx, first, last, fmt, f"{year}年{number}月安排")
