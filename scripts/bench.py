"""Benchmark: how long `bgs add`, `bgs list --format json` and `bgs` take as processes.

Generates N open items and 10×N handled ones in a throwaway store (bulk-loaded with
sqlite-utils), then times each command end to end over repeated runs and prints medians.
Not a test: timings depend on the machine. Run it from the project's virtual environment:

    python scripts/bench.py            # N = 10,000
    python scripts/bench.py --open 100000 --runs 5
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BIN = Path(sys.executable).parent


def populate(db: Path, open_count: int) -> None:
    import sqlite_utils

    subprocess.run([str(BIN / "bgs"), "--db", str(db), "log"], check=True, capture_output=True)
    rng = random.Random(20261120)
    words = ["起草", "报送", "联系", "整理", "督办", "审核", "印发", "会议", "材料", "通知", "总结", "统计"]

    def rows():
        for n in range(open_count * 11):
            handled = n >= open_count
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            yield {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                "title": "".join(rng.choices(words, k=3)) + f"{n}",
                "folder": "done" if handled else rng.choice(["todo", "todo", "temp"]),
                "important": rng.random() < 0.3, "urgent": rng.random() < 0.2, "key": rng.random() < 0.2,
                "due": day if rng.random() < 0.7 else None,
                "source": rng.choice(["", "", "王主任", "李科长"]),
                "tags": json.dumps([rng.choice(words)], ensure_ascii=False),
                "created": "2026-01-01T09:00:00+08:00", "updated": "2026-01-01T09:00:00+08:00",
                "done_at": "2026-06-01T17:00:00+08:00" if handled else None,
            }

    sqlite_utils.Database(db)["items"].insert_all(rows(), batch_size=5000)


def timed(command: list[str], env: dict, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000, help="open items (handled: 10×)")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        db = Path(home) / "bangongshi.db"
        started = time.perf_counter()
        populate(db, args.open)
        print(f"{args.open:,} open + {10 * args.open:,} handled items loaded in "
              f"{time.perf_counter() - started:.1f} s")
        env = {**os.environ, "BANGONGSHI_HOME": home, "BANGONGSHI_NOW": "2026-11-20T10:00"}
        bgs = str(BIN / "bgs")
        for label, command in [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
            ("bgs --version", [bgs, "--version"]),
            ("bgs add", [bgs, "add", "基准测试", "--format", "json"]),
            ("bgs list --format json", [bgs, "list", "--format", "json"]),
            ("bgs (main view)", [bgs]),
        ]:
            print(f"{label:28} median {timed(command, env, args.runs):7.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
