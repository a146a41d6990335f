"""`bgs when` and `bgs cal`: how dates are understood, and the office calendar."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from bangongshi.cli import adapter, output
from bangongshi.cli.context import session
from bangongshi.cli.options import PolicyOption, TableJsonFormat, examples, format_option
from bangongshi.domain.dates import parse_year_month
from bangongshi.errors import BadInput
from bangongshi.formats.json import to_json
from bangongshi.lazy import lazy_import

views = lazy_import("bangongshi.render.calendar")
service = lazy_import("bangongshi.services.calendar")
calendar_yaml = lazy_import("bangongshi.formats.calendar_yaml")

app = typer.Typer()


@app.command("when", epilog=examples(
    "bgs when 国庆后第一个工作日",
    "bgs when 明天下午三点",
    "bgs when 每月最后一个工作日 --count 6",
))
def when(
    ctx: typer.Context,
    phrase: Annotated[list[str], typer.Argument(help="日期或周期，如 明天下午三点、下周一、每月最后一个工作日", metavar="PHRASE")],
    count: Annotated[int, typer.Option("--count", "-n", help="周期显示几次")] = 5,
    policy: PolicyOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="用到尚未载入的年份时拒绝")] = False,
    past: Annotated[bool, typer.Option("--past", help="按过去理解（没写年份的日期取最近的过去）")] = False,
    fmt: TableJsonFormat = "table",
) -> None:
    """看看一个日期说法会被理解成哪一天。"""
    s = session(ctx)
    s.strict = s.strict or strict
    answer = service.explain(s, "".join(phrase), count, policy, past)
    output.notices(s.notices)
    output.show(answer, fmt, {"json": lambda a: to_json(views.when_object(a)), "table": views.when_lines})


MONTH_FORMATS = ("table", "json", "csv")
MonthFormat = format_option(MONTH_FORMATS)


class _MonthOrCommand(TyperGroup):
    """`bgs cal 2026-12` shows a month, options before or after it (`bgs cal --format json 2026-10`);
    `bgs cal import-notice …` runs a subcommand, and a --format written before it is its own
    (`bgs cal --format json years` as `bgs cal years --format json`): `cal` itself has no other
    use for one, so it is never silently dropped. A word close to a command (`bgs cal lod`) is a
    mistyped command, answered with the nearest ones."""

    def parse_args(self, ctx, args):
        if "--help" in args or "-h" in args:
            return super().parse_args(ctx, args)
        words = [i for i, a in enumerate(args) if not a.startswith("-") and not (i and args[i - 1] in _FORMAT)]
        shown = [name for name, command in self.commands.items() if not command.hidden]
        if words and args[words[0]] not in self.commands and not adapter.close_matches(args[words[0]], shown):
            args = ["month", *args]
        elif words and words[0] > 0:
            # Only cal's own option (--format/-f, maybe as --format=json) can come before the word.
            given, rest = args[: words[0]], args[words[0]:]
            end = rest.index("--") if "--" in rest else len(rest)
            args = [*rest[:end], *given, *rest[end:]]
        return super().parse_args(ctx, args)


_FORMAT = ("--format", "-f")
cal = typer.Typer(cls=_MonthOrCommand, invoke_without_command=True,
                  help="办公日历：工作日、休息日、调休；载入国务院放假通知；本单位的特殊日。",
                  epilog=examples(
                      "bgs cal  # 本月",
                      "bgs cal 2026-10",
                      "bgs cal import-notice 通知.txt  # 载入新一年的放假安排",
                  ))
local = typer.Typer(help="本单位自己的休息日或值班日（优先于国家安排）。",
                    epilog=examples(
                        "bgs cal local add 2026-12-31 --name 单位年休",
                        "bgs cal local list",
                    ))
cal.add_typer(local, name="local")


@cal.callback()
def cal_root(ctx: typer.Context, fmt: MonthFormat = "table") -> None:
    """显示本月日历（bgs cal 2026-12 显示其他月份）。"""
    if ctx.invoked_subcommand is None:
        _show_month(ctx, None, fmt)


@cal.command("month", hidden=True)
def month(ctx: typer.Context, which: Annotated[Optional[str], typer.Argument(metavar="YYYY-MM")] = None,
          fmt: MonthFormat = "table") -> None:
    _show_month(ctx, which, fmt)


def _show_month(ctx: typer.Context, which: str | None, fmt: str) -> None:
    s = session(ctx)
    year, month_number = parse_year_month(which, s.now.date())
    days = service.month(s, year, month_number)
    estimated = {d.date.year for d in days if d.estimated}
    s.rests_on_estimate(estimated, f"{year}年{month_number}月的日历")
    output.notices(s.notices)
    today = s.now.date()
    output.show(days, fmt, {"json": lambda shown: to_json([views.day_object(d, today) for d in shown]),
                            "csv": lambda shown: _month_csv(shown, today),
                            "table": lambda shown: views.month_grid(shown, today)})


def _month_csv(days, today) -> str:
    from bangongshi.formats.csv import to_csv

    rows = [views.day_object(d, today) for d in days]
    return to_csv(rows, tuple(rows[0]))


def _read_input(path: str) -> tuple[str, str]:
    """Text from a file or standard input ('-'): UTF-8, or GB18030 as saved on Chinese Windows."""
    if path == "-":
        raw, name = sys.stdin.buffer.read(), "标准输入"
    else:
        file = Path(path)
        if not file.is_file():
            raise BadInput(f"找不到文件「{path}」")
        raw, name = file.read_bytes(), f"「{path}」"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), name
        except UnicodeDecodeError:
            continue
    raise BadInput(f"{name} 不是 UTF-8 或 GB18030 文本")


@cal.command("import-notice", epilog=examples(
    "bgs cal import-notice 通知.txt --dry-run  # 先看读到了什么",
    "bgs cal import-notice 通知.txt",
    "bgs cal import-notice -  # 粘贴原文，再按 Ctrl-D",
))
def import_notice(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="通知全文的文本文件；- 表示从标准输入读", metavar="FILE")],
    year: Annotated[Optional[int], typer.Option("--year", help="年份（通知里找不到时）")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示载入会做的改变，不保存")] = False,
) -> None:
    """载入国务院办公厅的《部分节假日安排的通知》或调整、延长假期的通知（粘贴原文即可）。"""
    from bangongshi.formats.notice import parse_notice

    text, _ = _read_input(path)
    notice = parse_notice(text, year)
    s = session(ctx)
    plan = service.plan_notice(s, notice)  # the same plan for --dry-run and for the import
    for line in views.notice_lines(plan):
        output.say(line)
    _package_differences(s, plan.schedule)
    if dry_run:
        output.say("（--dry-run：未保存；去掉 --dry-run 就按上面载入）")
        return
    service.import_notice(s, plan)
    output.say(f"已载入 {plan.schedule.year} 年放假安排（bgs undo 可以撤销）")


def _describe_schedule(s, schedule) -> None:
    output.say(f"{schedule.year} 年：放假 {len(schedule.rest)} 天，调休上班 {len(schedule.work)} 天")
    _package_differences(s, schedule)


def _package_differences(s, schedule) -> None:
    package = s.calendar.official
    if package and package.first_year <= schedule.year <= package.last_year:
        differ = service.differences_from_package(s, schedule)
        if differ:
            output.say("注意：与 chinesecalendar 数据不同的日期：" + "、".join(d.isoformat() for d in differ[:10]))


@cal.command("load", epilog=examples(
    "bgs cal load 日历.yaml",
))
def load(ctx: typer.Context, path: Annotated[str, typer.Argument(help="日历 YAML 文件；- 表示标准输入", metavar="FILE")]) -> None:
    """从 YAML 文件载入年份安排和本单位特殊日（格式见 docs/calendar.md）。"""
    text, name = _read_input(path)
    schedules, local_days = calendar_yaml.read_calendar_yaml(text, name)
    s = session(ctx)
    service.load_file(s, schedules, local_days)
    for schedule in schedules:
        _describe_schedule(s, schedule)
    if local_days:
        output.say(f"本单位特殊日 {len(local_days)} 天")
    output.say("已载入（bgs undo 可以撤销）")


@cal.command("export", epilog=examples(
    "bgs cal export 2026 -o 日历.yaml",
))
def export(
    ctx: typer.Context,
    years: Annotated[Optional[list[int]], typer.Argument(help="要导出的年份（默认：已载入的全部）", metavar="YEAR...")] = None,
    out: Annotated[Optional[str], typer.Option("--output", "-o", help="写入文件（默认标准输出）")] = None,
) -> None:
    """把年份安排和本单位特殊日导出为 YAML，可编辑后用 bgs cal load 载回。"""
    from bangongshi.services import outfiles

    s = session(ctx)
    target = outfiles.target(out, s.store.path) if out else None
    schedules = service.schedules_for(s, years or [])
    text = calendar_yaml.write_calendar_yaml(schedules, service.local_days(s))
    if target:
        output.say(f"已写入 {outfiles.write(target, text.encode('utf-8'))}")
    else:
        output.data(text)


@cal.command("years", epilog=examples(
    "bgs cal years",
))
def years(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """列出有官方安排的年份及来源。"""
    rows = service.years(session(ctx))
    if fmt == "table" and not rows:
        return
    output.show(rows, fmt, {"json": lambda r: to_json(views.years_objects(r)), "table": views.years_lines},
                as_data=("json", "table"))


@cal.command("forget", epilog=examples(
    "bgs cal forget 2027",
))
def forget(ctx: typer.Context, year: Annotated[int, typer.Argument(metavar="YEAR")]) -> None:
    """删除用户载入的某年安排（回到 chinesecalendar 或估计）。"""
    service.forget_year(session(ctx), year)
    output.say(f"已删除 {year} 年的载入安排（bgs undo 可以撤销）")


@local.command("add", epilog=examples(
    "bgs cal local add 2026-12-31 --name 单位年休",
    "bgs cal local add 2026-12-26 --work --name 值班",
))
def local_add(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="日期", metavar="DATE")],
    rest: Annotated[bool, typer.Option("--rest/--work", show_default=False,
                                       help="--rest 本单位休息（默认）；--work 本单位上班（值班）")] = True,
    name: Annotated[str, typer.Option("--name", help="说明，如 单位年休、值班")] = "",
) -> None:
    """设置本单位的特殊日。"""
    s = session(ctx)
    spec = s.parse_date(day, option="日期", rest_day_warning=False)  # its status is what changes
    service.set_local_day(s, spec.date, not rest, name or ("本单位休息" if rest else "本单位上班"))
    output.say(f"已设置 {spec.date.isoformat()} 为本单位{'休息日' if rest else '工作日'}")


@local.command("remove", epilog=examples(
    "bgs cal local remove 2026-12-31",
))
def local_remove(ctx: typer.Context, day: Annotated[str, typer.Argument(metavar="DATE")]) -> None:
    """取消本单位的特殊日。"""
    s = session(ctx)
    spec = s.parse_date(day, option="日期", rest_day_warning=False)
    service.remove_local_day(s, spec.date)
    output.say(f"已取消 {spec.date.isoformat()} 的本单位设置")


@local.command("list", epilog=examples(
    "bgs cal local list",
))
def local_list(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """列出本单位的特殊日。"""
    days = service.local_days(session(ctx))
    if fmt == "table" and not days:
        output.say("没有设置本单位的特殊日")
        return
    output.show(days, fmt, {"json": lambda d: to_json(views.local_day_objects(d)),
                            "table": lambda d: [views.local_day_line(day) for day in d]})
