"""`bgs plan tomorrow` without Typer: the end-of-day review and the proposal it saves (P3, P14). The
Typer commands (cli/plan.py) declare the options and add the item-by-item review; a plain `bgs plan
tomorrow --auto` (a script each evening) is read here (quick): importing Typer cost it ~50 ms."""

import sys

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for
from bangongshi.errors import BadInput
from bangongshi.formats.json import to_json
from bangongshi.render import plan as views
from bangongshi.render.echo import item_name


def quick(argv: list[str], run: RunState) -> bool:
    """Run `bgs plan tomorrow` with --auto, --carry-all or --yes (and --format) without Typer; False
    (nothing done) for any other line: the interactive review, help, an unknown option…"""
    from bangongshi.cli.params import FLAG, WORD, Param, format_param, quick_format, read

    if argv[:2] != ["plan", "tomorrow"] or run.passphrase is not None:
        return False
    values = read((Param("word", WORD, help=""), Param("auto", FLAG, "--auto", default=False, help=""),
                   Param("carry_all", FLAG, "--carry-all", default=False, help=""),
                   Param("yes", FLAG, "--yes", "-y", default=False, help=""), format_param(("table", "json"))),
                  argv[2:])
    if values is None or values["word"] is not None or not (values["auto"] or values["carry_all"] or values["yes"]):
        return False
    fmt = quick_format(values["fmt"], ("table", "json"))
    if fmt is None:
        return False
    tomorrow(run, values["auto"], values["carry_all"], values["yes"], fmt)
    return True


_day = views.day_text
PLAN_VIEWS = {"json": lambda saved: to_json(views.plan_object(saved)), "table": views.plan_lines}


def print_plan(saved, fmt: str) -> None:
    output.show(saved, fmt, PLAN_VIEWS)


def say_review(review) -> None:
    """The day in review on stderr, each open item with what its deadline means (render.styles:
    red 「逾期」, bold 「今天到期」, 「重点」), 督办 reminders in their colour."""
    from bangongshi.render import styles
    from bangongshi.render.lines import Styled, write

    lines = [f"今天 {_day(review.today)} 回顾："]
    lines.append(f"  已办结 {review.done_count} 项")
    lines += [Styled(f"    ✓ {item_name(i.id, i.title)}", styles.DONE) for i in review.done_today]
    if review.done_count > len(review.done_today):
        lines.append(Styled(f"    ……另有 {review.done_count - len(review.done_today)} 项未列出，"
                            "bgs report day --all 全部列出", "dim"))
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


def tomorrow(run: RunState, auto: bool, carry_all: bool, yes: bool, fmt: str, interactive=None) -> None:
    """`bgs plan tomorrow`: review today, then save the 次日 list as proposed (--auto, --carry-all,
    --yes) or as decided item by item (`interactive(session, settings, review)`, cli/plan.py)."""
    from bangongshi.services import plan as planning

    decided = auto or carry_all or yes
    if not decided and not sys.stdin.isatty():
        raise BadInput("没有终端可以逐项确认：请加 --auto（接受建议）、--carry-all（带上今日未完成的）或 --yes（全部用默认）")
    s = session_for(run)
    settings = s.settings
    review = planning.review(s, deciding=not decided)
    say_review(review)
    if decided:
        # Each still-open item of today's list is carried (当日事当日毕: nothing is dropped silently).
        proposed = planning.proposal(s, settings, list(review.still_open), review.pressing)
        say_proposal(review, proposed)
        saved, change = planning.save_merging(s, review.target, [i.id for i in proposed], review.target_list)
        say_merged(change)
    else:
        saved = interactive(s, settings, review)
        if saved is None:
            output.say("未保存")
            return
    output.notices(s.notices)
    print_plan(saved, fmt)


def say_drift(change, target) -> None:
    output.say(f"\n另一个窗口在你回顾时保存了 {_day(target)} 的次日事项：")
    for item in change.added:
        output.say(f"  + 加入了 {item_name(item.id, item.title)}")
    for item in change.removed:
        output.say(f"  - 移出了 {item_name(item.id, item.title)}")


def say_merged(change) -> None:
    """A script's save met another window's: say what was kept (nothing it added is dropped)."""
    if change is None:
        return
    kept = [item_name(i.id, i.title) for i in change.added if i.is_open]
    gone = [item_name(i.id, i.title) for i in change.removed]
    output.say("另一个窗口刚保存了这份清单，已合并：" + "；".join(
        part for part in (kept and "保留它加入的 " + "、".join(kept), gone and "照它移出 " + "、".join(gone)) if part))


def say_proposal(review, proposed) -> None:
    output.say(f"\n为 {_day(review.target)} 建议 {len(proposed)} 项：")
    for n, item in enumerate(proposed, start=1):
        output.say(f"  {n}. {item_name(item.id, item.title)}")


