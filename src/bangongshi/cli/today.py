"""`bgs` with no command: today's agenda, or the first steps on an empty store.

There is nothing to parse, so this runs without loading Typer: it is the command people run most,
every morning, and the parser alone costs a third of its time. `bgs agenda` shows the same; a plain
`bgs agenda [DATE] [--all] [--format F]` (what scripts run each morning) is read here too (quick).
"""

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for

FIRST_STEPS = (
    "还没有事项。可以这样开始：\n"
    "  bgs add \"起草年终总结\" --due 2026-12-20 --important --key\n"
    "  bgs add -t \"联系会场\" --from 王主任\n"
    "  bgs --help 查看全部命令"
)


AGENDA_FORMATS = ("table", "json", "md", "text")


def quick(argv: list[str], run: RunState) -> bool:
    """Run a plain `bgs agenda [DATE] [--all] [--format F]` without Typer; False (nothing done) for
    any other line (--matrix, --blocks, help, a format it does not know…): Typer reads it from the
    declaration in cli/agenda.py and answers with its own messages. tests/test_quick_add.py runs the
    same lines through both."""
    if argv[:1] != ["agenda"] or run.passphrase is not None:
        return False
    from bangongshi.cli.params import quick_format, read

    values = read(quick_params(), argv[1:])
    fmt = quick_format(values["fmt"], AGENDA_FORMATS) if values is not None else None
    if fmt is None:
        return False
    show_agenda(run, values["day"], fmt, everything=values["everything"])
    return True


def quick_params() -> tuple:
    """What the quick path reads of `bgs agenda`'s parameters (cli/agenda.py declares them for Typer)."""
    from bangongshi.cli.params import FLAG, WORD, Param, format_param

    return (Param("day", WORD, metavar="DATE", help=""), Param("everything", FLAG, "--all", default=False, help=""),
            format_param(AGENDA_FORMATS))


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
