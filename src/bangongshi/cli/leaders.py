"""The leader's week and the duty roster (issue #24): `bgs leader` (week, away) and `bgs duty` (plan,
show, swap, log). Appointments become a leader's with `bgs add … --for 赵县长 --with 办公室张三`."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import choice_option, examples, format_option
from bangongshi.cli.params import Choice, output_format
from bangongshi.domain.leaders import month_day
from bangongshi.errors import BadInput

leader = typer.Typer(help="领导活动安排：每周活动安排表（调休标注、冲突提示）、领导外出登记。",
                     epilog=examples(
                         "bgs leader week 下周",
                         "bgs leader week --format docx -o 领导活动安排.docx",
                         "bgs leader away 赵县长 12月3日 12月5日 --reason 出差",
                     ))
duty = typer.Typer(help="值班表：按调休日历只排休息日，轮流公平并接着上一张表；调换、交接班记录、打印。",
                   epilog=examples(
                       "bgs duty plan 2027春节 --people 张三,李四,王五,赵六 --leaders 孙主任,周主任",
                       "bgs duty show --format xlsx -o 值班表.xlsx",
                       "bgs duty log \"22:10 县应急局来电，已转告带班领导\"",
                   ))

WEEK_FORMATS = ("table", "md", "html", "xlsx", "docx", "json", "csv")
DUTY_FORMATS = ("table", "md", "xlsx", "docx", "json", "csv")
FILES = ("xlsx", "docx")
_NAMES = {"table": "表格", "md": "Markdown", "html": "网页，可打印", "xlsx": "电子表格，可打印，需要 -o",
          "docx": "文字处理文档，可打印，需要 -o", "json": "", "csv": ""}


def _formats(allowed: tuple[str, ...]) -> Choice:
    return Choice("输出格式", {name: _NAMES[name] for name in allowed}, lambda value: output_format(value, allowed))


WeekFormat = Annotated[str, choice_option("--format", "-f", choice=_formats(WEEK_FORMATS), metavar="FORMAT")]
DutyFormat = Annotated[str, choice_option("--format", "-f", choice=_formats(DUTY_FORMATS), metavar="FORMAT")]
OutOption = Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH",
                                                  help="写入文件（xlsx、docx 必须；md、html 可选）")]
TableJson = format_option(("table", "json"))


def _out(fmt: str, out: str | None) -> None:
    if fmt in FILES and not out:
        raise BadInput(f"--format {fmt} 需要 -o 文件路径，例如 -o 安排表.{fmt}")
    if out and fmt not in (*FILES, "md", "html"):
        raise BadInput("-o 只用于 xlsx、docx、md、html（其他格式输出到屏幕，可用 > 重定向）")


def _printable(s, fmt: str, out: str | None, grid) -> bool:
    """Write the grid as `fmt` to `out` when a file is wanted; True when it was written."""
    if not out:
        return False
    from bangongshi.formats import leaders as printable
    from bangongshi.services.leaders import save

    writers = {"xlsx": lambda h: printable.write_xlsx(grid, h), "docx": lambda h: printable.write_docx(grid, h),
               "md": lambda h: h.write(printable.markdown(grid).encode()),
               "html": lambda h: h.write(printable.html_page(grid).encode())}
    path = save(s, out, writers[fmt])
    output.notices(s.notices)
    output.say(f"已写入 {path}")
    return True


# --- bgs leader ------------------------------------------------------------------------------------

@leader.command("week", epilog=examples(
    "bgs leader week",
    "bgs leader week 下周 --format xlsx -o 领导活动安排.xlsx",
    "bgs leader week 2026-12-01 --format json",
))
def leader_week(
    ctx: typer.Context,
    day: Annotated[Optional[str], typer.Argument(help="这一周中的任一天，如 下周、12月1日；默认本周", metavar="DATE")] = None,
    fmt: WeekFormat = "table",
    out: OutOption = None,
    unlock: Annotated[bool, typer.Option("--unlock", help="显示加密活动的内容（需要口令）；默认显示为【密】")] = False,
    unit: Annotated[Optional[str], typer.Option("--unit", metavar="TEXT", help="标题中的单位，默认取设置 me.unit（去掉“办公室”）")] = None,
) -> None:
    """领导每周活动安排表：每天上午、下午、晚上，领导按排序，活动、地点、陪同，调休与冲突提示。"""
    from bangongshi.render import leaders as views
    from bangongshi.services import leaders as service

    _out(fmt, out)
    s = session(ctx)
    found = service.week(s, day, unlock, unit)
    if fmt in (*FILES, "md", "html") and out:
        from bangongshi.formats.leaders import week_grid

        _printable(s, fmt, out, week_grid(views.week_object(found)))
        return
    output.notices(s.notices)
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.json import to_json

    output.show(found, fmt, {"table": views.week_lines, "md": views.week_markdown, "html": views.week_html,
                             "json": lambda w: to_json(views.week_object(w)),
                             "csv": lambda w: to_csv(views.week_csv_rows(views.week_object(w)), views.WEEK_CSV_KEYS)},
                as_data=("json", "csv", "md", "html"))


@leader.command("away", epilog=examples(
    "bgs leader away 赵县长 12月3日 12月5日 --reason 出差",
    "bgs leader away 钱副县长 明天 --reason 学习",
))
def leader_away(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="领导（名录中的名字）", metavar="LEADER")],
    first: Annotated[str, typer.Argument(help="第一天", metavar="FROM")],
    last: Annotated[Optional[str], typer.Argument(help="最后一天（含）；默认只一天", metavar="TO")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", "-r", metavar="TEXT", help="事由，如 出差、学习、休假")] = None,
    fmt: TableJson = "table",
) -> None:
    """登记领导外出（出差、学习、休假）：这几天安排他的活动会提示冲突。"""
    from bangongshi.render import leaders as views
    from bangongshi.services import leaders as service

    s = session(ctx)
    away = service.away(s, name, first, last, reason)
    output.notices(s.notices)
    if fmt == "json":
        from bangongshi.formats.json import to_json

        output.data(to_json(views.away_object(away)))
        return
    output.say(f"已登记 {away.person} {month_day(away.start)}至{month_day(away.end)} {away.reason or '外出'}"
               f"（编号 {away.id}；取消：bgs leader away-remove {away.id}）")


@leader.command("away-list", epilog=examples("bgs leader away-list", "bgs leader away-list --all --format json"))
def leader_away_list(ctx: typer.Context,
                     everything: Annotated[bool, typer.Option("--all", help="包括已经过去的")] = False,
                     fmt: TableJson = "table") -> None:
    """列出领导外出（默认还没结束的）。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import leaders as views
    from bangongshi.services import leaders as service

    found = service.aways(session(ctx), everything)
    output.show(found, fmt, {
        "table": lambda xs: [f"{a.id}. {a.person} {a.start:%Y-%m-%d} 至 {a.end:%Y-%m-%d} {a.reason}" for a in xs]
        or ["没有登记领导外出（bgs leader away 赵县长 12月3日 12月5日 --reason 出差）"],
        "json": lambda xs: to_json([views.away_object(a) for a in xs])})


