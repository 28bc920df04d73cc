"""Events: `claimgraph events`, `claimgraph classify-events`, `claimgraph eval events`,
`claimgraph train events`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, eval_app, fail, open_corpus, print_json, train_app


def event_rows(corpus, *, type_: Optional[str] = None, actor: Optional[str] = None, place: Optional[str] = None,
               certainty: Optional[str] = None, doc: Optional[str] = None) -> list[dict]:
    from ..analyse.events import current_name

    docs = {d.id: d for d in corpus.documents(with_text=False)}
    places = {p.id: p for p in corpus.records("place")}
    times = {t.id: t for t in corpus.records("time")}
    claims = {c.id: c for c in corpus.records("claim")}
    want = current_name(type_) if type_ else None
    rows = []
    for e in corpus.records("event"):
        if doc and not e.doc_id.startswith(doc):
            continue
        if want and e.type != want:
            continue
        if actor and not any(actor.casefold() in (x or "").casefold() for x in (e.source_actor, e.target_actor)):
            continue
        p = places.get(e.place) if e.place else None
        pname = (p.name or p.mention.text) if p else None
        if place and place.casefold() not in (pname or "").casefold() and \
                not (p and place.casefold() in p.mention.text.casefold()):
            continue
        if certainty and e.certainty != certainty:
            continue
        t = times.get(e.time) if e.time else None
        c = claims.get(e.claim) if e.claim else None
        d = docs.get(e.doc_id)
        rows.append({"event_id": e.id, "doc_id": e.doc_id, "outlet": d.outlet if d else None,
                     "published": d.published if d else None, "type": e.type, "mode": e.mode,
                     "acled_event_type": e.acled_event_type, "acled_sub_event_type": e.acled_sub_event_type,
                     "trigger": e.trigger.text, "source_actor": e.source_actor, "target_actor": e.target_actor,
                     "place": pname, "time": (t.value or t.mention.text) if t else None,
                     "certainty": e.certainty, "polarity": e.polarity, "claim_id": e.claim,
                     "according_to": " > ".join(c.chain) if c and c.chain else "(outlet)",
                     "sentence": e.sentence.text if e.sentence else None})
    return rows


@app.command()
def events(type_: Optional[str] = typer.Option(None, "--type", help="PLOVER category, e.g. ASSAULT (0.5-draft names accepted)."),
           actor: Optional[str] = typer.Option(None, "--actor", help="Only events whose source or target contains this."),
           place: Optional[str] = typer.Option(None, "--place", help="Only events placed at this place name."),
           certainty: Optional[str] = typer.Option(None, "--certainty", help="certain | probable | possible | unknown"),
           doc: Optional[str] = typer.Option(None, "--doc", help="Only this document (id or prefix)."),
           db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Events coded in PLOVER (with ACLED type), each with who reports it and how surely.

    Example: claimgraph events --type ASSAULT --certainty possible
    """
    with open_corpus(db) as corpus:
        rows = event_rows(corpus, type_=type_, actor=actor, place=place, certainty=certainty, doc=doc)
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} events")
    for c in ("type", "mode", "trigger", "source", "target", "place", "time", "certainty", "according to", "ACLED"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(r["type"] + (" [red](negated)[/red]" if r["polarity"] == "negated" else ""), r["mode"] or "",
                  r["trigger"], r["source_actor"] or "", r["target_actor"] or "", r["place"] or "", r["time"] or "",
                  r["certainty"], r["according_to"], r["acled_sub_event_type"] or "")
    console.print(t)


@app.command("classify-events")
def classify_events(inp: Path = typer.Argument(..., help='JSON lines {"id", "text"} (news snippets).'),
                    out: Path = typer.Argument(..., help='Output JSON lines {"id", "plover", "acled_event_type", "acled_sub_event_type"}.')):
    """Classify news snippets: PLOVER category and ACLED event / sub-event type of each.

    Example: claimgraph classify-events snippets.jsonl predicted.jsonl
    """
    from ..analyse.events import classify_text
    from ..evaluate.events import base_nlp

    if not inp.exists():
        fail(f"no such file: {inp}")
    nlp = base_nlp()
    n = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(inp, encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as wh:
        for k, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as exc:
                fail(f"{inp}:{k}: not JSON ({exc})")
            text = str(o.get("text") or "")
            r = classify_text(nlp, text) if text.strip() else {"plover": None, "mode": None, "acled_event_type": None,
                                                                 "acled_sub_event_type": None}
            wh.write(json.dumps({"id": o.get("id"), "plover": r["plover"], "acled_event_type": r["acled_event_type"],
                                 "acled_sub_event_type": r["acled_sub_event_type"], "mode": r["mode"]},
                                ensure_ascii=False) + "\n")
            n += 1
    console.print(f"classified {n} snippets -> {out}")


@eval_app.command("events")
def eval_events(plover: Path = typer.Option(..., "--plover", help="PLOVER gold-standard JSON (the format of ../shared/events/plover_gsr.json)."),
                split: str = typer.Option("unseen", "--split", help="unseen (records the model was not trained on) | heldout | train | all"),
                details: bool = typer.Option(False, "--details", help="Include every prediction (with --json)."),
                as_json: bool = JsonOption):
    """PLOVER event category (accuracy, weighted F1) and actor match on gold records.

    Example: claimgraph eval events --plover ../shared/events/plover_gsr.json
    """
    from ..evaluate.events import evaluate_plover

    if not plover.exists():
        fail(f"no such file: {plover}")
    try:
        res = evaluate_plover(plover, split=split, details=details)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        fail(f"{plover} is not in the PLOVER gold-standard format: {exc}")
    if as_json:
        print_json(res)
        return
    console.print(f"{res['file']}: {res['records']} records, {res['scored']} scored ({res['split']}; "
                  f"{res['used_in_training']} used in training)")
    console.print(f"category  accuracy {100 * res['accuracy']:.1f}   weighted F1 {100 * res['f1_weighted']:.1f}")
    console.print(f"source actor  exact {100 * res['source_exact']:.1f}   overlap {100 * res['source_overlap']:.1f}")
    console.print(f"target actor  exact {100 * res['target_exact']:.1f}   overlap {100 * res['target_overlap']:.1f}")
    t = Table(title="per category")
    for c in ("category", "precision", "recall", "F1", "support"):
        t.add_column(c)
    for k, v in res["per_category"].items():
        t.add_row(k, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["support"]))
    console.print(t)


@train_app.command("events")
def train_events(plover: Path = typer.Option(..., "--plover", help="PLOVER gold-standard JSON (its train split is used)."),
                 out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (default: the packaged model.json).")):
    """Train the PLOVER category classifier (train split of the gold records + claimgraph's snippets).

    Example: claimgraph train events --plover ../shared/events/plover_gsr.json
    """
    from ..evaluate.events import MODEL, train

    if not plover.exists():
        fail(f"no such file: {plover}")
    train(plover, out or MODEL)
