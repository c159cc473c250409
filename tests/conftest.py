import numpy as np
import pytest
from hypothesis import settings

from tests.sitebuild import SESSION_BUILD

# Tests never time anything (the machines are shared and noisy): no deadline
# per Hypothesis example.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, seeded generator for each test: no global random state."""
    return np.random.default_rng(20261122)


def pytest_collection_modifyitems(items) -> None:
    """Browser tests are slow too: `make test-fast` (-m "not slow") skips them."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Remove the site built for the site and browser tests."""
    SESSION_BUILD.cleanup()
