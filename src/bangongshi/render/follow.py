"""The 督办台账 (ledger) and the agenda's 督办提醒, for people and for scripts."""

from bangongshi.formats.csv import to_csv
from bangongshi.formats.json import to_json
from bangongshi.formats.visible import visible

LEDGER_KEYS = ("id", "title", "source", "handler", "assigned_at", "delegated_at", "due", "attention",
               "attention_label", "report_required", "nudges", "last_nudge", "next_nudge", "last_progress",
               "last_progress_at", "status", "status_label", "reported_at", "handoff_to",
               # Issue #25: shared through a CalDAV collection, which side changed it last, 延期 asked.
               "shared_with", "changed_by", "changed_by_label", "changed_at", "shared_state", "shared_state_label",
               "extension_due")
COLUMNS = ("编号", "事项", "交办人", "承办人", "交办日期", "时限", "催办次数", "最近进展", "状态", "最近改动")
SIDE_LABELS = {"assigner": "交办方", "handler": "承办方"}


def _iso(value):
    return value.isoformat() if value is not None else None


def row_object(row) -> dict:
    item, counts = row.item, row.counts
    assigned = item.assigned_at or item.created
    return {
        "id": item.id, "title": item.title, "source": item.source, "handler": item.handler,
        "assigned_at": _iso(assigned), "delegated_at": _iso(item.delegated_at), "due": _iso(item.due),
        "attention": item.attention.code if item.attention else None,
        "attention_label": item.attention.label if item.attention else None,
        "report_required": item.report_required, "nudges": counts.nudges, "last_nudge": _iso(counts.last_nudge),
        "next_nudge": _iso(row.next_nudge), "last_progress": counts.last_progress,
        "last_progress_at": _iso(counts.last_progress_at), "status": row.status.code,
        "status_label": row.status.label, "reported_at": _iso(item.reported_at), "handoff_to": item.handoff_to,
        **_shared(row.marks),
    }


def _shared(marks) -> dict:
    state = marks.state if marks else None
    side = marks.changed_by if marks else None
    return {"shared_with": marks.shared_with if marks else "", "changed_by": side,
            "changed_by_label": SIDE_LABELS.get(side), "changed_at": _iso(marks.changed_at) if marks else None,
            "shared_state": state.code if state else None, "shared_state_label": state.label if state else None,
            "extension_due": _iso(marks.asked.day) if marks and marks.asked else None}


def _state(row) -> str:
    marks = row.marks
    text = row.status.label + (f"，{_day(row.next_nudge)}催办" if row.next_nudge else "")
    if marks is not None and marks.state is not None:
        text = f"{marks.state.label}（{text}）"
    if marks is not None and marks.asked is not None:
        text += f"，申请延期至{_day(marks.asked.day)}" if marks.asked.day else "，申请延期（内容已加密）"
    return text


def _changed(row) -> str:
    marks = row.marks
    if marks is None or not marks.changed_by:
        return ""
    who = "我" if marks.by_me else marks.shared_with
    when = marks.changed_at
    return f"{who} {_day(when)} {when:%H:%M}" if when else who


def _day(day) -> str:
    """MM-DD (strftime costs a microsecond a call; a ledger has three dates a row)."""
    return "%02d-%02d" % (day.month, day.day) if day else ""


def _cells(row) -> list[str]:
    item = row.item
    return [f"#{item.id}", item.title, item.source, item.handler or (f"→{item.handoff_to}" if item.handoff_to else ""),
            _day(item.assigned_at or item.created), _day(item.due), str(row.counts.nudges), row.counts.last_progress,
            _state(row), _changed(row)]


def ledger_text(rows, fmt: str, raw: bool = False) -> str:
    """The ledger as json, csv or md (a Markdown table, for reports)."""
    if fmt == "json":
        return to_json([row_object(r) for r in rows])
    if fmt == "csv":
        return to_csv([row_object(r) for r in rows], LEDGER_KEYS, raw=raw)
    # 最近改动 only when something is shared: a ledger of one desk reads as it always did.
    width = len(COLUMNS) if any_shared(rows) else len(COLUMNS) - 1
    lines = ["| " + " | ".join(COLUMNS[:width]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)[:width]) + " |" for r in rows]
    return visible("\n".join(lines))


def any_shared(rows) -> bool:
    return any(r.marks is not None and r.marks.changed_by for r in rows)


def left_out_text(ledger) -> str:
    """The followed items a table left out (services.follow.Ledger.left_out), and how to see them."""
    parts = "、".join(f"{status.label} {n} 项" for status, n in ledger.left_out.items() if n)
    return f"另有 {ledger.hidden} 项未列出（{parts}），bgs follow --all 查看全部" if ledger.hidden else ""


def ledger_table(ledger) -> None:
    from bangongshi.render.lines import Styled, write
    from bangongshi.render.table import print_table

    styles = {"overdue": "red", "done_unreported": "yellow", "handed_off": "yellow"}
    body = []
    for r in ledger.rows:
        # Plain cells and one styled one: the table takes them as they are (a year of 督办 history is
        # tens of thousands of rows; Rich Text cells cost a conversion each).
        cells: list = _cells(r)
        cells[-2] = Styled(cells[-2], styles.get(r.status.code, ""))
        body.append(cells)
    columns = list(COLUMNS)
    if not any_shared(ledger.rows):
        columns.pop()  # nothing shared: no column of who changed it last
        body = [cells[:-1] for cells in body]
    print_table(columns, body, "事项", {"最近进展": 24}, right=("编号", "催办次数"),
                droppable=("交办日期", "交办人", "最近进展", "最近改动"))
    if ledger.more:
        write([Styled(f"只列出最要紧的 {len(ledger.rows)} 项，另有 {ledger.more} 项还要办：bgs follow -n 0 全部列出",
                      "dim")])
    if ledger.hidden:
        write([Styled(left_out_text(ledger), "dim")])


# ---- for people: the printable ledger (issue #22) ------------------------------------------------------

LEDGER_TITLE = "督办事项台账"


def sheet_rows(rows, columns) -> list[tuple[list, bool]]:
    """The ledger's rows in `columns` (formats.sheets LEDGER_COLUMNS), an overdue one marked."""
    from bangongshi.formats.sheets import row_cells

    cells = row_cells(columns)
    return [(cells(row_object(r)), r.status.code == "overdue") for r in rows]


def paper(rows, today):
    """The ledger as a 公文 (formats.docx), landscape: a table of the columns the screen shows, overdue rows
    shaded, and a line counting them by status."""
    from collections import Counter

    from bangongshi.formats.docx import Paper, Para, Table
    from bangongshi.formats.sheets import as_of

    document = Paper(LEDGER_TITLE, as_of("", today).strip("（）"), landscape=True)
    counts = Counter(r.status.label for r in rows)
    summary = "，".join(f"{label} {n} 项" for label, n in counts.items())
    document.blocks.append(Para(f"共 {len(rows)} 项" + (f"：{summary}。" if summary else "。")))
    if rows:
        # As on the screen: the column of who changed an item last only when something is shared (#25).
        shared = any_shared(rows)
        columns = COLUMNS if shared else COLUMNS[:-1]
        widths = (1.2, 6, 2, 2.4, 1.4, 1.4, 1.2, 4, 2.4) + ((2.4,) if shared else ())
        document.blocks.append(Table(columns, tuple(tuple(_cells(r)[:len(columns)]) for r in rows),
                                     tuple(r.status.code == "overdue" for r in rows), widths))
    return document
