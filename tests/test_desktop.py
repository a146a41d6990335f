"""The desktop channel for real: a private session bus (dbus-daemon) and a small
org.freedesktop.Notifications service in the test that records every Notify call it receives."""

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from bangongshi.errors import StorageError
from bangongshi.services.desktop import notify

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="D-Bus notifications are Linux's"),
    pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon not installed (.ci/run installs it)"),
]

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


@pytest.fixture
def session_bus(tmp_path, monkeypatch):
    """A private `dbus-daemon --session` listening in tmp_path; its address is the session bus."""
    runtime = tmp_path / "run"
    runtime.mkdir()
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address", f"--address=unix:path={runtime}/bus"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = daemon.stdout.readline().strip()
        assert address.startswith("unix:"), "dbus-daemon did not start"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        # Nothing may fall back to the machine's own bus.
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        monkeypatch.delenv("DISPLAY", raising=False)
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)


class Listener:
    """A notification server on its own thread and event loop; `received` holds each Notify call."""

    def __init__(self, address: str, delay: float = 0.0):
        self.address, self.delay = address, delay
        self.received: list[dict] = []
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self.thread.start()
        assert self.ready.wait(10), "the Notifications listener did not start"
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._serve())
        self.loop.run_forever()
        # Let a Notify still sleeping (the unanswering service) end quietly with the loop.
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.bus.disconnect()
        self.loop.close()

    async def _serve(self):
        from dbus_fast.aio import MessageBus
        from dbus_fast.service import ServiceInterface, method

        listener = self

        class Notifications(ServiceInterface):
            def __init__(self):
                super().__init__(BUS_NAME)

            @method()
            async def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s",  # noqa: F821
                             body: "s", actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":  # noqa: F821
                if listener.delay:
                    await asyncio.sleep(listener.delay)
                listener.received.append({"app_name": app_name, "summary": summary, "body": body})
                return len(listener.received)

            @method()
            def GetCapabilities(self) -> "as":  # noqa: F821
                return ["body"]

            @method()
            def GetServerInformation(self) -> "ssss":  # noqa: F821
                return ["bgs-test", "bangongshi", "1", "1.2"]

            @method()
            def CloseNotification(self, notification_id: "u"):  # noqa: F821
                pass

        self.bus = await MessageBus(bus_address=self.address).connect()
        self.bus.export(OBJECT_PATH, Notifications())
        await self.bus.request_name(BUS_NAME)
        self.ready.set()


def test_the_title_and_body_arrive_at_the_notification_service(session_bus):
    with Listener(session_bus) as listener:
        notify("会议提醒", "14:30 党组会（3号会议室）\n输入 bgs show 12 查看", timeout=5)
        notify("【密】事项 #12 14:30", "", timeout=5)
    assert listener.received == [
        {"app_name": "办公室助手", "summary": "会议提醒", "body": "14:30 党组会（3号会议室）\n输入 bgs show 12 查看"},
        {"app_name": "办公室助手", "summary": "【密】事项 #12 14:30", "body": ""},
    ]


def test_the_session_bus_is_found_in_the_runtime_dir_when_the_environment_does_not_say(session_bus, monkeypatch):
    # cron starts `bgs remind` without DBUS_SESSION_BUS_ADDRESS; libdbus would use $XDG_RUNTIME_DIR/bus.
    with Listener(session_bus) as listener:
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
        notify("下班前", "输入 bgs plan tomorrow 安排明天", timeout=5)
        assert "DBUS_SESSION_BUS_ADDRESS" not in os.environ  # borrowed for the call only
    assert [r["summary"] for r in listener.received] == ["下班前"]


def test_a_bus_without_a_notification_service_is_a_storage_error(session_bus):
    with pytest.raises(StorageError) as raised:
        notify("会议提醒", "14:30 党组会", timeout=5)
    assert raised.value.exit_code == 5
    assert raised.value.message == ("无法显示桌面通知：桌面没有运行通知服务（org.freedesktop.Notifications）；"
                                    "请改用其他提醒渠道。")


def test_a_notification_service_that_does_not_answer_is_given_up_on_in_bounded_time(session_bus):
    with Listener(session_bus, delay=30) as listener:
        started = time.monotonic()
        with pytest.raises(StorageError) as raised:
            notify("会议提醒", "14:30 党组会", timeout=1)
        elapsed = time.monotonic() - started
    assert raised.value.message == "无法显示桌面通知：通知服务 1 秒内没有响应。"
    assert elapsed < 4
    assert listener.received == []


NO_BUS_PROBE = """
import sys, time
from bangongshi.errors import StorageError
from bangongshi.services.desktop import notify
started = time.monotonic()
try:
    notify("会议提醒", "14:30 党组会", timeout=3)
except StorageError as error:
    print(error.exit_code, error.message)
    print(round(time.monotonic() - started))
"""


def test_no_session_bus_is_a_clear_chinese_message_with_nothing_else_on_stderr(tmp_path):
    # A separate process: the library logs a warning with a traceback to stderr unless we stop it.
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # holds no `bus` socket
    done = subprocess.run([sys.executable, "-c", NO_BUS_PROBE], env=env, capture_output=True, text=True, timeout=30)
    assert done.stderr == ""
    code_and_message, seconds = done.stdout.splitlines()
    assert code_and_message == ("5 无法显示桌面通知：找不到桌面会话总线（D-Bus），可能不在图形桌面会话中运行；"
                                "请登录桌面后再试，或改用其他提醒渠道。")
    assert int(seconds) <= 3


def test_a_timeout_that_is_not_a_positive_number_is_bad_input():
    from bangongshi.errors import BadInput

    with pytest.raises(BadInput) as raised:
        notify("会议提醒", "", timeout=0)
    assert raised.value.message == "桌面通知的超时须为正数秒，而不是「0」。"


def test_only_the_desktop_channel_loads_desktop_notifier():
    probe = "import sys, bangongshi.services.desktop; print('desktop_notifier' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
