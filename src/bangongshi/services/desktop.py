"""The desktop channel of `bgs remind`: one notification through the platform's own mechanism.

desktop-notifier speaks D-Bus (org.freedesktop.Notifications) on Linux, the Notification Center
on macOS and WinRT toasts on Windows. It is imported here only, inside `notify`, so no other
command pays for it (tests/test_startup.py).

The library never raises when a notification cannot be shown: it logs a warning (with a
traceback) and carries on. A reminder recorded as sent must have been shown, so `notify` listens
to that logger for the length of one call, keeps the warning off the user's terminal, and turns
it — or a missing "dispatched" callback — into StorageError (exit 5).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bangongshi.errors import BadInput, StorageError

APP_NAME = "办公室助手"
_PREFIX = "无法显示桌面通知："


def notify(title: str, body: str, timeout: float) -> None:
    """Show one notification; return once the platform has accepted it.

    `timeout` bounds the whole call in seconds (connecting, asking the notification service,
    handing over the notification). Raises StorageError with a Chinese message when the
    notification cannot be shown, so the caller records the delivery as failed.
    Call from synchronous code (it runs its own event loop).
    """
    if not timeout > 0:
        raise BadInput(f"桌面通知的超时须为正数秒，而不是「{timeout}」。")
    import asyncio

    from desktop_notifier import DesktopNotifier
    from desktop_notifier.backends.dummy import DummyNotificationCenter

    # app_icon=None: the library's default icon is the Python logo.
    notifier = DesktopNotifier(app_name=APP_NAME, app_icon=None)
    backend = notifier._backend  # the library offers no public way to ask which one it chose
    if isinstance(backend, DummyNotificationCenter):
        # macOS allows notifications only from an app bundle (a pip-installed `bgs` is not one),
        # and very old systems have no mechanism at all: the library would silently drop them.
        raise StorageError(_PREFIX + "此系统上没有可用的桌面通知机制（macOS 只允许应用程序包发送通知）；"
                           "请改用其他提醒渠道。")

    failures = _Failures()
    library_log = logging.getLogger("desktop_notifier")
    saved_propagate = library_log.propagate
    library_log.addHandler(failures)
    library_log.propagate = False  # its warnings carry a traceback; ours is the message below
    restore_bus = _default_session_bus()
    dispatched: list[bool] = []
    try:
        asyncio.run(_send(notifier, title, body, timeout, lambda: dispatched.append(True)))
    except TimeoutError:
        raise StorageError(_PREFIX + f"通知服务 {timeout:g} 秒内没有响应。") from None
    finally:
        library_log.removeHandler(failures)
        library_log.propagate = saved_propagate
        restore_bus()
    if failures.records or not dispatched:
        raise StorageError(_PREFIX + _reason(failures.records))


async def _send(notifier, title: str, body: str, timeout: float, on_dispatched) -> None:
    import asyncio

    try:
        async with asyncio.timeout(timeout):
            await notifier.send(title=title, message=body, on_dispatched=on_dispatched)
    finally:
        # The D-Bus backend keeps its connection open for clicks and replies we never wait for;
        # close it so repeated calls in one run do not leave sockets behind.
        bus = getattr(notifier._backend, "bus", None)
        if bus is not None:
            bus.disconnect()


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _reason(records: list[logging.LogRecord]) -> str:
    """The first failure the library logged, in words a secretary can act on."""
    for record in records:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None:
            continue
        name = type(exc).__name__
        if name == "InvalidAddressError" or isinstance(exc, (FileNotFoundError, ConnectionRefusedError)):
            return "找不到桌面会话总线（D-Bus），可能不在图形桌面会话中运行；请登录桌面后再试，或改用其他提醒渠道。"
        if getattr(exc, "type", "") == "org.freedesktop.DBus.Error.ServiceUnknown":
            return "桌面没有运行通知服务（org.freedesktop.Notifications）；请改用其他提醒渠道。"
        return f"通知服务出错（{name}：{exc}）。"
    if records:
        return f"通知服务不受支持（{records[0].getMessage()}）。"
    return "通知服务没有接收这条通知。"


def _default_session_bus():
    """Point D-Bus at the user's session bus when the environment does not say where it is.

    cron (the scheduler fallback of `bgs remind install`) starts jobs without
    DBUS_SESSION_BUS_ADDRESS; libdbus then uses $XDG_RUNTIME_DIR/bus, but dbus-fast (under
    desktop-notifier) does not, so we do what libdbus does. Returns a function that undoes it.
    """
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS") or os.name != "posix":
        return lambda: None
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    socket = Path(runtime) / "bus"
    if not socket.is_socket():
        return lambda: None
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={socket}"
    return lambda: os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
