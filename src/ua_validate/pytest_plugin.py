"""pytest plugin (entry point ``ua_validate``): the hypothesis harness of ua_validate.testing as fixtures.

    def test_count(ua_strategies, assert_ua_error, client):
        @given(ua_strategies.invalid_raw("cdr.list", "count_invalid"))
        def check(raw):
            assert_ua_error(client.open(raw.url, method=raw.method, json=raw.body), "count_invalid")
        check()

Override ``ua_validator`` (a fixture of the same name in a conftest) to generate requests for
other settings. Loading the plugin imports neither hypothesis nor the harness: without the
``[testing]`` extra only the tests that ask for these fixtures fail, with a message saying why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .testing import RequestStrategies
    from .validator import Validator

__all__ = ["assert_ua_error", "ua_strategies", "ua_validator"]


def _testing() -> Any:
    try:
        from . import testing
    except ImportError as exc:
        pytest.fail(f"the ua_validate fixtures need hypothesis: pip install 'ua-validate[testing]' ({exc})",
                    pytrace=False)
    return testing


@pytest.fixture
def ua_validator() -> Validator:
    """The Validator whose settings the generated requests follow (the default one)."""
    from .validator import default_validator

    return default_validator()


@pytest.fixture
def ua_strategies(ua_validator: Validator) -> RequestStrategies:
    """ua_validate.testing's strategies bound to ``ua_validator``: ``valid(op)``,
    ``invalid(op, code, variant=None)``, ``valid_raw``, ``invalid_raw``, ``cases``, ``codes``, ``raw``."""
    strategies: RequestStrategies = _testing().RequestStrategies(ua_validator)
    return strategies


@pytest.fixture
def assert_ua_error() -> Any:
    """``assert_ua_error(response, code, variant=None)`` for Flask and Django test responses."""
    return _testing().assert_ua_error
