"""Reports for people (Rich with small bar charts, Markdown, plain text for WeChat/钉钉, HTML) and
for programs (JSON, CSV and XLSX rows)."""

from html import escape

from bangongshi.formats.json import item_object
from bangongshi.formats.registers import contact_object
from bangongshi.formats.visible import visible
from bangongshi.render.echo import is_mask, item_name
from bangongshi.render.lines import rich_text
from bangongshi.domain.calendar import WEEKDAYS

KIND_LABELS = {"doc": "办文", "meeting": "办会", "affair": "办事", None: "其他"}
ROW_KEYS = ("section", "section_label", "id", "title", "folder", "kind", "due", "done_at", "result", "source",
            "handler", "spent_minutes", "estimate_minutes")
SHOWN_CONTACTS = 50  # a month's calls for people: the first 50 (all are in JSON)
SECTIONS = {"done": "已办结", "carried": "结转（未办完）", "captured": "新记", "slip": "差错"}


def _kind(kind) -> str:
    return KIND_LABELS[kind.code if kind else None]


def report_object(report) -> dict:
    m = report.minutes
    share = report.plan_share
    return {
        "kind": report.kind, "title": report.title, "first": report.first.isoformat(), "last": report.last.isoformat(),
        "workdays": report.workdays, "done_count": report.done_count,
        "done": [{"kind": k.code if k else None, "kind_label": _kind(k), "items": [item_object(i) for i in items]}
                 for k, items in report.done],
        "carried": [item_object(i) for i in report.carried],
        "captured": [item_object(i) for i in report.captured],
        "follow": {"counts": report.follow_counts,
                   "pressing": [{"id": r.item.id, "title": r.item.title, "status": r.status.code,
                                 "status_label": r.status.label, "handler": r.item.handler, "source": r.item.source}
                                for r in report.follow_open],
                   "closed": {"reported": report.follow_closed.get("reported", 0),
                              "acknowledged": report.follow_closed.get("acknowledged", 0)}},
        "slips": [{"id": s.id, "at": s.at.isoformat(), "text": s.text, "item_id": s.item_id} for s in report.slips],
        "plan": {"planned": report.planned, "finished": report.planned_done,
                 "share": round(share, 4) if share is not None else None},
        "minutes": {"key_spent": m.key_spent, "routine_spent": m.routine_spent, "key_target": m.key_target,
                    "routine_target": m.routine_target},
        "per_day": [{"date": d.isoformat(), "done": n} for d, n in report.per_day],
        "contacts": [contact_object(c) for c in report.contacts],
        "registered": {"in": report.registered.get("in", 0), "out": report.registered.get("out", 0)},
        "duty_logs": [{"id": e.id, "at": e.at.isoformat(timespec="seconds"), "day": e.day.isoformat(),
                       "person": e.person, "text": e.text} for e in report.duty_logs],
    }


def rows(report) -> list[dict]:
    found = []

    def add(section: str, item) -> None:
        found.append({"section": section, "section_label": SECTIONS[section], "id": item.id, "title": item.title,
                      "folder": item.folder.code, "kind": item.kind.code if item.kind else None,
                      "due": item.due.isoformat() if item.due else None,
                      "done_at": item.done_at.isoformat() if item.done_at else None, "result": item.result,
                      "source": item.source, "handler": item.handler, "spent_minutes": item.spent_minutes,
                      "estimate_minutes": item.estimate_minutes})

    for _, items in report.done:
        for item in items:
            add("done", item)
    for item in report.carried:
        add("carried", item)
    for item in report.captured:
        add("captured", item)
    for slip in report.slips:
        found.append({key: None for key in ROW_KEYS} | {"section": "slip", "section_label": SECTIONS["slip"],
                                                          "id": slip.item_id, "title": slip.text,
                                                          "done_at": slip.at.isoformat(), "result": ""})
    return found


