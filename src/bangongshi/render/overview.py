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


def _things(load, today):
    """The day's things, each styled by what it means (render.styles): an open item whose day has
    passed is red and reads 「逾期」, today's are bold, key work is marked 「重点」, done ones are dim with ✓."""
    from bangongshi.render import styles

    cell = styles.Styled()
    for i in load.appointments:
        cell.append("；" if cell.pieces else "").append(f"{i.at:%H:%M} ", styles.state_style(i, today))
        cell.extend(styles.title_cell(i, today))
    for i in load.due:
        cell.append("；" if cell.pieces else "").append(f"#{i.id} ", styles.state_style(i, today))
        cell.extend(styles.title_cell(i, today))
        if styles.due_state(i, today) == "overdue":
            cell.append(f"（{styles.OVERDUE_MARK}）", styles.OVERDUE)
    for i in load.done:  # what was done on a day that has passed (or earlier today)
        cell.append("；" if cell.pieces else "").append(f"✓#{i.id} {i.title}", styles.DONE)
    return cell


def table(loads, today, title: str) -> None:
    from rich.console import Console
    from rich.text import Text

    from bangongshi.render.table import print_table

    Console(highlight=False).print(Text(title, style="bold"))
    rows = []
    for load in loads:
        info = load.info
        mark = "▶" if info.date == today else ""
        style = "red" if not info.workday else ("bold yellow" if info.reason == "调休上班" else "")
        rows.append([Text(f"{mark}{info.date.month}-{info.date.day:02d}"), Text(f"周{WEEKDAYS[info.date.weekday()]}", style=style),
                     Text(status(info) + (" 估计" if info.estimated else ""), style=style),
                     Text(_load_text(load), style="red" if load.over else ""), _things(load, today)])
    print_table(["日期", "星期", "状态", "负荷", "事项"], rows, "事项", droppable=("状态",))
