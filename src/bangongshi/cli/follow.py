"""督办 and feedback: `readback`, `assign`, `nudge`, `progress`, `follow`, `reported`, `handoff`, `ack`,
`extend` (延期 asked and answered)."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import daily, output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import (ColumnsOption, FormatOption, LabelsOption, RawOption, choice_option, examples,
                                    format_option, parse_ids)
from bangongshi.cli.params import coded
from bangongshi.domain.follow import Channel
from bangongshi.errors import BadInput
from bangongshi.render.echo import item_name

app = typer.Typer()

IdArgument = Annotated[str, typer.Argument(help="事项编号", metavar="ID")]
# The words of the service's own messages: a 催办 and a 反馈 are sent by the same channels.
NUDGE_VIA = coded("方式", Channel, "催办方式")
ViaOption = Annotated[Optional[str], choice_option("--via", choice=coded("方式", Channel, "反馈方式"), metavar="HOW")]
NoteOption = Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="备注")]
LEDGER_FORMATS, LEDGER_ROWS = daily.LEDGER_FORMATS, daily.LEDGER_ROWS


def _id(text: str) -> int:
    ids = parse_ids([text])
    if len(ids) != 1:
        raise BadInput("一次只能处理一个事项")
    return ids[0]


def _service():
    from bangongshi.services import follow

    return follow


@app.command("readback", epilog=examples(
    "bgs readback 12",
))
def readback(ctx: typer.Context, item: IdArgument) -> None:
    """复述确认：接受任务时复述的一句话，可直接发给交办人。"""
    output.text(_service().readback(session(ctx), _id(item)))


@app.command("assign", epilog=examples(
    "bgs assign 12 --to 教育科张三 --every 每2个工作日 --due 下周五",
))
def assign(
    ctx: typer.Context, item: IdArgument,
    to: Annotated[str, typer.Option("--to", metavar="NAME", help="承办人，如 教育科张三")],
    due: Annotated[Optional[str], typer.Option("--due", metavar="DATE", help="办理时限")] = None,
    every: Annotated[Optional[str], typer.Option("--every", metavar="RULE", help="催办周期，如 每2个工作日、每周一")] = None,
    fmt: FormatOption = "table",
) -> None:
    """交办督办：别人承办，我负责跟踪催办，直到结果反馈。"""
    s = session(ctx)
    saved = _service().assign(s, _id(item), to, due, every)
    output.notices(s.notices)
    if fmt != "table":
        output.items([saved], fmt, single=True)
        return
    cadence = f"，{saved.follow_every}催办" if saved.follow_every else ""
    output.say(f"已交办 {item_name(saved.id, saved.title)}：{saved.handler}承办{cadence}")


@app.command("nudge", epilog=examples(
    "bgs nudge 12 --via 电话 --note 已开始排查",
))
def nudge(ctx: typer.Context, item: IdArgument,
          via: Annotated[str, choice_option("--via", choice=NUDGE_VIA, metavar="HOW")],
          note: NoteOption = None) -> None:
    """记一次催办。"""
    s = session(ctx)
    found = _service().nudge(s, _id(item), via, note)
    output.notices(s.notices)
    output.say(f"已记催办 {item_name(found.id, found.title)}（{found.handler}）")


@app.command("progress", epilog=examples(
    "bgs progress 12 已检查8所学校",
))
def progress(ctx: typer.Context, item: IdArgument,
             text: Annotated[list[str], typer.Argument(help="进展情况", metavar="TEXT")]) -> None:
    """记一条进展。"""
    s = session(ctx)
    found = _service().progress(s, _id(item), " ".join(text))
    output.say(f"已记进展 {item_name(found.id, found.title)}")


@app.command("reported", epilog=examples(
    "bgs reported 12 --via 当面",
))
def reported(ctx: typer.Context, item: IdArgument, via: ViaOption = None, note: NoteOption = None) -> None:
    """办理结果已向交办人反馈（事事有回音）。"""
    s = session(ctx)
    saved = _service().reported(s, _id(item), via, note)
    output.say(f"已反馈 {item_name(saved.id, saved.title)}" + (f"（向{saved.source}）" if saved.source else ""))


@app.command("handoff", epilog=examples(
    "bgs handoff 12 --to 李四 --note 材料在共享盘",
))
def handoff(ctx: typer.Context, item: IdArgument,
            to: Annotated[str, typer.Option("--to", metavar="NAME", help="接手的人")],
            note: NoteOption = None) -> None:
    """移交：整件事交给别人负责；对方确认（bgs ack）之前仍在我的清单上。"""
    s = session(ctx)
    saved = _service().handoff(s, _id(item), to, note)
    output.notices(s.notices)
    output.say(f"已移交 {item_name(saved.id, saved.title)} 给{saved.handoff_to}，等对方确认接收（bgs ack {saved.id}）")


@app.command("ack", epilog=examples(
    "bgs ack 12  # 李四已确认接收",
))
def ack(ctx: typer.Context, item: IdArgument) -> None:
    """对方已确认接收移交：事项离开我的未办清单。"""
    s = session(ctx)
    saved = _service().ack(s, _id(item))
    # A locked item's receiver is sealed (「【密】」): the message names nobody rather than the mask.
    who = "对方" if saved.locked else saved.handoff_to
    output.say(f"{who}已接收 {item_name(saved.id, saved.title)}，移到 已处理")


@app.command("extend", epilog=examples(
    "bgs extend 12 --to 12月10日 --reason 涉及三个部门，需会签",
    "bgs extend 12 --approve",
    "bgs extend 12 --refuse --note 市里12月5日要汇总，不能再延",
))
def extend(ctx: typer.Context, item: IdArgument,
           to: Annotated[Optional[str], typer.Option("--to", metavar="DATE", help="申请延期到哪天（承办人）")] = None,
           reason: Annotated[Optional[str], typer.Option("--reason", metavar="TEXT", help="延期理由（申请时必填）")] = None,
           approve: Annotated[bool, typer.Option("--approve", help="同意延期：时限改为申请的日期（交办人）")] = False,
           refuse: Annotated[bool, typer.Option("--refuse", help="不同意延期：时限不变（交办人）")] = False,
           note: NoteOption = None) -> None:
    """申请延期（时限之前，写明理由），或由交办人同意、不同意；同意后时限才改。"""
    s = session(ctx)
    if approve and refuse:
        raise BadInput("--approve 和 --refuse 只能选一个")
    if approve or refuse:
        if to is not None or reason is not None:
            raise BadInput("答复延期申请不用 --to、--reason（备注用 --note）")
        saved = _service().answer_extension(s, _id(item), approve, note)
        output.notices(s.notices)
        due = f"，时限改为 {saved.due:%m月%d日}" if approve and saved.due else ""
        output.say(f"已{'同意' if approve else '不同意'}延期 {item_name(saved.id, saved.title)}{due}")
        return
    if to is None or reason is None:
        raise BadInput("申请延期要写日期和理由：bgs extend ID --to 12月10日 --reason 理由；"
                       "交办人答复：bgs extend ID --approve 或 --refuse")
    found = _service().extend(s, _id(item), to, reason)
    output.notices(s.notices)
    output.say(f"已申请延期 {item_name(found.id, found.title)}，等交办人答复（时限暂不变）")


@app.command("follow", epilog=examples(
    "bgs follow",
    "bgs follow --overdue",
    "bgs follow --format xlsx -o 督办台账.xlsx  # 可直接打印",
))
def follow(ctx: typer.Context,
           overdue: Annotated[bool, typer.Option("--overdue", help="只看已逾期的")] = False,
           everything: Annotated[bool, typer.Option("--all", help="表格也列出已反馈、已移交的（json、csv、md 总是全部）")] = False,
           limit: Annotated[int, typer.Option("--limit", "-n", min=0,
                                              help="表格最多列出几项，最要紧的在前；0 为不限（--all 不限）")] = LEDGER_ROWS,
           fmt: format_option(LEDGER_FORMATS) = "table",
           raw: RawOption = False, labels: LabelsOption = None, columns: ColumnsOption = None,
           out: Annotated[Optional[str], typer.Option("--output", "-o", metavar="PATH",
                                                      help="写到文件（xlsx、docx 必须）")] = None) -> None:
    """督办台账：事项、交办人、承办人、交办日期、时限、催办次数、最近进展、状态；该催的在前。表格只列还要办的（办理中、逾期、待接收、待反馈）。
    xlsx 是可打印的中文表，docx 是公文样式。"""
    daily.ledger(state(ctx), overdue, everything, limit, fmt, raw, labels, columns, out)
