"""The shared Typer application, its ``eval`` sub-command group and output helpers."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(
    name="claimgraph",
    help="Who claims what in war and conflict news: ingest articles, analyse who said what, "
         "on what evidence and how surely, and link stories across outlets.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
eval_app = typer.Typer(help="Measure claimgraph on benchmark data (accuracy commands anyone can run).",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Retrain claimgraph's packaged models from benchmark data (see each model card).",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")

def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print claimgraph's version and exit.")):
    """Who claims what in war and conflict news."""


console = Console()
err = Console(stderr=True)

DbOption = typer.Option(None, "--db", help="DuckDB file (default: $CLAIMGRAPH_DB or the user data directory).",
                        show_default=False)
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table (for scripts).")


def reflow_help(*apps) -> None:
    """Join the lines of each paragraph of every command's docstring, so help text wraps to the
    terminal instead of breaking where the source line ended (list items keep their lines)."""
    import inspect
    import re

    for a in apps or (app, eval_app, train_app):
        for info in a.registered_commands:
            fn = info.callback
            if fn is None or not fn.__doc__:
                continue
            paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(fn.__doc__))
            fn.__doc__ = "\n\n".join(p if re.search(r"^\s*[-*] ", p, re.M) else " ".join(p.split("\n"))
                                      for p in paragraphs)


def open_corpus(db: Optional[Path], read_only: bool = False):
    from ..api import open as open_db

    return open_db(db, read_only=read_only)


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)
