"""``ua-validate audit`` throughput: requests per second on one core, and the speed-up of --jobs 2.

    .venv/bin/python benchmarks/audit.py [--requests 100000] [--rounds 3]

1. One core, in this process: ``audit.audit([file])`` on a JSON Lines file of valid GET
   requests (every GET operation, values varied from line to line: users, extensions,
   counts, dates, filters, `+` numbers), best of ``--rounds``; requests per second of CPU time
   and of wall time. The same for a mixed file (a third invalid, a tenth skipped) and for
   ``--json`` output.
2. Processes: the ``ua-validate audit`` command on the same GET file, ``--jobs 1`` against
   ``--jobs 2``, alternating, best of ``--rounds`` each: wall time (start-up included) and the
   CPU time of the command and its workers, and of the busiest worker. The speed-up is the
   ratio of wall times; on a machine that other jobs keep busy it says less than the CPU
   figures (on two idle cores the wall time of --jobs 2 tends to the busiest worker's CPU time).

Every request of the GET file is checked to be valid before timing.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ua_validate import UAError, audit, validate_request
from ua_validate.loader import default_spec

CLI = str(Path(sys.executable).parent / "ua-validate")

# (method, URL template) of GET requests; a template whose route the Spec lacks is left out.
GET_TEMPLATES = (
    "/uapi/cdr/@me?count={count}&startDate=2024-0{month}-0{day}T10:00:00&sortOrder=desc",
    "/uapi/cdr/{user}?filterBy=source&filterValue={phone}&fields=id,source,destination",
    "/uapi/cdr?startIndex={count}&count=50",
    "/uapi/phoneCalls/@me/{extension}?count={count}",
    "/uapi/phoneCalls/{user}/{extension}/{call_id}",
    "/uapi/extensions/@me/{extension}/queue/agents?filterBy=status&filterValue={status}",
    "/uapi/extensions/{user}/{extension}/queue/agents/{phone}",
    "/uapi/extensions/@me/{extension}/phoneCallEvents/{event_type}?count={count}&sortOrder=ascending",
    "/uapi/extensions/@me/{extension}/presence?filterBy=extension&filterValue={extension}",
)
INVALID_TEMPLATES = (
    "/uapi/cdr/@me?count=x{count}",
    "/uapi/phoneCalls/@me/{extension}?sortOrder=up",
    "/uapi/extensions/@me/{extension}/queue/agents?filterBy=status&filterValue=9",
)


def values(rng: random.Random) -> dict[str, object]:
    return {
        "count": rng.randint(1, 999), "month": rng.randint(1, 9), "day": rng.randint(1, 9),
        "user": rng.choice(["@me", str(rng.randint(1, 9999))]),
        "extension": f"000{rng.randint(1, 9)}*{rng.randint(100, 999)}",
        "phone": f"%2B4021{rng.randint(1000000, 9999999)}", "status": rng.randint(0, 2),
        "call_id": f"{rng.getrandbits(80):020x}", "event_type": rng.randint(0, 3),
    }


def routable(template: str) -> bool:
    try:
        validate_request("GET", template.format(**values(random.Random(0))))
    except UAError as err:
        return err.code != "not_implemented"
    return True


def write_file(path: Path, count: int, mixed: bool, rng: random.Random) -> None:
    templates = [t for t in GET_TEMPLATES if routable(t)]
    with path.open("w", encoding="utf-8") as file:
        for index in range(count):
            if mixed and index % 10 == 9:
                url = f"/static/app-{index}.js"
            elif mixed and index % 3 == 2:
                url = rng.choice(INVALID_TEMPLATES).format(**values(rng))
            else:
                url = rng.choice(templates).format(**values(rng))
            file.write(json.dumps({"method": "GET", "url": url}) + "\n")


def check_all_valid(path: Path) -> None:
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            record = json.loads(line)
            try:
                validate_request(record["method"], record["url"])
            except UAError as err:
                raise SystemExit(f"line {number}: {record['url']} is invalid ({err.code})") from None


def in_process(path: Path, rounds: int, as_json: bool = False) -> tuple[float, float]:
    """(best CPU seconds, best wall seconds) of auditing ``path`` in this process."""
    cpu, wall = float("inf"), float("inf")
    for _ in range(rounds):
        out = io.StringIO()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        audit.audit([str(path)], out, as_json=as_json, progress=False)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return cpu, wall


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds so far of ``root``'s descendants, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu: dict[int, float] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as file:
                children = [int(child) for child in file.read().split()]
            if pid != root:
                with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as file:
                    fields = file.read().rsplit(")", 1)[1].split()
                cpu[pid] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):  # gone meanwhile
            continue
        todo.extend(children)
    return cpu


def as_command(path: Path, jobs: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the main process, of its busiest descendant) of one run.

    The workers are the pool's, forked by multiprocessing's fork server: the command never
    waits for them, so their CPU time is sampled from /proc every 50 ms (the last 50 ms of a
    worker may be missed); the command's own comes from its resource usage.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([CLI, "audit", "--jobs", str(jobs), str(path)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    workers: dict[int, float] = {}
    while process.poll() is None:
        workers.update(tree_cpu(process.pid) if sys.platform == "linux" else {})
        time.sleep(0.05)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert process.stderr is not None
    if process.returncode != 0:
        raise SystemExit(f"--jobs {jobs}: exit {process.returncode}: {process.stderr.read().decode()}")
    own = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, own + sum(workers.values()), max(workers.values(), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    n = args.requests
    ops = [op.id for op in default_spec() if op.method == "GET"]
    print(f"Python {platform.python_version()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}; GET operations: {', '.join(ops)}")
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(8)
        get_file, mixed_file = Path(tmp, "get.jsonl"), Path(tmp, "mixed.jsonl")
        write_file(get_file, n, False, rng)
        write_file(mixed_file, n, True, rng)
        check_all_valid(get_file)
        print(f"\nOne core, in process, {n} requests per file, best of {args.rounds}:")
        print(f"{'file':<22}{'req/s (CPU)':>13}{'req/s (wall)':>14}")
        for name, path, as_json in (("valid GET", get_file, False), ("valid GET, --json", get_file, True),
                                    ("mixed", mixed_file, False)):
            cpu, wall = in_process(path, args.rounds, as_json)
            print(f"{name:<22}{n / cpu:>13,.0f}{n / wall:>14,.0f}")
        print(f"\nThe command on the valid GET file, best of {args.rounds} (wall includes start-up):")
        best: dict[int, tuple[float, float, float]] = {}
        for _ in range(args.rounds):
            for jobs in (1, 2):
                measured = as_command(get_file, jobs)
                if jobs not in best or measured[0] < best[jobs][0]:
                    best[jobs] = measured
        print(f"{'jobs':<6}{'wall s':>8}{'CPU s (all)':>13}{'busiest worker CPU s':>22}{'req/s (wall)':>14}")
        for jobs, (wall, cpu, busiest) in best.items():
            print(f"{jobs:<6}{wall:>8.2f}{cpu:>13.2f}{busiest:>22.2f}{n / wall:>14,.0f}")
        print(f"speed-up with --jobs 2: {best[1][0] / best[2][0]:.2f}x (wall)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
