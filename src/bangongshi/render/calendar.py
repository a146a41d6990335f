"""Calendar views: the month grid and how a phrase was understood (people and scripts)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from bangongshi.domain.calendar import WEEKDAYS

if TYPE_CHECKING:
    from bangongshi.domain.calendar import DayInfo



def day_object(info: DayInfo, today: date) -> dict:
    return {
        "date": info.date.isoformat(), "weekday": info.date.isoweekday(), "workday": info.workday,
        "rest_day": not info.workday, "reason": info.reason, "holiday": info.holiday,
        "adjusted": info.workday and info.date.weekday() >= 5, "estimated": info.estimated,
        "source": info.source, "today": info.date == today,
    }


def when_object(answer) -> dict:
    return {
        "input": answer.text, "kind": answer.kind, "date": answer.day.isoformat(),
        "time": answer.time.strftime("%H:%M") if answer.time else None, "deadline": answer.deadline,
        "weekday": answer.day.isoweekday(), "rest_day": not answer.info.workday,
        "holiday": answer.info.holiday, "estimated": answer.estimated, "rrule": answer.rrule,
        "policy": answer.policy, "reading": answer.reading, "approximate": answer.approximate,
        "occurrences": [o.date.isoformat() for o in answer.occurrences],
        "estimated_dates": [o.date.isoformat() for o in answer.occurrences if o.estimated],
    }


def _day_text(info: DayInfo) -> str:
    text = f"{info.date.isoformat()}（周{WEEKDAYS[info.date.weekday()]}）"
    if not info.workday:
        text += f" 休息日（{info.reason}）"
    elif info.reason == "调休上班":
        text += f" 调休上班（{info.holiday or ''}）"
    return text + (" 估计" if info.estimated else "")


def when_lines(answer) -> list[str]:
    kinds = {"date": "日期", "datetime": "日期和时间", "recurrence": "周期"}
    lines = [f"「{answer.text}」 理解为{kinds[answer.kind]}："]
    if answer.kind == "recurrence":
        lines.append(f"  规则   {answer.rrule}")
        lines.append(f"  节假日 {answer.policy_label}")
        lines.append("  接下来")
        for occurrence in answer.occurrences:
            lines.append(f"    {_day_text_for(answer, occurrence)}")
        return lines
    when = _day_text(answer.info)
    if answer.time:
        when += f" {answer.time.strftime('%H:%M')}"
    if answer.estimated and not answer.info.estimated:
        when += " 估计（用到了尚未载入的年份）"
    lines.append(f"  {'截止' if answer.deadline else '日期'}   {when}")
    if answer.reading:
        lines.append(f"  依据   {answer.reading}" + ("（约定的理解，--strict 下不接受）" if answer.approximate else ""))
    return lines


def _day_text_for(answer, occurrence) -> str:
    text = f"{occurrence.date.isoformat()}（周{WEEKDAYS[occurrence.date.weekday()]}）"
    return text + (" 估计" if occurrence.estimated else "")


def month_grid(days: list[DayInfo], today: date) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from bangongshi.render.table import rules_box
    from bangongshi.render.lines import rich_text

    first = days[0].date
    estimated = any(d.estimated for d in days)
    title = f"{first.year}年{first.month}月" + ("（估计：该年放假安排尚未载入）" if estimated else "")
    table = Table(box=rules_box(), show_edge=False, pad_edge=False, title=title, header_style="bold")
    for name in WEEKDAYS:
        table.add_column(f"周{name}", justify="center", width=6, no_wrap=True)
    week = [Text("")] * first.weekday()
    for info in days:
        style = "red" if not info.workday else ("bold yellow" if info.reason == "调休上班" else "")
        label = f"{info.date.day:>2}"
        if info.reason == "调休上班":
            label += "班"
        elif info.holiday and not info.workday:
            label += "休"
        if info.date == today:
            label = f"[{label}]"
            style += " reverse"
        week.append(Text(label, style=style.strip()))
        if len(week) == 7:
            table.add_row(*week)
            week = []
    if week:
        table.add_row(*week, *[Text("")] * (7 - len(week)))
    console = Console(highlight=False)
    console.print(table)
    for line in month_notes(days):
        console.print(rich_text(line), highlight=False)  # names come from loaded files: shown as text


def month_notes(days: list[DayInfo]) -> list[str]:
    """Festivals and 调休 days of the month, in words."""
    notes: list[str] = []
    run: list[DayInfo] = []
    for info in days + [None]:
        if info is not None and info.holiday and not info.workday and (not run or run[-1].holiday == info.holiday):
            run.append(info)
            continue
        if run:
            span = f"{run[0].date.month}月{run[0].date.day}日"
            if len(run) > 1:
                span += f"–{run[-1].date.day}日"
            notes.append(f"{span} {run[0].holiday} 放假")
            run = [info] if info is not None and info.holiday and not info.workday else []
        if info is not None and info.reason == "调休上班":
            notes.append(f"{info.date.month}月{info.date.day}日（周{WEEKDAYS[info.date.weekday()]}）调休上班"
                         + (f"（{info.holiday}）" if info.holiday else ""))
        elif info is not None and info.source == "local":
            notes.append(f"{info.date.month}月{info.date.day}日 本单位：{info.reason}")
    return notes


SOURCE_LABELS = {"notice": "国务院通知（用户载入）", "yaml": "YAML 文件（用户载入）", "package": "chinesecalendar"}


def years_objects(rows: list[dict]) -> list[dict]:
    """`bgs cal years`: the years with an official arrangement and where it came from."""
    return [{**r, "source_label": SOURCE_LABELS[r["source"]],
             "loaded_at": r["loaded_at"].isoformat() if r["loaded_at"] else None} for r in rows]


def years_lines(rows: list[dict]) -> list[str]:
    return [f"{row['year']}  {SOURCE_LABELS[row['source']]}" for row in rows]


def local_day_objects(days) -> list[dict]:
    return [{"date": d.date.isoformat(), "workday": d.workday, "name": d.name} for d in days]


def local_day_line(d) -> str:
    return f"{d.date.isoformat()}（周{WEEKDAYS[d.date.weekday()]}）{'上班' if d.workday else '休息'} {d.name}"


def _span_text(days: list[date]) -> str:
    """2018-12-30 至 2019-01-01（3天）、2月14日…: consecutive days folded into ranges."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) == 1:
            parts.append(f"{run[0].isoformat()}（周{WEEKDAYS[run[0].weekday()]}）")
        else:
            parts.append(f"{run[0].isoformat()} 至 {run[-1].isoformat()}（{len(run)}天）")
    return "、".join(parts)


