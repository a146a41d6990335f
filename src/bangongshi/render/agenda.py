"""The agenda as Rich (people), JSON (scripts), Markdown and plain text (pasting into WeChat/钉钉)."""

from datetime import date

from bangongshi.domain.ranking import QUADRANTS, due_phrase
from bangongshi.domain.durations import format_minutes
from bangongshi.domain.settings import IMPORTANCE_SIGNALS
from bangongshi.formats.json import item_object
from bangongshi.formats.visible import visible
from bangongshi.domain.calendar import WEEKDAYS



def _day_title(agenda) -> str:
    day, info = agenda.day, agenda.info
    status = "工作日" if info.workday and info.reason == "工作日" else info.reason
    if info.workday and info.reason == "调休上班":
        status = f"调休上班（{info.holiday}）" if info.holiday else "调休上班"
    if not info.workday:
        status = f"休息日（{info.reason}）"
    guess = " 估计" if agenda.estimated else ""
    return f"{day.year}年{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]} · {status}{guess}"


def _hours_line(agenda) -> str:
    hours = agenda.hours
    lunch = f"，午休 {hours.lunch_start:%H:%M}-{hours.lunch_end:%H:%M}" if hours.lunch_start else ""
    if not agenda.info.workday:
        return "今天休息：没有安排工作时间"
    return (f"作息 {hours.start:%H:%M}-{hours.end:%H:%M}{lunch}（{hours.name}）· "
            f"空闲 {agenda.budget.free_minutes / 60:.1f} 小时")


def _budget_lines(agenda, bars: bool = True) -> list[str]:
    budget = agenda.budget
    if not agenda.info.workday:
        return []
    lines = []
    for label, planned, target in (("重点", budget.key_planned, budget.key_target),
                                   ("常规", budget.routine_planned, budget.routine_target)):
        bar = f"{_bar(planned, target)} " if bars else ""
        lines.append(f"{label} {bar}{planned / 60:.1f}/{target / 60:.1f} 小时" + ("" if bars else "（已排/可用）"))
    return lines


def _bar(planned: int, target: int, width: int = 20) -> str:
    if target <= 0:
        return "[" + ("#" * width if planned else "-" * width) + "]"
    filled = min(width, round(width * planned / target))
    return "[" + "#" * filled + "-" * (width - filled) + "]" + ("!" if planned > target else " ")


def due_text(entry) -> str:
    if entry.item.at is not None:
        return f"{entry.item.at:%m-%d %H:%M} 开始"
    to_due = entry.ranked.workdays_to_due
    return "" if to_due is None else due_phrase(to_due).replace("（下个工作日）", "")


def due_cells(entry, day: date):
    """The agenda's 截止 cell, full and short, styled by what it means (render.styles). Its words
    (「逾期3个工作日」「今天」) already carry the meaning; an appointment's start shortens to 「周三09:00」."""
    from bangongshi.render import styles

    full = styles.Styled(due_text(entry), styles.state_style(entry.item, day))
    if entry.item.at is None:
        return full
    return full, styles.Styled(styles.short_due(entry.item, day), styles.state_style(entry.item, day))


def plan_line(position: int, item, day: date):
    """A line of the morning 今日事项: done items ticked and dim; open ones with their deadline,
    red and 「逾期」 when it has passed, bold and 「今天到期」 when it is today, 「重点」 for key work."""
    from bangongshi.render import styles
    from bangongshi.render.lines import Styled

    if not item.is_open:
        return Styled(f"  ✓ {position}. #{item.id} {item.title}", styles.DONE)
    line = Styled(f"    {position}. #{item.id} ").extend(styles.title_cell(item, day))
    due = plan_due_text(item, day)
    return line.append(f"（{due}）" if due else "", styles.state_style(item, day))


def plan_due_text(item, day: date) -> str:
    from bangongshi.render import styles

    if not item.is_open or styles.deadline(item) is None:
        return ""
    return styles.short_due(item, day) if styles.due_state(item, day) else "截止 " + styles.short_due(item, day)


def age_text(entry) -> str:
    age = entry.ranked.age_workdays
    return "" if age is None else "今天" if age == 0 else f"{age}个工作日"  # 「0个工作日」 says nothing


