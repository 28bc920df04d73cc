"""`claimgraph eval places`: geoparsing on a corpus in LGL's XML format."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import JsonOption, console, err, eval_app, fail, print_json


@eval_app.command("places")
def eval_places(
    corpus: Path = typer.Option(..., "--corpus", help="Geoparsing corpus in the XML format of ../shared/geoparsing/lgl.xml (GeoVirus and WikToR layouts are read too)."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Write one JSON line per gold toponym with the resolved feature."),
    geotag: bool = typer.Option(True, "--geotag/--no-geotag", help="Also score finding the toponyms, and use the other places found in each article as context (runs the NER pipeline; slower)."),
    split: str = typer.Option("all", "--split", help="Score only one part of the corpus: 'choose' (about 60% of articles by a hash of their docid; settings are chosen there), 'report' (the rest; scored once per decision) or 'all'."),
    as_json: bool = JsonOption,
):
    """Toponym resolution (accuracy at 161 km, mean/median error, AUC) and geotagging (P/R/F1).

    Example: claimgraph eval places --corpus ../shared/geoparsing/lgl.xml
    """
    from rich.progress import Progress

    from ..evaluate.places import SPLITS, evaluate, read, split_of

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