def notice_lines(plan) -> list[str]:
    """What importing a notice does, day by day: the same lines for --dry-run and for the import."""
    notice, schedule = plan.notice, plan.schedule
    if notice.amends:
        lines = [f"{notice.year} 年{notice.amends}调整（在{plan.on_top_of}之上，只改通知写到的日子）"]
    else:
        lines = [f"{schedule.year} 年：放假 {len(schedule.rest)} 天，调休上班 {len(schedule.work)} 天"]
    names = list(dict.fromkeys([*schedule.rest.values(), *schedule.work.values()]))
    for name in names:
        if notice.amends and notice.amends not in name:
            continue
        rest = [d for d, n in schedule.rest.items() if n == name]
        work = [d for d, n in schedule.work.items() if n == name]
        text = f"  {name}：放假 {_span_text(rest)}" if rest else f"  {name}："
        if work:
            text += f"；调休上班 {_span_text(work)}"
        lines.append(text)
    if plan.changes:
        changed = [f"{d.month}月{d.day}日（周{WEEKDAYS[d.weekday()]}）改为{'上班' if after else '休息'}"
                   for d, _, after in plan.changes]
        lines.append(f"与现在的日历不同的 {len(changed)} 天：" + "、".join(changed))
    else:
        lines.append("与现在的日历相比，没有哪一天改变")
    lines += [f"注意：{note}" for note in notice.notes]
    return lines
