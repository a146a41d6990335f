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
    from bangongshi.services import agenda as service  # not services.items: the agenda needs none of it

    if service.is_empty(session_for(run)):
        output.say(FIRST_STEPS)
        return
    show_agenda(run, None, "table")


def settings():
    from bangongshi.config import load_settings

    return load_settings()


def show_agenda(run: RunState, day_text: str | None, fmt: str, matrix_view: bool = False,
                blocks: bool = False, everything: bool = False) -> None:
    from bangongshi.render import agenda as views
    from bangongshi.formats.json import to_json
    from bangongshi.services import agenda as service

    s = session_for(run)
    chosen = s.settings  # loaded once, when the session opened
    # The header says whether the day is a rest day; no separate warning for it.
    day = s.parse_date(day_text, option="日期", rest_day_warning=False).date if day_text else s.now.date()
    if matrix_view:
        entries, counts = service.matrix(s, day, chosen)
        output.notices(s.notices)
        output.show((entries, counts), fmt, {
            "json": lambda m: to_json(views.matrix_object(day, *m)),
            "table": lambda m: views.matrix(*m), "md": lambda m: views.matrix(*m), "text": lambda m: views.matrix(*m)})
        return
    agenda = service.of_day(s, day, chosen, everything)
    if agenda.estimated:
        s.rests_on_estimate({day.year}, f"{day.isoformat()} 的日程")
    output.notices(s.notices)
    if blocks:
        _show_blocks(agenda, chosen, s, fmt)
        return
    output.show(agenda, fmt, agenda_views(s.now.date(), chosen.colors))


def agenda_views(today, colors) -> dict:
    """The agenda's views (also `bgs demo`'s)."""
    from bangongshi.formats.json import to_json
    from bangongshi.render import agenda as views

    return {"json": lambda a: to_json(views.agenda_object(a, today)),
            "md": lambda a: views.text_lines(a, markdown=True),
            "text": lambda a: views.text_lines(a, markdown=False),
            "table": lambda a: views.show(a, colors)}


def _show_blocks(agenda, chosen, s, fmt: str) -> None:
    from bangongshi.formats.json import to_json
    from bangongshi.render import agenda as views
    from bangongshi.services.blocks import time_blocks

    lines = views.blocks_lines  # every format but JSON shows the lines
    output.show(time_blocks(agenda, chosen, s.now.tzinfo), fmt, {
        "json": lambda b: to_json(views.blocks_object(b)), "table": lines, "md": lines, "text": lines})
