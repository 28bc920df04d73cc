"""Actors and places across the corpus: `claimgraph actors`, `claimgraph actor NAME`, `claimgraph places`."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, fail, print_json
from .listing import FormatOption, LimitOption, OffsetOption, emit, limit_of, output_format, reading, title_of
from .output import cells, esc


@app.command()
def actors(kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind, e.g. intelligence_service, person."),
           q: Optional[str] = typer.Option(None, "--search", "-s", help="Only actors whose id, name or alias contains this."),
           sort: Optional[str] = typer.Option(None, "--sort", help="name | claims | mentions | documents | kind (prefix - for descending)."),
           limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
           db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """List actors with their mention, document and claim counts.

    Example: claimgraph actors --kind intelligence_service
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.actors(corpus, kind=kind, q=q, sort=sort, limit=limit_of(limit), offset=offset)
    emit(page.rows, fmt, title=title_of(page, "actors"), hint="next: claimgraph actor NAME",
         columns=[("id", "id", {"ratio": 1, "max_width": 24}), ("name", "name", {"ratio": 2}),
                  ("kind", "kind", {"max_width": 20}), ("mentions", "mentions", {"justify": "right"}),
                  ("claims", "claims", {"justify": "right"})])


@app.command()
def actor(name: str = typer.Argument(..., help="Actor id, name or alias (case-insensitive; a unique part is enough)."),
          db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """One actor: aliases, how it is written in the corpus, and what it is said to have said.

    Example: claimgraph actor HUR
    """
    from .. import core

    q = name.casefold()
    with reading(db) as corpus:
        rows = core.actors(corpus, limit=None).rows
        hits = [r for r in rows if q == r["id"].casefold() or q == r["name"].casefold()
                or any(q == a.casefold() for a in r["aliases"] or [])]
        hits = hits or [r for r in rows if q in r["name"].casefold() or any(q in a.casefold() for a in r["aliases"] or [])]
        if not hits:
            fail(f"no actor matches {name!r} (see `claimgraph actors`)")
        if len(hits) > 1:
            fail(f"{name!r} matches {len(hits)} actors: " + ", ".join(r["id"] for r in hits[:10]))
        row = hits[0]
        written = Counter(m.span.text for m in corpus.records("actor_mention") if m.actor_id == row["id"])
        said = [{"doc_id": a.doc_id, "cue": a.cue.text if a.cue else None,
                 "content": " … ".join(s.text for s in a.contents), "evidence": a.evidence}
                for a in corpus.records("attribution") if a.source_actor == row["id"]]
    out = dict(row, written_as=dict(written), said=said)
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{esc(row['name'])}[/bold] " + esc(f"({row['id']}; {row['kind']}, {row['country'] or 'no country'})"))
    console.print(esc("aliases: " + (", ".join(row["aliases"] or []) or "-")))
    console.print(esc("written as: " + ", ".join(f"{k} ×{v}" for k, v in written.most_common())))
    t = Table(title=f"{len(said)} attributions")
    for c in ("doc_id", "cue", "content", "evidence"):
        t.add_column(c, overflow="fold")
    for s in said:
        t.add_row(*cells(s["doc_id"], s["cue"], s["content"][:200], s["evidence"]))
    console.print(t)


@app.command()
def places(q: Optional[str] = typer.Option(None, "--search", "-s", help="Only places whose name, or a spelling of it in the text, contains this."),
           country: Optional[str] = typer.Option(None, "--country", help="Only this country (ISO 3166-1 alpha-2, e.g. UA)."),
           doc: Optional[str] = typer.Option(None, "--doc", help="Only places of this document (id or prefix)."),
           sort: Optional[str] = typer.Option(None, "--sort", help="name | mentions | claims | country (prefix - for descending)."),
           limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
           db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Resolved places with GeoNames id, coordinates, mention and claim counts; ambiguous ones flagged.

    Example: claimgraph places --country UA --format csv
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.places(corpus, q=q, country=country, doc=doc, sort=sort, limit=limit_of(limit), offset=offset)
    emit(page.rows, fmt, title=title_of(page, "places"), hint="next: claimgraph claims --place NAME",
         columns=[("name", "name", {"ratio": 2}), ("country", "cc", {}),
                  (lambda r: "" if r["lat"] is None else f"{r['lat']:.2f},{r['lon']:.2f}", "lat,lon", {"min_width": 11}),
                  ("written_as", "written as", {"ratio": 2}), ("mentions", "mentions", {"justify": "right"}),
                  ("claims", "claims", {"justify": "right"}),
                  (lambda r: "yes" if r["ambiguous"] else "", "ambiguous", {})])
