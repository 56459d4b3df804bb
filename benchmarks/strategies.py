"""How fast the harness's strategies draw: the first example, then examples per second.

    .venv/bin/python benchmarks/strategies.py [--examples N] [--operations OP ...] [--raw]

For each operation, ``valid_requests`` and ``invalid_requests`` of every code and variant it can
produce (with ``--raw`` also their RawRequest forms) run as a fresh hypothesis test under the
library's defaults (no database, no profile, no suppressed health check): one test that draws
a single example (the first draw: the strategy's build and hypothesis's start), then one that
draws N. Figures are CPU time of this process (``time.process_time``). A strategy whose test
fails a health check is reported as failing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis.errors import FailedHealthCheck

from ua_validate import Validator
from ua_validate.testing import (
    error_codes,
    invalid_raw_requests,
    invalid_requests,
    valid_raw_requests,
    valid_requests,
)


def _run(strategy: Any, examples: int) -> float:
    """CPU seconds to run a test drawing ``examples`` examples of ``strategy``."""

    @settings(max_examples=examples, database=None, deadline=None)
    @given(strategy)
    def test(value: Any) -> None:
        pass

    start = time.process_time()
    test()
    return time.process_time() - start


def measure(name: str, build: Callable[[], Any], examples: int) -> tuple[str, float, float, str]:
    try:
        start = time.process_time()
        strategy = build()  # the strategy's build (its operation's values, cases, lengths) counts
        first = time.process_time() - start + _run(strategy, 1)
        many = _run(build(), examples)
    except FailedHealthCheck as exc:
        return name, float("nan"), float("nan"), "FailedHealthCheck: " + str(exc).splitlines()[0][:60]
    return name, first, examples / many if many else float("inf"), ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--operations", nargs="*")
    parser.add_argument("--raw", action="store_true")
    args = parser.parse_args()
    validator = Validator()
    operations = args.operations or [op.id for op in validator.spec]
    rows = []
    for op in operations:
        builds: list[tuple[str, Callable[[], Any]]] = [(f"{op} valid", lambda op=op: valid_requests(op))]
        if args.raw:
            builds.append((f"{op} valid raw", lambda op=op: valid_raw_requests(op)))
        for code, variant in sorted(error_codes(op), key=str):
            label = f"{op} {code}" + (f" ({variant})" if variant else "")
            builds.append((label, lambda op=op, c=code, v=variant: invalid_requests(op, c, v)))
            if args.raw:
                builds.append((label + " raw", lambda op=op, c=code, v=variant: invalid_raw_requests(op, c, v)))
        for name, build in builds:
            rows.append(measure(name, build, args.examples))
            name, first, rate, problem = rows[-1]
            print(f"{name:70s} first {first * 1000:7.1f} ms  {rate:8.0f}/s  {problem}", flush=True)
    good = [r for r in rows if not r[3]]
    print(f"\n{len(rows)} strategies, {len(rows) - len(good)} failing a health check")
    if good:
        firsts = [r[1] for r in good]
        rates = [r[2] for r in good]
        print(f"first example: median {statistics.median(firsts) * 1000:.1f} ms, "
              f"worst {max(firsts) * 1000:.1f} ms ({max(good, key=lambda r: r[1])[0]})")
        print(f"examples per second: median {statistics.median(rates):.0f}, "
              f"slowest {min(rates):.0f} ({min(good, key=lambda r: r[2])[0]})")


if __name__ == "__main__":
    main()