@leader.command("away-remove", epilog=examples("bgs leader away-remove 3"))
def leader_away_remove(ctx: typer.Context,
                       away_id: Annotated[int, typer.Argument(help="外出记录的编号（bgs leader away-list）", metavar="ID")],
                       fmt: TableJson = "table") -> None:
    """取消一条领导外出记录（bgs undo 可恢复）。"""
    from bangongshi.services import leaders as service

    removed = service.away_remove(session(ctx), away_id)
    if fmt == "json":
        from bangongshi.formats.json import to_json
        from bangongshi.render import leaders as views

        output.data(to_json(views.away_object(removed)))
        return
    output.say(f"已取消 {removed.person} {month_day(removed.start)}至{month_day(removed.end)}的外出记录")


# --- bgs duty --------------------------------------------------------------------------------------

@duty.command("plan", epilog=examples(
    "bgs duty plan 2027春节 --people 张三,李四,王五,赵六 --leaders 孙主任,周主任",
    "bgs duty plan \"周末 12月\" --people 张三,李四,王五 --leaders 孙主任 --except 李四:12月12日",
    "bgs duty plan 2026-10-01..2026-10-08 --people 张三,李四 --shifts day_night",
))
def duty_plan(
    ctx: typer.Context,
    period: Annotated[str, typer.Argument(help="期间：2027春节、国庆、元旦、\"周末 12月\"、日期..日期", metavar="PERIOD")],
    people: Annotated[str, typer.Option("--people", "-p", metavar="NAMES", help="值班人员，按轮流顺序，逗号分开")],
    leaders: Annotated[Optional[str], typer.Option("--leaders", "-l", metavar="NAMES", help="带班领导，逗号分开")] = None,
    excepts: Annotated[Optional[list[str]], typer.Option("--except", metavar="EXCEPT",
                                                         help="某人不能值班的日子，如 李四:2027-02-12、李四:2月12日..2月14日；可重复")] = None,
    shifts: Annotated[Optional[str], typer.Option("--shifts", metavar="SHIFTS",
                                                  help="班次：24h（24小时一班）或 day_night（白班、夜班）；默认按设置 duty.shifts")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="这些日子已排过时，重新排（原来的可 bgs undo 恢复）")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="放假安排尚未公布（只能估计）时拒绝排班")] = False,
    fmt: TableJson = "table",
) -> None:
    """按调休日历排值班：只排休息日（调休上班日不排），轮流公平，接着上一张值班表往下排。"""
    from bangongshi.render import leaders as views
    from bangongshi.services import duty as service

    s = session(ctx)
    s.strict = s.strict or strict
    planned = service.plan(s, period, people, leaders, excepts or [], shifts, replace)
    output.notices(s.notices)
    if fmt == "json":
        from bangongshi.formats.json import to_json

        shown = service.show(s, f"{planned.roster.start.isoformat()}..{planned.roster.end.isoformat()}")
        output.data(to_json(views.planned_object(planned, shown)))
        return
    for line in views.planned_lines(planned):
        output.say(line)


