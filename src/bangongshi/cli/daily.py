"""The daily views' commands without Typer: `bgs week`, `bgs month`, `bgs report day|week|month` and
`bgs follow`. The Typer commands (cli/agenda.py, cli/report.py, cli/follow.py) declare their options
and call these; a plain line of them (`bgs follow`, `bgs report month`, `bgs week --format json`) is
read here directly (quick), because importing Typer costs each of them some 50 ms, a quarter of the
morning agenda (issue #19). tests/test_quick_daily.py runs the same lines through both."""

from bangongshi.cli import output
from bangongshi.cli.context import RunState, session_for
from bangongshi.cli.params import raw_format, sheet_labels
from bangongshi.errors import BadInput

WEEK_FORMATS = ("table", "json", "html", "docx")
REPORT_FORMATS = ("table", "md", "json", "csv", "xlsx", "docx", "html", "text")
LEDGER_FORMATS = ("table", "json", "csv", "md", "xlsx", "docx")
LEDGER_ROWS = 50  # the ledger table's rows by default: a screenful or two of what to chase first
# A report on the screen: each kind's first handled items and the first 督办 rows, the rest counted with
# the command that lists them (a busy month handles thousands; --all, or a file, holds every one).
REPORT_ROWS = 50
# What a quick line may ask for: the formats printed on the screen (a file needs -o: Typer's).
_PRINTED = {"week": ("table", "json"), "report": ("table", "md", "json", "csv", "html", "text"),
            "follow": ("table", "json", "csv", "md")}


def quick(argv: list[str], run: RunState) -> bool:
    """Run a plain `bgs week [DATE] [-f F]`, `bgs report day|week|month [DATE] [-f F]` or `bgs follow
    [--overdue] [--all] [-n N] [-f F]` without Typer; False (nothing done) for any other line (-o,
    --raw, --labels, --columns, --include-locked, help, a value it does not know…), which Typer reads
    from the declarations in cli/agenda.py, cli/report.py and cli/follow.py."""
    from bangongshi.cli.params import FLAG, VALUE, WORD, Param, format_param, quick_format, read

    command, rest = argv[0], argv[1:]
    if run.passphrase is not None or command not in _PRINTED:
        return False
    if command == "report":
        if rest[:1] not in (["day"], ["week"], ["month"]):
            return False
        kind, rest = rest[0], rest[1:]
    declared = [Param("when", WORD, metavar="DATE", help=""), format_param(_PRINTED[command])]
    if command in ("follow", "report"):
        declared.append(Param("everything", FLAG, "--all", default=False, help=""))
    if command == "follow":
        declared += [Param("overdue", FLAG, "--overdue", default=False, help=""),
                     Param("limit", VALUE, "--limit", "-n", default=str(LEDGER_ROWS), help="")]  # a word: Typer's
    values = read(tuple(declared), rest)
    if values is None:
        return False
    fmt = quick_format(values["fmt"], _PRINTED[command])
    if fmt is None:
        return False
    if command == "week":
        week(run, values["when"], fmt)
    elif command == "report":
        report(run, kind, values["when"], fmt, None, False, everything=values["everything"])
    else:
        limit = values["limit"]
        if values["when"] is not None or not (limit.isascii() and limit.isdigit()):
            return False
        ledger(run, values["overdue"], values["everything"], int(limit), fmt)
    return True


def week(run: RunState, day: str | None, fmt: str, out: str | None = None) -> None:
    """`bgs week`: the week of `day` (default today)."""
    from bangongshi.services.overview import week_of

    s = session_for(run)
    chosen = s.parse_date(day, option="日期", rest_day_warning=False).date if day else s.now.date()
    first, last = week_of(chosen)
    title = f"{first.isoformat()} 至 {last.isoformat()} 一周安排" if fmt in ("table", "json") else \
        f"一周工作安排（{first.year}年{first.month}月{first.day}日—{last.month}月{last.day}日）"
    overview(run, first, last, fmt, title, out)


def overview(run: RunState, first, last, fmt: str, title: str, out: str | None = None) -> None:
    """`bgs week` and `bgs month`: each day's load, as a table, JSON, or the wall plan (html, docx)."""
    from bangongshi.formats.json import to_json
    from bangongshi.render import overview as views
    from bangongshi.services import overview as service

    if out is not None and fmt not in ("html", "docx"):
        raise BadInput("-o 用于 --format html、docx")
    s = session_for(run)
    path = output.out_path(s, out, fmt) if fmt in ("html", "docx") else None
    # The table reads briefs; the wall plan shows each appointment's place, which only a whole item has.
    loads = service.days(s, first, last, s.settings, whole=fmt in ("json", "html", "docx"))
    estimated = {load.info.date.year for load in loads if load.info.estimated}
    s.rests_on_estimate(estimated, title)
    output.notices(s.notices)
    today = s.now.date()
    if fmt == "docx":
        from bangongshi.formats.docx import write_docx

        document = views.plan_paper(loads, s.now.tzinfo, title)
        output.write_out(lambda handle: write_docx(handle, document), path, False)
        return
    if fmt == "html" and path is not None:
        output.write_out(views.plan_html(loads, s.now.tzinfo, title), path, False)
        return
    # html is a file to print, written as it is (every text in it escaped), like JSON.
    output.show(loads, fmt, {"json": lambda days: to_json([views.day_object(d, today) for d in days]),
                             "table": lambda days: views.table(days, today, title),
                             "html": lambda days: views.plan_html(days, s.now.tzinfo, title)}, as_data=("json", "html"))


