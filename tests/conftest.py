import numpy as np
import pytest

from tests.sitebuild import SESSION_BUILD


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
