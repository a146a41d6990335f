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
"""

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000, help="open items (handled: 10×)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    # A normal installation has its bytecode compiled; an editable one under PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module on every run and time that instead.
    import compileall

    import bangongshi

    compileall.compile_dir(Path(bangongshi.__file__).parent, quiet=1)
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
