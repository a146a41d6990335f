"""Benchmark: `bgs` (the agenda), `bgs add` and `bgs list --format json` as processes, side by side
with Taskwarrior's `task limit:30 next` on the same items when Taskwarrior is installed
(Debian package `taskwarrior`).

Generates N open and 10×N handled items (bulk-loaded with sqlite-utils; imported into a
throwaway Taskwarrior data dir with `task import`), times each command end to end over repeated
runs and prints the median, the peak memory of one run, and the ratio to Taskwarrior.
Not a test: timings depend on the machine. Run it from the project's virtual environment, with the
bench extra installed (`pip install -e '.[bench]'`, for sqlite-utils):

    python scripts/bench.py                  # N = 10,000
    python scripts/bench.py --open 100000 --runs 5
    python scripts/bench.py --caldav 1000    # only `bgs sync` against a local Radicale (test extra)

The CalDAV part starts Radicale on 127.0.0.1 (a random port, a temp storage folder, one htpasswd
user, as tests/conftest.py does), and times `bgs sync`: the first sync of N items from one machine,
the first sync of a second machine that pulls them, then 10 items changed on the first machine and
its incremental sync, and the second machine's incremental sync that pulls those 10.
"""

import argparse
import itertools
import socket
import sqlite3
import urllib.error
import urllib.request
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent
WORDS = ["起草", "报送", "联系", "整理", "督办", "审核", "印发", "会议", "材料", "通知", "总结", "统计"]


def generate(open_count: int):
    rng = random.Random(20261120)
    for n in range(open_count * 11):
        handled = n >= open_count
        due = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else None
        yield {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
            "title": "".join(rng.choices(WORDS, k=3)) + f"{n}",
            "folder": "done" if handled else rng.choice(["todo", "todo", "temp"]),
            "important": rng.random() < 0.3, "urgent": rng.random() < 0.2, "key": rng.random() < 0.2,
            "due": due, "source": rng.choice(["", "", "王主任", "李科长"]),
            "tags": json.dumps([rng.choice(WORDS)], ensure_ascii=False),
            "estimate_minutes": rng.choice([None, 30, 60, 120]),
            "created": "2026-01-01T09:00:00+08:00", "updated": "2026-01-01T09:00:00+08:00",
            "done_at": "2026-06-01T17:00:00+08:00" if handled else None,
        }


def populate_bgs(db: Path, open_count: int) -> None:
    import sqlite_utils

    subprocess.run([str(BIN / "bgs"), "--db", str(db), "log"], check=True, capture_output=True)
    sqlite_utils.Database(db)["items"].insert_all(generate(open_count), batch_size=5000)


def populate_taskwarrior(data: Path, open_count: int) -> dict:
    rc = data / "taskrc"
    data.mkdir()
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nverbose=nothing\n", encoding="utf-8")
    export = data / "import.json"
    with export.open("w", encoding="utf-8") as out:
        for row in generate(open_count):
            task = {"uuid": row["uuid"], "description": row["title"], "entry": "20260101T010000Z",
                    "status": "completed" if row["folder"] == "done" else "pending",
                    "tags": json.loads(row["tags"])}
            if row["due"]:
                task["due"] = row["due"].replace("-", "") + "T000000Z"
            if row["folder"] == "done":
                task["end"] = "20260601T090000Z"
            if row["important"]:
                task["priority"] = "H"
            out.write(json.dumps(task, ensure_ascii=False) + "\n")
    env = {**os.environ, "TASKRC": str(rc)}
    subprocess.run(["task", "import", str(export)], env=env, check=True, capture_output=True)
    return env


