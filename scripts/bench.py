"""Benchmark: `bgs` (the agenda), `bgs add` and `bgs list --format json` as processes, side by side
with Taskwarrior's `task limit:30 next` on the same items when Taskwarrior is installed
(Debian package `taskwarrior`).

Generates an office's year (scripts/office_data.py: N open items, 100,000 handled, 督办 history,
appointments, reports owed, recurring rules; seeded, so every run has the same rows), loads the
same items into a throwaway Taskwarrior data dir with `task import`, then times each command end
to end, alternating it with its peer run after run, and prints one Markdown table: medians, the
peak memory of one more run, and the peer's time divided by ours (above 1: we are faster). The
agenda also alternates with the Python floor (`python -I -c 'import sqlite3'`), in a loop of its
own (never right after Taskwarrior, whose exit slows the next start), and its "× the floor" is the
median of the run-by-run ratios, so that a busy machine moves both sides alike; the
ratio of the two CPU times (medians) is printed beside it, which the time a virtual machine's
neighbours steal moves less. The daily views (follow, report month, week, plan tomorrow --auto)
alternate with the agenda in the same way, for their "× the agenda".
Not a test: timings depend on the machine. Run it from the project's virtual environment:

    python scripts/bench.py                  # 10,000 open + 100,000 handled
    python scripts/bench.py --open 100000 --runs 5
    python scripts/bench.py --quick          # the agenda, add and the daily views only
    python scripts/bench.py --keep /tmp/office   # keep the stores (to profile a command on them)
    python scripts/bench.py --caldav 1000    # only `bgs sync` against a local Radicale (test extra)

The CalDAV part starts Radicale on 127.0.0.1 (a random port, a temp storage folder, one htpasswd
user, as tests/conftest.py does), and times `bgs sync`: the first sync of N items from one machine,
the first sync of a second machine that pulls them, then 10 items changed on the first machine and
its incremental sync, and the second machine's incremental sync that pulls those 10.
"""

import argparse
import socket
import sqlite3
import urllib.error
import urllib.request
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
WORDS = ["起草", "报送", "联系", "整理", "督办", "审核", "印发", "会议", "材料", "通知", "总结", "统计"]


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
            import datetime as dt

            sys.path.insert(0, str(Path(__file__).parent))
            import office_data

            pc_db = root / "pc" / "bangongshi.db"
            office_data.populate_bgs(pc_db, count, 0, dt.datetime(2026, 11, 30, 8, 30, tzinfo=office_data.TZ))

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


def alternated(pairs: list[tuple[list[str], dict, list[str] | None, dict | None]], runs: int,
               prepare=None, samples: dict[int, list[float]] | None = None,
               cpu: dict[int, list[float]] | None = None) -> list[tuple[float, float | None]]:
    """Median wall time (ms) of each command, the commands of one pair run alternately so that
    the machine's drift falls on both sides alike; then the peak memory of one more run each.
    `samples`: filled with each command's times, run by run (by its place in the alternation);
    `cpu`: likewise with its CPU time (user + system, ms), which a busy virtual machine's stolen
    time does not inflate as it does the wall time."""
    import resource

    samples = {} if samples is None else samples
    cpu = {} if cpu is None else cpu
    for _ in range(runs):
        for index, (command, env) in enumerate(_flat(pairs)):
            if prepare:
                prepare(index)
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if done.returncode:
                raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-800:]}")
            samples.setdefault(index, []).append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # this child's, the others long reaped
            cpu.setdefault(index, []).append(
                (after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime) * 1000)
    results = []
    for index, (command, env) in enumerate(_flat(pairs)):
        if prepare:
            prepare(index)
        results.append((statistics.median(samples[index]), peak_memory(command, env)))
    return results


def _flat(pairs):
    for command, env, peer, peer_env in pairs:
        yield command, env
        if peer:
            yield peer, peer_env


