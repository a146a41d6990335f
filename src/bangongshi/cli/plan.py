"""`bgs plan`: the end-of-day review that writes the 次日 list for the next workday (P3, P14)."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import evening, output
from bangongshi.cli.context import session, state
from bangongshi.cli.evening import print_plan as _print_plan, say_drift as _say_drift, say_merged as _say_merged
from bangongshi.cli.options import TableJsonFormat, examples, parse_ids
from bangongshi.errors import BadInput

plan = typer.Typer(invoke_without_command=True,
                   help="次日事项：下班前回顾今天，为下一个工作日（按调休安排）列出要做的事。",
                   epilog=examples(
                       "bgs plan  # 同 bgs plan tomorrow",
                       "bgs plan show 下周一",
                   ))


def _tomorrow(ctx: typer.Context, auto: bool, carry_all: bool, yes: bool, fmt: str) -> None:
    evening.tomorrow(state(ctx), auto, carry_all, yes, fmt, _interactive)


def _interactive(s, settings, review):
    """Decide on each open and overdue item, edit the proposal, save; Ctrl-C saves nothing."""
    from bangongshi.cli import plan_review
    from bangongshi.services import plan as planning

    try:
        decisions = plan_review.decide(planning.to_decide(review), s)
        final = plan_review.edit_proposal(planning.reviewed_proposal(s, settings, review, decisions), s,
                                          review.target)
        if final is None:
            return None
        opened = review.target_list
        change = planning.drift(s, review.target, opened)
        if change is not None:
            # Another window saved this list meanwhile: show the difference and ask.
            _say_drift(change, review.target)
            key = plan_review.choose("合并（保留对方的改动）", "只保存我的（对方加入的会移出）", "放弃我的")
            if key == "q":
                return None
            if key == "m":
                final = planning.merged(final, change, entry=lambda item: item)
            opened = change.current
    except KeyboardInterrupt:
        output.say("\n已中断：什么都没有保存")
        raise typer.Exit(130) from None
    saved, late = planning.save_reviewed(s, review.target, final, decisions, opened)
    _say_merged(late)
    return saved


@plan.callback()
def plan_root(ctx: typer.Context) -> None:
    """bgs plan 等于 bgs plan tomorrow。"""
    if ctx.invoked_subcommand is None:
        _tomorrow(ctx, False, False, False, "table")


@plan.command("tomorrow", epilog=examples(
    "bgs plan tomorrow  # 逐项确认",
    "bgs plan tomorrow --auto  # 接受建议",
))
def tomorrow(
    ctx: typer.Context,
    auto: Annotated[bool, typer.Option("--auto", help="接受建议，不逐项询问")] = False,
    carry_all: Annotated[bool, typer.Option("--carry-all", help="今日事项中未完成的全部带到次日")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="所有问题都用默认回答")] = False,
    fmt: TableJsonFormat = "table",
) -> None:
    """回顾今天，为下一个工作日写次日事项。"""
    _tomorrow(ctx, auto, carry_all, yes, fmt)


@plan.command("show", epilog=examples(
    "bgs plan show",
    "bgs plan show 下周一 --format json",
))
def show(ctx: typer.Context,
         day: Annotated[Optional[str], typer.Argument(help="哪一天的次日事项（默认今天）", metavar="DATE")] = None,
         fmt: TableJsonFormat = "table") -> None:
    """显示某天的次日事项。"""
    from bangongshi.services import plan as planning

    s = session(ctx)
    chosen = s.parse_date(day, option="日期", past=True, rest_day_warning=False).date if day else s.now.date()
    saved = planning.load_plan(s, chosen)
    if saved is None:
        raise BadInput(f"{chosen.isoformat()} 没有次日事项（bgs plan tomorrow 制定）")
    _print_plan(saved, fmt)


@plan.command("edit", epilog=examples(
    "bgs plan edit 下周一 --add 12 --remove 15",
))
def edit(ctx: typer.Context,
         day: Annotated[str, typer.Argument(help="哪一天的次日事项", metavar="DATE")],
         add: Annotated[Optional[list[str]], typer.Option("--add", help="加入事项编号，可重复")] = None,
         remove: Annotated[Optional[list[str]], typer.Option("--remove", help="移出事项编号，可重复")] = None,
         fmt: TableJsonFormat = "table") -> None:
    """不经回顾，直接修改某天的次日事项。"""
    from bangongshi.services import plan as planning

    if not add and not remove:
        raise BadInput("请用 --add ID 或 --remove ID 说明要改什么")
    s = session(ctx)
    chosen = s.parse_date(day, option="日期", rest_day_warning=False).date
    saved = planning.edit(s, chosen, parse_ids(add) if add else [], parse_ids(remove) if remove else [])
    _print_plan(saved, fmt)
