"""Delivering one message to one channel: Apprise for push URLs (企业微信/钉钉/飞书 robots, ntfy,
e-mail, json:// …), services.desktop for `desktop://`. Apprise and the desktop library are imported
here, inside the functions, so that only `bgs remind` pays for them (tests/test_startup.py)."""

import os

from bangongshi.domain.settings import RemindSettings
from bangongshi.errors import BadInput, StorageError
from bangongshi.formats.remind_message import Message

DESKTOP = "desktop://"
ENV_PREFIX = "env:"


def resolve(remind: RemindSettings, name: str) -> str:
    """The URL of a configured channel; `env:VAR` is read from the environment (a robot's webhook is a
    secret, kept out of config.yaml)."""
    if name not in remind.channels:
        raise BadInput(f"没有名为「{name}」的提醒渠道，已设置：{'、'.join(remind.channels) or '（无）'}"
                       "（在设置的 remind.channels 里添加）")
    url = remind.channels[name]
    if url.startswith(ENV_PREFIX):
        variable = url[len(ENV_PREFIX):].strip()
        url = os.environ.get(variable, "").strip()
        if not url:
            raise BadInput(f"提醒渠道「{name}」的地址应在环境变量 {variable} 里，但它没有设置")
    return url


def check(name: str, url: str) -> None:
    """Bad input before anything is claimed or sent: a URL no Apprise plugin understands."""
    if url.startswith(DESKTOP):
        return
    import apprise

    if apprise.Apprise.instantiate(url) is None:
        scheme = url.split("://", 1)[0] if "://" in url else url[:20]
        raise BadInput(f"提醒渠道「{name}」的地址无法识别（{scheme}://…）：请按 Apprise 的写法填写，"
                       "如 wecombot://KEY、dingtalk://TOKEN、feishu://TOKEN、ntfy://主题、json://主机:端口/路径")


def send(name: str, url: str, message: Message, timeout: float) -> None:
    """Deliver or raise StorageError (exit 5) saying why; the URL (a secret) is never in the message."""
    if url.startswith(DESKTOP):
        try:
            from bangongshi.services import desktop
        except ImportError:
            raise StorageError(f"提醒渠道「{name}」：桌面通知不可用（缺少桌面通知组件）") from None
        desktop.notify(message.title, message.body, timeout)
        return
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        check(name, url)
    # Apprise's own default is 4 s to connect and 4 s to read; never more than remind.timeout.
    plugin.socket_connect_timeout = min(plugin.socket_connect_timeout, timeout)
    plugin.socket_read_timeout = min(plugin.socket_read_timeout, timeout)
    body_format = apprise.NotifyFormat.MARKDOWN if message.markdown else apprise.NotifyFormat.TEXT
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        delivered = plugin.notify(body=message.body, title=message.title, body_format=body_format)
    if not delivered:
        reasons = [line.split(" - ", 2)[-1] for line in log.getvalue().splitlines() if line.strip()]
        detail = f"（{reasons[-1][:200]}）" if reasons else ""
        raise StorageError(f"提醒渠道「{name}」发送失败：对方没有接收或连不上{detail}；下次运行 bgs remind 会重试")
