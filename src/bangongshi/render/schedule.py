"""What `bgs remind install/status/uninstall` show: the files (with their paths), where the
schedule is, and when `bgs remind` last ran."""

from datetime import datetime

from bangongshi.formats.schedule_files import INTERVAL_MINUTES, KIND_LABELS


def printed_files(planned) -> list[str]:
    """`--print`: each file under its path, as it would be written."""
    lines = []
    for path, text in planned.files:
        if planned.kind == "cron":
            lines += ["# crontab 行（加入方法：crontab -e，粘贴这一行）", text.rstrip("\n")]
        else:
            lines += [f"# ===== {path} =====", text.rstrip("\n"), ""]
    return lines


def installed_lines(planned) -> list[str]:
    label = KIND_LABELS[planned.kind]
    if planned.kind == "cron" and not planned.written:
        return ["没有可用的 systemd 用户定时器（或 launchd、计划任务），请把下面这一行加入 crontab"
                "（运行 crontab -e，把它粘贴为新的一行，保存）：",
                planned.cron_line]
    lines = [f"已写入 {path}" for path, _ in planned.files]
    if planned.enabled:
        lines.append(f"已启用{label}：每 {INTERVAL_MINUTES} 分钟运行一次 bgs remind；查看：bgs remind status")
    else:
        lines.append(f"只写入了文件，未启用{label}（--dir）")
    return lines


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def status_lines(status) -> list[str]:
    if status.found:
        lines = []
        for found in status.found:
            where = "、".join(str(p) for p in found.paths) if found.paths else "当前用户的 crontab"
            lines.append(f"已安装：{KIND_LABELS[found.kind]}（{where}）")
    else:
        lines = ["未安装：运行 bgs remind install 安装"]
    last = status.last_run
    if last is None:
        lines.append("上次运行：从未运行")
    elif isinstance(last, str):
        lines.append(f"上次运行：无法识别（「{last}」）")
    else:
        ago = status.now - (last if last.tzinfo else last.replace(tzinfo=status.now.tzinfo))
        minutes = int(ago.total_seconds() // 60)
        said = (f"{minutes // 1440} 天前" if minutes >= 1440 else f"{minutes // 60} 小时前" if minutes >= 60
                else f"{max(minutes, 0)} 分钟前")
        lines.append(f"上次运行：{_when(last)}（{said}）")
    return lines


def status_object(status) -> dict:
    last = status.last_run
    return {"installed": [{"kind": f.kind, "paths": [str(p) for p in f.paths]} for f in status.found],
            "last_run": last.isoformat() if isinstance(last, datetime) else last}


def removed_lines(removed) -> list[str]:
    if not removed:
        return ["没有找到 bgs remind install 安装的计划任务，什么也没有删除"]
    lines = []
    for each in removed:
        if each.cron_hint:
            lines.append(f"crontab 里有 bgs remind 的一行（bgs 不改你的 crontab），请自己删除：{each.cron_hint}")
            continue
        lines += [f"已删除 {path}" for path in each.paths]
        if each.disabled:
            lines.append(f"已停用并删除{KIND_LABELS[each.kind]}")
    return lines
