"""Shared fixtures. Tests that read ../shared are marked and skip cleanly without it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests never read or write the user's own knowledge base (imported dictionaries would change
# what the coder gives) nor its cache: both point into a temporary folder for the session.
_KB_TMP = Path(tempfile.mkdtemp(prefix="eventmill-tests-"))
os.environ["EVENTMILL_KB"] = str(_KB_TMP / "kb.sqlite")
os.environ["EVENTMILL_CACHE"] = str(_KB_TMP / "cache")
atexit.register(shutil.rmtree, _KB_TMP, True)
EXAMPLES = ROOT / "examples"


def shared_dir() -> Path | None:
    p = Path(os.environ.get("EVENTMILL_SHARED", ROOT.parent / "shared"))
    return p if (p / "README.md").exists() else None


SHARED = shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared (EVENTMILL_SHARED) is not available")


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared (EVENTMILL_SHARED) is not available")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    import eventmill

    return eventmill.get_pipeline()
