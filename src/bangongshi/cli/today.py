"""`bgs` with no command: today's agenda, or the first steps on an empty store.

There is nothing to parse, so this runs without loading Typer: it is the command people run most,
every morning, and the parser alone costs a third of its time. `bgs agenda` shows the same.
"""

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for

FIRST_STEPS = (
    "还没有事项。可以这样开始：\n"
    "  bgs add \"起草年终总结\" --due 2026-12-20 --important --key\n"
    "  bgs add -t \"联系会场\" --from 王主任\n"
    "  bgs --help 查看全部命令"
)


def open_day(run: RunState) -> None:
    from bangongshi.services import items as item_service

    if item_service.is_empty(session_for(run)):
        output.say(FIRST_STEPS)
        return
    show_agenda(run, None, "table")


def settings():
    from bangongshi.config import load_settings

    return load_settings()


def show_agenda(run: RunState, day_text: str | None, fmt: str, matrix_view: bool = False,
                blocks: bool = False) -> None:
    from bangongshi.render import agenda as views
    from bangongshi.formats.json import to_json
    from bangongshi.services import agenda as service

    s = session_for(run)
    chosen = settings()
    # The header says whether the day is a rest day; no separate warning for it.
    day = s.parse_date(day_text, option="日期", rest_day_warning=False).date if day_text else s.now.date()
    if matrix_view:
        entries, counts = service.matrix(s, day, chosen)
        output.notices(s.notices)
        if fmt == "json":
            output.data(to_json({
                "date": day.isoformat(),
                "quadrants": [{"quadrant": q, "label": views.QUADRANTS[q], "count": counts[q],
                               "items": [views.entry_object(e) for e in entries[q]]} for q in (1, 2, 3, 4)],
            }))
        else:
            views.matrix(entries, counts)
        return
    from bangongshi.services.planning import load_plan

    agenda = service.build(s, day, chosen, load_plan(s, day))
    if agenda.estimated:
        s.rests_on_estimate({day.year}, f"{day.isoformat()} 的日程")
    output.notices(s.notices)
    if blocks:
        _show_blocks(agenda, chosen, s, fmt)
        return
    if fmt == "json":
        output.data(to_json(views.agenda_object(agenda, s.now.date())))
    elif fmt in ("md", "text"):
        output.text("\n".join(views.text_lines(agenda, markdown=fmt == "md")))
    else:
        views.show(agenda, chosen.colors)


def _show_blocks(agenda, chosen, s, fmt: str) -> None:
    from bangongshi.formats.json import to_json
    from bangongshi.services.agenda import time_blocks

    blocks, left_over = time_blocks(agenda, chosen, s.now.tzinfo)
    labels = {"appointment": "日程", "key": "重点", "routine": "常规"}
    if fmt == "json":
        output.data(to_json({
            "date": agenda.day.isoformat(),
            "blocks": [{"start": b.start.isoformat(), "end": b.end.isoformat(), "kind": b.kind,
                        "kind_label": labels[b.kind], "id": b.item_id, "title": b.title} for b in blocks],
            "unscheduled": [e.item.id for e in left_over],
        }))
        return
    lines = [f"{b.start:%H:%M}-{b.end:%H:%M} 【{labels[b.kind]}】#{b.item_id} {b.title}" for b in blocks]
    if left_over:
        lines.append("排不下：" + "、".join(f"#{e.item.id} {e.item.title}" for e in left_over))
    if not lines:
        lines = ["今天没有可以排进时间的事项"]
    output.text("\n".join(lines))
