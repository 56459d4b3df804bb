"""Shared test set-up: hypothesis profiles (fast by default, thorough on demand, fixed in CI)."""

import os

from hypothesis import HealthCheck, settings

# `make test` runs the fast profile; `make test-thorough` (HYPOTHESIS_PROFILE=thorough) runs
# thousands of examples per property.
settings.register_profile(
    "fast", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# CI (CI=true, .ci/run) draws the same examples on every run, so that a red run is the
# change's doing and can be replayed, not a draw's.
settings.register_profile("ci", parent=settings.get_profile("fast"), derandomize=True, database=None)
# `make mutation` runs the selected tests once per mutant: few examples, the same each time.
settings.register_profile(
    "mutation", max_examples=10, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "fast"))
