"""Commands that capture, find and change items."""

from typing import Annotated, Optional

import typer

from bangongshi.cli import adapter, capture, output
from bangongshi.cli.context import session, state
from bangongshi.cli.options import (FOLDERS, FormatOption, IdsArgument, RawOption, checked, choice_option, declared,
                                    examples, parse_ids, raw_format, with_item_fields)
from bangongshi.cli.params import ITEM_FIELDS, Choice
from bangongshi.errors import BadInput
from bangongshi.model import Folder
from bangongshi.services import items as service
from bangongshi.services.fields import FieldInput
from bangongshi.services.items import ListInput

app = typer.Typer()

UnlockOption = Annotated[bool, typer.Option("--unlock", help="显示加密事项的内容（需要口令）")]
[KIND] = [param for param in ITEM_FIELDS if param.name == "kind"]


def _clearable(value: str) -> str:
    from bangongshi.services.fields import clear_fields

    clear_fields([value])
    return value


# The fields --clear empties, by their option names (the model also takes a few other names for them).
CLEARABLE = Choice("清除字段，可重复", dict.fromkeys(
    ("due", "at", "duration", "where", "from", "kind", "tag", "estimate", "note", "result", "handler", "attention",
     "remind"), ""), _clearable)


@app.command("add", epilog=examples(
    "bgs add 起草年终总结 --due 周五下班前 --important --key --estimate 半天  # 记入 待办",
    "bgs add -t 联系会场 --from 王主任  # 记入 临时：当场交办的事",
    "bgs add 党组会 --at 明天下午2点半 --where 三楼会议室 --remind 提前半小时",
))
@declared(capture.ADD)
def add(ctx: typer.Context, **values) -> None:
    """记下一件事：默认放进 待办，-t 放进 临时。"""
    capture.add(state(ctx), values)


@app.command("list", epilog=examples(
    "bgs list  # 待办和临时",
    "bgs list 已处理 -n 10",
    "bgs list --search 总结 --from 王主任 --overdue",
))
def list_items(
    ctx: typer.Context,
    folder: Annotated[Optional[str], typer.Argument(help=f"{FOLDERS.help}；默认 待办和临时", metavar="FOLDER",
                                                    callback=checked(FOLDERS))] = None,
    everything: Annotated[bool, typer.Option("--all", "-a", help="全部文件夹")] = False,
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="在标题和备注中查找")] = None,
    source: Annotated[Optional[str], typer.Option("--from", metavar="NAME", help="交办人")] = None,
    kind: Annotated[Optional[str], choice_option("--kind", choice=KIND.choice, metavar="KIND")] = None,
    tags: Annotated[Optional[list[str]], typer.Option("--tag", metavar="TAG", help="标签，可重复（同时具备）")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已逾期的")] = False,
    due_before: Annotated[Optional[str], typer.Option("--due-before", metavar="DATE", help="截止不晚于此日（含）")] = None,
    due_after: Annotated[Optional[str], typer.Option("--due-after", metavar="DATE", help="截止不早于此日（含）")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="最多显示几条")] = None,
    fmt: FormatOption = "table",
    unlock: UnlockOption = False,
    raw: RawOption = False,
) -> None:
    """列出事项。加密事项显示为【密】，除非 --unlock 并给出口令。"""
    raw_format(raw, fmt)
    if folder and everything:
        raise BadInput("文件夹和 --all 只能选一个")
    wanted = ListInput(folder=folder, everything=everything, search=search, source=source, kind=kind,
                       tags=tags or [], overdue=overdue, due_before=due_before, due_after=due_after,
                       limit=limit)
    s = session(ctx)
    if fmt in ("json", "csv") and not unlock:
        # For scripts: every item may be asked for (110,000 of them); read and written one at a time.
        output.items(service.stream(s, wanted, fmt, raw), fmt, raw=raw)
        return
    found = _revealed(s, service.listing(s, wanted), unlock)
    if fmt == "table" and not found:
        output.say("没有符合条件的事项")
        return
    output.items(found, fmt, today=s.now.date(), raw=raw)


