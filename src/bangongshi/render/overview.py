"""Week and month views for people and scripts."""

from datetime import datetime

from bangongshi.formats.json import item_object
from bangongshi.formats.visible import visible
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


# ---- the week's plan for the wall (issue #22): days × 上午/下午 -------------------------------------------

HALVES = ("上午", "下午", "当天截止")


def plan_grid(loads, tz) -> list[tuple[str, str, list[list[str]]]]:
    """Each day as (heading, note, [morning, afternoon, due that day]): appointments by their start (before
    noon is 上午), a deadline with a time by that time, one without in 当天截止. `note`: 休息 (and the
    holiday) or 调休上班, empty on an ordinary workday."""
    days = []
    for load in loads:
        info = load.info
        halves: list[list[str]] = [[], [], []]
        for item in sorted(load.appointments, key=lambda i: i.at):
            start = item.at.astimezone(tz)
            where = getattr(item, "location", "")
            halves[0 if start.hour < 12 else 1].append(
                f"{start:%H:%M} {item.title}" + (f"（{where}）" if where else ""))
        for item in sorted(load.due, key=lambda i: (i.due_time is None, i.due_time or datetime.min.time(), i.id)):
            if item.due_time is not None:
                halves[0 if item.due_time.hour < 12 else 1].append(f"{item.due_time:%H:%M}前 {item.title}")
            else:
                halves[2].append(item.title)
        day = info.date
        heading = f"周{WEEKDAYS[day.weekday()]} {day.month}月{day.day}日"
        note = ("休息" + (f"（{info.holiday}）" if info.holiday else "")) if not info.workday else \
            ("调休上班" if info.reason == "调休上班" else "")
        days.append((heading, note, halves))
    return days


def plan_html(loads, tz, title: str) -> str:
    """A self-contained page (no script, no outside file), every text escaped: a table of the days across
    and 上午/下午/当天截止 down, A4 landscape when printed."""
    from html import escape

    grid = plan_grid(loads, tz)
    shown = lambda text: escape(visible(text))  # noqa: E731
    head = "".join(f'<th{" class=rest" if note.startswith("休息") else ""}>{shown(heading)}'
                   + (f"<small>{shown(note)}</small>" if note else "") + "</th>" for heading, note, _ in grid)
    body = []
    for number, half in enumerate(HALVES):
        cells = "".join(f'<td{" class=rest" if note.startswith("休息") else ""}>'
                        + "".join(f"<p>{shown(line)}</p>" for line in halves[number]) + "</td>"
                        for _, note, halves in grid)
        body.append(f"<tr><th>{half}</th>{cells}</tr>")
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{shown(title)}</title><style>"
            "@page{size:A4 landscape;margin:12mm}"
            "body{font-family:\"仿宋_GB2312\",FangSong,\"仿宋\",serif;margin:0 auto;max-width:1100px}"
            "h1{font-family:\"方正小标宋简体\",\"华文中宋\",serif;text-align:center;font-weight:normal;font-size:22pt}"
            "table{border-collapse:collapse;width:100%;table-layout:fixed}"
            "th,td{border:1px solid #333;padding:4px;vertical-align:top;font-size:12pt}"
            "thead th{background:#eee}tbody th{width:5em;background:#f6f6f6}"
            "th small{display:block;font-weight:normal;font-size:10pt}.rest{background:#f0f0f0;color:#666}"
            "td p{margin:0 0 4px}"
            f"</style></head><body><h1>{shown(title)}</h1><table><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table></body></html>\n")


def plan_paper(loads, tz, title: str):
    """The same table as a landscape 公文 (formats.docx)."""
    from bangongshi.formats.docx import Paper, Table

    grid = plan_grid(loads, tz)
    headers = ("",) + tuple(heading + (f"（{note}）" if note else "") for heading, note, _ in grid)
    rows = tuple((half,) + tuple("\n".join(halves[number]) for _, _, halves in grid)
                 for number, half in enumerate(HALVES))
    document = Paper(title, landscape=True)
    document.blocks.append(Table(headers, rows, (), (1.2,) + (2,) * len(grid)))
    return document