def hidden_text(section) -> str:
    """What a section left out, and the command that lists it (also when it shows no rows at all)."""
    return f"另有 {section.hidden} 项未列出，{section.more} 查看全部" if section.hidden else ""


def follow_up_text(due) -> str:
    return f"【{due.reminder.label}】#{due.item.id} {due.item.title}：{due.text}"


def follow_ups_hidden_text(hidden: int, more: str) -> str:
    """The 督办提醒 a view left out (the morning agenda, the evening review), and the command that lists them."""
    return f"另有 {hidden} 条督办提醒未列出，{more} 查看" if hidden else ""


def follow_up_object(due) -> dict:
    item = due.item
    return {"kind": due.reminder.code, "kind_label": due.reminder.label, "id": item.id, "title": item.title,
            "day": due.day.isoformat(), "text": due.text, "source": item.source, "handler": item.handler,
            "handoff_to": item.handoff_to,
            "attention": item.attention.code if item.attention else None}


def timeline_text(appointment) -> str:
    item = appointment.item
    where = f" @{item.location}" if item.location else ""
    clash = " ⚠冲突" if appointment.overlaps else ""
    done = " ✓" if not item.is_open else ""
    return f"{appointment.start:%H:%M}-{appointment.end:%H:%M} #{item.id} {item.title}{where}{clash}{done}"


# --- Rich ---------------------------------------------------------------------------------------

def show(agenda, colors: dict[str, str]) -> None:
    from bangongshi.render import styles
    from bangongshi.render.lines import Styled, write
    from bangongshi.render.table import print_table

    head = [Styled(_day_title(agenda), "bold"), _hours_line(agenda), *_budget_lines(agenda)]
    head += [Styled(f"注意：{warning}", "yellow") for warning in agenda.budget.warnings]
    if agenda.plan is not None:
        head += ["", Styled(plan_title(agenda), "bold")]
        head += [plan_line(position, item, agenda.day)
                 for position, (item, _) in enumerate(agenda.plan.entries, start=1)]
    if agenda.appointments:
        head += ["", Styled("日程", "bold")]
        head += [Styled("  " + timeline_text(a), "red" if a.overlaps else "") for a in agenda.appointments]
    if agenda.follow_ups:
        head += ["", Styled("督办提醒", "bold")]
        head += [Styled("  " + follow_up_text(due), styles.reminder_style(due.reminder.code))
                 for due in agenda.follow_ups]
        if agenda.follow_ups_hidden:
            head.append(Styled(f"  {follow_ups_hidden_text(agenda.follow_ups_hidden, agenda.follow_ups_more)}", "dim"))
    write(head)
    for section in agenda.sections:
        if not section.entries:
            if section.hidden:
                write(["", Styled(section.title, "bold"), Styled(f"  {hidden_text(section)}", "dim")])
            continue
        write(["", Styled(section.title, "bold")])
        rows = [[str(e.item.id), Styled(e.item.folder.label, colors[e.item.folder.code]),
                 QUADRANTS[e.ranked.quadrant], styles.title_cell(e.item, agenda.day), due_cells(e, agenda.day),
                 e.item.source, age_text(e), format_minutes(e.estimate)] for e in section.entries]
        print_table(["编号", "文件夹", "象限", "标题", "截止", "交办人", "已交办", "预计"], rows, "标题",
                    {"交办人": 10}, droppable=("已交办", "交办人", "象限", "文件夹"))
        if section.hidden:
            write([Styled(f"  {hidden_text(section)}", "dim")])
    if not any(s.entries for s in agenda.sections) and not agenda.appointments:
        write(["", "今天没有待办的事项。"])


def matrix(ranked_by_quadrant: dict[int, list], counts: dict[int, int]) -> None:
    from rich.console import Console
    from rich.table import Table

    from bangongshi.render.table import rules_box

    table = Table(box=rules_box(), show_header=True, header_style="bold", expand=True)
    table.add_column(f"重要且紧急（{counts[1]}）", ratio=1, overflow="ellipsis")
    table.add_column(f"重要不紧急（{counts[2]}）", ratio=1, overflow="ellipsis")
    top = _quadrant_cells(ranked_by_quadrant[1]), _quadrant_cells(ranked_by_quadrant[2])
    table.add_row(*top)
    table.add_row(f"[bold]紧急不重要（{counts[3]}）[/]", f"[bold]不重要不紧急（{counts[4]}）[/]")
    table.add_row(_quadrant_cells(ranked_by_quadrant[3]), _quadrant_cells(ranked_by_quadrant[4]))
    Console(highlight=False).print(table)