@app.command("show", epilog=examples(
    "bgs show 12  # 全部字段和历史",
    "bgs show 12 13 --format json",
))
def show(ctx: typer.Context, ids: IdsArgument, fmt: FormatOption = "table", unlock: UnlockOption = False) -> None:
    """查看事项的全部字段和历史。"""
    s = session(ctx)
    found = _revealed(s, service.find(s, parse_ids(ids)), unlock)
    from bangongshi.render import sync as sync_views
    from bangongshi.services import sync_status as sync_service

    conflicts = sync_service.item_conflicts(s, found, unlock)
    from bangongshi.render.registers import link_object, link_text
    from bangongshi.services.registers import links

    linked = links(s, found)
    if fmt == "json":
        from bangongshi.formats.json import item_object, to_json

        shown = [{**item_object(i), "sync_conflicts": sync_views.item_conflict_objects(conflicts.get(i.uuid, [])),
                  "register": link_object(linked.get(i.id))} for i in found]
        output.data(to_json(shown[0] if len(shown) == 1 else shown))
        return
    if fmt != "table":
        output.items(found, fmt)
        return
    from bangongshi.render import table
    from bangongshi.render.text import describe_change
    from bangongshi.services import journal as history_service

    for item in found:
        journal = history_service.item_history(s, item.id)
        if unlock:
            journal = _locks().reveal_history(s, journal)
        history = [
            (run.started.strftime("%Y-%m-%d %H:%M"), describe_change(change) + ("（已撤销）" if run.undone else ""))
            for run, change in journal
        ]
        parent = service.find(s, [item.parent_id])[0] if item.parent_id and service.exists(s, item.parent_id) else None
        if parent:
            parent = _revealed(s, [parent], unlock)[0]
        steps = _revealed(s, service.steps(s, item.id), unlock)
        table.item_detail(item, history, parent, steps, _follow_log(s, item.id, unlock),
                          sync_views.item_conflict_lines(conflicts.get(item.uuid, [])), link_text(linked.get(item.id)))


def _locks():
    from bangongshi.services import locks

    return locks


def _revealed(s, items: list, unlock: bool) -> list:
    return _locks().reveal(s, items) if unlock else items


def _follow_log(s, item_id: int, unlock: bool = False) -> list[str]:
    from bangongshi.render.text import follow_line
    from bangongshi.services import follow

    entries = follow.history(s, item_id)
    if unlock:
        entries = _locks().reveal_follow_ups(s, entries)
    return [follow_line(entry) for entry in entries]


@app.command("done", epilog=examples(
    'bgs done 12 --result "已联系，三楼会议室"',
    "bgs done 12 15 --spent 2h  # 记下实际用时",
))
def done(
    ctx: typer.Context,
    ids: IdsArgument,
    result: Annotated[Optional[str], typer.Option("--result", "-r", help="处理结果")] = None,
    spent: Annotated[Optional[str], typer.Option("--spent", metavar="TIME", help="实际用时，如 30m、2h、半天")] = None,
    fmt: FormatOption = "table",
) -> None:
    """办结：移到 已处理，记下时间和结果。"""
    s = session(ctx)
    finished = service.finish(s, parse_ids(ids), result, spent)
    output.notices(s.notices)
    output.edited(finished, fmt, "已办结", s.now.date())


@app.command("move", epilog=examples(
    "bgs move 12 临时",
    "bgs move 12 13 已处理 --result 已办  # 等于 bgs done",
))
def move(
    ctx: typer.Context,
    args: Annotated[list[str], typer.Argument(help="事项编号，最后是文件夹：12 13 临时", metavar="ID... FOLDER")],
    result: Annotated[Optional[str], typer.Option("--result", "-r", help="移到 已处理 时的处理结果")] = None,
    fmt: FormatOption = "table",
) -> None:
    """把事项移到另一个文件夹：待办、临时、已处理。"""
    if len(args) < 2:
        raise BadInput("用法：bgs move ID... 文件夹，例如：bgs move 12 临时")
    folder = Folder.parse(args[-1], "文件夹")
    s = session(ctx)
    moved = service.move(s, parse_ids(args[:-1]), folder, result)
    output.notices(s.notices)
    output.edited(moved, fmt, "已移动", s.now.date())


