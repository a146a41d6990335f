"""Week and month views for people and scripts."""

from bangongshi.formats.json import item_object
from bangongshi.domain.calendar import WEEKDAYS



def status(info) -> str:
    if not info.workday:
        return f"休息（{info.reason}）"
    if info.reason == "调休上班":
        return "调休上班"
    return "工作日" if info.source != "local" else info.reason


def day_object(load, today) -> dict:
    info = load.info
    return {
        "date": info.date.isoformat(), "weekday": info.date.isoweekday(), "workday": info.workday,
        "reason": info.reason, "holiday": info.holiday, "estimated": info.estimated, "today": info.date == today,
        "capacity_minutes": load.capacity_minutes, "load_minutes": load.load_minutes, "over": load.over,
        "due": [item_object(i) for i in load.due],
        "appointments": [item_object(i) for i in load.appointments],
        "done": [item_object(i) for i in load.done],
    }


def _load_text(load) -> str:
    if not load.capacity_minutes:
        return f"{load.load_minutes / 60:.1f}h" if load.load_minutes else ""
    return f"{load.load_minutes / 60:.1f}/{load.capacity_minutes / 60:.1f}h" + (" 超" if load.over else "")


def _things(load, today, room: int):
    """The day's things, each styled by what it means (render.styles): an open item whose day has
    passed is red and reads 「逾期」, today's are bold, key work is marked 「重点」, done ones are dim with ✓.
    Only as many as fill `room` cells and one more: the table cuts the cell there (a busy day holds
    thousands, and measuring each cost more than the rest of the view)."""
    from bangongshi.render import styles
    from bangongshi.render.lines import cell_len

    cell = styles.Styled()
    used = 0
    for kind, i in [("at", i) for i in load.appointments] + [("due", i) for i in load.due] + [
            ("done", i) for i in load.done]:
        if used > room:
            break
        start = len(cell.pieces)
        cell.append("；" if cell.pieces else "")
        if kind == "at":
            cell.append(f"{i.at:%H:%M} ", styles.state_style(i, today))
            cell.extend(styles.title_cell(i, today))
        elif kind == "due":
            cell.append(f"#{i.id} ", styles.state_style(i, today))
            cell.extend(styles.title_cell(i, today))
            if styles.due_state(i, today) == "overdue":
                cell.append(f"（{styles.OVERDUE_MARK}）", styles.OVERDUE)
        else:  # what was done on a day that has passed (or earlier today)
            cell.append(f"✓#{i.id} {i.title}", styles.DONE)
        used += sum(cell_len(text) for text, _ in cell.pieces[start:])
    return cell


def table(loads, today, title: str) -> None:
    from bangongshi.render import lines as out_lines
    from bangongshi.render.lines import Styled
    from bangongshi.render.table import print_table

    room = out_lines.width()  # no cell is shown wider than the terminal
    if out_lines.cell_len(title) <= room:
        out_lines.write([Styled(title, "bold")])
    else:  # Rich wraps it, as it always did
        from rich.console import Console
        from rich.text import Text

        Console(highlight=False).print(Text(title, style="bold"))
    rows = []
    for load in loads:
        info = load.info
        mark = "▶" if info.date == today else ""
        style = "red" if not info.workday else ("bold yellow" if info.reason == "调休上班" else "")
        rows.append([Styled(f"{mark}{info.date.month}-{info.date.day:02d}"), Styled(f"周{WEEKDAYS[info.date.weekday()]}", style),
                     Styled(status(info) + (" 估计" if info.estimated else ""), style),
                     Styled(_load_text(load), "red" if load.over else ""), _things(load, today, room)])
    print_table(["日期", "星期", "状态", "负荷", "事项"], rows, "事项", droppable=("状态",))