def _quadrant_cells(entries) -> str:
    if not entries:
        return "（无）"
    from rich.markup import escape

    # Rich markup: a title is escaped, so "[/x]" in it is text
    return "\n".join(escape(visible(f"#{e.item.id} {e.item.title}")) + (f"（{due_text(e)}）" if due_text(e) else "")
                     for e in entries)


# --- machine and paste-able formats -------------------------------------------------------------

def plan_title(agenda) -> str:
    made = agenda.plan.made_at
    return f"今日事项（{made.month}月{made.day}日制定）"


def plan_object(agenda) -> dict | None:
    if agenda.plan is None:
        return None
    items = []
    for position, (item, ranked) in enumerate(agenda.plan.entries, start=1):
        extra = {"score": ranked.score, "quadrant": ranked.quadrant} if ranked else {"score": None, "quadrant": None}
        items.append({"position": position, "done": not item.is_open, **item_object(item), **extra})
    return {"made_at": agenda.plan.made_at.isoformat(), "items": items}


def entry_object(entry) -> dict:
    ranked = entry.ranked
    return {
        **item_object(entry.item),
        "score": ranked.score,
        "quadrant": ranked.quadrant,
        "quadrant_label": ranked.quadrant_label,
        "urgent_effective": ranked.urgent_effective,
        "due_in_workdays": ranked.workdays_to_due,
        "age_workdays": ranked.age_workdays,
        "estimate_effective": entry.estimate,
        "rules": [{"rule": c.rule, "label": c.label, "signal": round(c.signal, 4), "weight": c.weight,
                   "points": c.points, "why": c.why} for c in ranked.contributions],
    }


def agenda_object(agenda, today: date) -> dict:
    hours = agenda.hours
    budget = agenda.budget
    return {
        "date": agenda.day.isoformat(),
        "weekday": agenda.day.isoweekday(),
        "workday": agenda.info.workday,
        "reason": agenda.info.reason,
        "holiday": agenda.info.holiday,
        "estimated": agenda.estimated,
        "today": agenda.day == today,
        "hours": {"name": hours.name, "start": f"{hours.start:%H:%M}", "end": f"{hours.end:%H:%M}",
                  "lunch_start": f"{hours.lunch_start:%H:%M}" if hours.lunch_start else None,
                  "lunch_end": f"{hours.lunch_end:%H:%M}" if hours.lunch_end else None},
        "free_minutes": budget.free_minutes,
        "budget": {"key_target_minutes": budget.key_target, "key_planned_minutes": budget.key_planned,
                   "routine_target_minutes": budget.routine_target,
                   "routine_planned_minutes": budget.routine_planned, "fits": budget.fits,
                   "warnings": list(budget.warnings)},
        "plan": plan_object(agenda),
        "timeline": [{"id": a.item.id, "title": a.item.title, "start": a.start.isoformat(), "end": a.end.isoformat(),
                      "location": a.item.location, "overlaps": a.overlaps, "done": not a.item.is_open}
                     for a in agenda.appointments],
        "follow_ups": [follow_up_object(d) for d in agenda.follow_ups],
        "follow_ups_hidden": agenda.follow_ups_hidden,
        "follow_ups_more": agenda.follow_ups_more or None,
        "sections": [{"code": s.code, "title": s.title, "hidden": s.hidden, "more": s.more or None,
                      "items": [entry_object(e) for e in s.entries]} for s in agenda.sections],
    }


