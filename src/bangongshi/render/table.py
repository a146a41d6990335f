"""Rich views for people. Borders are ASCII: box-drawing characters are "ambiguous width" and
come out double-width in Chinese-locale terminals, which breaks every rule across the table."""

import sys
from datetime import date
from itertools import chain

from bangongshi.domain.durations import format_minutes
from bangongshi.formats.json import ACTION_LABELS, ACTOR_LABELS
from bangongshi.formats.visible import visible
from bangongshi.model import Folder, Item
from bangongshi.render import lines as out_lines
from bangongshi.render import styles
from bangongshi.render import text as phrases
from bangongshi.render.lines import Styled, rich_text, text_width

TYPE_CHECKING = False  # not typing's (formats/json.py says why)
if TYPE_CHECKING:  # the journal's records are for `bgs log`: the agenda's views do not load them
    from bangongshi.model.journal import Run

FOLDER_STYLES = {Folder.TODO: "bold blue", Folder.TEMP: "bold dark_orange", Folder.DONE: "green"}


def rules_box():
    """The ASCII rules of the tables Rich lays out itself (the agenda's matrix, the month grid)."""
    from rich import box

    return box.Box(
        "    \n"
        "    \n"
        " -  \n"
        "    \n"
        "    \n"
        " -  \n"
        "    \n"
        "    \n",
        ascii=True,
    )


