"""The 次日 list (`bgs plan`): its JSON object and its lines."""

from bangongshi.formats.json import item_object
from bangongshi.domain.calendar import WEEKDAYS



def day_text(day) -> str:
    return f"{day.month}月{day.day}日（周{WEEKDAYS[day.weekday()]}）"


def plan_object(saved) -> dict:
    return {"date": saved.day.isoformat(), "weekday": saved.day.isoweekday(),
            "made_at": saved.made_at.isoformat() if saved.made_at else None,
            "items": [{"position": n, **item_object(i)} for n, i in enumerate(saved.items, start=1)]}


def plan_lines(saved) -> list[str]:
    lines = [f"次日事项：{saved.day.year}年{day_text(saved.day)}"]
    lines += [f"{n}. {item.title} #{item.id}" + ("（已处理）" if not item.is_open else "")
              for n, item in enumerate(saved.items, start=1)]
    if not saved.items:
        lines.append("（空）")
    return lines
