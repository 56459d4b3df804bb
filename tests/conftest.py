"""Shared test set-up: hypothesis profiles (fast by default, thorough on demand)."""

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
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
