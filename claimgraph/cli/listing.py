"""What every listing command shares: read-only access through the query core, clear errors for
bad filter values, ``--format table|json|csv``, and tables that read at 80 columns (one line a
row, long cells cut with an ellipsis, an id to follow up with)."""
from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from typing import Optional

import typer
from rich.table import Table

from ..export.tabular import neutralise
from .app import READ_WAIT, console, err, fail, print_json
from .output import esc

FormatOption = typer.Option("table", "--format", help="table | json | csv")
LimitOption = typer.Option(200, "--limit", help="At most this many rows (0: all).")
OffsetOption = typer.Option(0, "--offset", help="Skip this many rows first (for paging).")
FORMATS = ("table", "json", "csv")


@contextmanager
def reading(db):
    """The database opened read-only, waiting (saying so) while a writer holds it; a missing
    file or a bad filter value ends the command with a one-line message naming the option, a
    database that stays busy or cannot be read with exit status 2."""
    from .. import core
    from ..store.db import StoreError

    try:
        corpus = core.open_read(db, wait=READ_WAIT, on_wait=lambda m: err.print(f"[yellow]waiting:[/yellow] {esc(m)}"))
    except core.NoDatabase as exc:
        fail(str(exc))
    except StoreError as exc:
        fail(f"cannot open the database: {exc}", code=2)
    try:
        yield corpus
    except core.Invalid as exc:
        fail(f"--{exc.param.replace('_', '-')}: {exc.message}")
    except core.NotFound as exc:
        fail(str(exc))
    finally:
        corpus.close()


def output_format(fmt: str, as_json: bool) -> str:
    if as_json:
        return "json"
    if fmt not in FORMATS:
        fail(f"--format: {fmt!r} must be one of {', '.join(FORMATS)}")
    return fmt


def limit_of(limit: int) -> Optional[int]:
    if limit < 0:
        fail(f"--limit: {limit} must be 0 (all) or more")
    return limit or None


def cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.6g}"
    if isinstance(v, list):
        return ", ".join(x.get("text", "") if isinstance(x, dict) else str(x) for x in v)
    return str(v)


def emit(rows: list[dict], fmt: str, *, title: str, columns: list[tuple], hint: Optional[str] = None) -> None:
    """Print rows as JSON (every field), CSV (every field) or a table of ``columns``:
    ``(field, header, options)`` where options go to Rich (``ratio``, ``min_width``, ...)."""
    if fmt == "json":
        print_json(rows)
        return
    if fmt == "csv":
        fields: list[str] = []
        for r in rows:
            fields += [k for k in r if k not in fields]
        w = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: neutralise(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                        for k, v in r.items()})
        return
    t = Table(title=esc(title), title_justify="left", expand=True, pad_edge=False, box=None,
              header_style="bold", show_edge=False)
    for field, header, opts in columns:
        t.add_column(header, no_wrap=True, overflow="ellipsis", **opts)
    for r in rows:
        t.add_row(*[esc(cell(f(r) if callable(f) else r.get(f))) for f, _, _ in columns])
    console.print(t)
    if hint:
        console.print(f"[dim]{esc(hint)}[/dim]")


def title_of(page, noun: str) -> str:
    shown = len(page.rows)
    if shown == page.total:
        return f"{page.total} {noun}"
    return f"{noun} {page.offset + 1}-{page.offset + shown} of {page.total}"