def timed(command: list[str], env: dict, runs: int) -> tuple[float, float | None]:
    """Median wall time in ms, and the peak resident memory in MB of one more run."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), peak_memory(command, env)


def peak_memory(command: list[str], env: dict) -> float | None:
    # GNU time reads the process's own peak. (A child's getrusage after fork starts from the
    # parent's, so this script's own size would show as every command's floor.)
    if not Path("/usr/bin/time").exists():
        return None
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def start_radicale(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    htpasswd = folder / "htpasswd"
    htpasswd.write_text("mishu:mima\n", "utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(folder / "radicale"), "--auth-type", "htpasswd",
         "--auth-htpasswd-filename", str(htpasswd), "--auth-htpasswd-encryption", "plain",
         "--auth-delay", "0", "--rights-type", "owner_only", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
                raise SystemExit("Radicale did not start (pip install -e '.[test]')")
            time.sleep(0.1)
    return process, url


def bench_caldav(count: int) -> None:
    bgs = str(BIN / "bgs")
    with tempfile.TemporaryDirectory() as root:
        root = Path(root)
        process, url = start_radicale(root)
        try:
            import caldav

            # The collection as a calendar app would have made it.
            caldav.DAVClient(url=url, username="mishu", password="mima").principal().make_calendar(
                name="office", cal_id="office", supported_calendar_component_set=["VTODO", "VEVENT"])
            homes = {}
            for name in ("pc", "laptop"):
                home = root / name
                home.mkdir()
                homes[name] = {**os.environ, "BANGONGSHI_HOME": str(home), "BANGONGSHI_NOW": "2026-11-30T08:30",
                               "BANGONGSHI_CALDAV_PASSWORD": "mima"}
                subprocess.run([bgs, "sync", "setup", f"{url}mishu/office/", "--user", "mishu"],
                               env=homes[name], check=True, capture_output=True)
            import sqlite_utils

            pc_db = root / "pc" / "bangongshi.db"
            sqlite_utils.Database(pc_db)["items"].insert_all(itertools.islice(generate(count), count))

            def sync(name: str, label: str) -> None:
                start = time.perf_counter()
                done = subprocess.run([bgs, "sync"], env=homes[name], capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(f"bgs sync failed ({done.returncode}): {done.stderr}")
                print(f"{label:52} {time.perf_counter() - start:7.2f} s")

            sync("pc", f"first sync, {count:,} items pushed (pc)")
            sync("laptop", f"first sync, {count:,} items pulled (laptop)")
            with sqlite3.connect(pc_db) as conn:
                conn.execute("UPDATE items SET title = title || '（改）', updated = '2026-11-30T09:00:00+08:00' "
                             "WHERE id IN (SELECT id FROM items ORDER BY id LIMIT 10)")
            sync("pc", "incremental sync, 10 changes pushed (pc)")
            sync("laptop", "incremental sync, 10 changes pulled (laptop)")
            sync("laptop", "sync with nothing to do (laptop)")
        finally:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000, help="open items (handled: 10×)")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--caldav", type=int, metavar="N", help="only time `bgs sync` of N items with a local Radicale")
    args = parser.parse_args()
    # A normal installation has its bytecode compiled; an editable one under PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module on every run and time that instead.
    import compileall

    import bangongshi

    compileall.compile_dir(Path(bangongshi.__file__).parent, quiet=1)
    if args.caldav:
        bench_caldav(args.caldav)
        return
    with tempfile.TemporaryDirectory() as home:
        db = Path(home) / "bangongshi.db"
        started = time.perf_counter()
        populate_bgs(db, args.open)
        print(f"{args.open:,} open + {10 * args.open:,} handled items: bgs store loaded in "
              f"{time.perf_counter() - started:.1f} s")
        env = {**os.environ, "BANGONGSHI_HOME": home, "BANGONGSHI_NOW": "2026-11-20T10:00", "COLUMNS": "120"}
        bgs = str(BIN / "bgs")
        subprocess.run([bgs, "agenda"], env=env, check=True, capture_output=True)  # writes the config cache
        results = {}
        for label, command in [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
            ("bgs (agenda, table)", [bgs]),
            ("bgs agenda --format json", [bgs, "agenda", "--format", "json"]),
            ("bgs add", [bgs, "add", "基准测试", "--due", "下周三"]),
            ("bgs list --format json", [bgs, "list", "--format", "json"]),
        ]:
            results[label] = timed(command, env, args.runs)
        if shutil.which("task"):
            started = time.perf_counter()
            task_env = populate_taskwarrior(Path(home) / "task", args.open)
            print(f"Taskwarrior data imported in {time.perf_counter() - started:.1f} s")
            results["task limit:30 next"] = timed(["task", "limit:30", "next"], task_env, args.runs)
        else:
            print("Taskwarrior not installed (apt-get install taskwarrior): no comparison")
        reference = results.get("task limit:30 next", (None,))[0]
        for label, (median, peak) in results.items():
            ratio = f"  {reference / median:5.1f}× faster than task next" if reference and label.startswith("bgs (") else ""
            memory = f"{peak:6.1f} MB" if peak is not None else "   n/a   "
            print(f"{label:28} median {median:8.1f} ms   peak {memory}{ratio}")


if __name__ == "__main__":
    main()
