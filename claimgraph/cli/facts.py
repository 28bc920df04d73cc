"""Figures across the corpus: `claimgraph figures`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import DbOption, JsonOption, app
from .listing import FormatOption, LimitOption, OffsetOption, emit, limit_of, output_format, reading, title_of


@app.command()
def figures(counts: Optional[str] = typer.Option(None, "--counts", help="Only figures counting this word, e.g. soldiers."),
            actor: Optional[str] = typer.Option(None, "--actor", help="Only figures about this actor, e.g. 'Russian army'."),
            source: Optional[str] = typer.Option(None, "--source", help="Only figures given by this source (part of its name)."),
            doc: Optional[str] = typer.Option(None, "--doc", help="Only this document (id or prefix)."),
            since: Optional[str] = typer.Option(None, "--since", help="Only articles published on/after YYYY-MM-DD."),
            until: Optional[str] = typer.Option(None, "--until", help="Only articles published on/before YYYY-MM-DD."),
            limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
            db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Figures (who counts what, since when, according to whom), grouped by measure over time,
    with conflicting values for the same measure and period flagged.

    Example: claimgraph figures --counts soldiers --actor "Russian army"
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.figures(corpus, counts=counts, actor=actor, source=source, doc=doc, since=since, until=until,
                            limit=limit_of(limit), offset=offset)
    emit(page.rows, fmt, title=title_of(page, "figures"),
         columns=[("measure", "measure", {"ratio": 1, "max_width": 16}),
                  (lambda r: ("~" if r["approximate"] else "") + f"{r['value']:,.0f}", "value", {"justify": "right"}),
                  ("actor", "whose", {"ratio": 1, "max_width": 16}), ("source", "according to", {"ratio": 2}),
                  ("published", "published", {"min_width": 10}),
                  (lambda r: "conflicts" if r["conflicts_with"] else "", "conflict", {})])
