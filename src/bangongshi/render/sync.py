"""What `bgs sync` shows: the changes on each side, the status, the conflicts kept visible."""

from dataclasses import asdict


def report_lines(report) -> list[str]:
    verb = "将" if report.dry_run else "已"
    lines = []
    for label, titles in (("从服务器新增", report.pulled_new), ("从服务器更新", report.pulled_changed),
                          ("按服务器删除", report.pulled_deleted), ("上传新增", report.pushed_new),
                          ("上传修改", report.pushed_changed), ("在服务器删除", report.pushed_deleted)):
        if titles:
            lines.append(f"{verb}{label} {len(titles)} 项：" + "、".join(f"「{t}」" for t in titles[:10])
                         + ("等" if len(titles) > 10 else ""))
    for title, field in report.conflicts:
        lines.append(f"冲突：「{title}」的 {field} 两边都改了，另一边的值保留在 bgs sync conflicts 里")
    if report.retry_later:
        lines.append(f"服务器上刚被改动、下次同步时合并 {len(report.retry_later)} 项")
    if report.locked_skipped:
        lines.append(f"加密事项 {report.locked_skipped} 项不同步")
    if report.locked_masked:
        lines.append(f"加密事项 {report.locked_masked} 项以「【密】事项」占位同步（只有时间，没有内容）")
    if not lines:
        lines.append("两边一致，没有要同步的内容")
    return lines


def auto_lines(report) -> list[str]:
    """What the sync after a writing command says: only what came from elsewhere or needs a look;
    sending this command's own change is what the user asked for and goes unsaid."""
    lines = [line for line in report_lines(report)
             if not line.startswith(("已上传", "已在服务器删除", "两边一致", "加密事项"))]
    return lines


def report_object(report) -> dict:
    return asdict(report)


def status_lines(status) -> list[str]:
    if not status.configured:
        return ["还没有设置同步：bgs sync setup URL --user 用户名"]
    return [f"服务器：{status.url}（用户 {status.user}）", f"日历集合：{status.collection}",
            f"上次同步：{status.last_sync or '从未'}", f"已同步事项：{status.synced}",
            f"待上传：新增 {status.pending_new}、修改 {status.pending_changed}、删除 {status.pending_deleted}",
            f"未处理的冲突：{status.conflicts}"]


def status_object(status) -> dict:
    return asdict(status)


def conflict_lines(conflicts) -> list[str]:
    if not conflicts:
        return ["没有同步冲突"]
    return [f"「{c.title or c.uuid}」{c.field}：本机「{c.local}」，服务器「{c.remote}」，保留了"
            f"{'本机' if c.kept == 'local' else '服务器'}的值（{c.at:%Y-%m-%d %H:%M}）" for c in conflicts]


def item_conflict_lines(conflicts) -> list[str]:
    """Under an item in `bgs show`: the field, both values, which one the item kept."""
    return [f"{c.field}：本机「{c.local}」，服务器「{c.remote}」，保留了{'本机' if c.kept == 'local' else '服务器'}的值"
            f"（{c.at:%Y-%m-%d %H:%M}）" for c in conflicts]


def item_conflict_objects(conflicts) -> list[dict]:
    """The `sync_conflicts` key of an item in `bgs show --format json` (docs/contract.md)."""
    return [{"field": c.field, "local": c.local, "remote": c.remote, "kept": c.kept,
             "at": c.at.isoformat(timespec="seconds") if c.at else None} for c in conflicts]


def conflict_object(conflicts) -> list[dict]:
    return [{**asdict(c), "at": c.at.isoformat(timespec="seconds") if c.at else None} for c in conflicts]