def console():
    """A Rich Console for the views Rich lays out (details, grids). Created at print time so that
    it writes to whatever sys.stdout is now (tests swap it)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, emoji=False)


def folder_text(folder: Folder, colors: dict[str, str] | None = None) -> Styled:
    style = colors[folder.code] if colors else FOLDER_STYLES[folder]
    return Styled(folder.label, style)


def print_table(columns: list[str], rows: list[list], flexible: str,
                 capped: dict[str, int] | None = None, right: tuple[str, ...] = ("编号",),
                 droppable: tuple[str, ...] = ()) -> None:
    """A table where the `flexible` column (the title: what people read) gets the room first.
    It wants at least 30% of the terminal (24 cells, 12 Chinese characters, at 80 columns), or its
    whole text if shorter; to make that room, columns whose cells come as a pair (full, short)
    switch to the short form, then the `droppable` columns go, first named first. Only then is
    the flexible column cut with "…". Cells are str, Styled, Rich Text, or a (full, short) pair."""
    pairs = rows
    # A plain text cell stays a str (made visible, on one line); others become Styled. A ledger of
    # 15,000 rows has 135,000 cells: one Styled each was a third of its time. Whole columns are
    # looked at by SQLite-like bulk steps (the types present, the distinct texts) where they can be.
    if any(issubclass(kind, tuple) for kind in set(map(type, chain.from_iterable(pairs)))):
        rows = [[_cell(cell[0] if isinstance(cell, tuple) else cell) for cell in row] for row in pairs]
        shortable = [name for index, name in enumerate(columns)
                     if any(isinstance(row[index], tuple) and row[index][1] is not None for row in pairs)]
    else:
        rows = [[_cell(cell) for cell in row] for row in pairs]
        shortable = []
    total = out_lines.width()
    widths = {}

    def natural(index: int, name: str) -> int:
        column = [row[index] for row in rows]
        texts = {cell for cell in column if type(cell) is str} if str in set(map(type, column)) else set()
        found = [text_width(text) for text in texts] + [cell.cell_len for cell in column if type(cell) is not str]
        return min(max([text_width(name)] + found), (capped or {}).get(name, 10**6))

    for index, name in enumerate(columns):
        widths[name] = natural(index, name)
    shown = list(columns)
    to_drop = [name for name in droppable if name in shown]  # a caller may have left one out already

    def spare() -> int:
        # Each column is padded by one cell on both sides and separated by one more.
        return total - sum(widths[n] for n in shown if n != flexible) - 3 * len(shown)

    wanted = min(widths[flexible], max(12, total * 3 // 10))
    while spare() < wanted and (shortable or to_drop):
        if shortable:
            name = shortable.pop(0)
            index = columns.index(name)
            for row, pair in zip(rows, pairs):
                if isinstance(pair[index], tuple) and pair[index][1] is not None:
                    row[index] = _cell(pair[index][1])
            widths[name] = natural(index, name)
        else:
            shown.remove(to_drop.pop(0))
    widths[flexible] = max(8, min(widths[flexible], spare()))
    # A very narrow terminal: the widest columns give way too, down to four cells, each cut with "…".
    while sum(widths[n] for n in shown) + 3 * (len(shown) - 1) > total:
        widest = max((n for n in shown if n not in right and widths[n] > 4), key=lambda n: widths[n], default=None)
        if widest is None:
            break
        widths[widest] -= 1
    # Every width is known by now, so each line is laid out directly: a Rich Table would measure
    # every cell again (a third of the agenda's time at 10,000 items).
    lines = [_line([Styled(name, "bold") for name in shown], shown, widths, right)]
    lines.append(Styled(" ".join("-" * (widths[name] + (1 if index in (0, len(shown) - 1) else 2))
                                 for index, name in enumerate(shown))))
    keep = [index for index, name in enumerate(columns) if name in shown]
    for row in rows:
        lines.append(_line([row[index] for index in keep], shown, widths, right))
    # Each line is as wide as its columns and the spaces between them: when that fits, none is cut.
    fits = sum(widths[n] for n in shown) + 3 * (len(shown) - 1) <= total
    out_lines.write(lines if fits else (line.cut(total) for line in lines))


def _cell(cell) -> "str | Styled":
    """A cell as the table lays it out: a str as Styled(str).one_line() would hold it, else a Styled."""
    if type(cell) is str:
        if cell.isprintable():  # no control character, no line break: nothing to change
            return cell
        text = visible(cell)
        return text.replace("\n", " ") if "\n" in text else text
    return Styled.of(cell).one_line()


def _line(cells: list, names: list[str], widths: dict[str, int], right: tuple[str, ...]) -> Styled:
    """One table row: cells cut with "…" to their column's width, one space of padding inside each
    column (none at the outer edges) and one space between columns. Plain text that fits is joined
    as text (the same characters, no style)."""
    line = Styled()
    pieces = line.pieces
    for index, (name, cell) in enumerate(zip(names, cells)):
        room = widths[name]
        gap = "   " if index else ""
        if type(cell) is str:
            size = text_width(cell)
            if size <= room:
                padding = " " * (room - size)
                pieces.append((gap + padding + cell if name in right else gap + cell + padding, ""))
                continue
            cell = Styled(cell)
        elif len(cell.pieces) == 1:  # one style (a status): the same pieces, without cutting a copy
            text, style = cell.pieces[0]
            size = text_width(text)
            if size <= room:
                padding = " " * (room - size)
                if name in right:
                    pieces += ((gap + padding, ""), (text, style))
                else:
                    pieces += ((gap, ""), (text, style), (padding, ""))
                continue
        cell = cell.cut(room)
        padding = " " * (room - cell.cell_len)
        if gap:
            line.append(gap)
        if name in right:
            line.append(padding)
            line.extend(cell)
        else:
            line.extend(cell)
            line.append(padding)
    return line


def items_table(items: list[Item], today: date, colors: dict[str, str] | None = None) -> None:
    rows = []
    for item in items:
        title = styles.title_cell(item, today)
        if item.tags:
            title.append(" " + " ".join(f"#{t}" for t in item.tags), "cyan")
        rows.append([
            str(item.id), folder_text(item.folder, colors), title,
            styles.due_cell(phrases.due_text(item, today), item, today),
            phrases.flags_text(item), item.source, phrases.estimate_text(item),
        ])
    print_table(["编号", "文件夹", "标题", "截止", "标记", "交办人", "预计"], rows, "标题", {"交办人": 12},
                 droppable=("预计", "标记", "交办人", "文件夹"))


def item_detail(item: Item, history: list[tuple[str, str]], parent: Item | None = None,
                steps: list[Item] | None = None, follow_log: list[str] | None = None,
                sync_conflicts: list[str] | None = None, register: str = "") -> None:
    """`register`: the 登记簿 line the item belongs to (收文编号/文号, or a 来电来访), if any."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("编号", f"#{item.id}"),
        ("标题", item.title),
        ("文件夹", Text(item.folder.label, style=FOLDER_STYLES[item.folder])),
        ("类别", item.kind.label if item.kind else ""),
        ("标记", phrases.flags_text(item) or ("常规" if not item.key else "")),
        ("截止", phrases.due_text(item, None) if item.due else ""),
        ("开始", phrases.moment_text(item.at)),
        ("时长", format_minutes(item.duration_minutes)),
        ("地点", item.location),
        ("交办人", item.source),
        ("交办时间", phrases.moment_text(item.assigned_at)),
        ("标签", " ".join(f"#{t}" for t in item.tags)),
        ("预计用时", phrases.estimate_text(item)),
        ("备注", item.notes),
        ("处理时间", phrases.moment_text(item.done_at)),
        ("处理结果", item.result),
        ("关注程度", item.attention.label if item.attention else ""),
        ("承办人", item.handler),
        ("催办周期", item.follow_every),
        ("反馈", ("已反馈 " + phrases.moment_text(item.reported_at)) if item.reported_at
                  else "办结后向交办人反馈" if item.report_required else ""),
        ("移交", f"{item.handoff_to}（{'已确认接收' if item.acknowledged_at else '待接收'}）" if item.handoff_to else ""),
        ("周期事项", f"R{item.recurrence_id}（{item.occurrence.isoformat()} 这一次）" if item.recurrence_id else ""),
        ("属于", f"#{item.parent_id} {parent.title if parent else '（已删除）'}" if item.parent_id else ""),
        ("登记", register),
        ("创建", phrases.moment_text(item.created)),
        ("更新", phrases.moment_text(item.updated)),
    ]
    for label, value in rows:
        if value:  # as Text: a title's "[/x]" is text, not Rich markup; control characters visible
            grid.add_row(label, rich_text(value) if isinstance(value, str) else value)
    out = console()
    out.print(grid)
    if steps:
        out.print(Text("\n步骤", style="bold"))
        for step in steps:
            mark = "✓" if not step.is_open else " "
            day = step.due.isoformat() if step.due else ""
            out.print(rich_text(f"  {mark} #{step.id} {day} {step.title}"), soft_wrap=True)
    if follow_log:
        out.print(Text("\n督办记录", style="bold"))
        for line in follow_log:
            out.print(rich_text(f"  {line}"), soft_wrap=True)
    if sync_conflicts:
        out.print(Text("\n同步冲突（bgs sync conflicts）", style="bold"))
        for line in sync_conflicts:
            out.print(rich_text(f"  {line}"), soft_wrap=True)
    if history:
        out.print(Text("\n历史", style="bold"))
        for when, what in history:
            out.print(rich_text(f"  {when}  {what}"))


def runs_table(runs: list["Run"]) -> None:
    rows = []
    for run in runs:
        if run.action != "command":
            state = f"{ACTION_LABELS[run.action]}了 #{run.target_run}"
        else:
            state = "已撤销" if run.undone else ""
        rows.append([str(run.id), run.started.strftime("%Y-%m-%d %H:%M"), ACTOR_LABELS[run.actor], run.command,
                     str(run.change_count), state])
    print_table(["编号", "时间", "来自", "命令", "变更", "状态"], rows, "命令", right=("编号", "变更"),
                 droppable=("来自", "变更"))