def report(run: RunState, kind: str, when: str | None, fmt: str, out: str | None, include_locked: bool,
           raw: bool = False, labels: str | None = None, columns: str | None = None, everything: bool = False) -> None:
    """`bgs report day|week|month` in every format. The table lists each kind's first REPORT_ROWS
    handled items and the first REPORT_ROWS 督办 rows (`everything`: all of them); the files for
    people (text, md, html, docx) list them all, as the data (json, csv, xlsx) does."""
    from bangongshi.formats.csv import to_csv
    from bangongshi.formats.json import to_json
    from bangongshi.render import report as views
    from bangongshi.services import report as reports

    raw_format(raw, fmt, ("csv", "xlsx"))
    labels = sheet_labels(fmt, labels, columns)
    if out is not None and fmt == "table":  # (it printed the table and wrote nothing)
        raise BadInput("-o 要与 --format 一起用（md、text、html、docx、json、csv、xlsx）；表格只显示在屏幕上")
    s = session_for(run)
    path = output.out_path(s, out, fmt)
    # Scripts (and the sheets) get every item whole; people read briefs and the first few carried and new items.
    built = reports.build(s, kind, when, s.settings, include_locked, whole=fmt in ("json", "csv", "xlsx"),
                          shown=REPORT_ROWS if fmt == "table" and not everything else None)
    output.notices(s.notices)
    if fmt == "table":
        views.table(built, " --include-locked" if include_locked else "")
        return
    if labels == "zh":
        from bangongshi.formats import sheets
        from bangongshi.formats.xlsx import write_sheet

        chosen = sheets.choose(sheets.REPORT_COLUMNS, columns, sheets.REPORT_DEFAULT)
        rows = views.sheet_rows(built, chosen, s.now.date())
        title = f"{built.title.split(' ', 1)[0]}（{built.title.split(' ', 1)[-1]}）"
        output.write_out(lambda handle: write_sheet(handle, fmt, chosen, rows, title, raw=raw, excel=True), path,
                         include_locked)
        return
    if fmt == "xlsx":
        output.write_out(lambda handle: views.xlsx(built, handle, raw=raw), path, include_locked)
        return
    if fmt == "docx":
        from bangongshi.formats.docx import write_docx

        document = views.paper(built, s.now.date(), reports.coming(s, built))
        output.write_out(lambda handle: write_docx(handle, document), path, include_locked)
        return
    text = {"json": lambda r: to_json(views.report_object(r)),
            "csv": lambda r: to_csv(views.rows(r), views.ROW_KEYS, raw=raw),
            "md": views.markdown, "html": views.html, "text": views.text}[fmt](built)
    output.write_out(text, path, include_locked)


def ledger(run: RunState, overdue: bool, everything: bool, limit: int, fmt: str, raw: bool = False,
           labels: str | None = None, columns: str | None = None, out: str | None = None) -> None:
    """`bgs follow`: the 督办台账 in every format."""
    from bangongshi.render import follow as views
    from bangongshi.services import follow as follow_service

    raw_format(raw, fmt, ("csv", "xlsx"))
    labels = sheet_labels(fmt, labels, columns)
    if out is not None and fmt == "table":
        raise BadInput("-o 用于 json、csv、md、xlsx、docx；表格只显示在屏幕上")
    s = session_for(run)
    path = output.out_path(s, out, fmt)
    # The table is for people: what still needs something, the rest counted (a year of reported items
    # is tens of thousands of rows); a table of 15,000 open 督办 rows is read by nobody: the most
    # pressing LEDGER_ROWS, the rest counted. Files (json, csv, md, xlsx, docx) hold every row.
    table = fmt == "table"
    ledger = follow_service.ledger(s, overdue, pending_only=table and not everything,
                                   limit=limit or None if table and not everything else None)
    rows = ledger.rows
    output.notices(s.notices)
    today = s.now.date()
    if labels == "zh":
        from bangongshi.formats import sheets
        from bangongshi.formats.xlsx import write_sheet

        default = sheets.LEDGER_DEFAULT + (sheets.LEDGER_SHARED if views.any_shared(rows) else ())
        chosen = sheets.choose(sheets.LEDGER_COLUMNS, columns, default)
        shown = views.sheet_rows(rows, chosen)
        title = sheets.as_of(views.LEDGER_TITLE, today)
        output.write_out(lambda handle: write_sheet(handle, fmt, chosen, shown, title, raw=raw), path, False)
        return
    if fmt == "docx":
        from bangongshi.formats.docx import write_docx

        document = views.paper(rows, today)
        output.write_out(lambda handle: write_docx(handle, document), path, False)
        return
    if path is not None:
        output.write_out(views.ledger_text(rows, fmt, raw=raw), path, False)
        return
    if fmt == "table" and not ledger.rows:
        if overdue:
            output.say("没有逾期的督办事项")
        elif ledger.hidden:
            output.say(f"没有还要办的督办事项。{views.left_out_text(ledger)}")
        else:
            output.say("没有督办事项。交办一件事：bgs assign ID --to 承办人 --every 每2个工作日")
        return
    text = lambda shown: views.ledger_text(shown.rows, fmt, raw=raw)  # noqa: E731
    # The md ledger is a file to paste (a Markdown table), written as it is like JSON and CSV.
    output.show(ledger, fmt, {"table": views.ledger_table, "json": text, "csv": text, "md": text},
                as_data=("json", "csv", "md"))
