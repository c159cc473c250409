"""The MkDocs hooks of docs/overrides/hooks/ (not a package), loaded by path
for the tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parents[1] / "docs" / "overrides" / "hooks"


def load(name: str, module_name: str | None = None) -> ModuleType:
    """docs/overrides/hooks/<name>.py as a new module each call (its own state,
    as in a fresh MkDocs process), named `module_name` (default: `name`)."""
    spec = importlib.util.spec_from_file_location(
        module_name or name, HOOKS / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
