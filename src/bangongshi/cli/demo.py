"""`bgs demo`: see what bgs does with a realistic week, without touching your own data."""

from typing import Annotated

import typer

from bangongshi.cli import output

app = typer.Typer()


@app.command("demo")
def demo(fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table、json、md、text")] = "table") -> None:
    """示例：一个县政府办公室的一周（examples/week.yaml）的今日日程，用临时数据，不碰自己的数据。"""
    from bangongshi import clock
    from bangongshi.cli.options import output_format
    from bangongshi.domain.settings import DEFAULTS
    from bangongshi.render import agenda as views
    from bangongshi.formats.json import to_json
    from bangongshi.services import demo as service

    fmt = output_format(fmt, ("table", "json", "md", "text"))
    now = clock.now(clock.office_zone(DEFAULTS.timezone))
    shown = service.agenda(now)
    if fmt == "json":
        output.data(to_json(views.agenda_object(shown, now.date())))
    elif fmt in ("md", "text"):
        output.text("\n".join(views.text_lines(shown, markdown=fmt == "md")))
    else:
        views.show(shown, DEFAULTS.colors)
        output.say("\n（示例数据，用完即删。导入到自己的数据：bgs import examples/week.yaml，其中有一件加密事项，会要求设置口令）")
