"""Figures across the corpus: `claimgraph figures`."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, open_corpus, print_json
from .output import cells


def _measure(f) -> str:
    """What a figure measures: the counted noun (singular-ish, lower case)."""
    c = (f.counts or "").lower()
    return c[:-1] if c.endswith("s") and not c.endswith("ss") else c


def figure_rows(corpus, counts: Optional[str] = None, actor: Optional[str] = None) -> list[dict]:
    docs = {d.id: d for d in corpus.documents(with_text=False)}
    rows = []
    for f in corpus.records("figure"):
        if counts and counts.casefold() not in (f.counts or "").casefold():
            continue
        if actor and actor.casefold() not in (f.actor or "").casefold():
            continue
        d = docs.get(f.doc_id)
        rows.append({"figure_id": f.id, "doc_id": f.doc_id, "outlet": d.outlet if d else None,
                     "published": d.published if d else None, "value": f.value, "approximate": f.approximate,
                     "qualifier": f.qualifier, "counts": f.counts, "measure": _measure(f), "actor": f.actor,
                     "since": f.since, "source": f.source or "(outlet)", "mention": f.mention.text,
                     "conflicts_with": []})
    # the same measure (counted noun, actor, period) given different exact values by different sources
    groups = defaultdict(list)
    for r in rows:
        groups[(r["measure"], (r["actor"] or "").casefold(), (r["since"] or "").casefold())].append(r)
    for group in groups.values():
        for r in group:
            r["conflicts_with"] = [o["figure_id"] for o in group
                                   if o is not r and o["source"] != r["source"] and o["value"] != r["value"]
                                   and not (o["approximate"] or r["approximate"])]
    rows.sort(key=lambda r: (r["measure"], r["published"] or "", r["value"]))
    return rows


@app.command()
def figures(counts: Optional[str] = typer.Option(None, "--counts", help="Only figures counting this word, e.g. soldiers."),
            actor: Optional[str] = typer.Option(None, "--actor", help="Only figures about this actor, e.g. 'Russian army'."),
            db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Figures (who counts what, since when, according to whom), grouped by measure over time,
    with conflicting values for the same measure and period flagged.

    Example: claimgraph figures --counts soldiers --actor "Russian army"
    """
    with open_corpus(db, read_only=True) as corpus:
        rows = figure_rows(corpus, counts, actor)
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} figures")
    for c in ("measure", "value", "actor", "since", "according to", "outlet", "published", "conflict"):
        t.add_column(c, overflow="fold")
    for r in rows:
        value = ("~" if r["approximate"] else "") + f"{r['value']:,.0f}"
        t.add_row(*cells(r["measure"], value, r["actor"], r["since"], r["source"], r["outlet"], r["published"]),
                  "[red]conflicts[/red]" if r["conflicts_with"] else "")
    console.print(t)
