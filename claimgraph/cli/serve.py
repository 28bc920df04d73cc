"""The web UI and JSON API (`claimgraph serve`) and re-analysis of stored text (`claimgraph reanalyse`)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .app import DbOption, JsonOption, app, console, err, fail, open_corpus, print_json
from .output import esc


@app.command()
def serve(db: Optional[Path] = DbOption,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
          port: int = typer.Option(8000, "--port", help="TCP port."),
          writable: bool = typer.Option(False, "--writable", help="Accept POST /documents (ingest); the server then "
                                        "holds the database open for writing, so other commands cannot use it meanwhile."),
          allow_private: bool = typer.Option(False, "--allow-private", help="Let POST /analyse and POST /documents fetch "
                                             "URLs on loopback, private and link-local addresses (refused by default).")):
    """Serve the web UI and the JSON API over a database.

    Pages: articles with highlighted spans, claims, stories with their origins, a map, figures
    over time, an analyse box. Every page has a JSON twin (add .json); the OpenAPI schema is at
    /openapi.json.

    Example: claimgraph serve --db corpus.duckdb --port 8000
    """
    from .. import core
    from ..server import serve as run

    if not core.db_path(db).exists() and not writable:
        fail(f"no database at {core.db_path(db)} (create one with `claimgraph ingest` or `claimgraph demo`, "
             "or pass --writable to start an empty one)")
    err.print(f"claimgraph serving {esc(core.db_path(db))} on http://{esc(host)}:{port}/  (Ctrl-C stops)")
    run(db, host=host, port=port, writable=writable, allow_private=allow_private)


@app.command()
def reanalyse(doc_ids: Optional[List[str]] = typer.Argument(None, help="Document ids or unique prefixes (default: every document)."),
              db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Re-run the analysis on stored text and re-link stories (after a model update or corrected metadata).

    Example: claimgraph reanalyse 3b34ea2d 641836a5
    """
    from .. import core

    if not core.db_path(db).exists():
        fail(f"no database at {core.db_path(db)}")

    def progress(kind, doc, reason):
        if not as_json:
            if kind == "done":
                err.print(f"[dim]re-analysed[/dim] {esc(doc.id)} {esc(doc.title)}")
            else:
                err.print(f"[yellow]skipped[/yellow] {esc(doc.id)}: {esc(reason)}")

    with open_corpus(db) as corpus:
        try:
            done = core.reanalyse(corpus, doc_ids or None, on_progress=progress)
        except core.NotFound as exc:
            fail(str(exc))
    if as_json:
        print_json({"reanalysed": done})
    else:
        console.print(f"re-analysed {len(done)} document(s)")
