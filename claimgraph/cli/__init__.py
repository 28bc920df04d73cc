"""The ``claimgraph`` command line: a thin layer over the Python API.

Commands live in one module per area, each registering on the shared Typer ``app`` (or on
``eval_app`` for ``claimgraph eval ...``). Every module of this package is imported here, so a new
area is one new file.
"""
import importlib
import pkgutil

from .app import app, reflow_help, run_cli

__all__ = ["app", "main"]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name not in ("app", "__main__"):
        importlib.import_module(f"{__name__}.{_info.name}")
reflow_help()


def main() -> None:
    run_cli()
