"""`claimgraph eval places`: geoparsing on a corpus in LGL's XML format."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import JsonOption, console, err, eval_app, fail, print_json


@eval_app.command("places")
def eval_places(
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Geoparsing corpus in the XML format of ../shared/geoparsing/lgl.xml (GeoVirus and WikToR layouts are read too)."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Instead of --corpus: hand-labelled articles, one JSON object a line (data/places/README.md); spans match when they overlap."),
    errors: bool = typer.Option(False, "--errors", help="With --jsonl: list the missed, wrong and false toponyms."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Write one JSON line per gold toponym with the resolved feature."),
    geotag: bool = typer.Option(True, "--geotag/--no-geotag", help="Also score finding the toponyms, and use the other places found in each article as context (runs the NER pipeline; slower)."),
    split: str = typer.Option("all", "--split", help="Score only one part of the corpus: 'choose' (about 60% of articles by a hash of their docid; settings are chosen there), 'report' (the rest; scored once per decision) or 'all'."),
    as_json: bool = JsonOption,
):
    """Toponym resolution (accuracy at 161 km, mean/median error, AUC) and geotagging (P/R/F1).

    Example: claimgraph eval places --corpus ../shared/geoparsing/lgl.xml
    or: claimgraph eval places --jsonl data/places/war_dev.jsonl
    """
    from rich.progress import Progress

    from ..evaluate.places import SPLITS, evaluate, read, split_of

    if (corpus is None) == (jsonl is None):
        fail("give one of --corpus (LGL's XML format) or --jsonl")
    if jsonl is not None:
        _eval_jsonl(jsonl, geotag, errors, as_json)
        return

    if split not in SPLITS:
        fail(f"--split must be one of {', '.join(SPLITS)}, not {split!r}")
    if not corpus.exists():
        fail(f"no such file: {corpus}")
    try:
        total = sum(1 for a in read(corpus) if split == "all" or split_of(a["docid"]) == split)
    except Exception as exc:  # malformed XML or missing fields
        fail(f"{corpus} is not in the LGL geoparsing format: {exc}")
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("resolving toponyms", total=total)
        res = evaluate(corpus, predictions, geotag=geotag, progress=lambda: bar.advance(task), split=split)
    if as_json:
        print_json(res)
        return
    console.print(f"{res['file']} ({res['split']}): {res['articles']} articles, {res['gold_toponyms']} gold toponyms with coordinates "
                  f"({res['resolved']} resolved)\n"
                  f"accuracy@161km {res['accuracy_at_161km']:.3f}   mean error {res['mean_error_km']:.0f} km   "
                  f"median error {res['median_error_km']:.1f} km   AUC {res['auc']:.3f}")
    if "geotagging" in res:
        g = res["geotagging"]
        console.print(f"geotagging (exact spans): P {g['precision']:.3f}  R {g['recall']:.3f}  F1 {g['f1']:.3f}")


def _eval_jsonl(path: Path, geotag: bool, errors: bool, as_json: bool) -> None:
    from rich.progress import Progress

    from ..evaluate.places import evaluate_jsonl, read_jsonl

    if not path.exists():
        fail(f"no such file: {path}")
    try:
        total = sum(1 for _ in read_jsonl(path))
    except ValueError as exc:
        fail(f"{path} is not JSON lines: {exc}")
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("resolving toponyms", total=total)
        res = evaluate_jsonl(path, geotag=geotag, progress=lambda: bar.advance(task), details=errors)
    if as_json:
        print_json(res)
        return
    found = f"   of those found {res['accuracy_found']:.3f}" if res.get("accuracy_found") is not None else ""
    console.print(f"{res['file']}: {res['articles']} articles, {res['gold_toponyms']} gold toponyms\n"
                  f"accuracy@161km {res['accuracy_at_161km']:.3f}{found}")
    if "geotagging" in res:
        g = res["geotagging"]
        console.print(f"geotagging (overlapping spans): P {g['precision']:.3f}  R {g['recall']:.3f}  F1 {g['f1']:.3f}"
                      f"  (tp {g['tp']}, fp {g['fp']}, fn {g['fn']})")
    for m in res.get("errors") or []:
        kind = "false" if m.get("false") else "missed" if m["got"] is None else "wrong"
        console.print(f"  {kind:6} {m['id']}: {m['phrase']!r} -> {m['got']}")
