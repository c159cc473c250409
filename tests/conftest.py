import numpy as np
import pytest

from tests.sitebuild import SESSION_BUILD


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, seeded generator for each test: no global random state."""
    return np.random.default_rng(20261122)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Remove the site built for the site and browser tests."""
    SESSION_BUILD.cleanup()