@app.command("edit", epilog=examples(
    "bgs edit 12 --due 下周一 --clear from",
    "bgs edit 12 --tag 急件 --untag 旧",
    "bgs edit 12 --editor  # 在编辑器里改备注",
))
@with_item_fields
def edit(
    ctx: typer.Context,
    ids: IdsArgument,
    title_option: Annotated[Optional[str], typer.Option("--title", help="新标题")] = None,
    clear: Annotated[Optional[list[str]], choice_option("--clear", choice=CLEARABLE, metavar="FIELD", many=True)] = None,
    untag: Annotated[Optional[list[str]], typer.Option("--untag", help="去掉标签，可重复")] = None,
    editor: Annotated[bool, typer.Option("--editor", "-e", help="在 $EDITOR 中编辑备注")] = False,
    move_steps: Annotated[Optional[bool], typer.Option(
        "--move-steps/--keep-steps", help="改了时间的事项有模板步骤时：步骤随之移动，或留在原日期")] = None,
    fmt: FormatOption = "table",
    *,
    fields: FieldInput,
) -> None:
    """修改事项的字段。"""
    s = session(ctx)
    wanted = parse_ids(ids)
    if editor:
        if len(wanted) != 1:
            raise BadInput("--editor 一次只能编辑一个事项的备注")
        if fields.note is not None:
            raise BadInput("--editor 和 --note 只能选一个")
        from bangongshi.cli.editor import edit_text

        from bangongshi.services import locks

        # A locked item's notes are opened first (asking for the passphrase), never its mask.
        fields = fields._replace(note=edit_text(locks.reveal(s, service.find(s, wanted))[0].notes))
        if fields.note is None:
            output.say("备注未改动")
            if not any(fields) and not clear and not untag:
                return
    if move_steps is None and (fields.at is not None or fields.due is not None):
        move_steps = _ask_to_move_steps(s, wanted)
    updated = service.edit(s, wanted, fields, clear or [], untag or [], move_steps=bool(move_steps))
    output.notices(s.notices)
    output.edited(updated, fmt, "已修改", s.now.date(), s.readings)


def _ask_to_move_steps(s, ids: list[int]) -> bool:
    """Ask in a terminal; a script that did not say keeps the steps where they are, and is told."""
    import sys

    with_steps = {i: n for i in ids if (n := service.open_step_count(s, i))}
    if not with_steps:
        return False
    listed = "、".join(f"#{i}（{n} 个未办步骤）" for i, n in with_steps.items())
    if sys.stdin.isatty():
        return adapter.confirm(f"{listed} 的时间变了，步骤的日期随之移动吗？", default=True)
    s.notice(f"{listed} 的步骤留在原日期；要随之移动请加 --move-steps")
    return False


@app.command("reopen", epilog=examples(
    "bgs reopen 12  # 回到原来的文件夹",
))
def reopen(ctx: typer.Context, ids: IdsArgument, fmt: FormatOption = "table") -> None:
    """重新打开已处理的事项，回到原来的文件夹。"""
    s = session(ctx)
    reopened = service.reopen(s, parse_ids(ids))
    output.notices(s.notices)
    output.edited(reopened, fmt, "已重新打开", s.now.date())


@app.command("delete", epilog=examples(
    "bgs delete 12 13  # 先确认",
    "bgs delete 12 --yes  # 脚本里不再确认",
))
def delete(
    ctx: typer.Context,
    ids: IdsArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再确认")] = False,
    fmt: FormatOption = "table",
) -> None:
    """删除事项（bgs undo 可以恢复）。"""
    import sys

    s = session(ctx)
    doomed = service.find(s, parse_ids(ids))
    if not yes:
        if not sys.stdin.isatty():
            raise BadInput("删除需要确认：没有终端可以提问，请加 --yes")
        from bangongshi.render.echo import item_name

        names = "；".join(item_name(i.id, i.title) for i in doomed)
        if not adapter.confirm(f"确定删除 {len(doomed)} 个事项：{names}？"):
            output.say("未删除")
            return
    deleted = service.delete(s, [i.id for i in doomed])
    output.changed(deleted, fmt, "已删除")
    if fmt == "table":
        output.say("（bgs undo 可以恢复）")
