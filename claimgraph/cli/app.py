"""The shared Typer application, its ``eval`` sub-command group and output helpers."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .output import SafeConsole, esc

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

console = SafeConsole(soft_wrap=True)
err = SafeConsole(stderr=True, soft_wrap=True)
# seconds a command waits for another process holding the database before giving up
READ_WAIT = float(os.environ.get("CLAIMGRAPH_LOCK_WAIT", "10"))
WRITE_WAIT = float(os.environ.get("CLAIMGRAPH_LOCK_WAIT", "60"))

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


def open_corpus(db: Optional[Path], read_only: bool = False, wait: Optional[float] = None):
    """The corpus, or a one-line error and exit 2 when the database cannot be opened. Waits
    (saying so) while another process holds the file."""
    from ..store import Corpus
    from ..store.db import StoreError

    try:
        corpus = Corpus(db, read_only=read_only, wait=(READ_WAIT if read_only else WRITE_WAIT) if wait is None else wait,
                        on_wait=lambda m: err.print(f"[yellow]waiting:[/yellow] {esc(m)}"))
    except StoreError as exc:
        fail(f"cannot open the database: {exc}", code=2)
    if corpus.missing:
        err.print(f"[yellow]note:[/yellow] no database at {esc(corpus.path)} yet; nothing ingested")
    return corpus


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {esc(message)}")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"claimgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an unexpected error."),
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print claimgraph's version and exit.")):
    if debug:
        os.environ["CLAIMGRAPH_DEBUG"] = "1"


def run_cli(argv=None) -> None:
    """Run the command line; an unexpected error is one line on stderr and exit 1 (the
    traceback with ``claimgraph --debug ...`` or CLAIMGRAPH_DEBUG=1)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--debug" in args[1:]:
        args.remove("--debug")
        args.insert(0, "--debug")
    try:
        app(args=args, standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence, shown as one line
        if os.environ.get("CLAIMGRAPH_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        err.print(f"[red]error:[/red] {esc(exc.__class__.__name__)}: {esc(first)} "
                  "[dim](run with --debug for the traceback)[/dim]")
        sys.exit(1)
