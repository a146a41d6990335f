"""`sync.auto: true`: one CalDAV sync after each command that wrote something (docs/sync.md). Run by
the edge once the command has finished; its messages go to stderr, so a script reading the command's
stdout sees the same data with auto sync on or off. With auto off this costs one attribute read: the
sync service (and caldav behind it) is imported only when a sync runs (tests/test_startup.py)."""

from bangongshi.cli.context import RunState


def after_command(state: RunState) -> None:
    session = state.session
    if session is None or state.synced or session.settings is None or not session.settings.sync.auto:
        return
    if not session.store.runs_written:
        return  # a command that only read: nothing to send
    from bangongshi.cli import output
    from bangongshi.render import sync as views
    from bangongshi.services import sync as service

    state.synced = True
    said = len(session.notices)
    try:
        outcome = service.auto_sync(session)
    except KeyboardInterrupt:
        # Ctrl-C while waiting on the server: the command's change is saved all the same (the edge
        # would otherwise say nothing was saved); what the sync had not written is rolled back.
        output.say("自动同步已中断：本机的修改已保存，下次同步时上传")
        return
    if outcome is None:
        return
    output.notices(session.notices[said:])
    if outcome.report is None:
        output.say(f"自动同步没有完成：{outcome.problem}。本机的修改已保存，下次同步时上传"
                   "（联网后运行 bgs sync，或下一条修改命令会再试）")
        return
    lines = views.auto_lines(outcome.report)
    if lines:
        output.say("自动同步：" + "；".join(lines))
