import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A fresh, seeded generator for each test: no global random state."""
    return np.random.default_rng(20261122)
