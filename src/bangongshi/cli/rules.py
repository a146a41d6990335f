"""`bgs recur`: recurring items recorded once (P4)."""

import re
from typing import Annotated, Optional

import typer

from bangongshi.cli import adapter, output
from bangongshi.cli.context import session
from bangongshi.cli.options import PolicyOption, TableJsonFormat, choice_option, examples, with_item_fields
from bangongshi.cli.params import Choice
from bangongshi.errors import BadInput
from bangongshi.services.fields import FieldInput

recur = typer.Typer(help="周期事项：例会、月报、季度统计……记一次，按周期提前出现在 待办。",
                    epilog=examples(
                        "bgs recur add 周一例会 --rule 每周一 --at 09:00 --lead 1",
                        "bgs recur list",
                        "bgs recur show R1",
                    ))

RuleIdArgument = Annotated[str, typer.Argument(help="周期事项编号，如 R3 或 3", metavar="RID")]
RuleOption = Annotated[Optional[str], typer.Option(
    "--rule", "-r", metavar="RULE", help="周期，如 每周一、每月最后一个工作日、每2个工作日、每年12月20日，或 RRULE")]
LeadOption = Annotated[Optional[int], typer.Option(
    "--lead", metavar="WORKDAYS", help="提前几个工作日出现在 待办（默认 0：当天）")]


def _catch_up(value: str) -> str:
    from bangongshi.services.rules import catch_up_code

    return catch_up_code(value)


CATCH_UP = Choice("多日没用时错过的", {"all": "每次都补，标为逾期", "latest": "只补最近一次"}, _catch_up)
CatchUpOption = Annotated[Optional[str], choice_option("--catch-up", choice=CATCH_UP, metavar="HOW")]
StartOption = Annotated[Optional[str], typer.Option("--start", metavar="DATE", help="从哪天起算（默认今天）")]
UntilOption = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="到哪天为止")]

_RULE_ID = re.compile(r"^[Rr#]?(\d{1,9})$")


def rule_id(text: str) -> int:
    match = _RULE_ID.match(text.strip())
    if not match or int(match[1]) == 0:
        raise BadInput(f"「{text}」不是周期事项编号，例如：R3 或 3")
    return int(match[1])


def _say_made(made) -> None:
    for item in made:
        when = item.at.strftime("%Y-%m-%d %H:%M") if item.at else item.due.isoformat()
        output.say(f"  已生成 #{item.id} {when} {item.title}")


@recur.command("add", epilog=examples(
    "bgs recur add 周一例会 --rule 每周一 --at 09:00 --lead 1 --where 三楼会议室",
    "bgs recur add 报送月度信息 --rule 每月最后一个工作日 --lead 3 --important",
))
@with_item_fields
def add(
    ctx: typer.Context,
    title: Annotated[list[str], typer.Argument(help="标题", metavar="TITLE")],
    rule: RuleOption = None, policy: PolicyOption = None, lead: LeadOption = None, catch_up: CatchUpOption = None,
    start: StartOption = None, until: UntilOption = None, fmt: TableJsonFormat = "table",
    *,
    fields: FieldInput,
) -> None:
    """记下一个周期事项：--at 09:00 是每次的开始时间，--due 17:00 是每次的截止时间。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import rules as views
    from bangongshi.services import rules as service

    if rule is None:
        raise BadInput("需要 --rule，例如：--rule 每周一、--rule 每月最后一个工作日")
    s = session(ctx)
    given = service.RuleInput(title=" ".join(title), rule=rule, policy=policy, lead=lead, catch_up=catch_up,
                              start=start, ends=until)
    made_rule, made = service.add(s, given, fields)
    output.notices(s.notices)
    if fmt == "json":
        output.data(to_json(views.rule_made_object(made_rule, made)))
        return
    output.data(f"R{made_rule.id}")
    output.say(f"已记下周期事项 R{made_rule.id}：{made_rule.title}（{views.when_text(made_rule)}）")
    _say_made(made)


@recur.command("list", epilog=examples(
    "bgs recur list",
))
def list_rules(ctx: typer.Context, fmt: TableJsonFormat = "table") -> None:
    """全部周期事项和各自的下次日期。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import rules as views
    from bangongshi.services import rules as service

    s = session(ctx)
    rows = service.listing(s)
    output.notices(s.notices)
    if fmt == "table" and not rows:
        output.say("还没有周期事项。例如：bgs recur add \"周一例会\" --rule 每周一 --at 09:00 --lead 1")
        return
    output.show(rows, fmt, {"json": lambda r: to_json([views.rule_object(rule, upcoming) for rule, upcoming in r]),
                            "table": views.table})


