"""What `bgs remind` shows: what went out, what would go (--dry-run), the delivery log."""

from bangongshi.formats.remind_message import LATE
from bangongshi.model.remind import KINDS, Delivery

RESULTS = {"sent": "已发送", "failed": "失败", "sending": "发送中"}


def outcome_lines(outcome) -> list[str]:
    lines = [f"已发送 → {channel}：{reminder.text}" for channel, reminder in outcome.sent]
    lines += [f"发送失败 → {channel}：{reminder.text}（{why}）" for channel, reminder, why in outcome.failed]
    return lines or ["现在没有要发送的提醒"]


def outcome_object(outcome) -> dict:
    return {"sent": [{"channel": c, "key": r.key, "kind": r.kind, "text": r.text} for c, r in outcome.sent],
            "failed": [{"channel": c, "key": r.key, "kind": r.kind, "text": r.text, "error": why}
                       for c, r, why in outcome.failed]}


def planned_lines(planned) -> list[str]:
    if not planned:
        return ["现在没有要发送的提醒"]
    return [f"{p.reminder.at:%H:%M} {LATE if p.late else ''}【{KINDS[p.reminder.kind]}】{p.reminder.text}"
            f" → {'、'.join(p.channels)}" for p in planned]


def planned_object(planned) -> dict:
    return {"reminders": [{"key": p.reminder.key, "kind": p.reminder.kind, "at": p.reminder.at.isoformat(),
                           "text": p.reminder.text, "channels": list(p.channels), "late": p.late} for p in planned]}


def log_lines(deliveries: list[Delivery]) -> list[str]:
    if not deliveries:
        return ["还没有发送过提醒"]
    lines = []
    for d in deliveries:
        when = (d.finished or d.claimed).strftime("%m-%d %H:%M")
        tries = f"，第 {d.attempts} 次" if d.attempts > 1 else ""
        why = f"：{d.error}" if d.error else ""
        lines.append(f"{when} {RESULTS[d.result]}{tries} → {d.channel}【{KINDS.get(d.kind, d.kind)}】{d.text}{why}")
    return lines


def log_object(deliveries: list[Delivery]) -> dict:
    return {"deliveries": [{"key": d.key, "channel": d.channel, "kind": d.kind, "due": d.due.isoformat(),
                            "claimed": d.claimed.isoformat(), "finished": d.finished.isoformat() if d.finished else None,
                            "result": d.result, "attempts": d.attempts, "error": d.error, "text": d.text}
                           for d in deliveries]}