def _lines(report, options: str = "") -> list[tuple[int, str]]:
    """(level, text): 1 a heading, 2 a sub-heading, 0 a line; shared by text, Markdown and HTML.
    `options`: what the command that lists everything repeats of the one run (` --include-locked`)."""
    m = report.minutes
    out = [(1, report.title), (0, f"工作日 {report.workdays} 天，办结 {report.done_count} 项")]
    out.append((2, "已办结"))
    for kind, items in report.done:
        if items:
            hidden = report.done_hidden.get(kind, 0)
            out.append((0, f"{_kind(kind)}（{len(items) + hidden}）："))
            out += [(0, f"  {_name(i.id, i.title)}" + (f"——{i.result}" if i.result else "")) for i in items]
            if hidden:
                out.append((0, _more(report, hidden, options)))
    if not report.done_count:
        out.append((0, "（无）"))
    out.append((2, f"结转（{report.carried_count}）"))
    out += [(0, f"  {item_name(i.id, i.title)}" + (f"（截止 {i.due.isoformat()}）" if i.due else "")) for i in report.carried[:50]]
    out.append((2, f"新记（{report.captured_count}）"))
    out += [(0, line) for line in _captured_lines(report.captured)[:50]]
    counts = "、".join(f"{label} {report.follow_counts.get(code, 0)}" for code, label in
                      (("open", "办理中"), ("overdue", "已逾期"), ("done_unreported", "待反馈"), ("handed_off", "待接收")))
    closed = report.follow_closed
    counts += f"；本期已反馈 {closed.get('reported', 0)}、已移交 {closed.get('acknowledged', 0)}"
    out.append((2, "督办"))
    out.append((0, counts))
    out += [(0, f"  【{r.status.label}】{_name(r.item.id, r.item.title)}") for r in report.follow_open]
    if report.follow_hidden:
        out.append((0, _more(report, report.follow_hidden, options)))
    if report.slips:
        out.append((2, f"差错（{len(report.slips)}）"))
        out += [(0, f"  {s.at:%m-%d} {s.text}" + (f"（#{s.item_id}）" if s.item_id else "")) for s in report.slips]
    if report.contacts or any(report.registered.values()):
        out.append((2, f"来电来访（{len(report.contacts)}）与收发文"))
        out.append((0, f"登记收文 {report.registered.get('in', 0)} 件、发文 {report.registered.get('out', 0)} 件"))
        for c in report.contacts[:SHOWN_CONTACTS]:
            who = c.person + (f"（{c.unit}）" if c.unit else "")
            out.append((0, f"  {c.at:%m-%d %H:%M} {c.kind.label} {who}：{c.matter}"
                           + (f"——{c.handling}" if c.handling else "") + (f"（#{c.item_id}）" if c.item_id else "")))
    if report.duty_logs:
        out.append((2, f"值班交接记录（{len(report.duty_logs)}）"))
        out += [(0, f"  {e.at:%m-%d %H:%M} {e.person + '：' if e.person else ''}{e.text}") for e in report.duty_logs]
    share = report.plan_share
    out.append((2, "次日事项与28定律"))
    out.append((0, f"次日事项 {report.planned} 项，按时完成 {report.planned_done} 项"
                   + (f"（{share:.0%}）" if share is not None else "")))
    # In hours, as the chart below and the agenda's budget write the same figures (not 「10小时25分」 here
    # and 「10.4」 there).
    out.append((0, f"重点 {hours(m.key_spent)} / 可用 {hours(m.key_target)}；"
                   f"常规 {hours(m.routine_spent)} / 可用 {hours(m.routine_target)}"))
    return out


def _more(report, hidden: int, options: str = "") -> str:
    """The line under a list the screen cut short (services.report.build's `shown`), with the command
    that lists it all."""
    kind = report.kind
    when = f"{report.first:%Y-%m}" if kind == "month" else report.first.isoformat()
    return f"  ……另有 {hidden} 项未列出，bgs report {kind} {when}{options} --all 全部列出"


def _name(item_id: int, title: str) -> str:
    """render.echo.item_name, asking is_mask only of a title that can be a mask: a month lists
    ~10,000 handled items, and making each its mask to compare cost a tenth of the report's lines."""
    return title if title[:5] == "【密】事项" and is_mask(item_id, title) else f"#{item_id} {title}"


def _captured_lines(captured) -> list[str]:
    """新记: a template's steps said with the meeting or document they belong to (「及其 6 个步骤」),
    not one by one; a step whose parent was recorded before the period is listed on its own."""
    ids = {i.id for i in captured}
    steps: dict[int, int] = {}
    for item in captured:
        if item.parent_id in ids:
            steps[item.parent_id] = steps.get(item.parent_id, 0) + 1
    return [f"  {item_name(i.id, i.title)}" + (f"（及其 {steps[i.id]} 个步骤）" if i.id in steps else "")
            for i in captured if i.parent_id not in ids]


def hours(minutes: int) -> str:
    """Minutes as the report writes them everywhere: 「10.4 小时」."""
    return f"{minutes / 60:.1f} 小时"


def text(report) -> str:
    return visible("\n".join(f"【{t}】" if level == 2 else t for level, t in _lines(report)))


def markdown(report) -> str:
    return visible("\n".join({1: f"# {t}", 2: f"\n## {t}", 0: f"- {t.strip()}" if t.startswith("  ") else t}[level]
                              for level, t in _lines(report)) + "\n")


