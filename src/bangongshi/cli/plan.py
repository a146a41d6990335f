"""`bgs plan`: the end-of-day review that writes the 次日 list for the next workday (P3, P14)."""

import sys
from typing import Annotated, Optional

import typer

from bangongshi.cli import output
from bangongshi.cli.context import session
from bangongshi.cli.options import TableJsonFormat, examples, parse_ids
from bangongshi.errors import BadInput
from bangongshi.formats.json import to_json
from bangongshi.render import plan as views
from bangongshi.render.echo import item_name

plan = typer.Typer(invoke_without_command=True,
                   help="次日事项：下班前回顾今天，为下一个工作日（按调休安排）列出要做的事。",
                   epilog=examples(
                       "bgs plan  # 同 bgs plan tomorrow",
                       "bgs plan show 下周一",
                   ))


_day = views.day_text
PLAN_VIEWS = {"json": lambda saved: to_json(views.plan_object(saved)), "table": views.plan_lines}


def _print_plan(saved, fmt: str) -> None:
    output.show(saved, fmt, PLAN_VIEWS)


def _say_review(review) -> None:
    """The day in review on stderr, each open item with what its deadline means (render.styles:
    red 「逾期」, bold 「今天到期」, 「重点」), 督办 reminders in their colour."""
    from bangongshi.render import styles
    from bangongshi.render.lines import Styled, write

    lines = [f"今天 {_day(review.today)} 回顾："]
    lines.append(f"  已办结 {len(review.done_today)} 项")
    lines += [Styled(f"    ✓ {item_name(i.id, i.title)}", styles.DONE) for i in review.done_today]
    if review.today_plan is not None:
        share = review.finished_share
        rate = f"，完成 {share:.0%}" if share is not None else ""
        lines.append(f"  今日事项 {len(review.today_plan.items)} 项，未完成 {len(review.still_open)} 项{rate}")
        lines += [views.review_line(i, review.today, "    · ") for i in review.still_open]
    lines.append(f"  今天新记 {review.captured_today} 项；已逾期 {review.overdue_count} 项")
    lines += [views.review_line(i, review.today, "    ! ") for i in review.overdue[:10]]
    if review.follow_ups:
        lines.append(f"  督办提醒（到 {_day(review.target)}）：")
        lines += [Styled(f"    【{d.reminder.label}】{item_name(d.item.id, d.item.title)}：{d.text}",
                         styles.reminder_style(d.reminder.code)) for d in review.follow_ups]
        if review.follow_ups_hidden:
            from bangongshi.render.agenda import follow_ups_hidden_text
            from bangongshi.services.agenda import FOLLOW_UP_MORE

            lines.append(Styled(f"    {follow_ups_hidden_text(review.follow_ups_hidden, FOLLOW_UP_MORE)}", "dim"))
    write(lines, sys.stderr)


def _tomorrow(ctx: typer.Context, auto: bool, carry_all: bool, yes: bool, fmt: str) -> None:
    from bangongshi.services import plan as planning

    decided = auto or carry_all or yes
    if not decided and not sys.stdin.isatty():
        raise BadInput("没有终端可以逐项确认：请加 --auto（接受建议）、--carry-all（带上今日未完成的）或 --yes（全部用默认）")
    s = session(ctx)
    settings = s.settings
    review = planning.review(s, deciding=not decided)
    _say_review(review)
    if decided:
        # Each still-open item of today's list is carried (当日事当日毕: nothing is dropped silently).
        proposed = planning.proposal(s, settings, list(review.still_open), review.pressing)
        _say_proposal(review, proposed)
        saved, change = planning.save_merging(s, review.target, [i.id for i in proposed], review.target_list)
        _say_merged(change)
    else:
        saved = _interactive(s, settings, review)
        if saved is None:
            output.say("未保存")
            return
    output.notices(s.notices)
    _print_plan(saved, fmt)


def _say_drift(change, target) -> None:
    output.say(f"\n另一个窗口在你回顾时保存了 {_day(target)} 的次日事项：")
    for item in change.added:
        output.say(f"  + 加入了 {item_name(item.id, item.title)}")
    for item in change.removed:
        output.say(f"  - 移出了 {item_name(item.id, item.title)}")


def _say_merged(change) -> None:
    """A script's save met another window's: say what was kept (nothing it added is dropped)."""
    if change is None:
        return
    kept = [item_name(i.id, i.title) for i in change.added if i.is_open]
    gone = [item_name(i.id, i.title) for i in change.removed]
    output.say("另一个窗口刚保存了这份清单，已合并：" + "；".join(
        part for part in (kept and "保留它加入的 " + "、".join(kept), gone and "照它移出 " + "、".join(gone)) if part))


def _say_proposal(review, proposed) -> None:
    output.say(f"\n为 {_day(review.target)} 建议 {len(proposed)} 项：")
    for n, item in enumerate(proposed, start=1):
        output.say(f"  {n}. {item_name(item.id, item.title)}")


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
