"""The session's one site build, for the tests that read the built pages."""

from __future__ import annotations

import pytest

from tests.sitebuild import SESSION_BUILD, BuiltSite


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    result = SESSION_BUILD.get()
    if isinstance(result, Exception):
        pytest.fail(f"the site did not build:\n{result}")
    return result