@duty.command("show", epilog=examples(
    "bgs duty show",
    "bgs duty show 2027春节 --format docx -o 春节值班表.docx",
    "bgs duty show --format csv",
))
def duty_show(
    ctx: typer.Context,
    period: Annotated[Optional[str], typer.Argument(help="期间，同 bgs duty plan；默认最近一张值班表", metavar="PERIOD")] = None,
    fmt: DutyFormat = "table",
    out: OutOption = None,
) -> None:
    """值班表：日期、星期、带班领导、值班人员、联系电话；交接班记录。"""
    from bangongshi.render import leaders as views
    from bangongshi.services import duty as service

    _out(fmt, out)
    s = session(ctx)
    shown = service.show(s, period)
    if out:
        from bangongshi.formats.leaders import duty_grid

        _printable(s, fmt, out, duty_grid(views.duty_object(shown)))
        return
    output.notices(s.notices)
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.json import to_json

    output.show(shown, fmt, {"table": views.duty_lines, "md": views.duty_markdown,
                             "json": lambda x: to_json(views.duty_object(x)),
                             "csv": lambda x: to_csv(views.duty_csv_rows(views.duty_object(x)), views.DUTY_CSV_KEYS)},
                as_data=("json", "csv", "md"))


@duty.command("swap", epilog=examples(
    "bgs duty swap 10月2日 10月5日",
    "bgs duty swap 2027-02-12 2027-02-14 --leader",
))
def duty_swap(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help="一天", metavar="DATE")],
    second: Annotated[str, typer.Argument(help="另一天", metavar="DATE")],
    leader_too: Annotated[bool, typer.Option("--leader", help="调换带班领导（默认调换值班人员）")] = False,
    fmt: TableJson = "table",
) -> None:
    """两天调换值班人员（或带班领导），表上注明原来是谁。"""
    from bangongshi.services import duty as service

    s = session(ctx)
    changed = service.swap(s, first, second, leader_too)
    if fmt == "json":
        from bangongshi.formats.json import to_json
        from bangongshi.render import leaders as views

        shown = service.show(s, f"{changed[0].day.isoformat()}..{changed[-1].day.isoformat()}")
        output.data(to_json(views.duty_object(shown)))
        return
    for shift in (c for c in changed if c.note):
        output.say(f"{month_day(shift.day)} {shift.shift.label}：{shift.leader if leader_too else shift.person}，{shift.note}")


@duty.command("log", epilog=examples(
    "bgs duty log \"22:10 县应急局来电：明早有寒潮预警，已转告带班领导孙主任\"",
    "bgs duty log  # 不写内容：看最近的交接记录",
))
def duty_log(ctx: typer.Context,
             words: Annotated[Optional[list[str]], typer.Argument(help="交接内容，如 来电、突发情况及处置", metavar="TEXT")] = None,
             fmt: TableJson = "table") -> None:
    """交接班记录：记下值班时发生的事，下一班和 bgs report day 都能看到。"""
    from bangongshi.render import leaders as views
    from bangongshi.services import duty as service

    s = session(ctx)
    from bangongshi.formats.json import to_json

    if not words:
        found = service.handover(s)
        output.show(found, fmt, {"table": lambda xs: [f"{x.at:%m-%d %H:%M} {x.person} {x.text}".replace("  ", " ")
                                                      for x in xs] or ["最近三天没有交接记录"],
                                 "json": lambda xs: to_json([views.log_object(x) for x in xs])})
        return
    entry = service.log(s, " ".join(words))
    output.notices(s.notices)
    if fmt == "json":
        output.data(to_json(views.log_object(entry)))
        return
    output.say(f"已记入 {month_day(entry.day)} 值班的交接记录" + (f"（值班：{entry.person}）" if entry.person else ""))
