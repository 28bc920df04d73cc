"""The ``claimgraph`` command line: a thin layer over the Python API.

Commands live in one module per area, each registering on the shared Typer ``app``.
"""
from .app import app

from . import core, entities, facts  # noqa: F401,E402


def main() -> None:
    app()
