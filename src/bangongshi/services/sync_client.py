"""The CalDAV connection of `bgs sync` (docs/sync.md): the libraries, the password (environment or
keyring, never the store), the client, the network's errors as the user's words, and paths as the server
names them. Shared by the personal collection's sync (services/sync.py) and the collections shared with
colleagues (services/shared.py). caldav, keyring and icalendar are imported inside the functions: this
module is never on the path of `bgs` or `bgs add`. `bgs sync setup` (finding the collection, keeping the
password) is here too."""

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from bangongshi.errors import BadInput, Denied, StorageError
from bangongshi.services.session import Session

PASSWORD_ENV = "BANGONGSHI_CALDAV_PASSWORD"
KEYRING_SERVICE = "bangongshi-caldav"
TIMEOUT_SECONDS = 15
COLLECTION_NAME = "办公室助手"


@dataclass
class SetupResult:
    url: str
    user: str
    collection: str
    password_kept: str  # "keyring" or "env"


def libraries() -> None:
    """caldav and keyring come with the `sync` extra (pyproject.toml says why it is not a base one)."""
    import importlib

    for name in ("caldav", "keyring"):
        try:
            importlib.import_module(name)
        except ImportError:
            raise BadInput(f"同步需要另外安装 CalDAV 组件：pip install 'bangongshi[sync]'（缺少 {name}）") from None


def account(url: str, user: str) -> str:
    return f"{user}@{url}"


def keyring_usable() -> bool:
    import keyring
    from keyring.backends import fail

    try:
        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # a broken backend configuration is no backend
        return False


NO_PASSWORD = (f"没有 CalDAV 密码：在终端运行 bgs sync setup 时输入（保存在系统钥匙串），"
               f"或设置环境变量 {PASSWORD_ENV}（较弱：环境变量可被同一用户的其他程序读到）")


def password(url: str, user: str) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if keyring_usable():
        import keyring

        kept = keyring.get_password(KEYRING_SERVICE, account(url, user))
        if kept:
            return kept
    raise BadInput(NO_PASSWORD)


def client(url: str, user: str, password: str, timeout: float = TIMEOUT_SECONDS):
    import caldav

    return caldav.DAVClient(url=url, username=user, password=password, timeout=timeout)


def path(url: str) -> str:
    """A URL's path as the server names a member: hrefs come back relative, quoted or not."""
    return unquote(urlparse(url).path).rstrip("/")


def guarded(work):
    """Run `work` (network); a server that cannot be reached, refuses us or answers oddly is a
    message and an exit code, never a traceback; what the store holds is untouched."""
    from caldav.lib import error

    try:
        return work()
    except error.AuthorizationError:
        raise Denied("CalDAV 服务器拒绝了用户名或密码（401/403）：重新运行 bgs sync setup，"
                     f"或检查环境变量 {PASSWORD_ENV}；本地数据未改动") from None
    except error.DAVError as problem:
        raise StorageError(f"CalDAV 服务器出错：{short(problem)}；本地数据未改动，下次 bgs sync 再试") from None
    except (OSError, ValueError) as problem:
        raise unreachable(problem) from None
    except Exception as problem:
        # niquests' own exceptions (connection refused, timeout) do not share a base with OSError.
        if type(problem).__module__.startswith(("niquests", "requests", "urllib3")):
            raise unreachable(problem) from None
        raise


def unreachable(problem: Exception) -> StorageError:
    return StorageError(f"连不上 CalDAV 服务器（{short(problem)}）：本地数据未改动，联网后再运行 bgs sync")


def short(problem: Exception) -> str:
    text = str(problem).strip().splitlines()
    return (text[0] if text else type(problem).__name__)[:200]


def calendar_text(component) -> str:
    import icalendar

    wrapper = icalendar.Calendar()
    wrapper.add("PRODID", "-//bangongshi//bgs sync//ZH")
    wrapper.add("VERSION", "2.0")
    wrapper.add_component(component)
    return wrapper.to_ical().decode("utf-8")


def absolute(base: str, href: str) -> str:
    parsed = urlparse(base)
    return f"{parsed.scheme}://{parsed.netloc}{href}"


# ---- setup and the password -------------------------------------------------------------------


def setup(session: Session, url: str, user: str, ask_password=None) -> SetupResult:
    """Find (or make) the collection behind `url` as `user`, keep the password, remember where."""
    if not url.startswith(("http://", "https://")):
        raise BadInput(f"CalDAV 地址应以 http:// 或 https:// 开头，收到「{url}」")
    libraries()
    password, kept = _password_for_setup(url, user, ask_password)
    calendar = guarded(lambda: _find_collection(url, user, password))
    if kept == "keyring":
        import keyring

        keyring.set_password(KEYRING_SERVICE, account(url, user), password)
    with session.store.write(session.command, session.now) as _:
        repo = session.store.sync
        repo.set_meta("url", url)
        repo.set_meta("user", user)
        repo.set_meta("collection", str(calendar.url))
    return SetupResult(url, user, str(calendar.url), kept)


def _password_for_setup(url: str, user: str, ask_password) -> tuple[str, str]:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env, "env"
    if ask_password is None:
        raise BadInput(NO_PASSWORD)
    if not keyring_usable():
        raise BadInput(f"本机没有可用的系统钥匙串（keyring），不能保存密码；请设置环境变量 {PASSWORD_ENV}")
    return ask_password(), "keyring"


def _find_collection(url: str, user: str, password: str):
    """The collection at `url` if it is one, else the principal's collection for bgs (made if missing)."""
    from caldav.lib import error

    dav = client(url, user, password)
    try:
        principal = dav.principal()
        calendars = principal.calendars()
    except error.AuthorizationError:
        raise
    except error.DAVError:
        return dav.calendar(url=url)  # not discoverable from here: take the URL as the collection
    wanted = path(url)
    for calendar in calendars:
        if path(str(calendar.url)) == wanted:
            return calendar
    for calendar in calendars:
        if calendar.get_display_name() == COLLECTION_NAME:
            return calendar
    return principal.make_calendar(name=COLLECTION_NAME, supported_calendar_component_set=["VTODO", "VEVENT"])
