"""Shared test fixtures.

Data in ``../shared`` (beside the repository) is read from there, never copied; tests that
need it are skipped with a clear reason when it is absent.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason it is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (the shared evaluation data beside the repository), which is absent")
    return p


@pytest.fixture(scope="session")
def nlp():
    """The full claimgraph pipeline, built once per test session."""
    from claimgraph.analyse.pipeline import get_nlp

    return get_nlp()


@pytest.fixture
def analyse():
    """claimgraph.analyse (the pipeline is shared across tests)."""
    import claimgraph

    return claimgraph.analyse
