"""Start-up cost: ``import ua_validate`` plus the first validation of each of the 14 operations.

    .venv/bin/python benchmarks/startup.py [--runs N] [--marshmallow]

Each run is a fresh interpreter (subprocess, wall clock), compared with a ``python -c pass``
run just before it; the figure is the median of the differences. The first request of each
operation is a valid one, in two sets: the example requests, whose numbers are extensions
and numbers without ``+`` (as the README's examples), and the same requests with ``+``
numbers wherever the operation takes numbers, which also pay for importing phonenumbers and
its tables (≈ 25 ms, once per process, by the first request that holds a ``+`` number). The
target line is the first set's; the second is reported beside it. Inside the child the same
steps are timed one by one for the breakdown. The set-ups interleave run by run, so that a
noisy moment hits them all alike.
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


def _requests_per_operation(plus: bool = True) -> list[tuple[str, dict[str, object]]]:
    numbers = _requests.phone_numbers(50, random.Random(3))
    requests = [(op, _requests.build(op, "valid", 1, numbers)[1][0]) for op in _requests.VALID]
    return requests if plus else [(op, _without_plus(params)) for op, params in requests]


def _without_plus(value: object) -> object:
    """The same request with every ``+`` number written without its ``+`` (still valid: 2-20
    digits; the child fails loudly if a request stops being valid)."""
    if isinstance(value, str):
        return value.replace("<+", "<").removeprefix("+")
    if isinstance(value, dict):
        return {key: _without_plus(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_plus(item) for item in value)
    return value


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


def measure(backends: list[str], runs: int) -> dict[tuple[str, bool], _Result]:
    """Per (backend, with ``+`` numbers): the runs' results."""
    sets = {plus: _requests_per_operation(plus) for plus in (False, True)}
    codes = {(backend, plus): _CHILD.format(backend=f"backend={backend!r}", requests=requests)
             for backend in backends for plus, requests in sets.items()}
    results = {key: _Result() for key in codes}
    for _ in range(runs):
        for key, code in codes.items():
            base = _wall("pass")[0]
            total, out = _wall(code)
            results[key].add(base, total, out)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--marshmallow", action="store_true", help="also time the marshmallow backend")
    args = parser.parse_args(argv)
    backends = ["compiled", "marshmallow"] if args.marshmallow else ["compiled"]
    for (backend, plus), result in measure(backends, args.runs).items():
        base, total = statistics.median(result.base), statistics.median(result.total)
        over = statistics.median(t - b for t, b in zip(result.total, result.base, strict=True))
        which = ("with `+` numbers (imports phonenumbers; beside the target)" if plus else
                 "example requests, without `+` numbers (the target line)")
        print(f"Start-up, backend={backend!r}, {which}, median of {args.runs} fresh interpreters:")
        print(f"- `python -c pass` {base:.1f} ms; import + first validation of all 14 operations "
              f"{total:.1f} ms: **{over:.1f} ms over `python -c pass`** "
              f"(target <= 60 ms: {'met' if over <= 60 else 'MISSED'})")
        print(f"- imported by then: {', '.join(result.modules) or 'neither marshmallow nor phonenumbers'}")
        print("- in the child, step by step (ms): " + ", ".join(
            f"{name} {statistics.median(times):.1f}" for name, times in result.steps.items()))
        print()


if __name__ == "__main__":
    main()