def table_row(label: str, mine: tuple, peer_label: str = "", peer: tuple | None = None, note: str = "") -> str:
    median, peak = mine
    memory = f"{peak:.0f} MB" if peak is not None else "n/a"
    if peer:
        ratio = f"{peer[0] / median:.1f}"
        peer_text = f"`{peer_label}` {peer[0]:,.0f} ms, {peer[1]:.0f} MB" if peer[1] else f"`{peer_label}` {peer[0]:,.0f} ms"
    else:
        ratio, peer_text = "", peer_label
    return f"| `{label}` | {median:,.0f} ms | {memory} | {peer_text} | {ratio} | {note} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000, help="open items (default 10,000)")
    parser.add_argument("--handled", type=int, default=100_000, help="handled items (default 100,000)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each quick command (median)")
    parser.add_argument("--bulk-runs", type=int, default=3, help="runs of each bulk command")
    parser.add_argument("--quick", action="store_true", help="only the agenda, add and the daily views")
    parser.add_argument("--keep", type=Path, help="leave the generated stores in this folder (to profile)")
    parser.add_argument("--make-only", action="store_true", help="make the stores (with --keep) and stop")
    parser.add_argument("--no-task", action="store_true", help="no Taskwarrior comparison (e.g. at 1M items)")
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
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run_all(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as root:
            run_all(args, Path(root))


def run_all(args, root: Path) -> None:
    import datetime as dt

    sys.path.insert(0, str(Path(__file__).parent))
    import office_data

    now_text = "2026-11-30T08:30"
    now = dt.datetime.fromisoformat(now_text).replace(tzinfo=office_data.TZ)
    bgs = str(BIN / "bgs")
    home = root / "bgs"
    home.mkdir(exist_ok=True)
    db = home / "bangongshi.db"
    env = {**os.environ, "BANGONGSHI_HOME": str(home), "BANGONGSHI_NOW": now_text, "COLUMNS": "120"}
    started = time.perf_counter()
    if not db.exists():
        subprocess.run([bgs, "log"], env={**env, "BANGONGSHI_NOW": "2025-11-30T08:30"}, check=True, capture_output=True)
        for title, rule, option, value in office_data.RULES:
            subprocess.run([bgs, "recur", "add", title, "--rule", rule, option, value],
                           env={**env, "BANGONGSHI_NOW": "2025-11-30T08:30"}, check=True, capture_output=True)
        office_data.populate_bgs(db, args.open, args.handled, now)
    subprocess.run([bgs, "agenda"], env=env, check=True, capture_output=True)  # rules made, config cached
    counts = subprocess.run(["sqlite3", str(db), "SELECT count(*) FROM items WHERE folder != 'done';"
                             "SELECT count(*) FROM items WHERE folder = 'done';"
                             "SELECT count(*) FROM items WHERE handler != '' OR report_required = 1;"
                             "SELECT count(*) FROM follow_ups"], capture_output=True, text=True).stdout.split()
    print(f"bgs store: {int(counts[0]):,} open, {int(counts[1]):,} handled, {int(counts[2]):,} followed, "
          f"{int(counts[3]):,} follow-ups ({db.stat().st_size / 1e6:.0f} MB), made in "
          f"{time.perf_counter() - started:.1f} s")
    task = None if args.no_task else shutil.which("task")
    if not task and not args.no_task:
        print("Taskwarrior not installed (apt-get install taskwarrior): no comparison")
    task_data = root / "task"
    task_json = root / "task-import.json"
    task_env = None
    if task:
        started = time.perf_counter()
        office_data.taskwarrior_json(task_json, args.open, args.handled, now)
        task_env = taskwarrior_env(task_data)
        if not (task_data / "pending.data").exists():
            subprocess.run([task, "import", str(task_json)], env=task_env, check=True, capture_output=True)
        print(f"Taskwarrior: same items imported in {time.perf_counter() - started:.1f} s")
    if args.make_only:
        return
    floor = alternated([([sys.executable, "-I", "-c", "import sqlite3"], env, None, None)], args.runs)[0]
    rows = [table_row("python -I -c 'import sqlite3'", floor, note="the floor")]

    floor_command = [sys.executable, "-I", "-c", "import sqlite3"]

    def pair(label, command, peer_label=None, peer=None, runs=args.runs, note=lambda mine: "", with_floor=False,
             with_agenda=False):
        peer = peer if task else None
        commands = [(command, env, peer, task_env)]
        # The agenda in the same alternation: its ratio is taken run by run, drift and all.
        if with_agenda:
            commands.append(([bgs], env, None, None))
        samples: dict[int, list[float]] = {}
        cpu: dict[int, list[float]] = {}
        results = alternated(commands, runs, samples=samples, cpu=cpu)
        last = len(results) - 1
        if with_floor:
            # The floor alternates with the command alone, in a loop of its own: run after Taskwarrior
            # (half a gigabyte at 100,000 items) it started 4-6 ms slower, which flattered the ratio.
            own: dict[int, list[float]] = {}
            own_cpu: dict[int, list[float]] = {}
            alternated([(command, env, None, None), (floor_command, env, None, None)], runs, samples=own, cpu=own_cpu)
            note = lambda mine: to_floor(own[0], own[1], own_cpu[0], own_cpu[1])  # noqa: E731
        if with_agenda:
            note = lambda mine: to_agenda(samples[0], samples[last], cpu[0], cpu[last])  # noqa: E731
        rows.append(table_row(label, results[0], peer_label or "", results[1] if peer else None, note(results[0])))
        print(rows[-1], flush=True)
        return results[0]

    print("| command | bgs | peak | peer | peer ÷ bgs | note |\n|---|---|---|---|---|---|")
    print(rows[0])

    def to_floor(mine: list[float], floors: list[float], mine_cpu: list[float], floors_cpu: list[float]) -> str:
        ratios = sorted(m / f for m, f in zip(mine, floors))
        cpu_ratio = statistics.median(mine_cpu) / statistics.median(floors_cpu)
        return (f"{statistics.median(ratios):.1f}× the floor (run by run: {ratios[0]:.1f}–{ratios[-1]:.1f}; "
                f"floor {statistics.median(floors):.0f} ms; CPU {cpu_ratio:.1f}×, "
                f"{statistics.median(mine_cpu):.0f} / {statistics.median(floors_cpu):.0f} ms)")

    def to_agenda(mine: list[float], agendas: list[float], mine_cpu: list[float], agendas_cpu: list[float]) -> str:
        ratios = sorted(m / a for m, a in zip(mine, agendas))
        return (f"{statistics.median(ratios):.1f}× the agenda (run by run: {ratios[0]:.1f}–{ratios[-1]:.1f}; "
                f"CPU {statistics.median(mine_cpu) / statistics.median(agendas_cpu):.1f}×)")

    pair("bgs", [bgs], "task limit:30 next", ["task", "limit:30", "next"], with_floor=True)
    pair("bgs agenda --format json", [bgs, "agenda", "--format", "json"], "task limit:30 next",
         ["task", "limit:30", "next"], with_floor=True)
    pair("bgs add", [bgs, "add", "起草关于节日值班的通知", "--due", "下周三"], "task add",
         ["task", "add", "起草关于节日值班的通知", "due:2026-12-09"])
    for label, command in [("bgs follow", [bgs, "follow"]), ("bgs report month", [bgs, "report", "month"]),
                           ("bgs week", [bgs, "week"]), ("bgs plan tomorrow --auto", [bgs, "plan", "tomorrow", "--auto"])]:
        pair(label, command, with_agenda=True)
    if not args.quick:
        bulk(args, root, env, task_env, bgs, rows, pair)
    print(f"\n{args.open:,} open + {args.handled:,} handled, {args.runs} runs (bulk {args.bulk_runs}), "
          f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("| command | bgs | peak | peer | peer ÷ bgs | note |\n|---|---|---|---|---|---|")
    print("\n".join(rows))


def taskwarrior_env(data: Path) -> dict:
    data.mkdir(exist_ok=True)
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nverbose=nothing\n"
                  "recurrence=off\ngc=on\n", encoding="utf-8")
    return {**os.environ, "TASKRC": str(rc), "COLUMNS": "120"}


def bulk(args, root: Path, env: dict, task_env: dict | None, bgs: str, rows: list, pair) -> None:
    total = args.open + args.handled
    pair("bgs list --all --format json", [bgs, "list", "--all", "--format", "json"], "task export",
         ["task", "export"], runs=args.bulk_runs)
    pair("bgs export --format csv", [bgs, "export", "--format", "csv"], "task export", ["task", "export"],
         runs=args.bulk_runs)
    export = root / "export.json"
    subprocess.run([bgs, "export", "--format", "json", "-o", str(export)], env=env, check=True, capture_output=True)
    # Each import goes into an empty store (and an empty Taskwarrior), made afresh before each run.
    fresh = root / "import-bgs"
    fresh_task = root / "import-task"
    import_env = {**env, "BANGONGSHI_HOME": str(fresh)}
    fresh_task_env = taskwarrior_env(fresh_task) if task_env else None

    def prepare(_index):
        for folder in (fresh, fresh_task):
            shutil.rmtree(folder, ignore_errors=True)
        fresh.mkdir()
        if fresh_task_env:
            taskwarrior_env(fresh_task)

    results = alternated([([bgs, "import", str(export)], import_env,
                           ["task", "import", str(root / "task-import.json")] if task_env else None,
                           fresh_task_env)], args.bulk_runs, prepare)
    rows.append(table_row(f"bgs import ({total:,} items)", results[0], "task import" if task_env else "",
                          results[1] if task_env else None))
    print(rows[-1], flush=True)
    xlsx = root / "items.xlsx"
    # The sheet for people (issue #22: Chinese headers, print setup; the default) and the contract's 47 columns.
    pair("bgs export --format xlsx", [bgs, "export", "--format", "xlsx", "-o", str(xlsx)], runs=args.bulk_runs,
         note=lambda mine: f"{total:,} items, sheet for people")
    pair("bgs export --format xlsx --labels code", [bgs, "export", "--format", "xlsx", "--labels", "code", "-o", str(xlsx)],
         runs=args.bulk_runs, note=lambda mine: f"{total:,} items, every field")
    pair("bgs export --format csv --excel", [bgs, "export", "--format", "csv", "--excel", "-o", str(root / "items.csv")],
         runs=args.bulk_runs, note=lambda mine: f"{total:,} items, sheet for people")
    pair("bgs follow --format xlsx", [bgs, "follow", "--format", "xlsx", "-o", str(root / "ledger.xlsx")],
         runs=args.bulk_runs, note=lambda mine: "the 督办台账, printable")
    pair("bgs report month --format docx", [bgs, "report", "month", "--format", "docx", "-o", str(root / "month.docx")],
         runs=args.bulk_runs, note=lambda mine: "公文 look")
    # The sheet for people read back (an unchanged export: every row checked, nothing written).
    pair("bgs import items.xlsx", [bgs, "import", str(xlsx)], runs=args.bulk_runs,
         note=lambda mine: f"{total:,} rows, 0 changed")
    vdir = root / "vdir"

    def clear_vdir(_index):
        shutil.rmtree(vdir, ignore_errors=True)

    mine = alternated([([bgs, "export", "--format", "vdir", "-o", str(vdir)], env, None, None)], args.bulk_runs,
                      clear_vdir)[0]
    rows.append(table_row("bgs export --format vdir", mine, note=f"{mine[0] / total:.2f} ms an item"))
    print(rows[-1], flush=True)


if __name__ == "__main__":
    main()
