"""`bgs agenda`, `bgs why` and `bgs config`."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output, today
from bangongshi.cli.today import settings
from bangongshi.cli.context import session, state
from bangongshi.cli.options import FormatOption, output_format, parse_ids
from bangongshi.errors import BadInput

app = typer.Typer()
AGENDA_FORMATS = ("table", "json", "md", "text")


@app.command("agenda")
def agenda(
    ctx: typer.Context,
    day: Annotated[Optional[str], typer.Argument(help="哪一天（默认今天）：明天、下周一、2026-12-01", metavar="DATE")] = None,
    matrix_view: Annotated[bool, typer.Option("--matrix", help="四象限")] = False,
    blocks: Annotated[bool, typer.Option("--blocks", help="按时间块排好一天")] = False,
    fmt: FormatOption = "table",
) -> None:
    """今天做什么、按什么顺序、在哪些时间做（28定律）。"""
    if matrix_view and blocks:
        raise BadInput("--matrix 和 --blocks 只能选一个")
    today.show_agenda(state(ctx), day, output_format(fmt, AGENDA_FORMATS), matrix_view, blocks)


@app.command("why")
def why(ctx: typer.Context, item: Annotated[str, typer.Argument(metavar="ID")], fmt: FormatOption = "table") -> None:
    """一件事为什么排在这里：每条规则的得分。"""
    from bangongshi.formats.json import to_json
    from bangongshi.services import agenda as service

    fmt = output_format(fmt, ("table", "json"))
    [item_id] = parse_ids([item]) if "," not in item else (None,)
    if item_id is None:
        raise BadInput("bgs why 一次只看一个事项")
    from bangongshi.services.planning import load_plan

    s = session(ctx)
    today = s.now.date()
    plan = load_plan(s, today)
    listed = frozenset(i.id for i in plan.items) if plan else frozenset()
    ranked, place, total = service.why(s, item_id, settings(), today, listed)
    rules = [{"rule": c.rule, "label": c.label, "signal": round(c.signal, 4), "weight": c.weight,
              "points": c.points, "why": c.why} for c in ranked.contributions]
    if fmt == "json":
        output.data(to_json({"id": item_id, "score": ranked.score, "place": place, "of": total,
                                     "quadrant": ranked.quadrant, "quadrant_label": ranked.quadrant_label,
                                     "urgent_effective": ranked.urgent_effective, "rules": rules}))
        return
    lines = [f"#{item_id} 得分 {ranked.score:g}，在 {total} 项未办事项中排第 {place}（{ranked.quadrant_label}"
             + ("，紧急" if ranked.urgent_effective else "") + "）"]
    width = max(len(r["label"]) for r in rules)
    for r in rules:
        lines.append(f"  {r['label']:\u3000<{width}} {r['points']:>6g} 分 = {r['weight']:g} × {r['signal']:.2f}（{r['why']}）")
    output.text("\n".join(lines))


config = typer.Typer(help="设置：作息时间、28定律比例、排序权重、文件夹颜色。")


@config.command("path")
def config_path() -> None:
    """设置文件的位置。"""
    from bangongshi.config import config_path as path_of, ensure_file

    path = path_of()
    ensure_file(path)
    output.data(str(path))


@config.command("show")
def config_show(fmt: FormatOption = "table") -> None:
    """当前生效的设置（文件里没写的用默认值）。"""
    from bangongshi.formats.json import to_json

    fmt = output_format(fmt, ("table", "json"))
    current = settings()
    data = {
        "hours": [{"name": p.name, "from": f"{p.first[0]:02d}-{p.first[1]:02d}", "to": f"{p.last[0]:02d}-{p.last[1]:02d}",
                   "work": f"{p.start:%H:%M}-{p.end:%H:%M}",
                   "lunch": f"{p.lunch_start:%H:%M}-{p.lunch_end:%H:%M}" if p.lunch_start else None}
                  for p in current.hours],
        "key_share": current.key_share, "min_block_minutes": current.min_block_minutes,
        "urgent_within_workdays": current.urgent_within_workdays,
        "coming_within_workdays": current.coming_within_workdays,
        "default_estimates": current.default_estimates, "rules": current.weights, "colors": current.colors,
        "backup_keep": current.backup_keep, "daily_backup": current.daily_backup,
    }
    if fmt == "json":
        output.data(to_json(data))
        return
    import yaml

    output.data(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@config.command("set")
def config_set(key: Annotated[str, typer.Argument(metavar="KEY")], value: Annotated[str, typer.Argument(metavar="VALUE")]) -> None:
    """修改一项，如 bgs config set rules.deadline 40、bgs config set key_share 0.7。"""
    from bangongshi.config import config_path as path_of, set_value

    set_value(path_of(), key.strip(), value)
    output.say(f"已设置 {key} = {value}")


@config.command("edit")
def config_edit() -> None:
    """用编辑器修改设置文件；保存时检查，出错不保存。"""
    from bangongshi.cli.editor import edit_text
    from bangongshi.config import check_text, config_path as path_of, ensure_file, read_text

    path = path_of()
    ensure_file(path)
    original = read_text(path)
    edited = edit_text(original.rstrip("\n"))
    if edited is None:
        output.say("设置未改动")
        return
    check_text(edited, "修改后的设置")  # raises with the setting and line; the file stays as it was
    path.write_text(edited + "\n", encoding="utf-8")
    output.say(f"已保存 {path}")


def _overview(ctx: typer.Context, first, last, fmt: str, title: str) -> None:
    from bangongshi.formats.json import to_json
    from bangongshi.render import overview as views
    from bangongshi.services import overview as service

    s = session(ctx)
    loads = service.days(s, first, last, settings())
    estimated = {load.info.date.year for load in loads if load.info.estimated}
    s.rests_on_estimate(estimated, title)
    output.notices(s.notices)
    if fmt == "json":
        output.data(to_json([views.day_object(load, s.now.date()) for load in loads]))
    else:
        views.table(loads, s.now.date(), title)


@app.command("week")
def week(ctx: typer.Context,
         day: Annotated[Optional[str], typer.Argument(help="这一周里的任何一天（默认今天）", metavar="DATE")] = None,
         fmt: FormatOption = "table") -> None:
    """一周的安排：每天到期和约定的事项、负荷与可用时间，休息日和调休标出。"""
    from bangongshi.services.overview import week_of

    fmt = output_format(fmt, ("table", "json"))
    s = session(ctx)
    chosen = s.parse_date(day, option="日期", rest_day_warning=False).date if day else s.now.date()
    first, last = week_of(chosen)
    _overview(ctx, first, last, fmt, f"{first.isoformat()} 至 {last.isoformat()} 一周安排")


@app.command("month")
def month(ctx: typer.Context,
          which: Annotated[Optional[str], typer.Argument(help="月份 YYYY-MM（默认本月）", metavar="YYYY-MM")] = None,
          fmt: FormatOption = "table") -> None:
    """一个月的安排：长计划、短安排。"""
    from bangongshi.domain.dates import parse_year_month
    from bangongshi.services.overview import month_of

    fmt = output_format(fmt, ("table", "json"))
    s = session(ctx)
    year, number = parse_year_month(which, s.now.date())
    first, last = month_of(year, number)
    _overview(ctx, first, last, fmt, f"{year}年{number}月安排")