@recur.command("show", epilog=examples(
    "bgs recur show R1",
    "bgs recur show R1 -n 12",
))
def show(ctx: typer.Context, rid: RuleIdArgument,
         count: Annotated[int, typer.Option("--count", "-n", help="列出接下来几次")] = 8,
         fmt: TableJsonFormat = "table") -> None:
    """一个周期事项：规则、接下来的日期（已按休息日处理）、已生成的事项。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import rules as views
    from bangongshi.services import rules as service

    if not 1 <= count <= 500:
        raise BadInput("--count 应在 1 到 500 之间")
    s = session(ctx)
    view = service.show(s, rule_id(rid), count)
    output.notices(s.notices)
    today = s.now.date()
    output.show(view, fmt, {"json": lambda v: to_json(views.view_object(v, v.next_dates[0].date if v.next_dates else None)),
                            "table": lambda v: views.detail_lines(v, today)})


@recur.command("edit", epilog=examples(
    "bgs recur edit R1 --at 10:00",
    "bgs recur edit R1 --policy next  # 遇休息日顺延",
))
@with_item_fields
def edit(
    ctx: typer.Context, rid: RuleIdArgument,
    title_option: Annotated[Optional[str], typer.Option("--title", help="新标题", metavar="TITLE")] = None,
    rule: RuleOption = None, policy: PolicyOption = None, lead: LeadOption = None, catch_up: CatchUpOption = None,
    start: StartOption = None, until: UntilOption = None, fmt: TableJsonFormat = "table",
    *,
    fields: FieldInput,
) -> None:
    """修改周期事项；还没生成的和没人手工改过的未办事项随之改变。"""
    from bangongshi.formats.json import to_json
    from bangongshi.render import rules as views
    from bangongshi.services import rules as service

    s = session(ctx)
    given = service.RuleInput(title=fields.title, rule=rule, policy=policy, lead=lead, catch_up=catch_up,
                              start=start, ends=until)
    fields = fields._replace(title=None)
    changed, made = service.edit(s, rule_id(rid), given, fields)
    output.notices(s.notices)
    if fmt == "json":
        output.data(to_json(views.rule_made_object(changed, made)))
        return
    output.say(f"已修改 R{changed.id}：{changed.title}（{views.when_text(changed)}）")
    _say_made(made)


@recur.command("pause", epilog=examples(
    "bgs recur pause R1",
))
def pause(ctx: typer.Context, rid: RuleIdArgument) -> None:
    """暂停：暂停期间不再生成。"""
    from bangongshi.services import rules as service

    changed = service.pause(session(ctx), rule_id(rid))
    output.say(f"已暂停 R{changed.id}：{changed.title}")


@recur.command("resume", epilog=examples(
    "bgs recur resume R1",
))
def resume(ctx: typer.Context, rid: RuleIdArgument) -> None:
    """恢复：从今天起照常生成（暂停期间的不补）。"""
    from bangongshi.services import rules as service

    s = session(ctx)
    changed, made = service.resume(s, rule_id(rid))
    output.notices(s.notices)
    output.say(f"已恢复 R{changed.id}：{changed.title}")
    _say_made(made)


@recur.command("end", epilog=examples(
    "bgs recur end R1 --after 2026-12-31",
))
def end(ctx: typer.Context, rid: RuleIdArgument,
        after: Annotated[Optional[str], typer.Option("--after", metavar="DATE", help="最后一天（默认今天）")] = None) -> None:
    """结束：此后不再生成；之后的未办、未改过的事项一并移除。"""
    from bangongshi.services import rules as service

    s = session(ctx)
    changed, removed = service.end(s, rule_id(rid), after)
    output.notices(s.notices)
    output.say(f"R{changed.id} {changed.title} 到 {changed.ends.isoformat()} 为止")
    for item in removed:
        output.say(f"  已移除 #{item.id} {item.occurrence.isoformat()} {item.title}")


@recur.command("delete", epilog=examples(
    "bgs recur delete R1",
))
def delete(ctx: typer.Context, rid: RuleIdArgument,
           yes: Annotated[bool, typer.Option("--yes", "-y", help="不再确认")] = False) -> None:
    """删除周期事项（bgs undo 可以恢复）；已生成的事项留下，今天以后未办、未改过的一并删除。"""
    import sys

    from bangongshi.services import rules as service

    s = session(ctx)
    rule = service.get(s, rule_id(rid))
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput("删除需要确认：没有终端可以提问，请加 --yes")
        if not adapter.confirm(f"确定删除周期事项 R{rule.id} {rule.title}？"):
            output.say("未删除")
            return
    removed_rule, removed = service.delete(s, rule.id)
    output.say(f"已删除周期事项 R{removed_rule.id}：{removed_rule.title}（bgs undo 可以恢复）")
    for item in removed:
        output.say(f"  一并删除 #{item.id} {item.occurrence.isoformat()} {item.title}")
