"""Shared fixtures: every test gets its own real SQLite store in a temp dir and a fixed clock."""

import json
import os
import re
import pty
import select
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from bangongshi.cli import run

NOW = "2026-11-20T10:00"  # a Friday, as in shared/spec/dates.md

# Property tests check behaviour, not speed: a first example that pays for imports on a loaded
# 2-core CI machine must not fail on hypothesis's default 200 ms deadline.
settings.register_profile("bangongshi", deadline=None)
settings.load_profile("bangongshi")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class Bgs:
    """Runs command lines through the real entry point, as `bgs` would, in one process."""

    def __init__(self, home: Path, now: str = NOW):
        self.home = home
        self.env = {"BANGONGSHI_HOME": str(home), "BANGONGSHI_NOW": now, "COLUMNS": "120",
                    "NO_COLOR": "1", "EDITOR": None, "VISUAL": None}

    def process_env(self, extra: dict | None = None) -> dict:
        """The environment for running `bgs` as a separate process against this store."""
        merged = {**self.env, **(extra or {})}
        return {**os.environ, **{k: v for k, v in merged.items() if v is not None}}

    @property
    def db(self) -> Path:
        return self.home / "bangongshi.db"

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None) -> Result:
        runner = CliRunner()
        with runner.isolation(input=input, env={**self.env, **(env or {})}) as (out, err, _):
            code = run(list(args))
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        return Result(code, stdout, stderr)

    def ok(self, *args: str, **kwargs) -> Result:
        result = self(*args, **kwargs)
        assert result.code == 0, f"bgs {' '.join(args)} exited {result.code}: {result.stderr}"
        return result

    def add(self, *args: str) -> int:
        return self.ok("add", *args, "--format", "json").json()["id"]

    def item(self, item_id: int) -> dict:
        return self.ok("show", str(item_id), "--format", "json").json()

    def items(self, *args: str) -> list[dict]:
        return self.ok("list", *args, "--format", "json").json()

    def snapshot(self) -> tuple:
        """Everything the store holds, to prove a refused command changed nothing."""
        if not self.db.exists():
            return ()
        with sqlite3.connect(self.db) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            return tuple((t, tuple(conn.execute(f"SELECT * FROM {t} ORDER BY rowid"))) for t in tables)


@pytest.fixture
def bgs(tmp_path) -> Bgs:
    return Bgs(tmp_path / "home")


def run_in_terminal(args, keys, env):
    """Run `bgs` in a pseudo-terminal; each entry of `keys` is typed, byte for byte, at the next prompt
    (an entry may be a function: it is called at that prompt, e.g. to run another process, and
    returns what to type)."""
    main, child = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "bangongshi", *args], stdin=child, stdout=child,
                               stderr=child, env=env, close_fds=True)
    os.close(child)
    screen, pending, prompts_seen = b"", list(keys), 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.3)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
            continue  # answer only once the program has gone quiet at a prompt
        text = screen.decode("utf-8", "replace").rstrip(" ")
        if pending and text.endswith("：") and text.count("：") > prompts_seen:
            prompts_seen = text.count("：")
            key = pending.pop(0)
            os.write(main, (key() if callable(key) else key).encode())
        if process.poll() is not None:
            break
    process.wait(timeout=10)
    os.close(main)
    return process.returncode, screen.decode("utf-8", "replace")


@dataclass
class CalDAVServer:
    """A real Radicale on 127.0.0.1 (tests/test_sync.py): its URL, a user and password, its storage."""

    url: str
    user: str
    password: str
    storage: Path

    def collection_url(self, name: str = "office") -> str:
        return f"{self.url}{self.user}/{name}/"


@contextmanager
def running_radicale(folder: Path, passwords: dict[str, str], rights: list[str]) -> Iterator[str]:
    """A real Radicale on 127.0.0.1 at a free port, its data in `folder`, the users of `passwords`
    (plain htpasswd) and the `rights` options (`--rights-type …`); yields its URL, stops it after."""
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    htpasswd = folder / "htpasswd"
    htpasswd.write_text("".join(f"{user}:{word}\n" for user, word in passwords.items()), "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder / "radicale"), "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(htpasswd), "--auth-htpasswd-encryption", "plain",
         "--auth-delay", "0", *rights, "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"Radicale did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def radicale(tmp_path):
    with running_radicale(tmp_path, {"mishu": "mima"}, ["--rights-type", "owner_only"]) as url:
        yield CalDAVServer(url, "mishu", "mima", tmp_path / "radicale")


def same_output(text: str, bgs: "Bgs") -> str:
    """Output with what differs between two stores by nature (their folders, fresh uuids, a sealed
    text's random nonce) made equal."""
    text = re.sub(r"v\d+:\d+:[A-Za-z0-9+/=]{16,}", "SEALED", text.replace(str(bgs.home), "HOME"))
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", text)


def through_both(monkeypatch, module, argv: list[str], quick_bgs: "Bgs", typer_bgs: "Bgs", env: dict | None = None):
    """Run `argv` on `quick_bgs` with `module.quick` (a quick path: cli/capture, today, daily, evening),
    noting whether it took the line, and on `typer_bgs` with it declining every line, so that Typer
    reads it: (what the quick path said for each line it was asked, the quick run, Typer's run)."""
    taken = []
    original = module.quick

    def spy(line, run):
        try:
            took = original(line, run)
        except BaseException:
            took = True  # it ran the command, which was refused
            raise
        finally:
            taken.append(took)
        return took

    monkeypatch.setattr(module, "quick", spy)
    quick_result = quick_bgs(*argv, env=env)
    monkeypatch.setattr(module, "quick", lambda line, run: False)
    return taken, quick_result, typer_bgs(*argv, env=env)
