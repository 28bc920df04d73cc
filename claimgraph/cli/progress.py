"""Progress on stderr for long commands: Rich bars with a total, rate and ETA, and one-line
announcements of one-time builds. Nothing is drawn when stderr is not a terminal or with
``--quiet``/``--json``; the one-time build notes are then printed as plain lines unless quiet."""
from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Iterable, Optional

from .app import err


def _progress(quiet: bool):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"),
                    BarColumn(bar_width=24), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=err, transient=False, disable=quiet or not err.is_terminal)


def _rate(task) -> str:
    """Items a second since the task started (work arrives in batches: a short window's rate
    would jump)."""
    elapsed = task.elapsed
    return f"{task.completed / elapsed:.2f}/s" if elapsed and task.completed else ""


class Bars:
    """A set of named progress bars (``start(name, total)``, ``advance(name)``)."""

    def __init__(self, quiet: bool = False):
        self.progress = _progress(quiet)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def start(self, name: str, total: Optional[int], description: Optional[str] = None) -> None:
        self.tasks[name] = self.progress.add_task(description or name, total=total, rate="")

    def advance(self, name: str, n: int = 1, description: Optional[str] = None) -> None:
        tid = self.tasks[name]
        self.progress.advance(tid, n)
        kw = {"description": description} if description else {}
        self.progress.update(tid, rate=_rate(self.progress.tasks[tid]), **kw)

    def done(self, name: str) -> None:
        tid = self.tasks[name]
        task = self.progress.tasks[tid]
        self.progress.update(tid, total=task.completed, rate=_rate(task))

    def note(self, message: str) -> None:
        if not self.progress.disable:
            self.progress.console.print(message)


@contextlib.contextmanager
def one_time(what: str, quiet: bool = False):
    """Announce a one-time build (what it does), and say how long it took."""
    if not quiet:
        err.print(f"[bold]one-time setup[/bold]: {what} ...")
    t0 = time.perf_counter()
    yield
    if not quiet:
        err.print(f"[bold]one-time setup[/bold] done in {time.perf_counter() - t0:.1f} s")


def prepare_pipeline(quiet: bool = False) -> None:
    """Build what the pipeline builds once per machine (the gazetteer's SQLite file in the user
    cache), announcing it, before documents are analysed (and before worker processes start, so
    they do not build it at the same time)."""
    from ..analyse.places.gazetteer import _db_path
    from ..ingest.workers import open_gazetteer

    path = _db_path()
    if path.exists():
        return
    with one_time(f"building the place-name gazetteer from the GeoNames data into {path} (about 20 s)", quiet):
        open_gazetteer(announce=False)


def count_inputs(inputs: Iterable[str]) -> Optional[int]:
    """How many articles the inputs hold, when that is cheap to know (files, directories,
    JSONL lines); None when an input is a URL, feed or WARC archive."""
    from ..ingest.readers import JSONL_SUFFIXES, KNOWN_SUFFIXES, _suffix, is_url

    n = 0
    for raw in inputs:
        if is_url(str(raw)):
            return None
        path = Path(raw).expanduser()
        if not path.exists():           # reported as one skipped input
            n += 1
            continue
        files = ([p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")]
                 if path.is_dir() else [path])
        for p in files:
            suffix = _suffix(p)
            if suffix not in KNOWN_SUFFIXES:     # reported as one skipped input
                n += 1
            elif suffix in JSONL_SUFFIXES:
                with open(p, "rb") as fh:
                    n += sum(1 for line in fh if line.strip())
            elif suffix in (".txt", ".text", ".md", ".html", ".htm", ".xhtml"):
                n += 1
            else:
                return None
    return n
