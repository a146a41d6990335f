"""`bgs demo`: see what bgs does with a realistic week, without touching your own data."""

from typing import Annotated

import typer

from bangongshi.cli import output
from bangongshi.cli.options import examples, format_option

app = typer.Typer()


@app.command("demo", epilog=examples(
    "bgs demo",
    "bgs demo --format text",
))
def demo(fmt: format_option(("table", "json", "md", "text")) = "table") -> None:
    """示例：一个县政府办公室的一周（examples/week.yaml）的今日日程，用临时数据，不碰自己的数据。"""
    from bangongshi import clock
    from bangongshi.cli.today import agenda_views
    from bangongshi.domain.settings import DEFAULTS
    from bangongshi.services import demo as service

    now = clock.now(clock.office_zone(DEFAULTS.timezone))
    output.show(service.agenda(now), fmt, agenda_views(now.date(), DEFAULTS.colors))
    if fmt == "table":
        output.say("\n（示例数据，用完即删。导入到自己的数据：bgs import examples/week.yaml，其中有一件加密事项，会要求设置口令）")
