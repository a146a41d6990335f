"""The 次日 list (`bgs plan`): its JSON object and its lines."""

from bangongshi.formats.json import item_object
from bangongshi.domain.calendar import WEEKDAYS
from bangongshi.render.echo import is_mask



def day_text(day) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def plan_object(saved) -> dict:
    return {"date": saved.day.isoformat(), "weekday": saved.day.isoweekday(),
            "made_at": saved.made_at.isoformat() if saved.made_at else None,
            "items": [{"position": n, **item_object(i)} for n, i in enumerate(saved.items, start=1)]}


def plan_lines(saved) -> list[str]:
    lines = [f"次日事项：{saved.day.year}年{day_text(saved.day)}"]
    lines += [f"{n}. {item.title if is_mask(item.id, item.title) else f'{item.title} #{item.id}'}"
              + ("（已处理）" if not item.is_open else "")
              for n, item in enumerate(saved.items, start=1)]
    if not saved.items:
        lines.append("（空）")
    return lines


def target_text(target, today) -> str:
    """The day a list is for, as the secretary would say it that evening: 「明天 12月4日」, or on a
    Friday 「下周一 12月7日」 (after a holiday, the weekday and the date)."""
    from datetime import timedelta

    if target == today + timedelta(days=1):
        named = "明天"
    elif target.isocalendar()[:2] != today.isocalendar()[:2]:
        named = f"下周{WEEKDAYS[target.weekday()]}" if (target - today).days < 14 else f"周{WEEKDAYS[target.weekday()]}"
    else:
        named = f"周{WEEKDAYS[target.weekday()]}"
    return f"{named} {target.month}月{target.day}日"


def review_line(item, today, prefix: str = ""):
    """An item in the evening review and its draft: 「重点」 for key work, its deadline with what it
    means (red 「逾期」, bold 「今天到期」), coloured only where the stream takes colour."""
    from bangongshi.render import styles
    from bangongshi.render.lines import Styled

    line = Styled(f"{prefix}#{item.id} ").extend(styles.title_cell(item, today))
    if item.is_open and styles.deadline(item) is not None:
        due = styles.short_due(item, today)
        line.append(f"（{due if styles.due_state(item, today) else '截止 ' + due}）", styles.state_style(item, today))
    return line
