"""How fast the harness's strategies draw: the first example, then examples per second.

    .venv/bin/python benchmarks/strategies.py [--examples N] [--operations OP ...] [--raw]

For each operation, ``valid_requests`` and ``invalid_requests`` of every code and variant it can
produce (with ``--raw`` also their RawRequest forms) run as a fresh hypothesis test under the
library's defaults (no database, no profile, no suppressed health check): one test that draws
a single example (the first draw: the strategy's build and hypothesis's start), then one that
draws N. Figures are CPU time of this process (``time.process_time``). A strategy whose test
fails a health check is reported as failing.

Hypothesis keeps the draws out of a test's deadline (``core.py`` subtracts them); what slow
draws trip is the ``too_slow`` health check, when the first 10 valid examples take more than a
second to draw (wall-clock time, garbage collections left out). So each run also records every
draw: the CPU time between one call of the test's body and the next (the next example's draw
and hypothesis's own bookkeeping for it: an upper bound of the draw), without the garbage
collections meanwhile, as hypothesis counts it. It reports the slowest single draw of the
N-example run, the sum of its first 10 (what the health check adds up; a strategy built
beforehand, as ``measure`` builds it), and the longest collection seen (which depends on
everything the process holds, not on the strategy).
"""

from __future__ import annotations

import argparse
import gc
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

_GC = [0.0, 0.0, 0.0]  # CPU seconds in collections so far, the current one's start, the longest


def _collecting(phase: str, info: dict[str, int]) -> None:
    now = time.process_time()
    if phase == "start":
        _GC[1] = now
    else:
        _GC[0] += now - _GC[1]
        _GC[2] = max(_GC[2], now - _GC[1])


gc.callbacks.append(_collecting)


def _run(strategy: Any, examples: int) -> tuple[float, list[float]]:
    """CPU seconds to run a test drawing ``examples`` examples of ``strategy``, and the CPU
    seconds before each call of its body (since the test began, or since the previous call
    ended), garbage collections left out."""
    gaps: list[float] = []
    last = [0.0, 0.0]

    @settings(max_examples=examples, database=None, deadline=None)
    @given(strategy)
    def test(value: Any) -> None:
        now, collecting = time.process_time(), _GC[0]
        gaps.append(now - last[0] - (collecting - last[1]))
        last[:] = time.process_time(), _GC[0]

    start = time.process_time()
    last[:] = start, _GC[0]
    test()
    return time.process_time() - start, gaps


Row = tuple[str, float, float, float, float, str]


def measure(name: str, build: Callable[[], Any], examples: int) -> Row:
    """(name, first example s, examples/s, slowest draw s, first 10 draws s, problem)."""
    try:
        start = time.process_time()
        strategy = build()  # the strategy's build (its operation's values, cases, lengths) counts
        first = time.process_time() - start + _run(strategy, 1)[0]
        many, gaps = _run(build(), examples)
    except FailedHealthCheck as exc:
        nan = float("nan")
        return name, nan, nan, nan, nan, "FailedHealthCheck: " + str(exc).splitlines()[0][:60]
    rate = len(gaps) / many if many else float("inf")
    return name, first, rate, max(gaps, default=0.0), sum(gaps[:10]), ""


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
            name, first, rate, worst, ten, problem = rows[-1]
            print(f"{name:66s} first {first * 1000:6.1f} ms  {rate:6.0f}/s  slowest draw {worst * 1000:6.1f} ms"
                  f"  first 10 {ten * 1000:6.1f} ms  {problem}", flush=True)
    good = [r for r in rows if not r[5]]
    print(f"\n{len(rows)} strategies, {len(rows) - len(good)} failing a health check")
    if good:
        firsts = [r[1] for r in good]
        rates = [r[2] for r in good]
        print(f"first example: median {statistics.median(firsts) * 1000:.1f} ms, "
              f"worst {max(firsts) * 1000:.1f} ms ({max(good, key=lambda r: r[1])[0]})")
        print(f"examples per second: median {statistics.median(rates):.0f}, "
              f"slowest {min(rates):.0f} ({min(good, key=lambda r: r[2])[0]}), "
              f"{sum(rate < 100 for rate in rates)} under 100/s")
        worst = max(good, key=lambda r: r[3])
        print(f"slowest single draw: {worst[3] * 1000:.1f} ms ({worst[0]}); "
              f"first 10 draws, worst sum: {max(r[4] for r in good) * 1000:.1f} ms "
              f"({max(good, key=lambda r: r[4])[0]})")
        print(f"longest garbage collection: {_GC[2] * 1000:.1f} ms")
        print("slowest by examples per second:")
        for row in sorted(good, key=lambda r: r[2])[:8]:
            print(f"  {row[0]:64s} {row[2]:6.0f}/s  first {row[1] * 1000:6.1f} ms  slowest draw {row[3] * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
