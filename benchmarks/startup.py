"""Start-up cost: ``import ua_validate`` plus the first validation of each of the 14 operations.

    .venv/bin/python benchmarks/startup.py [--runs N] [--marshmallow]

Each run is a fresh interpreter (subprocess, wall clock), compared with a ``python -c pass``
run just before it; the figure is the median of the differences. The first request of each
operation is a valid one, with ``+`` numbers where the operation takes numbers, so it pays
for everything a request uses (the schema files, the generated code, the phone number tables)
and nothing else. Inside the child the same steps are timed one by one for the breakdown.
The set-ups interleave run by run, so that a noisy moment hits them all alike.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _requests

_CHILD = """
import time
t0 = time.perf_counter()
import ua_validate
marks = [("import ua_validate", time.perf_counter() - t0)]
validator = ua_validate.Validator({backend})
marks.append(("Validator() (loads the schema files)", time.perf_counter() - t0))
for operation, params in {requests!r}:
    validator.validate(operation, params)
    marks.append((operation, time.perf_counter() - t0))
import json, sys
print(json.dumps([marks, sorted(m for m in ("marshmallow", "phonenumbers") if m in sys.modules)]))
"""


def _requests_per_operation() -> list[tuple[str, dict[str, object]]]:
    numbers = _requests.phone_numbers(50, random.Random(3))
    return [(op, _requests.build(op, "valid", 1, numbers)[1][0]) for op in _requests.VALID]


def _wall(code: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return (time.perf_counter() - start) * 1000, done.stdout


class _Result:
    def __init__(self) -> None:
        self.base: list[float] = []
        self.total: list[float] = []
        self.steps: dict[str, list[float]] = {}
        self.modules: list[str] = []

    def add(self, base: float, total: float, out: str) -> None:
        self.base.append(base)
        self.total.append(total)
        marks, self.modules = json.loads(out)
        previous = 0.0
        for name, at in marks:
            self.steps.setdefault(name, []).append((at - previous) * 1000)
            previous = at


def measure(backends: list[str], runs: int) -> dict[str, _Result]:
    requests = _requests_per_operation()
    codes = {backend: _CHILD.format(backend=f"backend={backend!r}", requests=requests) for backend in backends}
    results = {backend: _Result() for backend in backends}
    for _ in range(runs):
        for backend in backends:
            base = _wall("pass")[0]
            total, out = _wall(codes[backend])
            results[backend].add(base, total, out)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--marshmallow", action="store_true", help="also time the marshmallow backend")
    args = parser.parse_args(argv)
    backends = ["compiled", "marshmallow"] if args.marshmallow else ["compiled"]
    for backend, result in measure(backends, args.runs).items():
        base, total = statistics.median(result.base), statistics.median(result.total)
        over = statistics.median(t - b for t, b in zip(result.total, result.base, strict=True))
        print(f"Start-up, backend={backend!r}, median of {args.runs} fresh interpreters:")
        print(f"- `python -c pass` {base:.1f} ms; import + first validation of all 14 operations "
              f"{total:.1f} ms: **{over:.1f} ms over `python -c pass`** "
              f"(target <= 60 ms: {'met' if over <= 60 else 'MISSED'})")
        print(f"- imported by then: {', '.join(result.modules) or 'neither marshmallow nor phonenumbers'}")
        print("- in the child, step by step (ms): " + ", ".join(
            f"{name} {statistics.median(times):.1f}" for name, times in result.steps.items()))
        print()


if __name__ == "__main__":
    main()