def html(report) -> str:
    body = []
    for level, line in _lines(report):
        tag = {1: "h1", 2: "h2", 0: "p"}[level]
        body.append(f"<{tag}>{escape(visible(line.strip()))}</{tag}>")
    peak = max((n for _, n in report.per_day), default=0) or 1
    bars = "".join(f'<div class="bar"><span>{d.month}-{d.day}</span><i style="width:{n * 100 // peak}%"></i>'
                   f"<b>{n}</b></div>" for d, n in report.per_day)
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(visible(report.title))}</title><style>body{{font-family:sans-serif;max-width:48em;margin:2em auto}}"
            ".bar{display:flex;gap:.5em;align-items:center}.bar span{width:4em}.bar i{background:#4a7;height:.8em;"
            "display:inline-block}</style></head><body>" + "".join(body) + "<h2>每天办结</h2>" + bars
            + "</body></html>\n")


def table(report, options: str = "") -> None:
    """The report on the screen: its lines as Rich would print them (bold headings, each after an
    empty line), written at once (render.lines): a month of 10,000 handled items printed line by
    line through Rich took seconds. Then the charts. `options`: as _lines."""
    from bangongshi.render import lines as out_lines
    from bangongshi.render.lines import Styled

    body: list[Styled | str] = []
    for level, line in _lines(report, options):
        if level == 2:
            body.append("")
        if "\t" in line or "\n" in line:
            body += _as_rich_prints(line, "bold" if level else "")
        else:
            body.append(Styled(line, "bold") if level else line)
    charts: list[tuple[str, bool]] = []  # (text, whether a heading: bold, after an empty line)
    if len(report.per_day) > 1:
        charts.append(("每天办结", True))
        peak = max(n for _, n in report.per_day) or 1
        for day, count in report.per_day:
            bar = "█" * (count * 20 // peak)
            charts.append((f"  {day.month:>2}-{day.day:02d} 周{WEEKDAYS[day.weekday()]} {bar:<20} {count}", False))
    m = report.minutes
    charts.append(("重点与常规（实际或预计用时）", True))
    for label, spent, target in (("重点", m.key_spent, m.key_target), ("常规", m.routine_spent, m.routine_target)):
        filled = min(20, spent * 20 // target) if target else 0
        charts.append((f"  {label} {'█' * filled:<20} {spent / 60:.1f}/{target / 60:.1f} 小时", False))
    if max(out_lines.cell_len(text) for text, _ in charts) <= out_lines.width():
        for text, heading in charts:
            body += ["", Styled(text, "bold")] if heading else [text]
        out_lines.write(body)
        return
    # A terminal too narrow for the charts: Rich wraps them, as it always did.
    out_lines.write(body)
    from rich.console import Console
    from rich.text import Text

    out = Console(highlight=False, emoji=False)
    for text, heading in charts:
        out.print(Text("\n" + text, style="bold") if heading else text)


def _as_rich_prints(line: str, style: str) -> list:
    """The lines Rich prints for one line of text with soft wrap: a line break inside starts a new
    line (styled alike), tabs are expanded to Rich's stops."""
    from bangongshi.render.lines import Styled

    if "\t" in line:
        text = rich_text(line)
        text.expand_tabs(8)
        line = text.plain
    return [Styled(part, style) for part in line.split("\n")]


def xlsx(report, target, *, raw: bool = False) -> None:
    from bangongshi.formats.xlsx import write_xlsx

    write_xlsx(target, "报告", ROW_KEYS, [[row[k] for k in ROW_KEYS] for row in rows(report)], raw=raw)


def chronicle_object(year: int, entries) -> dict:
    return {"year": year, "entries": [{"date": e.day.isoformat(), "title": e.title, "item_id": e.item_id,
                                       "kind": "item" if e.item_id else "event"} for e in entries]}


def chronicle_lines(year: int, entries) -> list[str]:
    lines = [f"{year}年大事记"]
    lines += [f"{e.day.month}月{e.day.day}日  {visible(e.title)}" + (f"（#{e.item_id}）" if e.item_id else "") for e in entries]
    if not entries:
        lines.append("（还没有记下大事：bgs event \"…\"，或给事项加 --major）")
    return lines


def chronicle_markdown(year: int, entries) -> list[str]:
    lines = chronicle_lines(year, entries)
    return [f"# {lines[0]}", ""] + [f"- {line}" for line in lines[1:]]


# ---- for people: the sheet and the 公文 (issue #22) ------------------------------------------------------

def sheet_rows(report, columns, today) -> list[tuple[list, bool]]:
    """The report's rows (as csv and xlsx for scripts list them) in `columns` (formats.sheets), with the
    folder and kind in words; a carried item past its deadline is marked."""
    from bangongshi.formats.sheets import row_cells

    folders = {"todo": "待办", "temp": "临时", "done": "已处理"}
    cells = row_cells(columns)
    found = []
    for row in rows(report):
        row = dict(row, folder_label=folders.get(row["folder"]), kind_label=KIND_LABELS[row["kind"]]
                   if row["section"] != "slip" else None)
        overdue = row["section"] == "carried" and row["due"] is not None and row["due"] < today.isoformat()
        found.append((cells(row), overdue))
    return found


def paper(report, today, coming=()):
    """The report as a 公文 (formats.docx): 已办结 by 办文/办会/办事, 结转, 新记, 督办, 差错, the next period's
    plan, and the figures."""
    from bangongshi.formats.docx import Heading, Paper, Para, Table

    period = report.title.split(" ", 1)[-1]
    heading = {"day": "工作日志", "week": "工作周报", "month": "工作月报"}[report.kind]
    document = Paper(heading, f"（{period}，工作日 {report.workdays} 天）" if report.kind != "day" else f"（{period}）")
    blocks = document.blocks
    blocks.append(Heading(f"已办结（{report.done_count} 项）"))
    for kind, items in report.done:
        if items:
            blocks.append(Para(f"{_kind(kind)}（{len(items)} 项）："))
            blocks += [Para(f"{n}. {i.title}" + (f"——{i.result}" if i.result else ""))
                       for n, i in enumerate(items, start=1)]
    if not report.done_count:
        blocks.append(Para("本期没有办结的事项。"))
    blocks.append(Heading(f"结转未办结（{report.carried_count} 项）"))
    if report.carried:
        blocks.append(Table(("编号", "事项", "截止", "交办人", "承办人"),
                            tuple((str(i.id), i.title, i.due.isoformat() if i.due else "", i.source, i.handler)
                                  for i in report.carried),
                            tuple(bool(i.due and i.due < today) for i in report.carried), (1, 6, 2.4, 2, 2)))
        if report.carried_count > len(report.carried):
            blocks.append(Para(f"另有 {report.carried_count - len(report.carried)} 项未列出（bgs list 可查）。"))
    else:
        blocks.append(Para("没有结转的事项。"))
    blocks.append(Heading("督办"))
    counts = report.follow_counts
    closed = report.follow_closed
    blocks.append(Para(f"办理中 {counts.get('open', 0)} 项，已逾期 {counts.get('overdue', 0)} 项，待反馈 "
                       f"{counts.get('done_unreported', 0)} 项，待接收 {counts.get('handed_off', 0)} 项；本期已反馈 "
                       f"{closed.get('reported', 0)} 项，已移交 {closed.get('acknowledged', 0)} 项。"))
    if report.follow_open:
        blocks.append(Table(("编号", "事项", "承办人", "交办人", "状态"),
                            tuple((str(r.item.id), r.item.title, r.item.handler, r.item.source, r.status.label)
                                  for r in report.follow_open),
                            tuple(r.status.code == "overdue" for r in report.follow_open), (1, 6, 2, 2, 1.6)))
    blocks.append(Heading(f"差错（{len(report.slips)} 次）"))
    if report.slips:
        blocks += [Para(f"{s.at:%m月%d日} {s.text}" + (f"（事项 {s.item_id}）" if s.item_id else ""))
                   for s in report.slips]
    else:
        blocks.append(Para("本期没有登记差错。"))
    nxt = {"day": "下一个工作日安排", "week": "下周安排", "month": "下月安排"}[report.kind]
    blocks.append(Heading(nxt))
    if coming:
        blocks.append(Table(("日期", "事项", "交办人", "承办人"),
                            tuple((_when(i), i.title, i.source, i.handler) for i in coming), (),
                            (2.6, 6, 2, 2)))
    else:
        blocks.append(Para("没有已排定的事项。"))
    m = report.minutes
    blocks.append(Heading("次日事项与28定律"))
    share = report.plan_share
    blocks.append(Para(f"次日事项 {report.planned} 项，按时完成 {report.planned_done} 项"
                       + (f"（{share:.0%}）" if share is not None else "") + "。"
                       f"重点工作用时 {hours(m.key_spent)}（可用 {hours(m.key_target)}），"
                       f"常规工作用时 {hours(m.routine_spent)}（可用 {hours(m.routine_target)}）。"))
    return document


def _when(item) -> str:
    if item.at is not None:
        return f"{item.at:%m-%d %H:%M}"
    return f"{item.due:%m-%d}" if item.due else ""