def text_lines(agenda, markdown: bool) -> list[str]:
    h = (lambda level, text: f"{'#' * level} {text}") if markdown else (lambda level, text: f"【{text}】" if level > 1 else text)
    bullet = "- " if markdown else ""
    lines = [h(1, _day_title(agenda)), _hours_line(agenda)]
    lines += [f"{bullet}{line}" for line in _budget_lines(agenda, bars=False)]
    lines += [f"{bullet}注意：{w}" for w in agenda.budget.warnings]
    if agenda.plan is not None:
        lines += ["", h(2, plan_title(agenda))]
        lines += [f"{n}. {'✓ ' if not item.is_open else ''}{'重点 ' if item.key and item.is_open else ''}{item.title}"
                  + (f"（{plan_due_text(item, agenda.day)}）" if plan_due_text(item, agenda.day) else "") + f" #{item.id}"
                  for n, (item, _) in enumerate(agenda.plan.entries, start=1)]
    if agenda.appointments:
        lines += ["", h(2, "日程")] + [f"{bullet}{timeline_text(a)}" for a in agenda.appointments]
    if agenda.follow_ups:
        lines += ["", h(2, "督办提醒")] + [f"{bullet}{follow_up_text(d)}" for d in agenda.follow_ups]
        if agenda.follow_ups_hidden:
            lines.append(f"{bullet}{follow_ups_hidden_text(agenda.follow_ups_hidden, agenda.follow_ups_more)}")
    for section in agenda.sections:
        if not section.entries and not section.hidden:
            continue
        lines += ["", h(2, section.title)]
        for number, entry in enumerate(section.entries, start=1):
            details = [d for d in (due_text(entry), entry.item.source and f"{entry.item.source}交办",
                                   format_minutes(entry.estimate)) if d]
            prefix = f"{number}. " if not markdown else "1. "
            lines.append(f"{prefix}{entry.item.title}（{'，'.join(details)}）#{entry.item.id}")
        if section.hidden:
            lines.append(f"{bullet}{hidden_text(section)}")
    return lines


# --- `bgs agenda --matrix`, `--blocks` and `bgs why`: their JSON objects and lines ---------------

def matrix_object(day: date, entries: dict[int, list], counts: dict[int, int]) -> dict:
    return {
        "date": day.isoformat(),
        "quadrants": [{"quadrant": q, "label": QUADRANTS[q], "count": counts[q],
                       "items": [entry_object(e) for e in entries[q]]} for q in (1, 2, 3, 4)],
    }


BLOCK_LABELS = {"appointment": "日程", "key": "重点", "routine": "常规"}
BLOCK_SECTIONS = {"appointment": "日程", "plan": "次日事项", "must": "今日必办", "key": "重点攻坚", "routine": "常规事务"}


def _placed_because(section: str, position: int | None) -> str:
    return f"次日事项第{position}项" if section == "plan" else BLOCK_SECTIONS[section]


def left_over_actions(item_id: int) -> list[str]:
    """What to do with work that did not fit: carry it to the next day's list, or hand it off."""
    return ["bgs plan tomorrow", f"bgs handoff {item_id} --to …"]


def left_over_object(o) -> dict:
    return {"id": o.item.id, "title": o.item.title, "section": o.section,
            "section_label": _placed_because(o.section, o.position), "position": o.position,
            "estimate_minutes": o.estimate, "placed_minutes": o.placed, "reason": o.reason, "why": o.why,
            "actions": left_over_actions(o.item.id)}


def block_object(b) -> dict:
    return {"start": b.start.isoformat(), "end": b.end.isoformat(), "kind": b.kind,
            "kind_label": BLOCK_LABELS[b.kind], "id": b.item_id, "title": b.title, "section": b.section,
            "section_label": _placed_because(b.section, b.position), "position": b.position}


def blocks_object(day_blocks) -> dict:
    return {
        "date": day_blocks.day.isoformat(),
        "blocks": [block_object(b) for b in day_blocks.blocks],
        "unscheduled": [o.item.id for o in day_blocks.left_over],
        "unscheduled_items": [left_over_object(o) for o in day_blocks.left_over],
    }


def _block_line(b) -> str:
    # Appointments and the key/routine work the agenda chose need no reason; the list and 今日必办 say theirs.
    because = f"（{_placed_because(b.section, b.position)}）" if b.section in ("plan", "must") else ""
    return f"{b.start:%H:%M}-{b.end:%H:%M} 【{BLOCK_LABELS[b.kind]}】#{b.item_id} {b.title}{because}"


def left_over_lines(o) -> list[str]:
    carry, handoff = left_over_actions(o.item.id)
    return [f"  #{o.item.id} {o.item.title}（{_placed_because(o.section, o.position)}，预计{format_minutes(o.estimate)}）："
            f"{o.why}",
            f"    带到明天：{carry}；交给别人：{handoff}"]


def blocks_lines(day_blocks) -> list[str]:
    lines = [_block_line(b) for b in day_blocks.blocks]
    if day_blocks.left_over:
        lines += ["", f"排不下（{len(day_blocks.left_over)} 项）："]
        for o in day_blocks.left_over:
            lines += left_over_lines(o)
    return lines or ["今天没有可以排进时间的事项"]


def placement_object(p) -> dict:
    """`bgs why`: the item's time blocks today, or why it has none."""
    return {"blocks": [block_object(b) for b in p.blocks],
            "unscheduled": left_over_object(p.left_over) if p.left_over else None, "why": p.not_chosen}


def why_with_blocks_object(why: tuple, p) -> dict:
    """`bgs why --format json`: the rank (why_object) and, under `blocks`, today's time blocks."""
    return {**why_object(*why), "blocks": placement_object(p)}


def placement_lines(p) -> list[str]:
    lines = [f"  时间块 {_block_line(b)}" for b in p.blocks]
    if p.left_over:
        o = p.left_over
        lines += [f"  时间块 排不下（{_placed_because(o.section, o.position)}，预计{format_minutes(o.estimate)}）：{o.why}"] + [f"  {line.strip()}" for line in left_over_lines(p.left_over)[1:]]
    if p.not_chosen:
        lines.append(f"  时间块 没有：{p.not_chosen}")
    return ["今天的时间块（bgs agenda --blocks）："] + lines


def _rule_objects(ranked) -> list[dict]:
    return [{"rule": c.rule, "label": c.label, "signal": round(c.signal, 4), "weight": c.weight,
             "points": c.points, "why": c.why} for c in ranked.contributions]


def why_object(item_id: int, ranked, place: int, total: int) -> dict:
    return {"id": item_id, "score": ranked.score, "place": place, "of": total, "quadrant": ranked.quadrant,
            "quadrant_label": ranked.quadrant_label, "urgent_effective": ranked.urgent_effective,
            "rules": _rule_objects(ranked)}


def why_lines(item_id: int, ranked, place: int, total: int) -> list[str]:
    rules = _rule_objects(ranked)
    lines = [f"#{item_id} 得分 {ranked.score:g}，在 {total} 项未办事项中排第 {place}（{ranked.quadrant_label}"
             + ("，紧急" if ranked.urgent_effective else "") + "）"]
    width = max(len(r["label"]) for r in rules)
    for r in rules:
        lines.append(f"  {r['label']:\u3000<{width}} {r['points']:>6g} 分 = {r['weight']:g} × {r['signal']:.2f}（{r['why']}）")
    return lines


def settings_object(current) -> dict:
    """`bgs config show`: the settings in force, as JSON and (dumped as YAML) for people."""
    return {
        "hours": [{"name": p.name, "from": f"{p.first[0]:02d}-{p.first[1]:02d}", "to": f"{p.last[0]:02d}-{p.last[1]:02d}",
                   "work": f"{p.start:%H:%M}-{p.end:%H:%M}",
                   "lunch": f"{p.lunch_start:%H:%M}-{p.lunch_end:%H:%M}" if p.lunch_start else None}
                  for p in current.hours],
        "key_share": current.key_share, "min_block_minutes": current.min_block_minutes,
        "urgent_within_workdays": current.urgent_within_workdays,
        "coming_within_workdays": current.coming_within_workdays,
        "default_estimates": current.default_estimates, "rules": current.weights, "colors": current.colors,
        "backup_keep": current.backup_keep, "daily_backup": current.daily_backup,
        "importance": {signal: signal in current.importance for signal in IMPORTANCE_SIGNALS},
        "remind": _remind_object(current.remind),
        "sync": {"auto": current.sync.auto, "masked": current.sync.masked},
    }


def _remind_object(remind) -> dict:
    # A robot's webhook URL is a secret: only its scheme is shown (env:NAME as written).
    def shown(url: str) -> str:
        return url if url.startswith("env:") or url == "desktop://" else url.split("://", 1)[0] + "://…"

    return {"before": remind.before, "morning": f"{remind.morning:%H:%M}" if remind.morning else None,
            "evening": f"{remind.evening:%H:%M}" if remind.evening else None,
            "channels": {name: shown(url) for name, url in remind.channels.items()},
            "route": {kind: list(names) for kind, names in remind.route.items()},
            "attempts": remind.attempts, "late_after": remind.late_after, "timeout": remind.timeout}
